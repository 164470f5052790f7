// Composite ops: headers in an op list whose children follow them directly.
//   overlap  : two op sequences on two streams; a step counts the slower one.
//   fallback : a primary op and the granular ops that replace it when it cannot be
//              priced; in speed-of-light mode the primary always can.
// Their cost depends on their children, so the op list prices them (op.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/ops/op_name.hpp"

namespace strata::ops {

struct overlap {
  static constexpr std::string_view class_name = "OverlapOp";
  op_name name{};
  double scale_factor = 1;
  std::uint8_t group_a = 0;  // children [0, group_a) run on one stream,
  std::uint8_t group_b = 0;  // [group_a, group_a + group_b) on the other

  constexpr std::size_t children() const { return std::size_t(group_a) + group_b; }
  template <class F>
  constexpr void fields(F&&) const {}
  std::string describe() const {
    return "max of " + std::to_string(group_a) + " ops || " + std::to_string(group_b) + " ops";
  }
};

struct fallback {
  static constexpr std::string_view class_name = "FallbackOp";
  op_name name{};
  double scale_factor = 1;
  std::uint8_t fallbacks = 0;  // children: the primary, then this many fallback ops

  constexpr std::size_t children() const { return std::size_t(fallbacks) + 1; }
  template <class F>
  constexpr void fields(F&&) const {}
  std::string describe() const { return "primary, else " + std::to_string(fallbacks) + " granular ops"; }
};

}  // namespace strata::ops
