// QWEN3VL: Qwen3VLForConditionalGeneration; QWEN3VL_MOE:
// Qwen3VLMoeForConditionalGeneration. The language model's keys are under
// `text_config` (the registry's nested flag), the vision encoder's under
// `vision_config` (without it, the model is its language model alone, as in the
// reference).
#pragma once

#include "strata/families/qwen3vl.hpp"
#include "strata/runtime/readers/common.hpp"

namespace strata::readers {

namespace detail {
/// C15: Qwen3-VL's text attention has per-head q/k RMS norms (transformers
/// `Qwen3VLTextAttention.q_norm` / `k_norm`), as Qwen3 has.
inline mixers::gqa qwen3vl_attention(const config_reader& r) {
  return {.heads = r.facts.num_heads, .kv_heads = kv_heads(r), .head_dim = r.facts.head_dim, .qk_norm = true};
}

/// The ViT and its mergers (transformers `Qwen3VLVisionModel`: `depth` blocks, one
/// merger plus one per `deepstack_visual_indexes` entry, into `out_hidden_size`).
inline any_model with_vision(const config_reader& r, any_model m) {
  const auto v = r.root.get("vision_config");
  if (!v) return m;
  v->object();
  const auto need = [&](std::string_view key, long long hi) {
    return v->at(key, "an integer from 1 to " + std::to_string(hi)).integer(1, hi);
  };
  encoders::vit vit{.depth = int(need("depth", 4096)),
                    .hidden = need("hidden_size", 1 << 20),
                    .heads = int(need("num_heads", 1 << 16)),
                    .inter = need("intermediate_size", 1 << 24),
                    .out_hidden = need("out_hidden_size", 1 << 20),
                    .spatial_merge = int(need("spatial_merge_size", 64))};
  if (auto ds = v->get("deepstack_visual_indexes"))
    vit.deepstack = int(ds->array("a list of ViT block indices").size());
  if (vit.hidden % vit.heads != 0)
    v->at("num_heads", "").fail("a divisor of the vision hidden_size " + std::to_string(vit.hidden));
  return m.with_encoder(vit);
}
}  // namespace detail

inline any_model read_qwen3vl(config_reader& r) {
  const families::qwen3vl::layer_type l{detail::qwen3vl_attention(r), {dense_width(r)}};
  return detail::with_vision(r, r.make(families::qwen3vl{}, groups(group(l, r.facts.layers))));
}

inline any_model read_qwen3vl_moe(config_reader& r) {
  // Every layer routes (Qwen3VLMoeTextDecoderLayer); a config with dense layers would
  // be priced wrong by the MOE arrangement, so it is refused by key.
  if (auto dense = r.cfg.get("mlp_only_layers"); dense && !dense->array("a list of layer indices").empty())
    dense->fail("[] (dense layers among the MoE layers are not modeled in the QWEN3VL_MOE family)");
  if (r.optional("decoder_sparse_step", 1, 1 << 16).value_or(1) != 1)
    r.cfg.at("decoder_sparse_step", "").fail("1 (every layer routed; other steps are not modeled in QWEN3VL_MOE)");
  const families::qwen3vl_moe::layer_type l{detail::qwen3vl_attention(r), routed_experts(r)};
  return detail::with_vision(r, r.make(families::qwen3vl_moe{}, groups(group(l, r.facts.layers))));
}

}  // namespace strata::readers
