// The closed set of op kinds -- one list, from which the variant, JSON writing, SOL
// dispatch and the CLI's table follow -- and the op list a phase is made of.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "strata/core/error.hpp"
#include "strata/core/small_vector.hpp"
#include "strata/ops/attention.hpp"
#include "strata/ops/comm.hpp"
#include "strata/ops/composite.hpp"
#include "strata/ops/dsa.hpp"
#include "strata/ops/dsv4.hpp"
#include "strata/ops/elementwise.hpp"
#include "strata/ops/gemm.hpp"
#include "strata/ops/mla.hpp"
#include "strata/ops/moe.hpp"
#include "strata/ops/msa.hpp"
#include "strata/ops/state_space.hpp"

namespace strata {

/// Every op kind. A new kind is a struct beside the others (fields, weights, SOL,
/// JSON fields, description) plus one entry here.
using op = std::variant<ops::embedding, ops::elementwise, ops::gemm, ops::context_attention, ops::generation_attention,
                        ops::moe, ops::moe_dispatch, ops::custom_allreduce, ops::nccl, ops::p2p, ops::context_mla,
                        ops::generation_mla, ops::mla_module, ops::mla_bmm, ops::context_dsa_module,
                        ops::generation_dsa_module, ops::context_msa_module, ops::generation_msa_module,
                        ops::context_dsv4_attention_module, ops::generation_dsv4_attention_module, ops::dsv4_mhc_module,
                        ops::mamba2_kernel, ops::mamba1_kernel, ops::gdn_kernel, ops::kda_kernel, ops::encoder_attention, ops::overlap,
                        ops::fallback>;

template <class T>
inline constexpr bool is_composite_v = std::is_same_v<T, ops::overlap> || std::is_same_v<T, ops::fallback>;

/// What every leaf op provides.
template <class T>
concept LeafOp = requires(const T& o, const op_query& q, const cost::gpu_system& s) {
  { T::class_name } -> std::convertible_to<std::string_view>;
  { o.name } -> std::convertible_to<op_name>;
  { o.scale_factor } -> std::convertible_to<double>;
  { o.weight_bytes() } -> std::convertible_to<double>;
  { o.sol(q, s) } -> std::same_as<cost::sol_parts>;
  { o.describe() } -> std::convertible_to<std::string>;
};

/// Ops an op list keeps inline (what a constexpr op list can hold): every family with
/// a fixed set of layer types fits -- the largest, a four-type hybrid with all-reduces,
/// has 50 ops, a composite's children included. Longer lists (block-wise models such as
/// Nemotron-NAS, one op group per run of identical blocks) spill to the heap at run time.
inline constexpr std::size_t max_ops_per_phase = 96;

constexpr const op_name& name_of(const op& o) {
  return std::visit([](const auto& x) -> const op_name& { return x.name; }, o);
}
constexpr double scale_of(const op& o) {
  return std::visit([](const auto& x) { return x.scale_factor; }, o);
}
constexpr std::string_view class_of(const op& o) {
  return std::visit([](const auto& x) { return std::remove_cvref_t<decltype(x)>::class_name; }, o);
}
constexpr bool is_composite(const op& o) {
  return std::holds_alternative<ops::overlap>(o) || std::holds_alternative<ops::fallback>(o);
}
/// Weight bytes of one instance of a leaf op (0 for a composite header: its weights
/// are its children's, see `scaled_weight_bytes`).
constexpr double weight_bytes_of(const op& o) {
  return std::visit(
      [](const auto& x) -> double {
        if constexpr (is_composite_v<std::remove_cvref_t<decltype(x)>>)
          return 0.0;
        else
          return x.weight_bytes();
      },
      o);
}
/// A GEMM whose name contains `logits_gemm` projects only each request's last token
/// in a prefill (the reference keys this on the name). Every family names it so at the
/// end of the name, which is what is compared (a fixed-length compare, no search).
constexpr bool is_logits_gemm(const op& o) {
  const auto* g = std::get_if<ops::gemm>(&o);
  return g && g->name.base.ends_with("logits_gemm");
}

/// Whether an op's cost reads the sequence axis of its query (batch, s, prefix) -- the
/// attention kinds -- rather than only the token count x (reference §4.1). A step's
/// other ops cost the same at every KV length.
template <class T>
inline constexpr bool reads_sequence_v =
    std::is_same_v<T, ops::context_attention> || std::is_same_v<T, ops::generation_attention> ||
    std::is_same_v<T, ops::context_mla> || std::is_same_v<T, ops::generation_mla> ||
    std::is_same_v<T, ops::mla_module> || std::is_same_v<T, ops::context_dsa_module> ||
    std::is_same_v<T, ops::generation_dsa_module> || std::is_same_v<T, ops::context_msa_module> ||
    std::is_same_v<T, ops::generation_msa_module> || std::is_same_v<T, ops::context_dsv4_attention_module> ||
    std::is_same_v<T, ops::generation_dsv4_attention_module>;

constexpr bool reads_sequence_leaf(const op& o) {
  return std::visit([](const auto& x) { return reads_sequence_v<std::remove_cvref_t<decltype(x)>>; }, o);
}

constexpr std::size_t children_count(const op& o) {
  if (const auto* v = std::get_if<ops::overlap>(&o)) return v->children();
  if (const auto* f = std::get_if<ops::fallback>(&o)) return f->children();
  return 0;
}

/// The ops of one phase in construction order. Top-level ops are what a step sums;
/// a composite's children are stored right after it and reached through
/// `children()` (they are not top-level). Up to `max_ops_per_phase` ops live inline,
/// so the list is usable in constant expressions; beyond that it moves to the heap.
class op_list {
public:
  using value_type = op;

  /// Where a top-level op is stored (15 bits) and whether it is a logits GEMM (decided
  /// once, when it is added: a prefill step asks it for one token per request). Two
  /// bytes, so the inline table adds little to a list every build zero-fills.
  struct top_entry {
    std::uint16_t bits = 0;
    constexpr std::size_t index() const { return bits & 0x7fffu; }
    constexpr bool logits() const { return (bits & 0x8000u) != 0; }
  };
  /// Ops one phase's list can hold (a 4096-layer model with its own ops per layer needs
  /// about 40,000).
  static constexpr std::size_t max_total = 0x7fff;

  class iterator {
  public:
    using value_type = op;
    using difference_type = std::ptrdiff_t;
    constexpr iterator() = default;
    constexpr iterator(const op_list* l, std::size_t i) : list_(l), i_(i) {}
    constexpr const op& operator*() const { return (*list_)[i_]; }
    constexpr const op* operator->() const { return &(*list_)[i_]; }
    constexpr iterator& operator++() {
      ++i_;
      return *this;
    }
    constexpr iterator operator++(int) {
      iterator t = *this;
      ++i_;
      return t;
    }
    constexpr bool operator==(const iterator& o) const { return i_ == o.i_; }

  private:
    const op_list* list_ = nullptr;
    std::size_t i_ = 0;
  };

  constexpr op_list() = default;
  /// An empty list for `p`; a decode step's requests each verify `nextn` draft tokens
  /// (MTP), which the list keeps so that its pricing cannot disagree with its ops.
  constexpr explicit op_list(strata::phase p, int nextn = 0) : phase_(p), nextn_(nextn) {}
  constexpr strata::phase phase() const { return phase_; }
  constexpr int nextn() const { return nextn_; }

  /// Top-level ops.
  constexpr std::size_t size() const { return top_.size(); }
  constexpr bool empty() const { return top_.empty(); }
  constexpr const op& operator[](std::size_t i) const { return ops_[top_[i].index()]; }
  /// Whether top-level op i is a logits GEMM.
  constexpr bool logits(std::size_t i) const { return top_[i].logits(); }
  constexpr iterator begin() const { return {this, 0}; }
  constexpr iterator end() const { return {this, top_.size()}; }
  /// The top-level entries, for loops that price every op (one lookup of the storage).
  constexpr std::span<const top_entry> top() const { return top_.span(); }

  /// Every op, composites followed by their children.
  constexpr std::span<const op> all() const { return ops_.span(); }
  constexpr std::size_t total() const { return ops_.size(); }
  /// Whether the list outgrew its inline storage (block-wise models).
  constexpr bool spilled() const { return ops_.spilled(); }

  /// The children of a composite that lives in this list (empty for a leaf).
  constexpr std::span<const op> children(const op& o) const {
    const std::size_t n = children_count(o);
    if (n == 0) return {};
    const std::span<const op> everything = all();
    if (&o < everything.data() || &o >= everything.data() + everything.size())
      throw invalid_input("strata: op_list::children() needs a composite op of this list, not a copy");
    return {&o + 1, n};
  }
  constexpr std::span<const op> group_a(const op& o) const {
    return children(o).first(std::get<ops::overlap>(o).group_a);
  }
  constexpr std::span<const op> group_b(const op& o) const {
    return children(o).subspan(std::get<ops::overlap>(o).group_a);
  }
  constexpr const op& primary(const op& o) const { return children(o).front(); }
  constexpr std::span<const op> fallbacks(const op& o) const { return children(o).subspan(1); }

  /// A top-level op of kind `Op`, built in its slot.
  template <class Op>
  constexpr void add(const Op& o) {
    check_room();
    bool logits = false;
    if constexpr (std::is_same_v<Op, ops::gemm>) logits = o.name.base.ends_with("logits_gemm");
    top_.push_back({static_cast<std::uint16_t>(ops_.size() | (logits ? 0x8000u : 0u))});
    ops_.emplace_back(std::in_place_type<Op>, o);
  }
  /// A composite's child of kind `Op`: stored, not top-level.
  template <class Op>
  constexpr void add_child(const Op& o) {
    check_room();
    ops_.emplace_back(std::in_place_type<Op>, o);
  }
  /// A top-level op.
  constexpr void push_back(const op& o) {
    check_room();
    top_.push_back({static_cast<std::uint16_t>(ops_.size() | (is_logits_gemm(o) ? 0x8000u : 0u))});
    ops_.push_back(o);
  }
  /// A composite's child: stored, not top-level.
  constexpr void push_child(const op& o) {
    check_room();
    ops_.push_back(o);
  }
  /// Rewrites the op at storage index `i` (a composite header once its children are in).
  constexpr void replace(std::size_t i, const op& o) { ops_[i] = o; }

private:
  constexpr void check_room() const {
    if (ops_.size() >= max_total) [[unlikely]]
      too_many_ops();
  }
  /// Not constexpr: a constant expression that gets here fails to compile, naming it.
  [[noreturn]] static void too_many_ops() {
    throw invalid_input("strata: more than " + std::to_string(max_total) + " ops in one phase's list");
  }

  strata::phase phase_ = strata::phase::context;
  int nextn_ = 0;
  small_vector<op, max_ops_per_phase> ops_{};
  small_vector<top_entry, max_ops_per_phase> top_{};
};

/// Whether a top-level op of `l` (a composite: any of its children) reads the sequence axis.
constexpr bool reads_sequence(const op_list& l, const op& o) {
  if (!is_composite(o)) return reads_sequence_leaf(o);
  for (const auto& c : l.children(o))
    if (reads_sequence_leaf(c)) return true;
  return false;
}

/// Weight bytes of a top-level op and its repetitions (scale factor): an overlap holds
/// both groups' weights, a fallback its primary's when it has any, else its fallbacks'.
constexpr double scaled_weight_bytes(const op_list& l, const op& o) {
  const auto sum = [](std::span<const op> ops) {
    double s = 0;
    for (const auto& c : ops) s += weight_bytes_of(c) * scale_of(c);
    return s;
  };
  if (std::holds_alternative<ops::overlap>(o)) return sum(l.children(o));
  if (std::holds_alternative<ops::fallback>(o)) {
    const double p = weight_bytes_of(l.primary(o)) * scale_of(l.primary(o));
    return p > 0 ? p : sum(l.fallbacks(o));
  }
  return weight_bytes_of(o) * scale_of(o);
}

/// Weight bytes a phase's ops hold on one GPU (before dividing by pp).
constexpr double total_weight_bytes(const op_list& l) {
  double sum = 0;
  for (const auto& o : l) sum += scaled_weight_bytes(l, o);
  return sum;
}

}  // namespace strata
