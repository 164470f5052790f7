// Pricing one configuration the way the reference does (aic-core
// backends/base_backend.py run_agg / run_static, engine/runtime.rs mixed and
// decode steps at cb43a2f41): an aggregated point (batch b, context budget ctx),
// a prefill worker and a decode worker.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "strata/sweep/backend_policy.hpp"
#include "strata/sweep/detail/model_access.hpp"
#include "strata/sweep/options.hpp"
#include "strata/sweep/point.hpp"

namespace strata::sweep {

/// The request shape and MTP settings every price shares.
struct workload {
  std::int64_t isl = 0, osl = 0, prefix = 0;
  int nextn = 0;
  /// Output tokens one decode step makes on average (1 + accepted draft tokens).
  double progress = 1;
  static workload of(const options& o) {
    return {o.isl, o.osl, o.prefix, o.base.nextn, 1.0 + (o.base.nextn > 0 ? o.nextn_accepted : 0.0)};
  }
  /// The reference applies MTP acceptance inside the aggregated scheduler only when
  /// some draft tokens are accepted (sdk/predict.py predict_agg_worker).
  bool speculative() const { return progress != 1.0; }
};

constexpr std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// One mixed (in-flight batching) step: `ctx` context tokens and `gen` decoding
/// requests, priced in the reference's three passes (reference §4.4):
/// all context ops but `context_attention` on one fused sequence of ctx + gen
/// (nextn + 1) tokens; `context_attention` for ceil(ctx / isl) requests of isl
/// tokens, divided by ceil(isl / ctx); `generation_attention` for the decoding
/// requests at KV length isl + osl / 2 + 1.
inline double mixed_step_ms(const detail::worker& w, const cost::gpu_system& sys, const workload& wl, std::int64_t ctx,
                            std::int64_t gen) {
  if (ctx == 0 && gen == 0) return 0;
  const std::int64_t decode_tokens = gen * (wl.nextn + 1);
  const std::int64_t fused = ctx + decode_tokens;
  const std::int64_t prefix1 = wl.prefix * (ctx / wl.isl);
  double t = detail::context_ms(w, sys, 1, fused - prefix1, prefix1, detail::all_but_context_attention);
  if (ctx > 0)
    t += detail::context_ms(w, sys, ceil_div(ctx, wl.isl), wl.isl - wl.prefix, wl.prefix,
                            detail::only_context_attention) /
         double(ceil_div(wl.isl, ctx));
  if (gen > 0)
    t += detail::generation_ms(w, sys, decode_tokens, wl.isl + wl.osl / 2 + 1, detail::only_generation_attention);
  return t;
}

/// All decode steps of a request at batch b: a step priced every `stride` tokens at
/// KV length isl + i + 1 and weighted by the steps it stands for (reference §4.3).
/// Only attention reads the KV length, so the other ops are priced once and
/// multiplied by osl - 1; the sum is the reference's to rounding.
inline double decode_phase_ms(const detail::worker& w, const cost::gpu_system& sys, const workload& wl, std::int64_t b,
                              int stride = knobs::decode_stride) {
  const std::int64_t steps = wl.osl - 1;
  if (steps <= 0) return 0;
  const std::int64_t tokens = b * (wl.nextn + 1);
  double kv_part = 0;
  for (std::int64_t i = 0; i < steps; i += stride)
    kv_part += detail::generation_ms(w, sys, tokens, wl.isl + i + 1, detail::kv_dependent) *
               double(std::min<std::int64_t>(stride, steps - i));
  return detail::generation_ms(w, sys, tokens, wl.isl + 1, detail::kv_independent) * double(steps) + kv_part;
}

/// Memory verdict of a worker against the GPU and the engine's KV budget.
struct memory_verdict {
  double total = 0;
  bool oom = false;     // the whole footprint does not fit
  bool kv_oom = false;  // it fits, but the KV cache exceeds the engine's budget
  bool fits() const { return !oom && !kv_oom; }
};

inline memory_verdict judge(const detail::memory_use& m, const cost::gpu_system& sys, const kv_budget_rule& rule) {
  memory_verdict v;
  v.total = m.total();
  v.oom = v.total >= sys.mem_capacity;
  v.kv_oom = !v.oom && m.kv_cache > rule.budget(sys.mem_capacity, v.total - m.kv_cache);
  return v;
}

/// An aggregated point as the reference's run_agg prices it.
struct agg_price {
  point p{};
  memory_verdict memory{};
};

inline agg_price price_agg(const detail::worker& w, const layout& par, const cost::gpu_system& sys, const workload& wl,
                           const backend_policy& pol, int layers, std::int64_t b, std::int64_t ctx) {
  const std::int64_t isl = wl.isl, osl = wl.osl;
  const double decode_iterations = 1.0 + double(osl - 1) / wl.progress;
  const double steps_ctx = std::ceil(double(isl) * double(b) / double(ctx));
  double mix_steps = 0, genonly_steps = 0, tpot_mix_steps = 0;
  std::int64_t mix_gen = 0, genonly_batch = 0;
  if (b > 1) {
    mix_gen = std::int64_t(pol.mix_decode_requests(b, ctx, isl, decode_iterations));
    mix_steps = steps_ctx;
    if (steps_ctx >= decode_iterations) {
      tpot_mix_steps = mix_steps;
    } else {
      genonly_steps = decode_iterations - mix_steps;
      genonly_batch = b;
      tpot_mix_steps = pol.tpot_mix_steps(mix_steps);
    }
  } else {
    mix_steps = 1;
    genonly_steps = std::max(decode_iterations - 1.0, 0.0);
    genonly_batch = 1;
  }
  const double mix = mixed_step_ms(w, sys, wl, ctx, mix_gen);
  const double genonly = genonly_batch > 0 ? detail::generation_ms(w, sys, genonly_batch * (wl.nextn + 1),
                                                                   isl + osl / 2 + 1, detail::all_generation_ops)
                                           : 0.0;
  const double ttft =
      (mix * double(ceil_div(isl, ctx)) + pol.prefill_overhead_ms(layers)) * pol.ttft_queue_factor(b, steps_ctx);
  const double tpot_steps = tpot_mix_steps + genonly_steps;
  const double tpot = tpot_steps > 0 ? (mix * tpot_mix_steps + genonly * genonly_steps) / tpot_steps / wl.progress : 0;
  const double total = mix_steps * mix + genonly_steps * genonly;
  const double step_tput = total > 0 ? 1000.0 / total * double(b) * double(osl - 1) : 0.0;
  const int width = par.pp * par.dp;
  const double tput = pol.throughput_cap(step_tput, ttft, tpot, b, osl) * width;

  // Memory (reference _get_memory_usage): KV for b sequences of isl + osl tokens;
  // activations for TRT-LLM's 8192-token budget, else for the step's tokens.
  const std::int64_t ctx_requests = b > 1 ? ceil_div(ctx, isl) : 1;
  const std::int64_t gen_requests = b > 1 ? b - ctx_requests : 1;
  const std::int64_t step_tokens = b > 1 ? gen_requests + ctx : ctx;
  const auto scaled_memory = [&](std::int64_t tokens, bool whole_step_verifies) {
    detail::memory_use m = detail::memory(w, sys, b, isl + osl, tokens);
    if (wl.nextn > 0) {
      if (whole_step_verifies) {
        m.activations *= wl.nextn + 1;
      } else {  // only the decode share of a mixed step verifies nextn + 1 tokens
        const double d = double(std::clamp<std::int64_t>(b > 1 ? gen_requests : 0, 0, tokens));
        m.activations = m.activations * (double(tokens) - d + d * (wl.nextn + 1)) / double(tokens);
      }
    }
    return m;
  };
  detail::memory_use mem = pol.activations_from_engine_budget() ? scaled_memory(knobs::trtllm_max_num_tokens, true)
                                                                : scaled_memory(step_tokens, false);
  if (b == 1 && !pol.activations_from_engine_budget()) {
    const detail::memory_use decode_mem = scaled_memory(gen_requests, true);
    if (decode_mem.total() > mem.total()) mem = decode_mem;
  }

  agg_price r;
  r.memory = judge(mem, sys, pol.agg_kv_rule());
  point& p = r.p;
  p.kind = mode::agg;
  p.gpus = par.gpus();
  p.agg = {par, b, 1, mem.total()};
  p.ctx_tokens = ctx;
  p.ttft_ms = ttft;
  p.tpot_ms = tpot;
  p.request_latency_ms = ttft + tpot * double(osl - 1);
  p.tokens_per_s = tput;
  p.seq_per_s = tput / double(osl - 1);
  p.tokens_per_s_per_replica_gpu = tput / double(par.gpus());
  p.tokens_per_s_per_user = tpot > 0 ? 1000.0 / tpot : 0.0;
  p.concurrency = b * width;
  return r;
}

/// A prefill or decode worker candidate (the reference's run_static rows, rounded
/// to 3 decimals as it ranks them).
struct worker_row {
  layout par{};
  std::int64_t batch = 0;
  double ttft_ms = 0;  // prefill: one pass x 1.1 (decode: 0)
  double tpot_ms = 0;  // decode: all steps x 1.08 / (osl - 1) (prefill: 0)
  double seq_per_s = 0;
  double seq_per_s_per_gpu = 0;
  double tokens_per_s_per_user = 0;
  double memory_bytes = 0;
  memory_verdict memory{};
  double kv_bytes_isl = 0;  // KV of one request's isl tokens on one GPU
  int gpus() const { return par.gpus(); }
  std::int64_t global_batch() const { return batch * par.dp; }
};

inline worker_row price_prefill(const detail::worker& w, const layout& par, const cost::gpu_system& sys,
                                const workload& wl, const backend_policy& pol, std::int64_t b) {
  worker_row r;
  r.par = par;
  r.batch = b;
  const double ttft = detail::context_ms(w, sys, b, wl.isl - wl.prefix, wl.prefix, detail::all_context_ops) *
                      knobs::prefill_latency_correction;
  const double seq = double(b * par.dp) / ttft * 1000.0 * par.pp;
  r.ttft_ms = round3(ttft);
  r.seq_per_s = round3(seq);
  r.seq_per_s_per_gpu = round3(seq / double(par.gpus()));
  // A prefill-only step: KV for isl + 1 tokens, activations for its b (isl - prefix)
  // tokens; no decode share, so MTP does not scale them.
  const detail::memory_use m = detail::memory(w, sys, b, wl.isl + 1, b * (wl.isl - wl.prefix));
  r.memory = judge(m, sys, pol.static_kv_rule(sys, par.tp, par.pp, par.dp));
  r.memory_bytes = m.total();
  r.kv_bytes_isl = detail::kv_bytes_per_sequence(w, wl.isl);
  return r;
}

inline worker_row price_decode(const detail::worker& w, const layout& par, const cost::gpu_system& sys,
                               const workload& wl, const backend_policy& pol, std::int64_t b) {
  worker_row r;
  r.par = par;
  r.batch = b;
  const double generation = decode_phase_ms(w, sys, wl, b) * knobs::decode_latency_correction;
  const double steps = double(wl.osl - 1);
  const double tpot = generation / steps;
  const double seq = double(b * par.dp) / (tpot * steps) * 1000.0 * par.pp;
  r.tpot_ms = round3(tpot);
  r.seq_per_s = round3(seq);
  r.seq_per_s_per_gpu = round3(seq / double(par.gpus()));
  r.tokens_per_s_per_user = round3(1000.0 / tpot);
  if (wl.speculative()) {  // SpeculativeDecodingProfile.project_summary, then rounded again
    r.tpot_ms = round3(r.tpot_ms / wl.progress);
    r.seq_per_s = round3(r.seq_per_s * wl.progress);
    r.seq_per_s_per_gpu = round3(r.seq_per_s_per_gpu * wl.progress);
    r.tokens_per_s_per_user = round3(r.tokens_per_s_per_user * wl.progress);
  }
  // Every decode token verifies nextn + 1 tokens: activations scale by it.
  detail::memory_use m = detail::memory(w, sys, b, wl.isl + wl.osl, b);
  m.activations *= wl.nextn + 1;
  r.memory = judge(m, sys, pol.static_kv_rule(sys, par.tp, par.pp, par.dp));
  r.memory_bytes = m.total();
  r.kv_bytes_isl = detail::kv_bytes_per_sequence(w, wl.isl);
  return r;
}

}  // namespace strata::sweep
