// QWEN3VL / QWEN3VL_MOE (Qwen3-VL dense and MoE): the language model is the LLAMA /
// MOE backbone, listed op for op as those families list it
// (reference/aic-model-layer.md §6.1, §6.2, §6.7). Only the name and the memory
// model's activation table differ: the reference keys its tables by family name and
// has no entry for these two, so they take the default one. The vision encoder is held
// beside the model (encoders/vit.hpp; docs/architecture.md, "Vision encoders").
#pragma once

#include "strata/families/llama.hpp"
#include "strata/families/moe.hpp"

namespace strata::families {

struct qwen3vl : llama {
  static constexpr std::string_view name = "QWEN3VL";
  static constexpr memory_traits memory{activation_table::other};
};

struct qwen3vl_moe : moe {
  static constexpr std::string_view name = "QWEN3VL_MOE";
  static constexpr memory_traits memory{activation_table::other};
};

}  // namespace strata::families
