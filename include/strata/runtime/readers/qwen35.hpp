// QWEN35: Qwen3_5ForConditionalGeneration and Qwen3_5MoeForConditionalGeneration
// (fields under text_config).
#pragma once

#include <vector>

#include "strata/families/qwen35.hpp"
#include "strata/runtime/readers/common.hpp"
#include "strata/runtime/readers/layer_types.hpp"

namespace strata::readers {

namespace detail {
/// `sparse_step`: Qwen3-Next's `decoder_sparse_step` (a layer is MoE when (i + 1) is a
/// multiple of it and it is not in `mlp_only_layers`); Qwen3.5's configs have no such key.
inline any_model read_qwen35_like(config_reader& r, bool sparse_step) {
  using F = families::qwen35;
  const int L = r.facts.layers;
  // layer_types; without it, transformers' default: a full-attention layer every
  // full_attention_interval-th layer.
  std::vector<int> full(std::size_t(L), 0);
  if (auto types = r.cfg.get("layer_types")) {
    full = detail::layer_kinds(*types, L, {"linear_attention", "full_attention"});
  } else {
    const int interval = int(r.optional("full_attention_interval", 1, L).value_or(4));
    for (int i = 0; i < L; ++i) full[std::size_t(i)] = (i + 1) % interval == 0 ? 1 : 0;
  }
  const mixers::gated_delta_net gdn{.k_heads = int(r.required("linear_num_key_heads", 1, 1 << 12)),
                                    .k_head_dim = int(r.required("linear_key_head_dim", 1, 1 << 12)),
                                    .v_heads = int(r.required("linear_num_value_heads", 1, 1 << 12)),
                                    .v_head_dim = int(r.required("linear_value_head_dim", 1, 1 << 12)),
                                    .d_conv = int(r.required("linear_conv_kernel_dim", 1, 64)),
                                    // vLLM keeps the recurrent state in mamba_ssm_dtype
                                    // (Qwen3_5ForConditionalGenerationConfig), else the model dtype.
                                    .state_bytes = detail::state_dtype_bytes(r, "mamba_ssm_dtype", 2)};
  bool gate = true;  // attn_output_gate: every released Qwen3.5 has it
  if (auto g = r.cfg.get("attn_output_gate")) gate = g->boolean();
  const mixers::gqa attention{.heads = r.facts.num_heads,
                              .kv_heads = kv_heads(r),
                              .head_dim = r.facts.head_dim,
                              .qk_norm = true,
                              .output_gate = gate};
  const bool moe = r.optional("num_experts", 0, 1 << 16).value_or(0) > 0;
  ffns::routed_moe experts{};
  std::vector<bool> dense(std::size_t(L), !moe);
  if (moe) {
    experts = routed_experts(r);
    experts.shared_inter = r.optional("shared_expert_intermediate_size", 0, 1 << 24).value_or(0);
    if (sparse_step) {
      const int step = int(r.optional("decoder_sparse_step", 1, L).value_or(1));
      for (int i = 0; i < L; ++i) dense[std::size_t(i)] = (i + 1) % step != 0;
    }
    // mlp_only_layers: layers of an MoE model that keep a dense MLP.
    if (auto only = r.cfg.get("mlp_only_layers"))
      for (const auto& i : only->array("a list of layer indices")) dense[std::size_t(i.integer(0, L - 1))] = true;
  }
  int n[2][2] = {};  // [full][dense]
  for (int i = 0; i < L; ++i) ++n[full[std::size_t(i)]][dense[std::size_t(i)] ? 1 : 0];
  const std::int64_t width = n[0][1] + n[1][1] > 0 ? dense_width(r) : 0;
  return r.make(F{},
                groups(group(F::gdn_dense_layer{gdn, {width}}, n[0][1]), group(F::gdn_moe_layer{gdn, experts}, n[0][0]),
                       group(F::full_dense_layer{attention, {width}}, n[1][1]),
                       group(F::full_moe_layer{attention, experts}, n[1][0])));
}

}  // namespace detail

inline any_model read_qwen35(config_reader& r) { return detail::read_qwen35_like(r, false); }

/// Qwen3NextForCausalLM (Qwen3-Next-80B-A3B): the architecture Qwen3.5 grew from, with
/// the same blocks (transformers' modeling_qwen3_next.py: Qwen3NextGatedDeltaNet with
/// linear_* heads and conv, Qwen3NextAttention with a sigmoid output gate projected
/// with q and q/k norms, a sparse MoE block with a sigmoid-gated shared expert), its
/// keys at the top level, and `decoder_sparse_step`. Priced by the QWEN35 family.
inline any_model read_qwen3_next(config_reader& r) { return detail::read_qwen35_like(r, true); }

}  // namespace strata::readers
