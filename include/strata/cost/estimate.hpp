// Step and request estimates with the reference's step semantics
// (reference/aic-model-layer.md §4): what each op is asked in a prefill or decode
// step, the per-op SOL latencies and their sums.
#pragma once

#include <cstdint>
#include <string>

#include "strata/core/small_vector.hpp"
#include "strata/cost/sol.hpp"

namespace strata::cost {

struct step_result {
  double total_ms = 0;
  small_vector<double, max_ops_per_phase> op_ms{};  // one per top-level op, in op-list order
};

inline constexpr std::int64_t max_step_batch = 1 << 20;
inline constexpr std::int64_t max_sequence = std::int64_t(1) << 26;

constexpr void check_step(std::int64_t batch, const char* what, std::int64_t len) {
  if (batch < 1 || batch > max_step_batch)
    strata::detail::invalid("batch = " + strata::detail::str(batch) + ": expected an integer from 1 to " +
                            strata::detail::str(max_step_batch));
  if (len < 1 || len > max_sequence)
    strata::detail::invalid(std::string(what) + " = " + strata::detail::str(len) + ": expected an integer from 1 to " +
                            strata::detail::str(max_sequence));
}

constexpr void check_phase(const op_list& ops, phase expected) {
  if (ops.phase() != expected)
    strata::detail::invalid("a " + std::string(name(expected)) + " step needs the " + std::string(name(expected)) +
                            " op list, got the " + std::string(name(ops.phase())) + " one");
}

/// Prefill of `batch` requests of `isl` tokens of which `prefix` are already cached:
/// token-major ops see x = batch * (isl - prefix), the logits GEMM only the last
/// token of each request (x = batch), attention (batch, isl - prefix, prefix).
constexpr step_result context_step(const op_list& ops, const gpu_system& sys, std::int64_t batch, std::int64_t isl,
                                   std::int64_t prefix = 0) {
  check_phase(ops, phase::context);
  check_step(batch, "isl", isl);
  if (prefix < 0 || prefix >= isl)
    strata::detail::invalid("prefix = " + strata::detail::str(prefix) + ": expected 0 <= prefix < isl = " +
                            strata::detail::str(isl));
  const std::int64_t s = isl - prefix;
  step_result r;
  const op* all = ops.all().data();
  const std::span<const op_list::top_entry> top = ops.top();
  r.op_ms.resize_for_overwrite(top.size());
  double* out = r.op_ms.data();
  double total = 0;  // a local: `out` could alias r.total_ms as far as the compiler knows
  for (std::size_t i = 0; i < top.size(); ++i) {
    const op_query q{top[i].logits() ? batch : batch * s, batch, s, prefix};
    const double t = latency_ms(ops, all[top[i].index()], q, sys);
    out[i] = t;
    total += t;
  }
  r.total_ms = total;
  return r;
}

/// One decode step of `batch` requests at KV length `kv_len` (including the new
/// token); with MTP (the op list's nextn) each request verifies nextn + 1 tokens, so
/// ops see batch * (nextn + 1) tokens.
constexpr step_result generation_step(const op_list& ops, const gpu_system& sys, std::int64_t batch,
                                      std::int64_t kv_len) {
  check_phase(ops, phase::generation);
  check_step(batch, "kv length", kv_len);
  const std::int64_t b = batch * (ops.nextn() + 1);
  step_result r;
  const op* all = ops.all().data();
  const std::span<const op_list::top_entry> top = ops.top();
  r.op_ms.resize_for_overwrite(top.size());
  double* out = r.op_ms.data();
  double total = 0;
  for (std::size_t i = 0; i < top.size(); ++i) {
    const double t = latency_ms(ops, all[top[i].index()], op_query{b, b, kv_len, 0}, sys);
    out[i] = t;
    total += t;
  }
  r.total_ms = total;
  return r;
}

/// Decode steps are priced every `stride` tokens and weighted by how many steps each
/// stands for (the reference's static-mode default is 32).
inline constexpr int default_decode_stride = 32;

/// A request prices at most this many decode steps (~0.2 s): beyond, a larger stride
/// gives the same answer to within a stride's share of the KV growth.
inline constexpr std::int64_t max_priced_decode_steps = std::int64_t(1) << 21;

struct request_result {
  double ttft_ms = 0;
  double generation_ms = 0;  // all decode steps
  double tpot_ms = 0;        // per output token after the first
  double latency_ms = 0;     // ttft + generation
};

/// A whole request: prefill, then osl - 1 decode steps priced every `stride` tokens.
/// With MTP (nextn > 0 in the generation op list) each step verifies nextn + 1 tokens
/// and, on average, `accepted` draft tokens are kept, so the decode time shrinks by
/// 1 + accepted (how the reference's upper layer applies acceptance).
constexpr request_result request(const op_list& context_ops, const op_list& generation_ops, const gpu_system& sys,
                                 std::int64_t batch, std::int64_t isl, std::int64_t osl, std::int64_t prefix = 0,
                                 int stride = default_decode_stride, double accepted = 0) {
  const int nextn = generation_ops.nextn();
  if (osl < 1)
    strata::detail::invalid("osl = " + strata::detail::str(osl) + ": expected at least 1 output token");
  if (!(accepted >= 0 && accepted <= nextn))
    strata::detail::invalid("accepted draft tokens = " + std::to_string(accepted) + ": expected 0 to nextn = " +
                            strata::detail::str(nextn));
  if (isl + osl > max_sequence)
    strata::detail::invalid("isl + osl = " + strata::detail::str(isl + osl) + " tokens: expected at most " +
                            strata::detail::str(max_sequence));
  if (stride < 1) strata::detail::invalid("stride = " + strata::detail::str(stride) + ": expected at least 1");
  if (const std::int64_t steps = (osl - 1 + stride - 1) / stride; steps > max_priced_decode_steps)
    strata::detail::invalid("osl = " + strata::detail::str(osl) + " priced every " + strata::detail::str(stride) +
                            " tokens is " + strata::detail::str(steps) + " decode steps: expected at most " +
                            strata::detail::str(max_priced_decode_steps) + " (a stride of at least " +
                            strata::detail::str((osl - 1 + max_priced_decode_steps - 1) / max_priced_decode_steps) +
                            ")");
  request_result r;
  r.ttft_ms = context_step(context_ops, sys, batch, isl, prefix).total_ms;
  for (std::int64_t i = 0; i < osl - 1; i += stride) {
    const std::int64_t repeat = std::min<std::int64_t>(stride, osl - 1 - i);
    r.generation_ms += generation_step(generation_ops, sys, batch, isl + i + 1).total_ms * double(repeat);
  }
  r.generation_ms /= 1.0 + accepted;
  r.tpot_ms = osl > 1 ? r.generation_ms / double(osl - 1) : 0.0;
  r.latency_ms = r.ttft_ms + r.generation_ms;
  return r;
}

}  // namespace strata::cost
