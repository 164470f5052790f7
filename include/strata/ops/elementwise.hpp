#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/cost/roofline.hpp"
#include "strata/ops/op_name.hpp"

namespace strata::ops {

/// A bf16 read of `dim_in` and write of `dim_out` elements per token (norms,
/// activations). No weights.
struct elementwise {
  static constexpr std::string_view class_name = "ElementWise";
  op_name name{};
  double scale_factor = 0;
  std::int64_t dim_in = 0;
  std::int64_t dim_out = 0;
  int scale_num_tokens = 1;

  constexpr double weight_bytes() const { return 0; }
  constexpr double bytes(std::int64_t x) const {
    return double(x / scale_num_tokens) * (2.0 * double(dim_in) + 2.0 * double(dim_out));
  }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {0, cost::detail::mem_ms(bytes(q.x), sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("dim_in", dim_in);
    f("dim_out", dim_out);
    f("scale_num_tokens", scale_num_tokens);
  }
  std::string describe() const { return "in " + std::to_string(dim_in) + "  out " + std::to_string(dim_out); }
};

/// Token embedding lookup: `row_size` vocabulary rows on this rank, `column_size`
/// = hidden, bf16. Only the touched rows are read.
struct embedding {
  static constexpr std::string_view class_name = "Embedding";
  op_name name{};
  double scale_factor = 0;
  std::int64_t row_size = 0;
  std::int64_t column_size = 0;

  constexpr double weight_bytes() const { return double(row_size) * double(column_size) * 2.0; }
  constexpr double bytes(std::int64_t x) const { return 2.0 * double(x) * double(column_size); }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {0, cost::detail::mem_ms(bytes(q.x), sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("row_size", row_size);
    f("column_size", column_size);
  }
  std::string describe() const { return "rows " + std::to_string(row_size) + "  cols " + std::to_string(column_size); }
};

}  // namespace strata::ops
