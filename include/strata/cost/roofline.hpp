// The roofline arithmetic every op's speed-of-light latency is built from
// (reference/SOL.md): milliseconds of math and of memory traffic, and the
// collectives' ring formulas over the system's bandwidth tiers.
#pragma once

#include <algorithm>
#include <cstdint>

#include "strata/cost/system.hpp"

namespace strata {

/// What one op is asked in a step (reference/aic-model-layer.md §4): x tokens for
/// token-major ops, (batch, s, prefix) for attention-like ops (s = new tokens in a
/// prefill, KV length in a decode step).
struct op_query {
  std::int64_t x = 0;
  std::int64_t batch = 0;
  std::int64_t s = 0;
  std::int64_t prefix = 0;
};

namespace cost {

/// Latency split of one leaf op, before its scale factor.
struct sol_parts {
  double math_ms = 0;
  double mem_ms = 0;
  double extra_ms = 0;  // additive terms outside the roofline (context-attention extras)
  constexpr double latency_ms() const { return std::max(math_ms, mem_ms) + extra_ms; }
};

namespace detail {
constexpr double ms(double quantity, double rate) { return quantity / rate * 1000.0; }
constexpr double mem_ms(double bytes, const gpu_system& sys) { return ms(bytes, sys.mem_bw); }

/// Ring all-reduce of `elements` bf16 values over `gpus` GPUs.
constexpr double allreduce_ms(const gpu_system& sys, int gpus, double elements) {
  if (gpus <= 1) return 0;
  return 2.0 * elements * 2.0 / gpus * (gpus - 1) / sys.p2p_bw(gpus) * 1000.0;
}
/// all_gather / reduce_scatter / alltoall of `elements` (bf16 unless said) over n GPUs.
constexpr double gather_ms(const gpu_system& sys, int gpus, double elements, double bytes_per_elem = 2.0) {
  if (gpus <= 1) return 0;
  return bytes_per_elem * elements * (gpus - 1) / gpus / sys.p2p_bw(gpus) * 1000.0;
}
/// Decode attention computes in fp8 when the KV cache is fp8 on sm >= 89, else bf16.
constexpr compute_dtype decode_attention_dtype(kv_quant kv, const gpu_system& sys) {
  return (kv == kv_quant::fp8 && sys.sm_version >= 89) ? compute_dtype::fp8 : compute_dtype::bf16;
}
}  // namespace detail
}  // namespace cost
}  // namespace strata
