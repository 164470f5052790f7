// MiniMax sparse attention (MiniMax-M3): one module op for the whole attention
// block -- GQA projections, a block indexer that scores KV blocks (FP8 logits) and
// picks the top-k blocks, GQA attention over the selected tokens and the output
// projection (reference/aic-model-layer.md §5.7; the SOL of the reference's MSA
// modules, operations/msa.py `_msa_attention_sol`).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/quant.hpp"
#include "strata/cost/roofline.hpp"
#include "strata/ops/op_name.hpp"

namespace strata::ops {

/// The geometry of an MSA block on one rank (heads are local).
struct msa_dims {
  int num_heads = 0;
  int num_kv_heads = 0;
  std::int64_t hidden = 0;
  int head_dim = 0;
  int v_head_dim = 0;
  int index_heads = 0;
  int index_dim = 0;
  int index_topk = 0;  // selected tokens: top-k blocks x block size
  int block_size = 0;
  constexpr bool operator==(const msa_dims&) const = default;
};

namespace detail {
/// One MSA layer: three compute groups with their own peaks (projection GEMMs at the
/// GEMM dtype, the block indexer at FP8, attention at the FMHA dtype); memory is the
/// projection weights, the selected KV, the index keys of the scored blocks and the
/// query in and out. Context: `s` new tokens on `prefix` cached; decode: one token
/// per request over s - 1 cached.
constexpr cost::sol_parts msa_sol(const msa_dims& d, const op_query& q, const cost::gpu_system& sys, bool context,
                                  kv_quant kv, fmha_quant fmha, gemm_quant gemm) {
  const std::int64_t b = q.batch, p = context ? q.prefix : 0;
  const std::int64_t tokens = context ? b * q.s : b;
  const std::int64_t full = context ? p + q.s : q.s;
  const std::int64_t kv_len = context ? full : std::max<std::int64_t>(0, q.s - 1);
  const std::int64_t topk = d.index_topk, hd = d.head_dim, h = d.hidden;
  const std::int64_t q_width = std::int64_t(d.num_heads) * hd, kv_width = 2 * std::int64_t(d.num_kv_heads) * hd;
  const std::int64_t o_width = std::int64_t(d.num_heads) * d.v_head_dim;
  const std::int64_t index_width = std::int64_t(d.index_heads) * d.index_dim;
  const std::int64_t gemm_ops =
      2 * tokens * h * q_width + 2 * tokens * h * kv_width + 2 * tokens * o_width * h + 2 * tokens * h * index_width;
  std::int64_t pairs = 0;  // (query, key) pairs the sparse attention computes
  std::int64_t score_len = kv_len;
  if (context) {
    if (full <= topk)
      pairs = b * (full * (full + 1) - p * (p + 1)) / 2;
    else if (p >= topk)
      pairs = tokens * topk;
    else
      pairs = b * (topk * (topk + 1) - p * (p + 1)) / 2 + b * (full - topk) * topk;
    score_len = full;
  } else {
    pairs = tokens * std::min(kv_len, topk);
  }
  const std::int64_t effective_kv = std::min(context ? full : kv_len, topk);
  const double attention_ops = 2.0 * d.num_heads * double(hd + d.v_head_dim) * double(pairs);
  // The indexer scores whole blocks, and only when there are more keys than it keeps.
  const std::int64_t blocks = score_len > topk ? (score_len + d.block_size - 1) / d.block_size : 0;
  const std::int64_t indexer_ops = 2 * tokens * index_width * blocks;
  const double weight_bytes =
      double(h * q_width + h * kv_width + o_width * h + h * index_width) * bytes_per_element(gemm);
  const double kv_bytes = double(b * d.num_kv_heads * effective_kv * (hd + d.v_head_dim)) * bytes_per_element(kv);
  const double index_bytes = double(b * blocks * index_width);  // FP8 index keys of the scored blocks
  const double q_io_bytes = double(tokens * q_width) * bytes_per_element(fmha) * 2;
  const double math =
      (double(gemm_ops) / sys.flops(compute_of(gemm)) + double(indexer_ops) / sys.flops(compute_dtype::fp8) +
       attention_ops / sys.flops(compute_of(fmha))) *
      1000;
  return {math, cost::detail::mem_ms(weight_bytes + kv_bytes + index_bytes + q_io_bytes, sys), 0};
}
}  // namespace detail

/// The fields both MSA module ops carry (the reference's names and order).
struct msa_module_base {
  op_name name{};
  double scale_factor = 0;
  msa_dims dims{};
  kv_quant kv = kv_quant::bfloat16;
  fmha_quant fmha = fmha_quant::bfloat16;
  gemm_quant gemm = gemm_quant::bfloat16;
  /// The DSA op whose measured utilisation the reference borrows outside SOL mode.
  std::string_view dsa_architecture = "GlmMoeDsaForCausalLM";
  double dsa_scale_k = 1.0;

  /// The reference lists the module with no weights (its projections are not counted
  /// in the memory model; see docs/corrections.md, "Noticed and left").
  constexpr double weight_bytes() const { return 0.0; }
  template <class F>
  constexpr void fields(F&& f) const {
    f("num_heads", dims.num_heads);
    f("num_kv_heads", dims.num_kv_heads);
    f("hidden_size", dims.hidden);
    f("head_dim", dims.head_dim);
    f("v_head_dim", dims.v_head_dim);
    f("index_n_heads", dims.index_heads);
    f("index_head_dim", dims.index_dim);
    f("index_topk", dims.index_topk);
    f("block_size", dims.block_size);
    f("kvcache_quant_mode", kv);
    f("fmha_quant_mode", fmha);
    f("gemm_quant_mode", gemm);
    f("dsa_architecture", dsa_architecture);
    f("dsa_scale_k", dsa_scale_k);
  }
  std::string describe() const {
    return "heads " + std::to_string(dims.num_heads) + "/" + std::to_string(dims.num_kv_heads) + " kv  top-" +
           std::to_string(dims.index_topk) + " in blocks of " + std::to_string(dims.block_size) + "  kv " +
           std::string(strata::name(kv));
  }
};

/// Prefill MSA block over (b, s new tokens, prefix).
struct context_msa_module : msa_module_base {
  static constexpr std::string_view class_name = "ContextMSAModule";
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return detail::msa_sol(dims, q, sys, true, kv, fmha, gemm);
  }
};

/// One decode step of the MSA block at KV length s.
struct generation_msa_module : msa_module_base {
  static constexpr std::string_view class_name = "GenerationMSAModule";
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return detail::msa_sol(dims, q, sys, false, kv, fmha, gemm);
  }
};

}  // namespace strata::ops
