// Grouped-query (or multi-head) attention, optionally over a sliding window or a
// local chunk: the q/k/v projection, the attention kernel and the output
// projection, and a KV cache of `window` tokens at most.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/model/emitter.hpp"

namespace strata::mixers {

struct gqa {
  static constexpr std::string_view kind = "attention";
  int heads = 0;
  int kv_heads = 0;
  int head_dim = 0;    // Q/K head size
  int v_head_dim = 0;  // 0: head_dim
  /// Sliding-window (or chunked-local) span: attends to and keeps at most this many
  /// tokens; 0 = full attention.
  int window = 0;
  bool qk_norm = false;  // per-head RMS norm of q and k (Qwen3)
  /// An output gate projected with q (Qwen3.5's attn_output_gate): the q slice of the
  /// fused projection is twice as wide.
  bool output_gate = false;
  /// V is the K projection's output (Gemma-4's attention_k_eq_v global layers): no V
  /// projection, but K (normed, rotated) and V (normed) are still cached apart.
  bool k_eq_v = false;
  bool qkv_bias = false;  // the q/k/v projection carries a bias (Qwen2, GLM-4.5, Phi-2, ...)
  bool o_bias = false;    // the output projection carries a bias

  constexpr int v_dim() const { return v_head_dim ? v_head_dim : head_dim; }
  /// KV heads one GPU holds: ceil(kv / tp); KV heads are replicated when tp > kv.
  constexpr int kv_per_gpu(int tp) const { return (kv_heads + tp - 1) / tp; }
  constexpr std::int64_t qkv_width(int tp) const {
    return std::int64_t(heads) * head_dim / tp * (output_gate ? 2 : 1) +
           std::int64_t(kv_per_gpu(tp)) * (head_dim + (k_eq_v ? 0 : v_dim()));
  }
  constexpr std::int64_t proj_in(int tp) const { return std::int64_t(heads) * v_dim() / tp; }

  constexpr void validate(std::string_view where) const {
    if (heads < 1 || kv_heads < 1 || head_dim < 1 || v_dim() < 1 || window < 0)
      detail::invalid(std::string(where) + ": attention needs positive heads, KV heads and head sizes");
    // Each KV head serves a whole group of query heads (GQA's repeat of K and V).
    if (heads % kv_heads != 0)
      detail::invalid(std::string(where) + ": " + detail::str(heads) + " attention heads do not split into " +
                      detail::str(kv_heads) + " KV-head groups: expected a divisor of " + detail::str(heads) +
                      " as num_key_value_heads");
  }
  constexpr void check(const resolved_config& c) const {
    if (heads % c.tp != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " does not divide the " + detail::str(heads) +
                      (window > 0 ? " sliding-window" : "") + " attention heads: expected a divisor of " +
                      detail::str(heads));
    // vLLM, SGLang and TRT-LLM split KV heads over tp when tp divides them and
    // replicate each on tp / kv GPUs when kv divides tp; anything else they refuse.
    if (kv_heads % c.tp != 0 && c.tp % kv_heads != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " and the " + detail::str(kv_heads) +
                      " KV heads: neither divides the other, so the KV heads can be neither split nor replicated "
                      "evenly; expected a divisor or a multiple of " + detail::str(kv_heads));
  }
  /// KV-cache bytes one sequence of `tokens` keeps in ONE such layer on one GPU.
  constexpr double cache_bytes(std::int64_t tokens, const resolved_config& c) const {
    tokens = std::max<std::int64_t>(tokens, 0);
    const std::int64_t held = window > 0 ? std::min<std::int64_t>(tokens, window) : tokens;
    return double(kv_per_gpu(c.tp)) * double(head_dim + v_dim()) * bytes_per_element(c.kv) * double(held);
  }

  constexpr ops::gemm qkv_gemm(op_name name, double scale, std::int64_t hidden, const resolved_config& c) const {
    return {.name = name, .scale_factor = scale, .n = qkv_width(c.tp), .k = hidden, .quant = c.gemm, .bias = qkv_bias};
  }
  constexpr ops::gemm proj_gemm(op_name name, double scale, std::int64_t hidden, const resolved_config& c) const {
    return {.name = name,
            .scale_factor = scale,
            .n = hidden,
            .k = proj_in(c.tp),
            .quant = c.gemm,
            .low_precision_input = true,
            .bias = o_bias};
  }
  /// The attention kernel of `count` such layers.
  constexpr void kernel(emitter& e, op_name name, double count) const {
    const resolved_config& c = e.config();
    if (e.context())
      e.add(ops::context_attention{.name = name,
                                   .scale_factor = e.scale(count),
                                   .n = heads / c.tp,
                                   .n_kv = kv_per_gpu(c.tp),
                                   .kv = c.kv,
                                   .fmha = c.fmha,
                                   .window_size = window,
                                   .head_size = head_dim,
                                   .use_qk_norm = qk_norm});
    else
      e.add(ops::generation_attention{.name = name,
                                      .scale_factor = e.scale(count),
                                      .n = heads / c.tp,
                                      .n_kv = kv_per_gpu(c.tp),
                                      .kv = c.kv,
                                      .window_size = window,
                                      .head_size = head_dim,
                                      .use_qk_norm = qk_norm});
  }

  std::string describe() const {
    std::string s = (window > 0 ? "sliding-window attention " : "attention ") + std::to_string(heads) + "/" +
                    std::to_string(kv_heads) + " heads of " + std::to_string(head_dim);
    if (v_dim() != head_dim) s += "/" + std::to_string(v_dim());
    if (window > 0) s += ", window " + std::to_string(window);
    if (output_gate) s += ", output gate";
    if (k_eq_v) s += ", V = K";
    return s;
  }
  constexpr int window_tokens() const { return window; }
  constexpr std::string_view key() const { return window > 0 ? "sliding" : "full"; }
  constexpr bool operator==(const gqa&) const = default;
};

}  // namespace strata::mixers
