// GPT: a config whose `architectures[0]` is the family name itself, "GPT" (the
// reference maps no HF architecture to it; its get_model accepts a family name).
// Core keys only: a plain MLP of `intermediate_size`.
#pragma once

#include "strata/families/gpt.hpp"
#include "strata/runtime/readers/common.hpp"

namespace strata::readers {

inline any_model read_gpt(config_reader& r) {
  const families::gpt::layer_type l{
      mixers::gqa{.heads = r.facts.num_heads, .kv_heads = kv_heads(r), .head_dim = r.facts.head_dim}, {dense_width(r)}};
  return r.make(families::gpt{}, groups(group(l, r.facts.layers)));
}

}  // namespace strata::readers
