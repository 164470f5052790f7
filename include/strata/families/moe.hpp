// MOE family (Qwen3-MoE, Mixtral, gpt-oss, MiniMax-M2): every layer MoE, full
// attention, or for gpt-oss alternating sliding (128) and full attention
// (reference/aic-model-layer.md §6.2, corrections C4, C8).
#pragma once

#include "strata/families/emitter.hpp"
#include "strata/model/layer_group.hpp"

namespace strata::families {

struct moe {
  template <class Groups>
  static constexpr void build(detail::emitter& e, const model_info& m, const resolved_config& c, const Groups& groups) {
    const int tp = c.tp;
    const double L = total_layers(groups);
    const std::int64_t h = m.hidden;
    const double sliding = count_of<layers::sliding_moe>(groups);
    const double full = count_of<layers::full_moe>(groups);
    // The reference builds the sliding-window attention op first (gpt-oss), ahead of
    // the embedding; the order is kept so the lists compare op by op.
    if (sliding > 0)
      e.attention({}, sliding, m.num_heads / tp, kv_heads_per_gpu(m.num_kv_heads, tp), m.head_dim, m.window, c,
                  m.use_qk_norm);
    e.add(ops::embedding{e.name("embedding"), e.scale(1), m.vocab / tp, h});
    e.attention_half(m, c, L, full);
    // C8: an always-on shared expert (Qwen2-MoE's shared_expert_intermediate_size),
    // which the reference drops; tp-sharded like the attention.
    if (m.shared_inter > 0)
      e.swiglu({}, L, h, m.shared_inter / tp, c.gemm, "shared_gate_up_gemm", "shared_act_gate", "shared_ffn2_gemm");
    e.moe_block({}, L, m, c, c.moe);
    // C4: prefill projects the last token to logits like every other family; the
    // reference omits this GEMM (and so the lm_head weights) in this family only.
    e.add(ops::gemm{e.name("logits_gemm"), e.scale(1), m.vocab / tp, h, gemm_quant::bfloat16, false, 1});
    e.add(ops::custom_allreduce{e.name("embedding_ar"), e.scale(1), h, tp});
    e.add(ops::p2p{e.name("p2p"), e.scale(c.pp - 1), h, c.pp});
  }
};

}  // namespace strata::families
