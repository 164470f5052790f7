#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/quant.hpp"
#include "strata/cost/roofline.hpp"
#include "strata/ops/op_name.hpp"

namespace strata::ops {

inline std::string describe_attention(int n, int n_kv, int head_size, int window, kv_quant kv) {
  return "heads " + std::to_string(n) + "/" + std::to_string(n_kv) + "  d " + std::to_string(head_size) +
         (window ? "  window " + std::to_string(window) : std::string("  full")) + "  kv " +
         std::string(strata::name(kv));
}

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
  /// one token's Q/K/V, added in the order the reference adds them (not token-scaled).
  constexpr double extras_ms(const cost::gpu_system& sys) const {
    const double q = double(n) * head_size;
    const double k = double(n_kv) * head_size;
    const double f = bytes_per_element(fmha);
    const auto m = [&](double bytes) { return cost::detail::mem_ms(bytes, sys); };
    double extra = 2 * m(2 * (q + k)) + (m(k * f) + m(k * f));
    if (use_qk_norm) extra += 2 * (2 * m(2 * q) + 2 * m(2 * k));
    return 1.1 * extra;
  }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {cost::detail::ms(flops(q.batch, q.s, q.prefix), sys.flops(compute_of(fmha))),
            cost::detail::mem_ms(bytes(q.batch, q.s, q.prefix), sys), extras_ms(sys)};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("n", n);
    f("n_kv", n_kv);
    f("head_size", head_size);
    f("window_size", window_size);
    f("kvcache_quant_mode", kv);
    f("fmha_quant_mode", fmha);
    f("use_qk_norm", use_qk_norm);
  }
  std::string describe() const { return describe_attention(n, n_kv, head_size, window_size, kv); }
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
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {cost::detail::ms(flops(q.batch, q.s), sys.flops(cost::detail::decode_attention_dtype(kv, sys))),
            cost::detail::mem_ms(bytes(q.batch, q.s), sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("n", n);
    f("n_kv", n_kv);
    f("head_size", head_size);
    f("window_size", window_size);
    f("kvcache_quant_mode", kv);
    f("kv_cache_dtype", kv);
    f("use_qk_norm", use_qk_norm);
  }
  std::string describe() const { return describe_attention(n, n_kv, head_size, window_size, kv); }
};

/// A vision encoder's attention over (batch b of images, s patches each): bidirectional
/// multi-head attention over each image's patches, no KV cache (reference §5.3).
struct encoder_attention {
  static constexpr std::string_view class_name = "EncoderAttention";
  op_name name{};
  double scale_factor = 0;
  int n = 0;  // heads on this rank
  int head_size = 0;
  fmha_quant fmha = fmha_quant::bfloat16;

  constexpr double weight_bytes() const { return 0; }
  /// Non-causal: all s x s scores, for Q K^T and for P V (2 FLOPs a multiply-add).
  constexpr double flops(std::int64_t b, std::int64_t s) const {
    return 2.0 * double(b) * double(s) * double(s) * double(n) * double(head_size) * 2.0;
  }
  /// Q, K and V read and the output written, bf16.
  constexpr double bytes(std::int64_t b, std::int64_t s) const {
    const double nsh = double(n) * double(s) * double(head_size);
    return 2.0 * double(b) * (3.0 * nsh + nsh);
  }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {cost::detail::ms(flops(q.batch, q.s), sys.flops(compute_of(fmha))),
            cost::detail::mem_ms(bytes(q.batch, q.s), sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("n", n);
    f("head_size", head_size);
    f("fmha_quant_mode", fmha);
  }
  std::string describe() const {
    return "heads " + std::to_string(n) + "  d " + std::to_string(head_size) + "  bidirectional";
  }
};

}  // namespace strata::ops
