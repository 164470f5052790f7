// Op names are semantic in the reference (`context_attention`, `*logits_gemm`), so
// they are kept as (phase, layer-type group, base) and rendered on demand; every
// part is a string literal, which keeps ops constexpr and trivially copyable.
#pragma once

#include <string>
#include <string_view>

namespace strata {

/// The two phases of a step, and a vision model's encoder (run once per image before
/// the prefill; its op list is apart from both phases' lists).
enum class phase { context, generation, encoder };

constexpr std::string_view name(phase p) {
  return p == phase::context ? "context" : p == phase::generation ? "generation" : "encoder";
}

struct op_name {
  strata::phase phase = phase::context;
  /// The name carries no phase prefix (Kimi-K3's draft-model ops: `draft_qkv_gemm`).
  bool unprefixed = false;
  std::string_view group{};  // layer-type prefix such as "global" or "swa_dense"; empty for none
  std::string_view base{};

  std::string str() const {
    std::string out;
    if (!unprefixed) {
      out += name(phase);
      out += '_';
    }
    if (!group.empty()) {
      out += group;
      out += '_';
    }
    out += base;
    return out;
  }

  /// Compares with a rendered name without allocating (usable in static_assert).
  constexpr bool operator==(std::string_view rendered) const {
    if (!unprefixed) {
      const std::string_view p = name(phase);
      if (!rendered.starts_with(p)) return false;
      rendered.remove_prefix(p.size());
      if (!rendered.starts_with('_')) return false;
      rendered.remove_prefix(1);
    }
    if (!group.empty()) {
      if (!rendered.starts_with(group)) return false;
      rendered.remove_prefix(group.size());
      if (!rendered.starts_with('_')) return false;
      rendered.remove_prefix(1);
    }
    return rendered == base;
  }
};

}  // namespace strata
