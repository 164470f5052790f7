// A model is a composition of (layer type, count) groups. Counts are static_int<N>
// for catalog models and int for models read at run time.
#pragma once

#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>

#include "strata/core/static_int.hpp"
#include "strata/layers/decoder_layer.hpp"

namespace strata {

template <class C>
concept NonNegativeCount = std::same_as<C, int> || (is_static_v<C> && C::value >= 0);

template <layers::LayerType L, Count C>
  requires NonNegativeCount<C>
struct layer_group {
  using layer_type = L;
  using count_type = C;
  C count{};
};

template <class T>
struct is_layer_group : std::false_type {};
template <class L, class C>
struct is_layer_group<layer_group<L, C>> : std::true_type {};

template <class T>
concept LayerGroup = is_layer_group<T>::value;

/// Shorthand for a compile-time group.
template <layers::LayerType L, int N>
using static_group = layer_group<L, static_int<N>>;

/// A compile-time stack: every count static and the counts adding up to the layer
/// count, checked where the type is named.
template <int Layers, LayerGroup... Groups>
  requires((is_static_v<typename Groups::count_type> && ...) &&
           (0 + ... + Groups::count_type::value) == Layers)
using static_stack = boost::hana::tuple<Groups...>;

/// Sum of the counts of a group tuple (static groups add at compile time).
template <class Groups>
constexpr int total_layers(const Groups& groups) {
  int sum = 0;
  boost::hana::for_each(groups, [&](const auto& g) { sum += value_of(g.count); });
  return sum;
}

/// Number of layers of one type in a group tuple.
template <layers::LayerType L, class Groups>
constexpr int count_of(const Groups& groups) {
  int sum = 0;
  boost::hana::for_each(groups, [&](const auto& g) {
    if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(g)>::layer_type, L>) sum += value_of(g.count);
  });
  return sum;
}

}  // namespace strata
