// DeepSeek sparse attention (DeepSeek-V3.2, GLM-5): latent attention over the top-k
// keys an FP8 indexer picks; one module op per phase. Each layer keeps its latent
// (kv_lora in the KV dtype, the rope part in bf16) and an indexer key per token
// (reference/aic-model-layer.md §6.7, §7).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/model/emitter.hpp"

namespace strata::mixers {

struct dsa {
  static constexpr std::string_view kind = "dsa";
  int heads = 0;
  ops::dsa_dims dims{};
  std::string_view architecture{};  // a string literal naming the geometry
  int index_topk_freq = 1;
  /// Fraction of layers that run the indexer when SGLang shares top-k indices
  /// across layers (GLM-5.2); other backends compute it on every layer.
  double sglang_full_fraction = 1.0;
  // Projection groups the checkpoint keeps in bf16.
  bool q_bf16 = false;
  bool kv_bf16 = false;
  bool o_bf16 = false;
  bool indexer_bf16 = false;

  constexpr void validate(std::string_view where) const {
    const auto& d = dims;
    if (heads < 1 || d.hidden < 1 || d.q_lora < 1 || d.kv_lora < 1 || d.qk_nope < 1 || d.qk_rope < 0 || d.v_head < 1 ||
        d.index_heads < 1 || d.index_dim < 1 || d.index_topk < 1)
      detail::invalid(std::string(where) + ": sparse attention needs positive heads, ranks, head sizes and indexer sizes");
  }
  constexpr void check(const resolved_config& c) const {
    if (heads % c.tp != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " does not divide the " + detail::str(heads) +
                      " attention heads: expected a divisor of " + detail::str(heads));
  }
  constexpr double cache_bytes(std::int64_t tokens, const resolved_config& c) const {
    return double(std::max<std::int64_t>(tokens, 0)) *
           (dims.kv_lora * bytes_per_element(c.kv) + dims.qk_rope * 2.0 + ops::indexer_cache_entry_bytes(dims.index_dim));
  }
  constexpr int window_tokens() const { return 0; }
  constexpr std::string_view key() const { return "dsa"; }

  constexpr ops::dsa_projection_quant projection(const resolved_config& c) const {
    const auto pick = [&](bool bf16) { return bf16 ? gemm_quant::bfloat16 : c.gemm; };
    return {pick(q_bf16), pick(kv_bf16), pick(o_bf16), pick(indexer_bf16)};
  }
  /// The module's single GEMM dtype: the projections' when they agree, else o_proj's
  /// (the largest projection).
  constexpr gemm_quant module_quant(const resolved_config& c) const {
    const auto p = projection(c);
    return p.q == p.kv && p.kv == p.o && p.o == p.indexer ? p.q : p.o;
  }

  constexpr void emit(emitter& e, double count, std::int64_t /*hidden: in dims*/) const {
    const resolved_config& c = e.config();
    const double frac = c.backend == backend::sglang ? sglang_full_fraction : 1.0;
    if (e.context())
      e.add(ops::context_dsa_module{.name = e.name("attention"),
                                    .scale_factor = e.scale(count),
                                    .num_heads = heads / c.tp,
                                    .kv = c.kv,
                                    .fmha = c.fmha,
                                    .gemm = module_quant(c),
                                    .architecture = architecture,
                                    .index_topk_freq = index_topk_freq,
                                    .full_frac = frac,
                                    .dims = dims,
                                    .projection = projection(c)});
    else
      e.add(ops::generation_dsa_module{.name = e.name("attention"),
                                       .scale_factor = e.scale(count),
                                       .num_heads = heads / c.tp,
                                       .kv = c.kv,
                                       .gemm = module_quant(c),
                                       .architecture = architecture,
                                       .index_topk_freq = index_topk_freq,
                                       .full_frac = frac,
                                       .dims = dims,
                                       .projection = projection(c)});
  }

  std::string describe() const {
    return "sparse latent attention " + std::to_string(heads) + " heads, top-" + std::to_string(dims.index_topk) +
           " keys";
  }
  constexpr bool operator==(const dsa&) const = default;
};

}  // namespace strata::mixers
