#pragma once

#include <cstdint>
#include <string_view>

#include "strata/core/quant.hpp"
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
  int scale_num_tokens = 1;

  constexpr double weight_bytes() const { return double(n) * double(k) * bytes_per_element(quant); }
  /// m = floor(x / scale_num_tokens) tokens (no context-parallel split here).
  constexpr std::int64_t rows(std::int64_t x) const { return x / scale_num_tokens; }
  constexpr double flops(std::int64_t x) const { return 2.0 * double(rows(x)) * double(n) * double(k); }
  constexpr double bytes(std::int64_t x) const {
    const double m = double(rows(x));
    return bytes_per_element(quant) * (m * double(n) + m * double(k) + double(n) * double(k));
  }
};

}  // namespace strata::ops
