#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "strata/core/quant.hpp"
#include "strata/ops/op_name.hpp"

namespace strata::ops {

/// Prefill attention over (batch b, new tokens s, cached prefix p): `n` query heads
/// and `n_kv` KV heads on this rank, `window_size` > 0 for sliding/chunked layers.
struct context_attention {
  static constexpr std::string_view class_name = "ContextAttention";
  op_name name{};
  double scale_factor = 0;
  int n = 0;
  int n_kv = 0;
  kv_quant kv = kv_quant::bfloat16;
  fmha_quant fmha = fmha_quant::bfloat16;
  int window_size = 0;
  int head_size = 128;
  bool use_qk_norm = false;

  constexpr double weight_bytes() const { return 0; }

  /// Causal attention FLOPs (the reference's exact integer expressions).
  constexpr double flops(std::int64_t b, std::int64_t s, std::int64_t prefix) const {
    const std::int64_t full = s + prefix;
    const double nh = double(n) * double(head_size);
    if (window_size > 0 && full > window_size)
      return 4.0 * double(b) * double(full - prefix) * double(window_size) * nh;
    return 2.0 * double(b) * (double(full) * double(full) - double(prefix) * double(prefix)) * nh;
  }
  /// Q/O traffic of the new tokens plus the whole K/V read.
  constexpr double bytes(std::int64_t b, std::int64_t s, std::int64_t prefix) const {
    const std::int64_t full = s + prefix;
    return 2.0 * double(b) * (2.0 * n * double(full - prefix) * head_size) +
           bytes_per_element(kv) * double(b) * 2.0 * n_kv * double(full) * head_size;
  }
  /// Fused per-call extras (rope, KV write, qk-norm), each a separate memory pass of
  /// one token's Q/K/V: their byte counts in the order the reference adds them.
  struct extras {
    double rope, k_write, v_write, q_norm, k_norm;
  };
  constexpr extras extra_bytes() const {
    const double q = double(n) * head_size;
    const double k = double(n_kv) * head_size;
    const double f = bytes_per_element(fmha);
    return {2 * (q + k), k * f, k * f, use_qk_norm ? 2 * q : 0.0, use_qk_norm ? 2 * k : 0.0};
  }
};

/// One decode step's attention for batch b at KV length s (including the new token).
struct generation_attention {
  static constexpr std::string_view class_name = "GenerationAttention";
  op_name name{};
  double scale_factor = 0;
  int n = 0;
  int n_kv = 0;
  kv_quant kv = kv_quant::bfloat16;
  int window_size = 0;
  int head_size = 128;
  bool use_qk_norm = false;  // accepted and ignored, as in the reference

  constexpr double weight_bytes() const { return 0; }
  constexpr std::int64_t attended(std::int64_t s) const {
    return window_size > 0 ? std::min<std::int64_t>(s - 1, window_size) : s - 1;
  }
  constexpr double flops(std::int64_t b, std::int64_t s) const {
    return 4.0 * double(b) * n * head_size * double(attended(s));
  }
  constexpr double bytes(std::int64_t b, std::int64_t s) const {
    const double nh = double(n) * head_size;
    return double(b) * (2 * nh + 2.0 * n_kv * double(attended(s)) * head_size * bytes_per_element(kv) + 2 * nh);
  }
};

}  // namespace strata::ops
