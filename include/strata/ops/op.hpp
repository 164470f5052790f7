// The closed set of op kinds and the op list a phase is made of.
#pragma once

#include <variant>

#include "strata/core/static_vector.hpp"
#include "strata/ops/attention.hpp"
#include "strata/ops/comm.hpp"
#include "strata/ops/elementwise.hpp"
#include "strata/ops/gemm.hpp"
#include "strata/ops/moe.hpp"

namespace strata {

using op = std::variant<ops::embedding, ops::elementwise, ops::gemm, ops::context_attention,
                        ops::generation_attention, ops::moe, ops::moe_dispatch, ops::custom_allreduce,
                        ops::nccl, ops::p2p>;

/// Enough for every family here (the largest, a 4-type hybrid with all-reduces, uses 50).
inline constexpr std::size_t max_ops_per_phase = 96;

using op_list = static_vector<op, max_ops_per_phase>;

constexpr const op_name& name_of(const op& o) {
  return std::visit([](const auto& x) -> const op_name& { return x.name; }, o);
}
constexpr double scale_of(const op& o) {
  return std::visit([](const auto& x) { return x.scale_factor; }, o);
}
constexpr std::string_view class_of(const op& o) {
  return std::visit([](const auto& x) { return std::remove_cvref_t<decltype(x)>::class_name; }, o);
}
/// Weight bytes of one instance (multiply by the scale factor for all layers).
constexpr double weight_bytes_of(const op& o) {
  return std::visit([](const auto& x) { return x.weight_bytes(); }, o);
}

/// Weight bytes a phase's ops hold on one GPU (before dividing by pp).
constexpr double total_weight_bytes(const op_list& ops) {
  double sum = 0;
  for (const auto& o : ops) sum += weight_bytes_of(o) * scale_of(o);
  return sum;
}

}  // namespace strata
