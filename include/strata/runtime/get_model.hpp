// get_model(id_or_path): a catalog id, a config.json file, or a directory holding one.
#pragma once

#include <string>
#include <string_view>

#include "strata/catalog/catalog.hpp"
#include "strata/runtime/any_model.hpp"

namespace strata {

inline any_model get_model(std::string_view id_or_path) {
  if (auto m = catalog::find(id_or_path)) return *m;
  std::string ids;
  for (auto id : catalog::ids()) ids += "\n  " + std::string(id);
  throw invalid_input("unknown model '" + std::string(id_or_path) + "': expected a catalog id or a config.json path; catalog ids:" + ids);
}

}  // namespace strata
