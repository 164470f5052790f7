// What the sweep enumerates, in the reference's order (aiconfigurator cb43a2f41:
// sdk/utils.py enumerate_parallel_config, sdk/task_v2.py default candidate lists,
// sdk/sweep.py batch schedules and context budgets, the TPOT grid).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "strata/core/config.hpp"
#include "strata/cost/system.hpp"

namespace strata::sweep {

/// A parallel layout of one worker (an aggregated replica, a prefill or a decode worker).
struct layout {
  int tp = 1;
  int pp = 1;
  int dp = 1;  // attention data parallel
  int moe_tp = 1;
  int moe_ep = 1;
  constexpr int gpus() const { return tp * pp * dp; }
  friend constexpr bool operator==(const layout&, const layout&) = default;
};

/// The reference's spelling, e.g. "tp4pp1dp1etp1ep1".
inline std::string layout_name(const layout& l) {
  return "tp" + std::to_string(l.tp) + "pp" + std::to_string(l.pp) + "dp" + std::to_string(l.dp) + "etp" +
         std::to_string(l.moe_tp) + "ep" + std::to_string(l.moe_ep);
}

/// GPUs per worker the reference tries: 1-8 for dense models (16 more on GB200/GB300
/// NVL racks), 1-16 for MoE models, never more than the GPUs given.
inline std::vector<int> worker_gpu_counts(bool is_moe, const cost::gpu_system& sys, int total_gpus) {
  std::vector<int> out{1, 2, 4, 8};
  if (is_moe || sys.name == "gb200" || sys.name == "gb300") out.push_back(16);
  std::erase_if(out, [&](int n) { return n > total_gpus; });
  return out;
}

/// (tp, pp, dp, moe_tp, moe_ep) candidates, in the reference's loop order. Dense:
/// tp only. MoE: tp * dp a worker GPU count, tp * dp = moe_tp * moe_ep, plus the
/// backend's rules (TRT-LLM: no attention tp with attention dp; vLLM: no MoE tp
/// with MoE ep). Pipeline parallelism is not searched (the reference's default).
/// Layouts the model itself rejects (heads, experts, block sizes) are dropped later.
inline std::vector<layout> parallel_layouts(bool is_moe, backend b, const cost::gpu_system& sys, int total_gpus) {
  const std::vector<int> gpus = worker_gpu_counts(is_moe, sys, total_gpus);
  const auto allowed = [&](int n) { return std::find(gpus.begin(), gpus.end(), n) != gpus.end(); };
  std::vector<layout> out;
  if (!is_moe) {
    for (int tp : gpus) out.push_back({tp, 1, 1, 1, 1});
    return out;
  }
  const std::vector<int> sizes{1, 2, 4, 8, 16};
  for (int tp : sizes)
    for (int dp : sizes)
      for (int moe_tp : sizes)
        for (int moe_ep : sizes) {
          if (!allowed(tp * dp) || tp * dp != moe_tp * moe_ep) continue;
          if (b == backend::trtllm && dp > 1 && tp > 1) continue;
          if (b == backend::vllm && moe_tp > 1 && moe_ep > 1) continue;
          out.push_back({tp, 1, dp, moe_tp, moe_ep});
        }
  return out;
}

/// Aggregated batch sizes (sdk/sweep.py _DEFAULT_AGG_BATCH_SCHEDULE, capped at 512).
inline std::vector<int> agg_batch_sizes(int max_batch = 512) {
  std::vector<int> out;
  const auto add = [&](int lo, int hi, int step) {
    for (int b = lo; b < hi; b += step) out.push_back(b);
  };
  add(1, 16, 1);
  add(16, 32, 4);
  add(32, 64, 8);
  add(64, 256, 16);
  add(256, 512, 32);
  add(512, 1024, 256);
  out.push_back(1024);
  std::erase_if(out, [&](int b) { return b > max_batch; });
  return out;
}

/// Decode-worker batch sizes (sdk/sweep.py _DEFAULT_DECODE_BATCH_SCHEDULE).
inline std::vector<int> decode_batch_sizes(int max_batch = 512) {
  std::vector<int> out;
  const auto add = [&](int lo, int hi, int step) {
    for (int b = lo; b < hi; b += step) out.push_back(b);
  };
  add(1, 16, 1);
  add(16, 32, 2);
  add(32, 128, 4);
  add(128, 512, 8);
  out.push_back(512);
  if (max_batch > 512) {
    out.push_back(max_batch);
  } else {
    std::erase_if(out, [&](int b) { return b > max_batch; });
  }
  return out;
}

/// Context-token budgets of an aggregated step without chunked prefill: multiples of
/// isl, every max(isl, 512) up to 8192, then coarser up to max(8192, 2 isl), plus
/// isl and 2 isl (sdk/sweep.py _agg_ctx_tokens_list).
inline std::vector<std::int64_t> context_budgets(std::int64_t isl) {
  constexpr std::int64_t normal_max = 8192, stride = 512;
  const std::int64_t max_ctx = std::max<std::int64_t>(normal_max, 2 * isl);
  const std::int64_t small = std::max<std::int64_t>(stride, normal_max / 16);
  const std::int64_t large = std::max({std::int64_t(1024), small, max_ctx / 8});
  const std::int64_t step = std::max(isl, small);
  const std::int64_t step_large = (large + isl - 1) / isl * isl;
  std::vector<std::int64_t> out;
  for (std::int64_t ctx = 0;;) {
    ctx += ctx < normal_max ? step : step_large;
    if (ctx > max_ctx) break;
    out.push_back(ctx);
  }
  for (std::int64_t k = 1; k <= 2; ++k)
    if (std::find(out.begin(), out.end(), k * isl) == out.end()) out.push_back(k * isl);
  std::sort(out.begin(), out.end());
  return out;
}

/// TPOT targets the reference sweeps to draw its frontier, ms (sdk/task_v2.py
/// _LEGACY_TPOT_SWEEP): 1-19, then 20-295 every 5. The user's TPOT is applied when
/// picking, not here.
inline std::vector<double> tpot_grid() {
  std::vector<double> out;
  for (int t = 1; t < 20; ++t) out.push_back(t);
  for (int t = 20; t < 300; t += 5) out.push_back(t);
  return out;
}

/// GPU counts a disaggregated replica (prefill + decode workers) may use:
/// 1, 2, 4, 8, then every 8 up to 128, and at most the GPUs given.
inline std::vector<int> replica_sizes(int total_gpus) {
  std::vector<int> out{1, 2, 4, 8};
  for (int n = 16; n <= 128; n += 8) out.push_back(n);
  std::erase_if(out, [&](int n) { return n > std::min(total_gpus, 128); });
  return out;
}

}  // namespace strata::sweep
