// Layer patterns as written in configs (0/1 lists, per-layer type strings) counted in
// constant expressions, so a catalog model's per-type counts are compile-time values.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace strata {

/// How many entries of a pattern are equal to `value`.
template <class T, std::size_t N>
constexpr int count_equal(const std::array<T, N>& pattern, T value) {
  int n = 0;
  for (const auto& v : pattern) n += (v == value) ? 1 : 0;
  return n;
}

/// How many layers a pattern string marks with `c` (e.g. Nemotron-H's
/// "M-M-M*-E..." hybrid_override_pattern: 'M' Mamba, '*' attention, 'E' MoE, '-' MLP).
constexpr int count_char(std::string_view pattern, char c) {
  int n = 0;
  for (char x : pattern) n += (x == c) ? 1 : 0;
  return n;
}

/// How many of the layers 0..N-1 satisfy `pred(i)`.
template <std::size_t N, class Pred>
constexpr int count_layers(Pred pred) {
  int n = 0;
  for (std::size_t i = 0; i < N; ++i) n += pred(i) ? 1 : 0;
  return n;
}

}  // namespace strata
