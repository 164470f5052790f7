// DeepSeek sparse attention (DeepSeek-V3.2, GLM-5): one module op for the whole
// attention block -- latent projections, the indexer that picks the top-k keys
// (FP8 logits), sparse MLA over those keys and the output projection
// (reference/aic-model-layer.md §5.7; the SOL of the reference's DSA modules).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/quant.hpp"
#include "strata/cost/roofline.hpp"
#include "strata/ops/op_name.hpp"

namespace strata::ops {

/// The geometry of a DSA attention block (from the model's config.json).
struct dsa_dims {
  std::int64_t hidden = 0;
  int q_lora = 0;
  int kv_lora = 0;
  int qk_nope = 0;
  int qk_rope = 0;
  int v_head = 0;
  int index_heads = 0;
  int index_dim = 0;
  int index_topk = 0;
  constexpr int qk_head() const { return qk_nope + qk_rope; }
  constexpr int attn_head() const { return kv_lora + qk_rope; }
  /// The fused down-projection (q_a + kv_a with the shared rope key + indexer key).
  constexpr std::int64_t proj_out() const { return std::int64_t(q_lora) + kv_lora + qk_rope + index_dim; }
  constexpr bool operator==(const dsa_dims&) const = default;
};

/// Bytes per token of the FP8 indexer key cache, with one fp32 scale per 128 values.
constexpr double indexer_cache_entry_bytes(int index_dim) { return index_dim + (index_dim + 127) / 128 * 4.0; }

/// Weight dtype of each projection group (checkpoints keep some of them bf16).
struct dsa_projection_quant {
  gemm_quant q = gemm_quant::bfloat16;
  gemm_quant kv = gemm_quant::bfloat16;
  gemm_quant o = gemm_quant::bfloat16;
  gemm_quant indexer = gemm_quant::bfloat16;
};

namespace detail {
/// Per-layer weights on one rank: q_a/kv_a and the indexer projections are
/// replicated, q_b, the kv_b up-projection and o_proj are sharded by head.
constexpr double dsa_weight_bytes(const dsa_dims& d, int heads, const dsa_projection_quant& pq) {
  const double h = double(d.hidden);
  const double q = h * d.q_lora + double(d.q_lora) * heads * d.qk_head();
  const double kv = h * (d.kv_lora + d.qk_rope) + double(d.kv_lora) * heads * (d.qk_nope + d.v_head);
  const double o = double(heads) * d.v_head * h;
  const double idx = double(d.q_lora) * d.index_dim * d.index_heads + h * d.index_heads;
  return q * bytes_per_element(pq.q) + kv * bytes_per_element(pq.kv) + o * bytes_per_element(pq.o) +
         idx * bytes_per_element(pq.indexer);
}
/// FLOPs of the projection and absorption GEMMs for `tokens` tokens.
constexpr double dsa_gemm_flops(const dsa_dims& d, int heads, double tokens) {
  const double h = double(d.hidden);
  return 2 * tokens * h * double(d.proj_out()) + 2 * tokens * d.q_lora * (double(heads) * d.qk_head()) +
         2 * tokens * d.q_lora * (double(d.index_heads) * d.index_dim) + 2 * tokens * h * d.index_heads +
         2 * tokens * (double(heads) * d.v_head) * h + 2.0 * heads * tokens * d.qk_nope * d.kv_lora +
         2.0 * heads * tokens * d.kv_lora * d.v_head;
}
/// Weight bytes the GEMM group streams (at the module's single gemm dtype).
constexpr double dsa_gemm_weight_bytes(const dsa_dims& d, int heads, gemm_quant g) {
  const double h = double(d.hidden);
  return (h * double(d.proj_out()) + double(d.q_lora) * heads * d.qk_head() +
          double(d.q_lora) * d.index_heads * d.index_dim + h * d.index_heads + double(heads) * d.v_head * h) *
         bytes_per_element(g);
}
}  // namespace detail

/// Prefill DSA block over (b, s new tokens, prefix). A "skip" layer reuses another
/// layer's top-k indices (GLM-5.2 on SGLang): no indexer logits, no indexer cache;
/// `full_frac` is the fraction of layers that run the indexer.
struct context_dsa_module {
  static constexpr std::string_view class_name = "ContextDSAModule";
  op_name name{};
  double scale_factor = 0;
  int num_heads = 0;  // local
  kv_quant kv = kv_quant::bfloat16;
  fmha_quant fmha = fmha_quant::bfloat16;
  gemm_quant gemm = gemm_quant::bfloat16;  // the module's single GEMM dtype
  std::string_view architecture{};         // a string literal
  int cp_size = 1;
  int index_topk_freq = 1;
  double full_frac = 1.0;
  dsa_dims dims{};
  dsa_projection_quant projection{};

  constexpr double weight_bytes() const { return detail::dsa_weight_bytes(dims, num_heads, projection); }

  constexpr cost::sol_parts layer_sol(const op_query& q, const cost::gpu_system& sys, bool skip_indexer) const {
    const dsa_dims& d = dims;
    const std::int64_t full = q.s + q.prefix, p = q.prefix, b = q.batch, topk = d.index_topk;
    const double tokens = double(b * q.s);
    const bool indexer = !skip_indexer && full > topk;
    const double indexer_flops = indexer ? 2 * tokens * d.index_heads * d.index_dim * double(full) : 0.0;
    std::int64_t pairs = 0;  // sum over new tokens of min(position + 1, topk)
    if (full <= topk)
      pairs = b * (full * (full + 1) - p * (p + 1)) / 2;
    else if (p >= topk)
      pairs = b * q.s * topk;
    else
      pairs = b * (topk * (topk + 1) - p * (p + 1)) / 2 + b * (full - topk) * topk;
    const double sparse_flops = 2.0 * num_heads * (d.attn_head() + d.kv_lora) * double(pairs);
    const double bytes =
        detail::dsa_gemm_weight_bytes(d, num_heads, gemm) +
        double(b) * num_heads * double(std::min(full, topk)) * d.attn_head() * bytes_per_element(kv) +
        (indexer ? double(b) * double(full) * indexer_cache_entry_bytes(d.index_dim) : 0.0) +
        tokens * num_heads * d.qk_head() * bytes_per_element(fmha) * 2;
    const double math = (detail::dsa_gemm_flops(d, num_heads, tokens) / sys.flops(compute_of(gemm)) +
                         indexer_flops / sys.flops(compute_dtype::fp8) + sparse_flops / sys.flops(compute_of(fmha))) *
                        1000;
    return {math, cost::detail::mem_ms(bytes, sys), 0};
  }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    const cost::sol_parts full = layer_sol(q, sys, false);
    if (full_frac >= 1.0) return full;
    return {0, 0, full_frac * full.latency_ms() + (1.0 - full_frac) * layer_sol(q, sys, true).latency_ms()};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("num_heads", num_heads);
    f("kvcache_quant_mode", kv);
    f("fmha_quant_mode", fmha);
    f("gemm_quant_mode", gemm);
    f("architecture", architecture);
    f("cp_size", cp_size);
    f("index_topk_freq", index_topk_freq);
    f("full_frac", full_frac);
  }
  std::string describe() const {
    return "heads " + std::to_string(num_heads) + "  top-" + std::to_string(dims.index_topk) + " of " +
           std::to_string(dims.index_heads) + " indexer heads  kv " + std::string(strata::name(kv));
  }
};

/// One decode step of the DSA block at KV length s.
struct generation_dsa_module {
  static constexpr std::string_view class_name = "GenerationDSAModule";
  op_name name{};
  double scale_factor = 0;
  int num_heads = 0;
  kv_quant kv = kv_quant::bfloat16;
  gemm_quant gemm = gemm_quant::bfloat16;
  std::string_view architecture{};
  int index_topk_freq = 1;
  double full_frac = 1.0;
  dsa_dims dims{};
  dsa_projection_quant projection{};

  constexpr double weight_bytes() const { return detail::dsa_weight_bytes(dims, num_heads, projection); }
  /// The reference prices a decode step the same whether a layer reuses indices or
  /// not (its decode roofline has no skip term), so `full_frac` does not enter here.
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    const dsa_dims& d = dims;
    const double b = double(q.batch), s = double(q.s);
    const double kv_len = double(std::min<std::int64_t>(q.s, d.index_topk));
    const double indexer_flops = 2 * b * d.index_heads * d.index_dim * s;
    const double sparse_flops = 2 * b * num_heads * (d.attn_head() + d.kv_lora) * kv_len;
    const double bytes = detail::dsa_gemm_weight_bytes(d, num_heads, gemm) +
                         b * s * indexer_cache_entry_bytes(d.index_dim) +
                         b * kv_len * d.attn_head() * bytes_per_element(kv);
    const double math = (detail::dsa_gemm_flops(d, num_heads, b) / sys.flops(compute_of(gemm)) +
                         indexer_flops / sys.flops(compute_dtype::fp8) + sparse_flops / sys.flops(compute_dtype::bf16)) *
                        1000;
    return {math, cost::detail::mem_ms(bytes, sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("num_heads", num_heads);
    f("kv_cache_dtype", kv);
    f("gemm_quant_mode", gemm);
    f("architecture", architecture);
    f("index_topk_freq", index_topk_freq);
    f("full_frac", full_frac);
  }
  std::string describe() const {
    return "heads " + std::to_string(num_heads) + "  top-" + std::to_string(dims.index_topk) + "  kv " +
           std::string(strata::name(kv));
  }
};

}  // namespace strata::ops
