// The sweep's only door into the model layer. Everything else under
// strata/sweep/ prices, picks and prints through the functions here, which take
// and return plain values (ints, doubles, a `worker` built once per layout), so a
// new model layer changes this header and nothing else.
//
// Model-layer names used below (all of them): any_model (copy, id, family, layers,
// is_moe, resolve, ops, kv_bytes_per_sequence, memory), model_config (tp, pp,
// attention_dp, moe_tp, moe_ep set per layout) and resolved_config (passed back),
// phase, op_list (logits flags) / op (name_of(op) == "context_attention" /
// "generation_attention", reads_sequence), cost::latency_ms with op_query{x, batch,
// s, prefix}, cost::weights_per_gpu, cost::memory (its memory_breakdown fields), and
// invalid_input for a rejected layout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "strata/core/config.hpp"
#include "strata/cost/estimate.hpp"
#include "strata/cost/memory.hpp"
#include "strata/cost/system.hpp"
#include "strata/runtime/any_model.hpp"

namespace strata::sweep::detail {

/// Plain facts of a model the sweep reads.
struct model_facts {
  std::string id;
  std::string family;  // the reference's family name (LLAMA, MOE, ...)
  bool is_moe = false;
  int layers = 0;
};

inline model_facts facts(const any_model& m) { return {m.id(), std::string(m.family()), m.is_moe(), m.layers()}; }

/// A model resolved on one parallel layout with its op lists built once: every
/// batch size, context budget and KV length of that layout is priced from it.
class worker {
 public:
  worker(const any_model& m, const resolved_config& c)
      : model_(m), config_(c), context_(m.ops(phase::context, c)), generation_(m.ops(phase::generation, c)) {
    for (std::size_t i = 0; i < context_.size(); ++i) {
      const op& o = context_[i];
      // The reference's mixed step separates attention by exact op name
      // (engine/runtime.rs `is_context_attention`: name == "context_attention").
      (name_of(o) == "context_attention" ? context_attention_ : context_other_).push_back(i);
      logits_.push_back(context_.logits(i));
    }
    for (std::size_t i = 0; i < generation_.size(); ++i) {
      const op& o = generation_[i];
      if (name_of(o) == "generation_attention") generation_attention_.push_back(i);
      // Only attention-like ops (and composites holding one) read the KV length; every
      // other decode op sees x tokens.
      (reads_sequence(generation_, o) ? generation_kv_ : generation_fixed_).push_back(i);
    }
    weights_per_gpu_ = cost::weights_per_gpu(context_, config_);
  }

  const any_model& model() const { return model_; }
  const resolved_config& config() const { return config_; }
  const op_list& context_ops() const { return context_; }
  const op_list& generation_ops() const { return generation_; }
  double weights_per_gpu() const { return weights_per_gpu_; }

 private:
  friend double context_ms(const worker&, const cost::gpu_system&, std::int64_t, std::int64_t, std::int64_t, int);
  friend double generation_ms(const worker&, const cost::gpu_system&, std::int64_t, std::int64_t, int);
  any_model model_;
  resolved_config config_;
  op_list context_, generation_;
  std::vector<std::size_t> context_attention_, context_other_, generation_attention_, generation_kv_, generation_fixed_;
  std::vector<bool> logits_;
  double weights_per_gpu_ = 0;
};

/// The model on layout (tp, pp, dp, moe_tp, moe_ep) with the user's fixed choices
/// (`base`: backend, MTP, quant modes); nullopt when the model rejects the layout
/// (heads or experts not divisible, ...), the reason in `why`.
inline std::optional<worker> make_worker(const any_model& m, model_config base, int tp, int pp, int dp, int moe_tp,
                                         int moe_ep, std::string* why = nullptr) {
  base.tp = tp;
  base.pp = pp;
  base.attention_dp = dp;
  if (m.is_moe()) {
    base.moe_tp = moe_tp;
    base.moe_ep = moe_ep;
  } else {
    base.moe_tp.reset();
    base.moe_ep.reset();
  }
  try {
    return worker(m, m.resolve(base));
  } catch (const invalid_input& e) {
    if (why) *why = e.what();
    return std::nullopt;
  }
}

/// Which context ops a pass prices (reference engine/runtime.rs ContextOpFilter).
enum context_ops_filter : int { all_context_ops, all_but_context_attention, only_context_attention };
/// Which decode ops a pass prices: all; only ops named `generation_attention`
/// (the mixed step's pass 3); the ops that do not / do read the KV length.
enum generation_ops_filter : int { all_generation_ops, only_generation_attention, kv_independent, kv_dependent };

/// Sum of SOL latencies of the selected context ops for `batch` requests of `s` new
/// tokens after `prefix` cached ones: token-major ops see x = batch * s, the logits
/// GEMM x = batch (reference §4.2).
inline double context_ms(const worker& w, const cost::gpu_system& sys, std::int64_t batch, std::int64_t s,
                         std::int64_t prefix, int filter) {
  const auto price = [&](std::size_t i) {
    const op_query q{w.logits_[i] ? batch : batch * s, batch, s, prefix};
    return cost::latency_ms(w.context_, w.context_[i], q, sys);
  };
  double sum = 0;
  if (filter == all_context_ops) {
    for (std::size_t i = 0; i < w.context_.size(); ++i) sum += price(i);
  } else {
    for (std::size_t i : filter == only_context_attention ? w.context_attention_ : w.context_other_) sum += price(i);
  }
  return sum;
}

/// Sum of SOL latencies of the selected decode ops for `tokens` query tokens
/// (batch * (nextn + 1)) at KV length `kv_len` (reference §4.3).
inline double generation_ms(const worker& w, const cost::gpu_system& sys, std::int64_t tokens, std::int64_t kv_len,
                            int filter) {
  const op_query q{tokens, tokens, kv_len, 0};
  double sum = 0;
  if (filter == all_generation_ops) {
    for (const op& o : w.generation_) sum += cost::latency_ms(w.generation_, o, q, sys);
    return sum;
  }
  const auto& pick = filter == only_generation_attention ? w.generation_attention_
                     : filter == kv_dependent            ? w.generation_kv_
                                                         : w.generation_fixed_;
  for (std::size_t i : pick) sum += cost::latency_ms(w.generation_, w.generation_[i], q, sys);
  return sum;
}

/// KV-cache bytes one sequence of `tokens` tokens holds on one GPU of the layout,
/// per layer type (sliding layers cap at their window, ...).
inline double kv_bytes_per_sequence(const worker& w, std::int64_t tokens) {
  return w.model().kv_bytes_per_sequence(tokens, w.config());
}

/// Per-GPU memory, bytes: the model layer's memory model (reference §8).
struct memory_use {
  double weights = 0, kv_cache = 0, activations = 0, nccl = 0, other = 0;
  double total() const { return weights + kv_cache + activations + nccl + other; }
};

/// `batch` sequences of `kv_tokens` tokens each, a step of `activation_tokens` tokens.
inline memory_use memory(const worker& w, const cost::gpu_system& sys, std::int64_t batch, std::int64_t kv_tokens,
                         std::int64_t activation_tokens) {
  const auto m = cost::memory(w.model().memory(), w.config(), sys, w.weights_per_gpu(),
                              kv_bytes_per_sequence(w, kv_tokens), batch, activation_tokens);
  return {m.weights, m.kv_cache, m.activations, m.nccl, m.other};
}

}  // namespace strata::sweep::detail
