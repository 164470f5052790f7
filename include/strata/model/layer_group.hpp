// A model is a composition of (layer, count) groups. Counts are static_int<N> for
// catalog models and int for models read at run time; the same code serves both.
#pragma once

#include <boost/hana/for_each.hpp>
#include <boost/hana/front.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/unpack.hpp>
#include <type_traits>
#include <variant>

#include "strata/core/static_int.hpp"
#include "strata/layers/layer.hpp"

namespace strata {

namespace detail {
template <class C>
constexpr bool non_negative_count() {
  if constexpr (is_static_v<C>)
    return C::value >= 0;
  else
    return true;
}
}  // namespace detail

template <class L, class C>
struct layer_group {
  static_assert(LayerType<L>, "strata: a layer group holds a layer<Mixer, Ffn>");
  static_assert(Count<C>, "strata: a layer count is an int or a static_int<N>");
  static_assert(detail::non_negative_count<C>(), "strata: a layer count cannot be negative");
  using layer_type = L;
  using count_type = C;
  L layer{};
  C count{};
  constexpr int n() const { return value_of(count); }
};

template <class T>
struct is_layer_group : std::false_type {};
template <class L, class C>
struct is_layer_group<layer_group<L, C>> : std::true_type {};
template <class T>
concept LayerGroup = is_layer_group<std::remove_cvref_t<T>>::value;

/// One run of a block-wise model: a layer group of one of `Layers`, with a run-time count.
template <class... Layers>
using layer_run = std::variant<layer_group<Layers, int>...>;

/// A run-time sequence of layer groups in model order, each of one of several layer
/// types: a block-wise model (Nemotron-NAS, every block its own widths) is one group
/// per run of identical consecutive blocks, as many as its config has. `Runs` is a
/// `std::array<layer_run<...>, N>` for a catalog model (a constant expression) or a
/// `std::vector` of them for one read from a config; `for_each_group` visits the runs
/// in order, each as the layer_group it holds.
template <class Runs>
struct layer_runs {
  using run_type = typename Runs::value_type;
  Runs runs{};
};

template <class T>
struct is_layer_runs : std::false_type {};
template <class Runs>
struct is_layer_runs<layer_runs<Runs>> : std::true_type {};

/// What a model's group tuple holds: layer groups, or runs of them.
template <class T>
concept GroupElement = LayerGroup<T> || is_layer_runs<std::remove_cvref_t<T>>::value;

namespace detail {
template <class Element, class... Layers>
struct builds_element : std::false_type {};
template <class L, class C, class... Layers>
struct builds_element<layer_group<L, C>, Layers...> : std::bool_constant<(std::is_same_v<L, Layers> || ...)> {};
template <class... Ls, class... Layers>
struct builds_element<std::variant<layer_group<Ls, int>...>, Layers...>
    : std::bool_constant<(builds_element<layer_group<Ls, int>, Layers...>::value && ...)> {};
template <class Runs, class... Layers>
struct builds_element<layer_runs<Runs>, Layers...> : builds_element<typename Runs::value_type, Layers...> {};

template <class Groups, class... Layers>
struct builds_groups : std::false_type {};
template <class... Elements, class... Layers>
struct builds_groups<boost::hana::tuple<Elements...>, Layers...>
    : std::bool_constant<(builds_element<Elements, Layers...>::value && ...)> {};
}  // namespace detail

/// A tuple of layer groups (or runs of them) each of whose layer types is one of
/// `Layers`: what a family policy states it can build. Decided from the types alone.
template <class Groups, class... Layers>
concept GroupsOf = detail::builds_groups<std::remove_cvref_t<Groups>, Layers...>::value;

/// A compile-time group: `group<N>(layer)`.
template <int N, class L>
constexpr layer_group<L, static_int<N>> group(const L& l) {
  return {l, {}};
}
/// A run-time group.
template <class L>
constexpr layer_group<L, int> group(const L& l, int count) {
  return {l, count};
}

/// The groups of a model, in the family's order.
template <class... Groups>
constexpr auto groups(const Groups&... g) {
  static_assert((GroupElement<Groups> && ...),
                "strata: a model's groups are layer_group<layer<Mixer, Ffn>, Count> (or layer_runs of them)");
  return boost::hana::make_tuple(g...);
}

/// A compile-time stack: the static counts must add up to the model's layers.
template <int Layers, class... Groups>
constexpr auto static_stack(const Groups&... g) {
  static_assert((is_static_v<typename Groups::count_type> && ...),
                "strata: static_stack takes compile-time groups (group<N>(layer))");
  static_assert((0 + ... + Groups::count_type::value) == Layers,
                "strata: the static layer counts do not add up to the model's layer count");
  return groups(g...);
}

/// Calls f(group) for every layer group in order; runs are visited one by one.
template <class Groups, class F>
constexpr void for_each_group(const Groups& gs, F&& f) {
  boost::hana::for_each(gs, [&](const auto& element) {
    if constexpr (is_layer_runs<std::remove_cvref_t<decltype(element)>>::value) {
      for (const auto& run : element.runs) std::visit([&](const auto& g) { f(g); }, run);
    } else {
      f(element);
    }
  });
}

/// Sum of the counts of a group tuple.
template <class Groups>
constexpr int total_layers(const Groups& gs) {
  int sum = 0;
  for_each_group(gs, [&](const auto& g) { sum += g.n(); });
  return sum;
}

/// Layers whose layer value satisfies `pred(layer)`.
template <class Groups, class Pred>
constexpr int count_layers_if(const Groups& gs, Pred pred) {
  int sum = 0;
  for_each_group(gs, [&](const auto& g) {
    if (pred(g.layer)) sum += g.n();
  });
  return sum;
}

/// Layers of the groups whose FFN is routed (true) or not (false).
template <class Groups>
constexpr int routed_layers(const Groups& gs, bool routed = true) {
  int sum = 0;
  for_each_group(gs, [&](const auto& g) {
    if (std::remove_cvref_t<decltype(g)>::layer_type::routed == routed) sum += g.n();
  });
  return sum;
}

}  // namespace strata
