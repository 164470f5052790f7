// A layer type is a mixer (what mixes tokens: attention of some kind, a state-space
// scan, ...) and an FFN (dense, routed experts, none). Both are values that own
// their dimensions, check a layout, emit their ops and know their cache per sequence.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "strata/core/config.hpp"
#include "strata/model/facts.hpp"

namespace strata {

/// Something that mixes tokens across positions and may keep a cache per sequence.
template <class M>
concept Mixer = requires(const M& m, const resolved_config& c, std::int64_t tokens, std::string_view where) {
  { M::kind } -> std::convertible_to<std::string_view>;
  { m.cache_bytes(tokens, c) } -> std::convertible_to<double>;
  { m.window_tokens() } -> std::convertible_to<int>;
  { m.key() } -> std::convertible_to<std::string_view>;
  m.check(c);
  m.validate(where);
  { m.describe() } -> std::convertible_to<std::string>;
};

/// A per-position feed-forward block.
template <class F>
concept Ffn = requires(const F& f, const resolved_config& c, const model_facts& m, std::string_view where) {
  { F::kind } -> std::convertible_to<std::string_view>;
  { F::routed } -> std::convertible_to<bool>;
  { F::key } -> std::convertible_to<std::string_view>;
  f.check(c, m);
  f.validate(where);
  { f.describe() } -> std::convertible_to<std::string>;
};

template <class M, class F>
struct layer {
  static_assert(Mixer<M>, "strata: a layer's first part must be a mixer (mixers::gqa, mixers::mla, mixers::dsa, ...)");
  static_assert(Ffn<F>, "strata: a layer's second part must be an FFN (ffns::gated_mlp, ffns::routed_moe, ffns::none, ...)");
  using mixer_type = M;
  using ffn_type = F;
  static constexpr bool routed = F::routed;

  M mixer{};
  F ffn{};

  constexpr double cache_bytes(std::int64_t tokens, const resolved_config& c) const { return mixer.cache_bytes(tokens, c); }
  std::string describe() const { return mixer.describe() + " + " + ffn.describe(); }
  /// A short name for the layer type: "<mixer>_<ffn>", e.g. "sliding_moe", "mla_dense";
  /// a block with only one of the two is named by it ("mamba", "moe").
  std::string key() const {
    if (mixer.key() == "none") return std::string(F::key);
    if (F::key == "none") return std::string(mixer.key());
    return std::string(mixer.key()) + "_" + std::string(F::key);
  }
  constexpr bool operator==(const layer&) const = default;
};

template <class T>
struct is_layer : std::false_type {};
template <class M, class F>
struct is_layer<layer<M, F>> : std::true_type {};

template <class T>
concept LayerType = is_layer<T>::value;

}  // namespace strata
