// Speed-of-light (roofline) latency of every op on a GPU system: each leaf op's
// max(math, memory) (its own `sol`, reference/SOL.md) times its scale factor;
// composites price their children.
#pragma once

#include <algorithm>
#include <span>
#include <variant>

#include "strata/cost/roofline.hpp"
#include "strata/ops/op.hpp"

namespace strata::cost {

/// Scaled SOL latency of a leaf op, in milliseconds.
constexpr double leaf_latency_ms(const op& o, const op_query& q, const gpu_system& sys) {
  return std::visit(
      [&](const auto& x) -> double {
        if constexpr (is_composite_v<std::remove_cvref_t<decltype(x)>>)
          throw invalid_input("strata: a composite op is priced through its op list (cost::latency_ms)");
        else
          return x.sol(q, sys).latency_ms() * x.scale_factor;
      },
      o);
}

/// Scaled SOL latency of a top-level op of `l`: an overlap counts its slower group, a
/// fallback its primary (which speed-of-light mode can always price).
constexpr double latency_ms(const op_list& l, const op& o, const op_query& q, const gpu_system& sys) {
  return std::visit(
      [&](const auto& x) -> double {
        using T = std::remove_cvref_t<decltype(x)>;
        if constexpr (std::is_same_v<T, ops::overlap>) {
          const auto sum = [&](std::span<const op> ops) {
            double s = 0;
            for (const auto& c : ops) s += leaf_latency_ms(c, q, sys);
            return s;
          };
          return std::max(sum(l.group_a(o)), sum(l.group_b(o))) * x.scale_factor;
        } else if constexpr (std::is_same_v<T, ops::fallback>) {
          return leaf_latency_ms(l.primary(o), q, sys) * x.scale_factor;
        } else {
          return x.sol(q, sys).latency_ms() * x.scale_factor;
        }
      },
      o);
}

}  // namespace strata::cost
