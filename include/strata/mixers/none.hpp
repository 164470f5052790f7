// No token mixer: a block that is only an FFN (Nemotron-H's MoE and MLP layers,
// Nemotron-NAS blocks whose attention is a no-op). Keeps no cache.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"

namespace strata::mixers {

struct none {
  static constexpr std::string_view kind = "no mixer";
  constexpr void validate(std::string_view) const {}
  constexpr void check(const resolved_config&) const {}
  constexpr double cache_bytes(std::int64_t, const resolved_config&) const { return 0; }
  constexpr int window_tokens() const { return 0; }
  constexpr std::string_view key() const { return "none"; }
  std::string describe() const { return "no mixer"; }
  constexpr bool operator==(const none&) const = default;
};

}  // namespace strata::mixers
