// LLAMA: LlamaForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM, MiMoForCausalLM.
#pragma once

#include "strata/families/llama.hpp"
#include "strata/runtime/readers/common.hpp"

namespace strata::readers {

inline any_model read_llama(config_reader& r) {
  const int kv = kv_heads(r);
  const std::int64_t inter = dense_width(r);
  const bool qk_norm = r.architecture == "Qwen3ForCausalLM";  // per-head q/k RMS norm
  // The reference's LLAMA family has no sliding windows; a Qwen2/Qwen3 config that turns
  // them on would be priced wrong, so it is refused by name.
  if (r.boolean("use_sliding_window").value_or(false))
    r.cfg.at("use_sliding_window", "").fail("false (sliding-window layers are not modeled in the LLAMA family)");
  const families::llama::layer_type l{
      mixers::gqa{.heads = r.facts.num_heads, .kv_heads = kv, .head_dim = r.facts.head_dim, .qk_norm = qk_norm},
      {inter}};
  return r.make(families::llama{}, groups(group(l, r.facts.layers)));
}

}  // namespace strata::readers
