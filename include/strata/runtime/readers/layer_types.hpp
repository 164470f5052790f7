// Per-layer type lists as configs write them ("layer_types": ["linear_attention",
// "full_attention", ...]), read into indices with errors that name the bad entry.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "strata/runtime/config_reader.hpp"

namespace strata::readers::detail {

/// For each of the `layers` entries of `n`, the index of its value in `names`.
inline std::vector<int> layer_kinds(const strata::detail::json_node& n, int layers,
                                    std::initializer_list<std::string_view> names) {
  std::string choices;
  for (auto name : names) choices += (choices.empty() ? "" : " / ") + std::string(name);
  const std::string expected = "a list of " + std::to_string(layers) + " of " + choices + " (one per layer)";
  const auto items = n.array(expected);
  if (int(items.size()) != layers) n.fail(expected);
  std::vector<int> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    const std::string s = item.string(choices);
    int index = 0;
    for (auto name : names) {
      if (s == name) break;
      ++index;
    }
    if (index == int(names.size())) item.fail(choices);
    out.push_back(index);
  }
  return out;
}

/// Bytes per element of a state dtype named in a config ("float32", "bfloat16", ...).
inline int state_dtype_bytes(const config_reader& r, std::string_view key, int absent) {
  const auto n = r.cfg.get(key);
  if (!n) return absent;
  const std::string s = n->string("a dtype name (float32, bfloat16 or float16)");
  if (s == "float32") return 4;
  if (s == "bfloat16" || s == "float16") return 2;
  n->fail("float32, bfloat16 or float16");
}

}  // namespace strata::readers::detail
