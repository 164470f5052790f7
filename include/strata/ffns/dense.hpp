// Dense FFNs: gated (SwiGLU: gate+up GEMM, activation, down GEMM) and plain (up,
// activation, down). Sharded by tp (or the divisor a family gives).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/model/emitter.hpp"
#include "strata/model/facts.hpp"

namespace strata::ffns {

/// Names of an FFN's three ops in a family's op list.
struct ffn_names {
  std::string_view up, act, down;
};

namespace detail {
constexpr void check_width(const char* what, std::int64_t width, int divisor, const char* divisor_name) {
  if (width % divisor != 0)
    strata::detail::invalid(std::string(divisor_name) + " = " + strata::detail::str(divisor) + " does not divide the " +
                            strata::detail::str(width) + "-wide " + what + ": expected a divisor of " +
                            strata::detail::str(width));
}
}  // namespace detail

template <bool Gated>
struct basic_mlp {
  static constexpr std::string_view kind = Gated ? "gated MLP" : "MLP";
  static constexpr std::string_view key = "dense";
  static constexpr bool routed = false;
  static constexpr bool gated_v = Gated;
  std::int64_t inter = 0;
  bool bias = false;  // the up/gate and down projections carry biases

  constexpr void validate(std::string_view where) const {
    if (inter < 1) strata::detail::invalid(std::string(where) + ": the FFN width (intermediate_size) must be positive");
  }
  constexpr void check(const resolved_config& c, const model_facts&) const {
    detail::check_width("FFN", inter, c.tp, "tp");
  }
  /// The FFN of `count` layers, `inter / divisor` wide on each GPU. `low_precision`:
  /// the down GEMM's input arrives quantized (the reference marks row-parallel GEMMs
  /// so, except in the DeepSeek families).
  constexpr void emit(emitter& e, std::string_view group, double count, ffn_names n, std::int64_t hidden, int divisor,
                      gemm_quant q, bool low_precision = true) const {
    const double s = e.scale(count);
    const std::int64_t local = inter / divisor;
    const std::int64_t up = Gated ? 2 * local : local;
    e.add(ops::gemm{.name = e.name(group, n.up), .scale_factor = s, .n = up, .k = hidden, .quant = q, .bias = bias});
    e.add(ops::elementwise{.name = e.name(group, n.act), .scale_factor = s, .dim_in = up, .dim_out = local});
    e.add(ops::gemm{.name = e.name(group, n.down),
                    .scale_factor = s,
                    .n = hidden,
                    .k = local,
                    .quant = q,
                    .low_precision_input = low_precision,
                    .bias = bias});
  }
  std::string describe() const { return std::string(kind) + " " + std::to_string(inter); }
  constexpr bool operator==(const basic_mlp&) const = default;
};

using gated_mlp = basic_mlp<true>;
using mlp = basic_mlp<false>;

/// No FFN (a mixer-only block).
struct none {
  static constexpr std::string_view kind = "no FFN";
  static constexpr std::string_view key = "none";
  static constexpr bool routed = false;
  constexpr void validate(std::string_view) const {}
  constexpr void check(const resolved_config&, const model_facts&) const {}
  std::string describe() const { return "no FFN"; }
  constexpr bool operator==(const none&) const = default;
};

}  // namespace strata::ffns
