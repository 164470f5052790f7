// Static-when-known integers: a count or dimension is either a compile-time
// `static_int<N>` or a plain `int`, and one code path serves both.
#pragma once

#include <concepts>
#include <type_traits>

namespace strata {

template <int N>
struct static_int : std::integral_constant<int, N> {};

template <int N>
inline constexpr static_int<N> int_c{};

template <class T>
struct is_static_int : std::false_type {};
template <int N>
struct is_static_int<static_int<N>> : std::true_type {};

template <class T>
inline constexpr bool is_static_v = is_static_int<std::remove_cvref_t<T>>::value;

/// A layer count or dimension: a compile-time `static_int<N>` or a runtime `int`.
template <class T>
concept Count = std::same_as<std::remove_cvref_t<T>, int> || is_static_v<T>;

constexpr int value_of(int x) { return x; }
template <int N>
constexpr int value_of(static_int<N>) { return N; }

// Static-preserving arithmetic: static op static stays static, anything mixed with
// an int becomes an int.
template <int A, int B>
constexpr static_int<A + B> operator+(static_int<A>, static_int<B>) { return {}; }
template <int A, int B>
constexpr static_int<A * B> operator*(static_int<A>, static_int<B>) { return {}; }
template <int A, int B>
constexpr static_int<A - B> operator-(static_int<A>, static_int<B>) { return {}; }

}  // namespace strata
