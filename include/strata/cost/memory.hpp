// Per-GPU memory: weights, KV cache, activations and runtime overheads
// (reference/aic-model-layer.md §8), and the largest batch that fits.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "strata/cost/system.hpp"
#include "strata/model/facts.hpp"
#include "strata/ops/op.hpp"

namespace strata::cost {

struct memory_breakdown {
  double weights = 0;      // B per GPU (context-op weights / pp)
  double kv_cache = 0;     // B per GPU for the whole batch
  double activations = 0;  // B
  double nccl = 0;         // B
  double other = 0;        // B
  constexpr double total() const { return weights + kv_cache + activations + nccl + other; }
};

/// Weight bytes one GPU holds: the context ops' weights over the pipeline stages
/// (the reference counts context ops only; KV is not split by pp).
constexpr double weights_per_gpu(const op_list& context_ops, const resolved_config& c) {
  return total_weight_bytes(context_ops) / c.pp;
}

namespace detail {
constexpr int tp_key(int tp) { return tp <= 1 ? 0 : tp <= 2 ? 1 : tp <= 4 ? 2 : 3; }

/// Activation coefficient per token and q width (reference memory model tables).
constexpr double activation_coefficient(activation_table t, backend b, int tp) {
  constexpr std::array<double, 4> gpt_trt{10, 6, 5, 5}, llama_trt{11, 6.5, 5, 5}, moe_trt{22, 13, 10, 10},
      other_trt{10, 6, 5, 5};
  constexpr std::array<double, 4> gpt_sgl{13, 8, 6.5, 6.5}, llama_sgl{14, 8.5, 6.5, 6.5}, moe_sgl{28, 17, 13, 13},
      other_sgl{13, 8, 6.5, 6.5};
  const bool sgl = b == backend::sglang;
  const auto& table = [&]() -> const std::array<double, 4>& {
    switch (t) {
      case activation_table::gpt: return sgl ? gpt_sgl : gpt_trt;
      case activation_table::llama: return sgl ? llama_sgl : llama_trt;
      case activation_table::moe: return sgl ? moe_sgl : moe_trt;
      case activation_table::sglang_moe:
        return sgl ? moe_sgl : other_trt;
      case activation_table::other: break;
    }
    return sgl ? other_sgl : other_trt;
  }();
  return table[std::size_t(tp_key(tp))];
}
}  // namespace detail

/// Memory of `batch` sequences whose KV takes `kv_bytes_per_seq` each, with
/// `tokens_in_flight` tokens in the largest step (batch * isl for a prefill).
constexpr memory_breakdown memory(const memory_facts& m, const resolved_config& c, const gpu_system& sys,
                                  double weights_per_gpu, double kv_bytes_per_seq, std::int64_t batch,
                                  std::int64_t tokens_in_flight) {
  memory_breakdown r;
  r.weights = weights_per_gpu;
  r.kv_cache = double(batch) * kv_bytes_per_seq;
  const bool sgl = c.backend == backend::sglang;
  const double tokens = double(tokens_in_flight);
  double act = 2.0 * tokens * double(m.attention_width) * detail::activation_coefficient(m.traits.table, c.backend, c.tp);
  if (m.traits.moe_workspace && m.experts > 0) {
    const double width = m.traits.workspace_attention_width && !sgl ? double(m.attention_width) : double(m.hidden);
    act += tokens * width * c.attention_dp * m.experts * m.topk / c.moe_ep / 128 * 4;
  }
  const double floor_bytes = (sgl ? 90.0 : 70.0) * 1024 * 1024;
  act = std::max(act, floor_bytes);
  if (sgl) act *= 1.15;
  r.activations = act;
  r.nccl = sys.nccl_memory(c.tp);
  r.other = sys.other_mem * (sgl ? 1.2 : 1.0);
  return r;
}

/// The largest batch whose memory (for sequences of up to `seq_len` tokens, a prefill
/// step of `step_tokens` tokens per request) fits the GPU; 0 when not even one does.
/// Memory grows with the batch, so doubling then bisection finds it.
constexpr std::int64_t max_batch_that_fits(const memory_facts& m, const resolved_config& c, const gpu_system& sys,
                                           double weights_per_gpu, double kv_bytes_per_seq, std::int64_t step_tokens,
                                           std::int64_t limit = std::int64_t(1) << 20) {
  const auto fits = [&](std::int64_t b) {
    return memory(m, c, sys, weights_per_gpu, kv_bytes_per_seq, b, b * step_tokens).total() <= sys.mem_capacity;
  };
  std::int64_t lo = 0, hi = 1;
  while (hi <= limit && fits(hi)) {
    lo = hi;
    hi *= 2;
  }
  hi = std::min(hi, limit + 1);
  while (hi - lo > 1) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    (fits(mid) ? lo : hi) = mid;
  }
  return lo;
}

}  // namespace strata::cost
