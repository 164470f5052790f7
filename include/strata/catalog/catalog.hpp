// Run-time access to the compile-time catalog: model ids, lookup, check_is_moe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/catalog/models.hpp"
#include "strata/runtime/any_model.hpp"

namespace strata::catalog {

/// The catalog model with this id (case-sensitive, as on the HF hub), or nothing.
inline std::optional<any_model> find(std::string_view id) {
  std::optional<any_model> found;
  for_each_model([&](const auto& spec) {
    if (!found && spec.facts.id == id) found.emplace(spec);
  });
  return found;
}

inline std::vector<std::string_view> ids() {
  std::vector<std::string_view> out;
  for_each_model([&](const auto& spec) { out.push_back(spec.facts.id); });
  return out;
}

/// check_is_moe by catalog id; nothing for an unknown id.
inline std::optional<bool> check_is_moe(std::string_view id) {
  std::optional<bool> out;
  for_each_model([&](const auto& spec) {
    if (spec.facts.id == id) out = spec.is_moe();
  });
  return out;
}

}  // namespace strata::catalog
