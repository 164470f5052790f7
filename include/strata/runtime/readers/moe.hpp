// MOE: MixtralForCausalLM, GptOssForCausalLM, Qwen2MoeForCausalLM,
// Qwen3MoeForCausalLM, MiniMaxM2ForCausalLM.
#pragma once

#include "strata/families/moe.hpp"
#include "strata/runtime/readers/common.hpp"

namespace strata::readers {

inline any_model read_moe(config_reader& r) {
  const int kv = kv_heads(r);
  ffns::routed_moe experts = routed_experts(r);
  const int L = r.facts.layers;
  mixers::gqa full{.heads = r.facts.num_heads,
                   .kv_heads = kv,
                   .head_dim = r.facts.head_dim,
                   .qk_norm = r.architecture == "Qwen3MoeForCausalLM" || r.architecture == "MiniMaxM2ForCausalLM"};
  mixers::gqa sliding = full;
  int sliding_layers = 0;
  if (r.architecture == "GptOssForCausalLM") {
    sliding.window = int(r.optional("sliding_window", 1, 1 << 24).value_or(128));
    if (auto types = r.cfg.get("layer_types")) {
      const std::string expected = "a list of " + std::to_string(L) + " of sliding_attention / full_attention";
      auto items = types->array(expected);
      if (int(items.size()) != L) types->fail(expected);
      for (const auto& t : items) {
        const std::string s = t.string(expected);
        if (s == "sliding_attention")
          ++sliding_layers;
        else if (s != "full_attention")
          t.fail("sliding_attention or full_attention");
      }
    } else {
      sliding_layers = (L + 1) / 2;  // gpt-oss alternates, starting with a sliding layer
    }
  }
  if (r.architecture == "Qwen2MoeForCausalLM")
    experts.shared_inter = r.optional("shared_expert_intermediate_size", 0, 1 << 24).value_or(0);
  using L_ = families::moe::layer_type;
  return r.make(families::moe{}, groups(group(L_{sliding, experts}, sliding_layers), group(L_{full, experts}, L - sliding_layers)));
}

}  // namespace strata::readers
