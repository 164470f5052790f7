// A fixed-capacity vector usable in constant expressions (op lists are built at
// compile time for catalog models, so they cannot live in a std::vector).
#pragma once

#include <array>
#include <cstddef>
#include <string>

#include "strata/core/error.hpp"

namespace strata {

template <class T, std::size_t Capacity>
class static_vector {
public:
  using value_type = T;
  using const_iterator = const T*;

  constexpr void push_back(const T& value) {
    if (size_ == Capacity)
      throw invalid_input("more than " + std::to_string(Capacity) +
                          " entries in one of strata's fixed-capacity lists (e.g. the ops of one phase)");
    data_[size_++] = value;
  }
  constexpr std::size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  static constexpr std::size_t capacity() { return Capacity; }
  constexpr const T& operator[](std::size_t i) const { return data_[i]; }
  constexpr T& operator[](std::size_t i) { return data_[i]; }
  constexpr const T* begin() const { return data_.data(); }
  constexpr const T* end() const { return data_.data() + size_; }
  constexpr T* begin() { return data_.data(); }
  constexpr T* end() { return data_.data() + size_; }

private:
  std::array<T, Capacity> data_{};
  std::size_t size_ = 0;
};

}  // namespace strata
