// Small lookups the unit tests share.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <string_view>

#include "strata/runtime/any_model.hpp"

namespace strata::test {

/// The first op called `n`, composites' children included.
inline const op& named(const op_list& ops, std::string_view n) {
  for (const auto& o : ops.all())
    if (name_of(o) == n) return o;
  FAIL("no op " << n);
  return ops[0];
}

/// Layers per layer-type key ("full_moe", "mla_dense", ...).
inline std::map<std::string, int> layer_counts(const any_model& m) {
  std::map<std::string, int> out;
  for (const auto& g : m.groups()) out[g.key] += g.count;
  return out;
}

}  // namespace strata::test
