// A short string stored inline: a value that owns its characters and is usable in
// constant expressions (a GPU system's name), so copying it out of whatever it was
// read into never leaves a dangling view.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "strata/core/error.hpp"

namespace strata {

template <std::size_t Capacity>
class fixed_string {
public:
  constexpr fixed_string() = default;
  constexpr fixed_string(std::string_view s) {  // NOLINT: implicit, like a string
    if (s.size() > Capacity)
      throw invalid_input("'" + std::string(s) + "': a name of " + std::to_string(s.size()) +
                          " characters; expected at most " + std::to_string(Capacity));
    for (std::size_t i = 0; i < s.size(); ++i) data_[i] = s[i];
    size_ = s.size();
  }
  constexpr fixed_string(const char* s) : fixed_string(std::string_view(s)) {}  // NOLINT

  constexpr std::string_view view() const { return {data_.data(), size_}; }
  constexpr operator std::string_view() const { return view(); }  // NOLINT
  constexpr std::size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  friend constexpr bool operator==(const fixed_string& a, std::string_view b) { return a.view() == b; }
  friend constexpr bool operator==(const fixed_string& a, const char* b) { return a.view() == std::string_view(b); }
  friend constexpr bool operator==(const fixed_string& a, const fixed_string& b) { return a.view() == b.view(); }

private:
  std::array<char, Capacity> data_{};
  std::size_t size_ = 0;
};

}  // namespace strata
