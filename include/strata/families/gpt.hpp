// GPT family (reference/aic-model-layer.md §6.7): LLAMA's arrangement with a plain
// (non-gated) MLP, an embedding table held whole on every GPU (rows = vocab, not
// vocab / tp) and no embedding all-reduce; two all-reduces per layer; no MTP.
// C16: the attention ops carry the model's head size (the reference leaves it at 128).
#pragma once

#include <string>

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/mixers/gqa.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct gpt {
  static constexpr std::string_view name = "GPT";
  static constexpr memory_traits memory{activation_table::gpt};
  using layer_type = layer<mixers::gqa, ffns::mlp>;

  template <GroupsOf<layer_type> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const double L = total_layers(groups);
    const std::int64_t h = m.hidden;
    const auto& first = detail::first_layer(groups);
    detail::require_uniform(groups, name, "attention projection and FFN", [](const auto& a, const auto& b) {
      return a.mixer.qkv_width(1) == b.mixer.qkv_width(1) && a.mixer.proj_in(1) == b.mixer.proj_in(1) && a.ffn == b.ffn;
    });
    const double sL = e.scale(L);
    e.add(
        ops::embedding{.name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab, .column_size = h});
    e.add(ops::elementwise{.name = e.name("add_norm_1"), .scale_factor = sL, .dim_in = 2 * h, .dim_out = 2 * h});
    e.add(first.mixer.qkv_gemm(e.name("qkv_gemm"), sL, h, c));
    for_each_group(groups, [&](const auto& g) {
      if (g.n() > 0) g.layer.mixer.kernel(e, e.name("attention"), g.n());
    });
    e.add(first.mixer.proj_gemm(e.name("proj_gemm"), sL, h, c));
    e.add(ops::elementwise{.name = e.name("add_norm_2"), .scale_factor = sL, .dim_in = 2 * h, .dim_out = 2 * h});
    first.ffn.emit(e, {}, L, {"ffn1_gemm", "act", "ffn2_gemm"}, h, tp, c.gemm);
    e.add(ops::gemm{.name = e.name("logits_gemm"),
                    .scale_factor = e.scale(1),
                    .n = m.vocab / tp,
                    .k = h,
                    .tied = m.tied_embeddings});
    e.add(ops::custom_allreduce{.name = e.name("ar_1"), .scale_factor = sL, .h = h, .tp_size = tp});
    e.add(ops::custom_allreduce{.name = e.name("ar_2"), .scale_factor = sL, .h = h, .tp_size = tp});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
  }

  /// No MTP layers (the reference asserts nextn == 0 for GPT).
  static constexpr void adjust(resolved_config& c, const model_config&, const model_facts& m) {
    if (c.nextn != 0)
      strata::detail::invalid(std::string(m.id) + ": nextn = " + strata::detail::str(c.nextn) +
                              ": the GPT family has no MTP layers; expected 0");
  }
};

}  // namespace strata::families
