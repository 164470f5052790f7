#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/quant.hpp"
#include "strata/cost/roofline.hpp"
#include "strata/ops/op_name.hpp"

namespace strata::ops {

/// Matmul with M = tokens at run time, N = `n` output features and K = `k`
/// reduction features on this rank. Column-parallel GEMMs have n = out/tp, k = hidden;
/// row-parallel ones n = hidden, k = in/tp.
struct gemm {
  static constexpr std::string_view class_name = "GEMM";
  op_name name{};
  double scale_factor = 0;
  std::int64_t n = 0;
  std::int64_t k = 0;
  gemm_quant quant = gemm_quant::bfloat16;
  bool low_precision_input = false;
  /// The matrix is the token embedding's (tied input and output embeddings): the
  /// GEMM reads it but holds no weights of its own.
  bool tied = false;
  /// A bf16 bias of `n` elements (kept unquantized by every checkpoint format).
  bool bias = false;
  int scale_num_tokens = 1;
  /// Bytes per weight a group-quantized checkpoint stores beside the packed weights
  /// (its scales and zero points, `group_scales::per_weight`); 0 for the fixed-byte
  /// modes. A float keeps the op as small as before (every op is priced per step).
  float scale_bytes = 0;

  /// The matrix, its scales and its bias.
  constexpr double matrix_bytes() const {
    return double(n) * double(k) * (bytes_per_element(quant) + scale_bytes) + (bias ? 2.0 * double(n) : 0.0);
  }
  constexpr double weight_bytes() const { return tied ? 0.0 : matrix_bytes(); }
  /// m = floor(x / scale_num_tokens) tokens (no context-parallel split here).
  constexpr std::int64_t rows(std::int64_t x) const { return x / scale_num_tokens; }
  constexpr double flops(std::int64_t x) const { return 2.0 * double(rows(x)) * double(n) * double(k); }
  constexpr double bytes(std::int64_t x) const {
    const double m = double(rows(x));
    return bytes_per_element(quant) * (m * double(n) + m * double(k) + double(n) * double(k)) +
           double(scale_bytes) * double(n) * double(k);
  }
  /// In SOL mode fp8_static's activation-scaling savings floor at the plain GEMM
  /// roofline, so every mode is max(math, memory) of the same shape.
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {cost::detail::ms(flops(q.x), sys.flops(compute_of(quant))), cost::detail::mem_ms(bytes(q.x), sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("n", n);
    f("k", k);
    f("quant_mode", quant);
    f("low_precision_input", low_precision_input);
    f("scale_num_tokens", scale_num_tokens);
  }
  std::string describe() const {
    std::string s = "n " + std::to_string(n) + "  k " + std::to_string(k) + "  " + std::string(strata::name(quant));
    if (scale_bytes > 0) s += " +" + std::to_string(scale_bytes).substr(0, 6) + " B/w scales";
    if (tied) s += "  (tied to the embedding)";
    return s;
  }
};

}  // namespace strata::ops
