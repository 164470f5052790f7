// GEMMA4MIX: Gemma4ForConditionalGeneration (fields under text_config).
#pragma once

#include <vector>

#include "strata/families/gemma4.hpp"
#include "strata/runtime/readers/common.hpp"
#include "strata/runtime/readers/layer_types.hpp"

namespace strata::readers {

inline any_model read_gemma4(config_reader& r) {
  using F = families::gemma4;
  const int L = r.facts.layers;
  // Layers that reuse an earlier layer's KV (num_kv_shared_layers) and per-layer
  // input embeddings (Gemma-4 E2B / E4B) change both the ops and the cache; neither is
  // modeled, so such a config is refused rather than priced wrong.
  if (r.optional("num_kv_shared_layers", 0, L).value_or(0) > 0)
    r.cfg.at("num_kv_shared_layers", "").fail("0: layers sharing another layer's KV cache are not modeled");
  if (r.optional("hidden_size_per_layer_input", 0, 1 << 20).value_or(0) > 0)
    r.cfg.at("hidden_size_per_layer_input", "").fail("0: per-layer input embeddings are not modeled");
  const auto sliding = detail::layer_kinds(r.cfg.at("layer_types", "a list of sliding_attention / full_attention"), L,
                                           {"sliding_attention", "full_attention"});
  int n_sliding = 0;
  for (int k : sliding) n_sliding += k == 0 ? 1 : 0;
  const int kv = kv_heads(r);
  bool k_eq_v = false;
  if (auto k = r.cfg.get("attention_k_eq_v")) k_eq_v = k->boolean();
  const mixers::gqa swa{.heads = r.facts.num_heads,
                        .kv_heads = kv,
                        .head_dim = r.facts.head_dim,
                        .window = n_sliding > 0 ? int(r.required("sliding_window", 1, 1 << 30)) : 0};
  // Global layers: their own head size; with attention_k_eq_v their own KV heads too
  // (transformers Gemma4TextAttention, vLLM Gemma4DecoderLayer).
  const mixers::gqa global{
      .heads = r.facts.num_heads,
      .kv_heads = k_eq_v ? int(r.optional("num_global_key_value_heads", 1, r.facts.num_heads).value_or(kv)) : kv,
      .head_dim = int(r.optional("global_head_dim", 1, 1 << 16).value_or(r.facts.head_dim)),
      .k_eq_v = k_eq_v};
  const ffns::gated_mlp mlp{dense_width(r)};
  bool moe = r.optional("num_experts", 0, 1 << 16).value_or(0) > 0;
  if (auto b = r.cfg.get("enable_moe_block")) moe = b->boolean();
  if (!moe)
    return r.make(F{}, groups(group(F::dense_layer{swa, mlp}, n_sliding), group(F::dense_layer{global, mlp}, L - n_sliding)));
  ffns::routed_moe experts = routed_experts(r);
  if (auto w = r.optional("expert_intermediate_size", 1, 1 << 24); w && !r.cfg.get("moe_intermediate_size")) experts.inter = *w;
  const ffns::dense_and_moe ffn{mlp, experts};
  return r.make(F{}, groups(group(F::moe_layer{swa, ffn}, n_sliding), group(F::moe_layer{global, ffn}, L - n_sliding)));
}

}  // namespace strata::readers
