// A model = its facts + a composition of (layer, count) groups + its family: the
// policy that arranges the layers' ops the way the reference lists them (names,
// order, embedding / all-reduce / logits / P2P placement, MTP). The same code builds
// op lists and cache sizes for static (catalog) and dynamic (config.json) counts;
// for a constexpr model everything below is a constant expression.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/model/emitter.hpp"
#include "strata/model/facts.hpp"
#include "strata/model/layer_group.hpp"

namespace strata {

namespace detail {
/// Not constexpr on purpose: reaching it while a constexpr model is built makes the
/// compiler name it as the reason the model is rejected.
[[noreturn]] inline void layer_counts_do_not_add_up(std::string_view model, int groups_hold, int model_has) {
  invalid(std::string(model) + ": the layer groups hold " + str(groups_hold) + " layers but the model has " +
          str(model_has));
}
}  // namespace detail

/// A family policy: its name (the reference's), its memory traits, and a `build`
/// that emits a phase's ops for its groups.
template <class F>
concept Family = requires {
  { F::name } -> std::convertible_to<std::string_view>;
  { F::memory } -> std::convertible_to<memory_traits>;
};

template <class F, class Groups>
struct model {
  static_assert(Family<F>, "strata: a model's first part is a family policy (families::llama, families::deepseek, ...)");
  static_assert(requires(emitter& e, const model_facts& m, const Groups& g) { F::build(e, m, g); },
                "strata: this family cannot build ops for these layer groups");
  using family_type = F;
  using groups_type = Groups;

  model_facts facts{};
  Groups groups{};

  constexpr model(F, const model_facts& f, const Groups& g) : facts(f), groups(g) { validate(); }

  static constexpr std::string_view family_name() { return F::name; }

  /// Invariants of every model, checked when it is built: a constexpr model that
  /// breaks one does not compile; one read from a config is an invalid_input.
  constexpr void validate() const {
    const std::string_view where = facts.id.empty() ? std::string_view("model") : facts.id;
    const auto fail = [&](const std::string& what) { detail::invalid(std::string(where) + ": " + what); };
    if (facts.layers < 1) fail("a model needs at least one layer");
    if (facts.hidden < 1 || facts.vocab < 1) fail("hidden size and vocabulary must be positive");
    int sum = 0;
    for_each_group(groups, [&](const auto& g) {
      if (g.n() < 0) fail("a layer group has a negative count " + detail::str(g.n()));
      if (g.n() > 0) {
        g.layer.mixer.validate(where);
        g.layer.ffn.validate(where);
      }
      sum += g.n();
    });
    if (sum != facts.layers) detail::layer_counts_do_not_add_up(where, sum, facts.layers);
  }

  /// True when some layer routes tokens to experts.
  constexpr bool is_moe() const { return routed_layers(groups) > 0; }

  /// Resolve the user's choices against this model, rejecting impossible layouts.
  constexpr resolved_config resolve(const model_config& in) const {
    resolved_config c = resolve_base(in, facts.quant);
    for_each_group(groups, [&](const auto& g) {
      if (g.n() > 0) g.layer.mixer.check(c);
    });
    if (is_moe()) {
      resolve_moe_grid(c, in);
      // An expert format without a MoE mode (int8 weight-only) is not priced as bf16 behind the user's back.
      const checkpoint_quant& q = facts.quant;
      if (!in.moe && q.ct_gemm && !q.ct_moe && !q.excluded.routed_experts &&
          (q.algo == checkpoint_algo::weight_only || q.algo == checkpoint_algo::compressed_tensors))
        detail::invalid(std::string(facts.id) + ": the " + std::string(q.scheme) + " checkpoint's " +
                        std::string(name(*q.ct_gemm)) +
                        " experts have no strata MoE quant mode; choose one with --moe-quant (e.g. fp8 or bfloat16)");
    }
    for_each_group(groups, [&](const auto& g) {
      if (g.n() > 0) g.layer.ffn.check(c, facts);
    });
    if (c.pp > facts.layers)
      detail::invalid("pp = " + detail::str(c.pp) + " is more pipeline stages than the model's " +
                      detail::str(facts.layers) + " layers");
    if constexpr (requires { F::adjust(c, in, facts); }) F::adjust(c, in, facts);
    return c;
  }

  constexpr op_list ops(phase p, const resolved_config& c) const {
    op_list out(p, p == phase::generation ? c.nextn : 0);
    bool mtp_scaled = true;
    if constexpr (requires { F::mtp_scaled; }) mtp_scaled = F::mtp_scaled;
    emitter e(out, c, facts.layers, facts.quant, mtp_scaled);
    F::build(e, facts, groups);
    return out;
  }

  /// Cache bytes (KV, latent KV or constant state) one sequence of `tokens` keeps on
  /// one GPU, summed over the layers (C3: each layer type its own formula).
  constexpr double kv_bytes_per_sequence(std::int64_t tokens, const resolved_config& c) const {
    double sum = 0;
    for_each_group(groups, [&](const auto& g) { sum += double(g.n()) * g.layer.cache_bytes(tokens, c); });
    // A family's cache beyond its layers (Kimi-K3's draft model with DSPARK).
    if constexpr (requires { F::extra_cache_bytes(tokens, c); }) sum += F::extra_cache_bytes(tokens, c);
    return sum;
  }

  constexpr memory_facts memory() const {
    memory_facts m{F::memory, std::int64_t(facts.num_heads) * facts.head_dim, facts.hidden, 0, 0};
    for_each_group(groups, [&](const auto& g) {
      if constexpr (std::remove_cvref_t<decltype(g)>::layer_type::routed)
        if (const auto& r = g.layer.ffn.routed_part(); g.n() > 0 && r.experts > m.experts) {
          m.experts = r.experts;
          m.topk = r.topk;
        }
    });
    return m;
  }
};

template <class F, class Groups>
model(F, model_facts, Groups) -> model<F, Groups>;

}  // namespace strata
