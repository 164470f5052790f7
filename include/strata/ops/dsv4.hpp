// DeepSeek-V4 (DEEPSEEKV4): one module op per phase for a layer's compressed
// attention -- low-rank q, one shared head_dim-wide KV entry per token (MQA-like),
// grouped low-rank output, a sliding window of raw entries plus entries compressed
// `compress_ratio` : 1 (ratio 4 adds an FP4 indexer that picks the top-k compressed
// entries) -- and the mHC (manifold-constrained hyper-connection) pre / post module
// (reference/aic-model-layer.md §5.7; the SOL of the reference's DSV4 modules).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/quant.hpp"
#include "strata/cost/roofline.hpp"
#include "strata/ops/op_name.hpp"

namespace strata::ops {

/// The geometry of a DeepSeek-V4 attention block (from the model's config.json).
struct dsv4_dims {
  std::int64_t hidden = 0;
  int q_lora = 0;
  int o_lora = 0;
  int head_dim = 0;
  int rope_dim = 0;
  int index_heads = 0;
  int index_dim = 0;
  int index_topk = 0;
  int window = 0;  // sliding_window
  constexpr bool operator==(const dsv4_dims&) const = default;
};

/// Bytes per compressed token of the FP4 indexer key cache.
constexpr double dsv4_indexer_entry_bytes(int index_dim) { return index_dim * 0.5; }

namespace detail {
/// Sum over the new queries of min(position + 1, limit), times batch.
constexpr std::int64_t causal_limited_pairs(std::int64_t b, std::int64_t s, std::int64_t prefix, std::int64_t limit) {
  if (limit <= 0 || s <= 0) return 0;
  const std::int64_t full = prefix + s;
  if (prefix >= limit) return b * s * limit;
  if (full <= limit) return b * (full * (full + 1) - prefix * (prefix + 1)) / 2;
  return b * (limit * (limit + 1) - prefix * (prefix + 1)) / 2 + b * (full - limit) * limit;
}
/// sum_{i=0..n} floor(i / d).
constexpr std::int64_t sum_floor_upto(std::int64_t n, std::int64_t d) {
  if (n < 0) return 0;
  const std::int64_t q = n / d, r = n % d;
  return d * q * (q - 1) / 2 + q * (r + 1);
}
/// Sum over the new queries of min(compressed entries visible, limit), times batch.
constexpr std::int64_t compressed_context_pairs(std::int64_t b, std::int64_t s, std::int64_t prefix, std::int64_t ratio,
                                                std::int64_t limit) {
  if (ratio <= 0 || s <= 0 || limit <= 0) return 0;
  const std::int64_t start = prefix + 1, end = prefix + s, sat = limit * ratio;
  std::int64_t total = 0;
  if (end < sat)
    total = sum_floor_upto(end, ratio) - sum_floor_upto(start - 1, ratio);
  else if (start >= sat)
    total = s * limit;
  else
    total = sum_floor_upto(sat - 1, ratio) - sum_floor_upto(start - 1, ratio) + (end - sat + 1) * limit;
  return b * total;
}
constexpr int compressor_mult(int ratio) { return ratio == 4 ? 2 : 1; }
}  // namespace detail

/// The fields both phases share; weights per layer on one rank.
struct dsv4_attention_base {
  op_name name{};
  double scale_factor = 0;
  int num_heads = 0;     // local (heads // tp)
  int native_heads = 0;  // the model's
  int tp_size = 1;
  int compress_ratio = 0;
  int o_groups = 1;  // local: max(1, o_groups // tp)
  kv_quant kv = kv_quant::fp8;
  fmha_quant fmha = fmha_quant::bfloat16;
  gemm_quant gemm = gemm_quant::bfloat16;
  int cp_size = 1;
  dsv4_dims dims{};

  /// q_a, q_b (local heads), the shared KV projection and the grouped o_a / o_b in
  /// the GEMM dtype; the per-head output absorption (and the indexer's weights
  /// projection) in bf16; per-head sinks and the compressors' position biases fp32.
  constexpr double weight_bytes() const {
    const dsv4_dims& d = dims;
    const double h = double(d.hidden);
    double gemm_e =
        h * d.q_lora + double(d.q_lora) * num_heads * d.head_dim + h * d.head_dim + double(o_groups) * d.o_lora * h;
    double bf16_e = double(num_heads) * d.head_dim * d.o_lora;
    double fp32_e = num_heads;
    if (compress_ratio) {
      const int m = detail::compressor_mult(compress_ratio);
      gemm_e += 2 * h * m * d.head_dim;
      fp32_e += double(compress_ratio) * m * d.head_dim;
    }
    if (compress_ratio == 4) {
      gemm_e += double(d.q_lora) * d.index_heads * d.index_dim + 2 * h * 2 * d.index_dim;
      bf16_e += h * d.index_heads;
      fp32_e += double(compress_ratio) * 2 * d.index_dim;
    }
    return gemm_e * bytes_per_element(gemm) + bf16_e * 2 + fp32_e * 4;
  }

  /// The reference's roofline for `b` sequences of `s` new tokens after `prefix`
  /// (context) or one decode step at KV length `s` (generation).
  constexpr cost::sol_parts module_sol(bool context, std::int64_t b, std::int64_t s, std::int64_t prefix,
                                       const cost::gpu_system& sys) const {
    const dsv4_dims& d = dims;
    const double h = double(d.hidden);
    const int r = compress_ratio;
    const std::int64_t tokens_i = context ? b * s : b;
    const double tokens = double(tokens_i);
    const std::int64_t kv_len = context ? prefix + s : std::max<std::int64_t>(0, s - 1);
    const double groups = std::max(1, o_groups);
    const double nh = num_heads, hd = d.head_dim;
    const double proj_flops = 2 * tokens * h * d.q_lora + 2 * tokens * d.q_lora * nh * hd + 2 * tokens * h * hd +
                              2 * tokens * groups * d.o_lora * h;
    const double absorb_flops = 2 * tokens * nh * hd * d.o_lora;
    const int m = detail::compressor_mult(r);
    double comp_flops = 0;
    if (r) {
      comp_flops = 4 * tokens * h * m * hd + 2 * tokens * m * hd;
      if (r == 4) comp_flops += 4 * tokens * h * 2 * d.index_dim + 2 * tokens * 2 * d.index_dim;
    }
    std::int64_t window_pairs = 0, comp_pairs = 0;
    const std::int64_t limit = r == 4 ? d.index_topk : (r ? std::max<std::int64_t>(0, kv_len / r) : 0);
    if (context) {
      window_pairs = detail::causal_limited_pairs(b, s, prefix, d.window);
      if (r) comp_pairs = detail::compressed_context_pairs(b, s, prefix, r, limit);
    } else {
      window_pairs = b * std::min<std::int64_t>(kv_len, d.window);
      if (r) comp_pairs = b * std::min<std::int64_t>(kv_len / r, limit);
    }
    const double pairs = double(window_pairs + comp_pairs);
    const double attn_flops = 4 * nh * hd * pairs;
    double idx_flops = 0, idx_bf16_flops = 0, idx_cache = 0;
    if (r == 4) {
      const std::int64_t clen = kv_len / r;
      const double qt = context ? double(b * s) : double(b);
      idx_flops =
          2 * qt * d.q_lora * d.index_heads * d.index_dim + 2 * (qt * double(clen)) * d.index_heads * d.index_dim;
      idx_bf16_flops = 2 * qt * h * d.index_heads;
      idx_cache = double(b) * double(clen) * dsv4_indexer_entry_bytes(d.index_dim);
    }
    double gemm_w = (h * d.q_lora + double(d.q_lora) * nh * hd + h * hd + groups * d.o_lora * h);
    double bf16_w = nh * hd * d.o_lora * 2;
    if (r) gemm_w += 2 * h * m * hd;
    if (r == 4) {
      gemm_w += double(d.q_lora) * d.index_heads * d.index_dim;
      bf16_w += h * d.index_heads * 2;
    }
    const double ge = bytes_per_element(gemm);
    const double act = tokens * (h + d.q_lora + nh * hd + hd + groups * d.o_lora) * ge;
    const double kv_bytes = pairs * hd * bytes_per_element(kv);
    const double rope = tokens * nh * d.rope_dim * bytes_per_element(fmha);
    const double math = ((proj_flops + comp_flops) / sys.flops(compute_of(gemm)) +
                         (absorb_flops + idx_bf16_flops) / sys.flops(compute_dtype::bf16) +
                         idx_flops / sys.flops(compute_dtype::fp8) + attn_flops / sys.flops(compute_of(fmha))) *
                        1000;
    return {math, cost::detail::mem_ms(gemm_w * ge + bf16_w + act + kv_bytes + idx_cache + rope, sys), 0};
  }

  template <class F>
  constexpr void fields(F&& f) const {
    f("cp_size", cp_size);
    f("num_heads", num_heads);
    f("native_heads", native_heads);
    f("tp_size", tp_size);
    f("hidden_size", dims.hidden);
    f("q_lora_rank", dims.q_lora);
    f("o_lora_rank", dims.o_lora);
    f("head_dim", dims.head_dim);
    f("rope_head_dim", dims.rope_dim);
    f("index_n_heads", dims.index_heads);
    f("index_head_dim", dims.index_dim);
    f("index_topk", dims.index_topk);
    f("window_size", dims.window);
    f("compress_ratio", compress_ratio);
    f("o_groups", o_groups);
    f("kvcache_quant_mode", kv);
    f("fmha_quant_mode", fmha);
    f("gemm_quant_mode", gemm);
  }
  std::string describe() const {
    return "heads " + std::to_string(num_heads) + "  ratio " + std::to_string(compress_ratio) + "  window " +
           std::to_string(dims.window) + "  kv " + std::string(strata::name(kv));
  }
};

/// Prefill over (b, s new tokens, prefix).
struct context_dsv4_attention_module : dsv4_attention_base {
  static constexpr std::string_view class_name = "ContextDeepSeekV4AttentionModule";
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return module_sol(true, q.batch, q.s, q.prefix, sys);
  }
};

/// One decode step at KV length s.
struct generation_dsv4_attention_module : dsv4_attention_base {
  static constexpr std::string_view class_name = "GenerationDeepSeekV4AttentionModule";
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return module_sol(false, q.batch, q.s, 0, sys);
  }
};

/// The mHC module of a layer: `pre` (mix the hc_mult residual streams into the
/// sublayer input, Sinkhorn-normalized) or `post` (write the output back), at both the
/// attention and the FFN site of the layer.
struct dsv4_mhc_module {
  static constexpr std::string_view class_name = "DeepSeekV4MHCModule";
  op_name name{};
  double scale_factor = 0;
  bool post = false;
  std::int64_t hidden = 0;
  int hc_mult = 0;
  int sinkhorn_iters = 0;
  gemm_quant quant = gemm_quant::bfloat16;

  static constexpr int sites = 2;
  constexpr double mix() const { return double(2 + hc_mult) * hc_mult; }
  constexpr double weight_bytes() const {
    return sites * (mix() * double(hc_mult) * double(hidden) + mix() + 3) * bytes_per_element(quant);
  }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    const double nt = double(q.x), m = hc_mult, h = double(hidden), hc = m * h;
    const double flops =
        post ? sites * (2 * nt * m * m * h + 2 * nt * m * h)
             : sites * (2 * nt * hc * mix() + nt * hc * 3 + nt * (m * m + 2 * m) * sinkhorn_iters + 2 * nt * m * h);
    const double e = bytes_per_element(quant);
    double bytes = weight_bytes() + sites * nt * hc * e * 2;
    if (!post) bytes += sites * nt * (2 * m + m * m) * 4;
    return {flops / sys.flops(compute_of(quant)) * 1000, cost::detail::mem_ms(bytes, sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("op", post ? std::string_view("post") : std::string_view("pre"));
    f("hidden_size", hidden);
    f("hc_mult", hc_mult);
    f("sinkhorn_iters", sinkhorn_iters);
    f("quant_mode", quant);
  }
  std::string describe() const {
    return std::string(post ? "post" : "pre") + "  hc_mult " + std::to_string(hc_mult) + "  sinkhorn " +
           std::to_string(sinkhorn_iters);
  }
};

}  // namespace strata::ops
