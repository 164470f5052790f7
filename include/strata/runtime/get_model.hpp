// get_model(id_or_path): a catalog id, a config.json file, or a directory holding one.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "strata/catalog/catalog.hpp"
#include "strata/runtime/any_model.hpp"
#include "strata/runtime/hf_config.hpp"

namespace strata {

inline any_model get_model(std::string_view id_or_path) {
  if (auto m = catalog::find(id_or_path)) return *m;
  const std::filesystem::path p(id_or_path);
  std::error_code ec;
  if (std::filesystem::exists(p, ec)) return load_hf_model(p);
  std::string ids;
  for (auto id : catalog::ids()) ids += "\n  " + std::string(id);
  throw invalid_input("unknown model '" + std::string(id_or_path) +
                      "': not a catalog id and no such file or directory; expected a config.json path, a directory "
                      "holding one, or a catalog id:" + ids);
}

/// A model with its configuration resolved (the reference's get_model signature).
struct configured_model {
  any_model model;
  resolved_config config;
  op_list context_ops() const { return model.ops(phase::context, config); }
  op_list generation_ops() const { return model.ops(phase::generation, config); }
};

inline configured_model get_model(std::string_view id_or_path, model_config config, backend b) {
  config.backend = b;
  any_model m = get_model(id_or_path);
  const resolved_config c = m.resolve(config);
  return {std::move(m), c};
}

/// True for every family with MoE layers.
inline bool check_is_moe(std::string_view id_or_path) { return get_model(id_or_path).is_moe(); }

}  // namespace strata
