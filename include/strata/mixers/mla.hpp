// Multi-head latent attention (DeepSeek-V3/R1, Kimi-K2): low-rank q and kv
// projections, attention over a cached latent of kv_lora + rope elements per token
// (not split by tp), output projection (reference/aic-model-layer.md §6.3).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/model/emitter.hpp"

namespace strata::mixers {

struct mla {
  static constexpr std::string_view kind = "mla";
  int heads = 0;
  int kv_heads = 0;  // num_key_value_heads: the heads vLLM's attention path runs over
  int q_lora = 0;    // 0: queries are projected straight from the hidden state
  ops::mla_dims dims{};
  // Projection groups the checkpoint keeps in bf16 (its exclude/ignore patterns).
  bool q_bf16 = false;
  bool kv_bf16 = false;
  bool o_bf16 = false;
  /// A sigmoid gate on the attention output, projected from the hidden state
  /// (Kimi-K3's mla_use_output_gate); no family of the DeepSeek line has one.
  bool output_gate = false;

  constexpr void validate(std::string_view where) const {
    if (heads < 1 || kv_heads < 1 || q_lora < 0 || dims.kv_lora < 1 || dims.qk_nope < 1 || dims.qk_rope < 0 ||
        dims.v_head < 1)
      detail::invalid(std::string(where) + ": latent attention needs positive heads, kv_lora_rank and head sizes");
  }
  constexpr void check(const resolved_config& c) const {
    if (heads % c.tp != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " does not divide the " + detail::str(heads) +
                      " attention heads: expected a divisor of " + detail::str(heads));
  }
  /// One layer keeps its latent (kv_lora + rope) per token, whole on every GPU.
  constexpr double cache_bytes(std::int64_t tokens, const resolved_config& c) const {
    return double(std::max<std::int64_t>(tokens, 0)) * dims.latent() * bytes_per_element(c.kv);
  }
  constexpr int window_tokens() const { return 0; }
  constexpr std::string_view key() const { return "mla"; }

  // Per-projection dtypes: a projection the checkpoint excludes stays bf16.
  constexpr gemm_quant q_quant(const resolved_config& c) const { return q_bf16 ? gemm_quant::bfloat16 : c.gemm; }
  constexpr gemm_quant kv_quant_of(const resolved_config& c) const { return kv_bf16 ? gemm_quant::bfloat16 : c.gemm; }
  constexpr gemm_quant o_quant(const resolved_config& c) const { return o_bf16 ? gemm_quant::bfloat16 : c.gemm; }
  /// The fused q_a + kv_a projection is bf16 only when both groups are.
  constexpr gemm_quant down_quant(const resolved_config& c) const {
    return q_bf16 && kv_bf16 ? gemm_quant::bfloat16 : c.gemm;
  }
  /// The absorbed kv_b BMMs follow the kv projection's dtype (fp8 when quantized).
  constexpr gemm_quant bmm_quant(const resolved_config& c) const {
    if (kv_quant_of(c) == gemm_quant::bfloat16 || c.gemm == gemm_quant::bfloat16) return gemm_quant::bfloat16;
    return gemm_quant::fp8;
  }
  /// A measured module exists for one GEMM dtype: only when all projections share it.
  constexpr bool uniform_projections(const resolved_config& c) const {
    return q_quant(c) == kv_quant_of(c) && kv_quant_of(c) == o_quant(c);
  }

  /// The attention block of `count` layers: a fallback op (the measured module,
  /// else the granular projections and kernels) when the projections share a dtype,
  /// the granular ops otherwise. vLLM runs plain attention over v_head-sized heads.
  constexpr void emit(emitter& e, double count, std::int64_t hidden) const {
    const resolved_config& c = e.config();
    if (uniform_projections(c))
      e.fallback(
          e.name("mla_block"),
          [&] {
            e.add(ops::mla_module{.name = e.name("mla_module"),
                                  .scale_factor = e.scale(count),
                                  .is_context = e.context(),
                                  .num_heads = heads / c.tp,
                                  .native_num_heads = heads,
                                  .kv = c.kv,
                                  .fmha = c.fmha,
                                  .gemm = o_quant(c),
                                  .dims = dims});
          },
          [&] { granular(e, count, hidden); });
    else
      granular(e, count, hidden);
  }

  constexpr void granular(emitter& e, double count, std::int64_t hidden) const {
    const resolved_config& c = e.config();
    const double s = e.scale(count);
    const int tp = c.tp;
    const int local = heads / tp;
    e.add(ops::gemm{.name = e.name("downscale_gemm"),
                    .scale_factor = s,
                    .n = std::int64_t(q_lora) + dims.latent(),
                    .k = hidden,
                    .quant = down_quant(c)});
    e.add(ops::gemm{.name = e.name(q_lora ? "q_b_proj_gemm" : "q_proj_gemm"),
                    .scale_factor = s,
                    .n = std::int64_t(heads) * dims.qk_head() / tp,
                    .k = q_lora ? q_lora : hidden,
                    .quant = q_quant(c)});
    const bool vllm = c.backend == backend::vllm;
    if (e.context()) {
      e.add(ops::gemm{.name = e.name("kv_b_proj_gemm"),
                      .scale_factor = s,
                      .n = std::int64_t(heads) * (dims.qk_nope + dims.v_head) / tp,
                      .k = dims.kv_lora,
                      .quant = kv_quant_of(c)});
      if (vllm)
        e.add(ops::context_attention{.name = e.name("attention"),
                                     .scale_factor = s,
                                     .n = local,
                                     .n_kv = kv_heads / tp,
                                     .kv = c.kv,
                                     .fmha = c.fmha,
                                     .head_size = dims.v_head});
      else
        e.add(ops::context_mla{
            .name = e.name("attention"), .scale_factor = s, .num_heads = local, .kv = c.kv, .fmha = c.fmha, .dims = dims});
    } else if (vllm) {
      e.add(ops::generation_attention{.name = e.name("attention"),
                                      .scale_factor = s,
                                      .n = local,
                                      .n_kv = kv_heads / tp,
                                      .kv = c.kv,
                                      .head_size = dims.v_head});
    } else {
      // Decode absorbs kv_b into two per-head BMMs around the latent attention.
      e.add(ops::mla_bmm{.name = e.name("bmm_pre"),
                         .scale_factor = s,
                         .num_heads = local,
                         .quant = bmm_quant(c),
                         .if_pre = true,
                         .dims = dims});
      e.add(ops::generation_mla{.name = e.name("attention"), .scale_factor = s, .num_heads = local, .kv = c.kv, .dims = dims});
      e.add(ops::mla_bmm{.name = e.name("bmm_post"),
                         .scale_factor = s,
                         .num_heads = local,
                         .quant = bmm_quant(c),
                         .if_pre = false,
                         .dims = dims});
    }
    e.add(ops::gemm{.name = e.name("proj_gemm"),
                    .scale_factor = s,
                    .n = hidden,
                    .k = std::int64_t(heads) * dims.v_head / tp,
                    .quant = o_quant(c)});
  }

  std::string describe() const {
    return "latent attention " + std::to_string(heads) + " heads, kv_lora " + std::to_string(dims.kv_lora) +
           " + rope " + std::to_string(dims.qk_rope) + (output_gate ? ", output gate" : "");
  }
  constexpr bool operator==(const mla&) const = default;
};

}  // namespace strata::mixers
