// What a sweep is asked (model-independent inputs), the reference's fixed knobs,
// and input validation.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>

#include "strata/core/config.hpp"
#include "strata/core/error.hpp"

namespace strata::sweep {

enum class mode { agg, disagg, both };

/// Which serving modes a run covers.
constexpr bool covers(mode m, mode one) { return m == mode::both || m == one; }

struct options {
  int total_gpus = 8;
  std::int64_t isl = 4000;
  std::int64_t osl = 1000;
  std::int64_t prefix = 0;
  double ttft_ms = 2000;  // the reference CLI's defaults
  double tpot_ms = 30;
  mode modes = mode::both;
  /// Backend, MTP draft tokens (nextn) and quant modes for every layout; unset quant
  /// modes are the checkpoint's. The parallel fields are ignored (they are swept).
  model_config base{};
  /// MTP: draft tokens accepted per decode step on average (0 to nextn).
  double nextn_accepted = 0;
  /// Improvement over the reference (docs/sweep.md): price moving each request's KV
  /// cache from its prefill worker to its decode worker over the system's network.
  bool price_kv_transfer = false;
  /// Keep every priced configuration in the result (for a CSV of the whole sweep).
  bool keep_evaluated = false;
  /// Called now and then with the fraction done (0-1); for progress displays.
  std::function<void(double)> progress{};
};

/// The reference's fixed knobs of `aiconfigurator cli default` (cb43a2f41), named
/// where they are used.
namespace knobs {
inline constexpr int agg_max_batch = 512;                    // sdk/sweep.py sweep_agg
inline constexpr int agg_top_k_per_target = 10;              // rows kept per (layout, TPOT target)
inline constexpr std::int64_t trtllm_max_num_tokens = 8192;  // activation budget of a TRT-LLM engine
inline constexpr double prefill_latency_correction = 1.1;    // sdk/task_v2.py Task
inline constexpr double decode_latency_correction = 1.08;
inline constexpr double prefill_degradation = 0.9;  // rate matching: neither phase reaches its standalone rate
inline constexpr double decode_degradation = 0.92;
inline constexpr double ttft_correction = 1.8;  // prefill TTFT x 1.8 for queueing
inline constexpr int max_workers = 32;          // prefill and decode workers per replica
inline constexpr int prefill_max_batch = 1;
inline constexpr int decode_max_batch = 512;
inline constexpr int prefill_candidates = 32;  // best prefill workers considered per target
inline constexpr int decode_candidates_per_layout = 16;
inline constexpr int disagg_top_k_per_target = 5;
inline constexpr int decode_stride = 32;  // decode steps priced every 32 tokens
inline constexpr int top_n = 5;           // best configurations reported per mode
}  // namespace knobs

/// Rejects impossible inputs with a message naming the value and what was expected.
inline void validate(const options& o) {
  const auto bad = [](const std::string& what) { throw invalid_input(what); };
  if (o.total_gpus < 1 || o.total_gpus > 4096)
    bad("total GPUs = " + std::to_string(o.total_gpus) + ": expected an integer from 1 to 4096");
  constexpr std::int64_t max_len = std::int64_t(1) << 24;
  if (o.isl < 1 || o.isl > max_len)
    bad("isl = " + std::to_string(o.isl) + ": expected an integer from 1 to " + std::to_string(max_len));
  if (o.osl < 2 || o.osl > max_len)
    bad("osl = " + std::to_string(o.osl) + ": expected an integer from 2 to " + std::to_string(max_len) +
        " (a sweep prices decode, which needs at least 2 output tokens)");
  if (o.prefix < 0 || o.prefix >= o.isl)
    bad("prefix = " + std::to_string(o.prefix) + ": expected 0 <= prefix < isl = " + std::to_string(o.isl));
  if (!(o.ttft_ms > 0) || !std::isfinite(o.ttft_ms))
    bad("TTFT target = " + std::to_string(o.ttft_ms) + " ms: expected a positive number of milliseconds");
  if (!(o.tpot_ms > 0) || !std::isfinite(o.tpot_ms))
    bad("TPOT target = " + std::to_string(o.tpot_ms) + " ms: expected a positive number of milliseconds");
  if (o.base.nextn < 0 || o.base.nextn > 16)
    bad("nextn = " + std::to_string(o.base.nextn) + ": expected an integer from 0 to 16");
  if (!(o.nextn_accepted >= 0 && o.nextn_accepted <= o.base.nextn))
    bad("accepted draft tokens = " + std::to_string(o.nextn_accepted) +
        ": expected 0 to nextn = " + std::to_string(o.base.nextn));
  if (o.modes == mode::disagg && o.total_gpus < 2)
    bad("total GPUs = 1: disaggregated serving needs at least 2 GPUs (one prefill and one decode worker)");
}

}  // namespace strata::sweep
