// One priced serving configuration: an aggregated replica or a disaggregated
// replica (prefill workers + decode workers), with its latencies and throughputs.
#pragma once

#include <cstdint>
#include <string_view>

#include "strata/sweep/options.hpp"
#include "strata/sweep/search_space.hpp"

namespace strata::sweep {

constexpr std::string_view name(mode m) {
  switch (m) {
    case mode::agg: return "agg";
    case mode::disagg: return "disagg";
    case mode::both: return "both";
  }
  return "?";
}

/// The workers of one role in a replica.
struct stage {
  layout par{};
  std::int64_t batch = 0;  // per worker (per attention-DP rank)
  int workers = 0;         // workers of this role in one replica
  double memory_bytes = 0;  // per GPU
};

struct point {
  mode kind = mode::agg;  // agg or disagg
  int gpus = 0;           // GPUs of one replica
  int replicas = 0;       // whole replicas that fit the GPUs given
  double ttft_ms = 0;
  double tpot_ms = 0;
  double request_latency_ms = 0;
  double seq_per_s = 0;     // one replica
  double tokens_per_s = 0;  // one replica
  /// Throughput over all GPUs given, counting only the GPUs whole replicas use
  /// (the reference's tokens/s/gpu_cluster).
  double tokens_per_s_per_gpu = 0;
  double tokens_per_s_per_replica_gpu = 0;  // the reference's tokens/s/gpu
  double tokens_per_s_per_user = 0;
  std::int64_t concurrency = 0;  // requests in flight in one replica
  // agg
  stage agg{};                   // layout, batch, memory; workers = 1
  std::int64_t ctx_tokens = 0;   // context tokens per mixed step
  // disagg
  stage prefill{}, decode{};
  double kv_transfer_ms = 0;  // priced only with options::price_kv_transfer
};

/// What a CSV row of the sweep is.
enum class evaluated_kind { agg, prefill_worker, decode_worker, disagg };

constexpr std::string_view name(evaluated_kind k) {
  switch (k) {
    case evaluated_kind::agg: return "agg";
    case evaluated_kind::prefill_worker: return "prefill_worker";
    case evaluated_kind::decode_worker: return "decode_worker";
    case evaluated_kind::disagg: return "disagg";
  }
  return "?";
}

/// Every configuration the sweep priced (kept when options ask for it).
struct evaluated {
  evaluated_kind kind = evaluated_kind::agg;
  point p{};
  bool fits_memory = true;
  bool meets_ttft = false;
  bool meets_tpot = false;
};

}  // namespace strata::sweep
