// QWEN3VL: Qwen3VLForConditionalGeneration; QWEN3VL_MOE:
// Qwen3VLMoeForConditionalGeneration. The language model's keys are under
// `text_config` (the registry's nested flag); `vision_config` is not read yet.
#pragma once

#include "strata/families/qwen3vl.hpp"
#include "strata/runtime/readers/common.hpp"

namespace strata::readers {

namespace detail {
/// C14: Qwen3-VL's text attention has per-head q/k RMS norms (transformers
/// `Qwen3VLTextAttention.q_norm` / `k_norm`), as Qwen3 has.
inline mixers::gqa qwen3vl_attention(const config_reader& r) {
  return {.heads = r.facts.num_heads, .kv_heads = kv_heads(r), .head_dim = r.facts.head_dim, .qk_norm = true};
}

}  // namespace detail

inline any_model read_qwen3vl(config_reader& r) {
  const families::qwen3vl::layer_type l{detail::qwen3vl_attention(r), {dense_width(r)}};
  return r.make(families::qwen3vl{}, groups(group(l, r.facts.layers)));
}

inline any_model read_qwen3vl_moe(config_reader& r) {
  // Every layer routes (Qwen3VLMoeTextDecoderLayer); a config with dense layers would
  // be priced wrong by the MOE arrangement, so it is refused by key.
  if (auto dense = r.cfg.get("mlp_only_layers"); dense && !dense->array("a list of layer indices").empty())
    dense->fail("[] (dense layers among the MoE layers are not modeled in the QWEN3VL_MOE family)");
  if (r.optional("decoder_sparse_step", 1, 1 << 16).value_or(1) != 1)
    r.cfg.at("decoder_sparse_step", "").fail("1 (every layer routed; other steps are not modeled in QWEN3VL_MOE)");
  const families::qwen3vl_moe::layer_type l{detail::qwen3vl_attention(r), routed_experts(r)};
  return r.make(families::qwen3vl_moe{}, groups(group(l, r.facts.layers)));
}

}  // namespace strata::readers
