// How each serving engine schedules an aggregated step and budgets its KV cache,
// as the reference models it (aic-core backends/{base,trtllm,vllm,sglang}_backend.py
// at cb43a2f41). Only the TRT-LLM policy is checked against reference outputs
// (../shared/peer/sweep.json); vLLM and SGLang follow the same code paths.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "strata/core/config.hpp"
#include "strata/cost/system.hpp"

namespace strata::sweep {

/// Python's float floor division `a // b` (CPython float_floor_div), which the
/// reference's schedulers use; it differs from floor(a / b) when a / b rounds up
/// to an integer.
inline double py_floor_div(double a, double b) {
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1.0;
  if (div == 0) return std::copysign(0.0, a / b);
  double floored = std::floor(div);
  if (div - floored > 0.5) floored += 1.0;
  return floored;
}

/// numpy/pandas `round(x, 3)`: the reference rounds every result row to 3 decimals
/// before ranking, which decides ties.
inline double round3(double x) { return std::nearbyint(x * 1000.0) / 1000.0; }

/// KV-cache budget rule of an engine: the fraction of free memory (TRT-LLM) or of
/// all memory (vLLM, SGLang) it gives the KV cache, shrunk by a reserve and a
/// tolerance.
struct kv_budget_rule {
  double fraction = 0.9;
  double reserved = 0;
  double tolerance = 0;
  bool of_free = true;
  constexpr double budget(double capacity, double non_kv) const {
    const double scale = (1.0 - reserved) * (1.0 - tolerance);
    return of_free ? (capacity - non_kv) * fraction * scale : capacity * fraction * scale - non_kv;
  }
};

struct backend_policy {
  strata::backend backend = backend::trtllm;

  /// Decode requests that ride along in a mixed step of b requests.
  double mix_decode_requests(std::int64_t b, std::int64_t ctx, std::int64_t isl, double decode_iterations) const {
    const std::int64_t ctx_requests = (ctx + isl - 1) / isl;
    if (backend != backend::vllm) {
      const double steps = std::ceil(double(isl) * double(b) / double(ctx));
      if (steps >= decode_iterations)
        return std::max(1.0, std::trunc(py_floor_div(double(b), steps / decode_iterations)));
    }
    return double(std::max<std::int64_t>(1, b - ctx_requests));
  }
  /// Mixed steps counted in TPOT: TRT-LLM and SGLang drop 3 (pipeline drain).
  double tpot_mix_steps(double mix_steps) const {
    return backend == backend::vllm ? mix_steps : std::max(1.0, mix_steps - 3);
  }
  /// TTFT = prefill time x this queueing factor.
  double ttft_queue_factor(std::int64_t b, double steps_to_finish_ctx) const {
    if (backend == backend::vllm) return b <= 1 ? 1.0 : std::min(1.0 + std::log2(double(b)) / 8.0, 2.0);
    return std::min(2.0 + (steps_to_finish_ctx - 3.0) / 2.0 / 10.0, 4.0);
  }
  /// Per-request CPU dispatch cost added to prefill (vLLM: 0.8 ms per layer).
  double prefill_overhead_ms(int layers) const { return backend == backend::vllm ? layers * 0.8 : 0.0; }
  /// vLLM caps aggregate throughput by Little's law.
  double throughput_cap(double step_throughput, double ttft, double tpot, std::int64_t b, std::int64_t osl) const {
    if (backend != backend::vllm) return step_throughput;
    const double latency = ttft + tpot * double(std::max<std::int64_t>(osl - 1, 0));
    if (latency <= 0) return step_throughput;
    return std::min(step_throughput, double(b) * double(std::max<std::int64_t>(osl - 1, 0)) * 1000.0 / latency);
  }
  /// TRT-LLM sizes activations by its max_num_tokens budget, the others by the step.
  bool activations_from_engine_budget() const { return backend == backend::trtllm; }

  /// KV budget of an aggregated worker.
  kv_budget_rule agg_kv_rule() const {
    switch (backend) {
      case backend::trtllm: return {0.9, 0.015, 0.02, true};
      case backend::vllm: return {0.92, 0, 0.02, false};
      case backend::sglang: return {0.88, 0, 0.02, false};
    }
    return {};
  }
  /// KV budget of a prefill or decode worker (SGLang derives its fraction from the
  /// GPU and the layout, ServerArgs._handle_gpu_memory_settings @0.5.16).
  kv_budget_rule static_kv_rule(const cost::gpu_system& sys, int tp, int pp, int dp) const {
    if (backend != backend::sglang) return agg_kv_rule();
    const double capacity_mb = sys.mem_capacity / (1 << 20);
    double chunked = 16384, graph_bs = 512;
    if (capacity_mb < 20 * 1024) {
      chunked = 2048, graph_bs = 8;
    } else if (capacity_mb < 35 * 1024) {
      chunked = 2048, graph_bs = tp < 4 ? 24 : 80;
    } else if (capacity_mb < 60 * 1024) {
      chunked = 4096, graph_bs = tp < 4 ? 32 : 160;
    } else if (capacity_mb < 160 * 1024) {
      chunked = 8192, graph_bs = tp < 4 ? 256 : 512;
    }
    double reserved_mb = 512 + 1.5 * chunked + tp * pp / 8.0 * 1024 + graph_bs * 2;
    if (dp > 1) {
      reserved_mb += graph_bs * dp * 3;
      if (graph_bs > 300) reserved_mb += graph_bs * dp * 1.5;
    }
    if (capacity_mb > 60 * 1024) reserved_mb = std::max(reserved_mb, 10.0 * 1024);
    return {round3((capacity_mb - reserved_mb) / capacity_mb), 0, 0.02, false};
  }
  /// SGLang disaggregation moves KV between workers of the same tp only.
  bool requires_same_tp() const { return backend == backend::sglang; }
};

}  // namespace strata::sweep
