// Helpers the family policies share: the first group of a stack, and checks that
// a family which lists some ops once for all layers has layers that agree.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "strata/model/layer_group.hpp"

namespace strata::families::detail {

/// The layer of the first group of a stack.
template <class Groups>
constexpr const auto& first_layer(const Groups& gs) {
  return boost::hana::front(gs).layer;
}

/// Calls f(group) for every group with layers whose layer type is `L`, in model order.
template <class L, class Groups, class F>
constexpr void for_each_of(const Groups& gs, F&& f) {
  for_each_group(gs, [&](const auto& g) {
    if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(g)>::layer_type, L>)
      if (g.n() > 0) f(g);
  });
}

/// Families that emit one projection / FFN op for all layers (LLAMA, MOE) need every
/// layer to share those shapes; a config that breaks this is not one of them.
template <class Groups, class Same>
constexpr void require_uniform(const Groups& gs, std::string_view family, std::string_view what, Same&& same) {
  const auto& first = first_layer(gs);
  for_each_group(gs, [&](const auto& g) {
    if (g.n() > 0 && !same(first, g.layer))
      strata::detail::invalid(std::string(family) + " lists one " + std::string(what) +
                              " for all layers, but this model's layers differ in it");
  });
}

}  // namespace strata::families::detail
