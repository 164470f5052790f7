// MOE family (Qwen3-MoE, Mixtral, gpt-oss, MiniMax-M2): every layer MoE, full
// attention, or for gpt-oss alternating sliding (128) and full attention
// (reference/aic-model-layer.md §6.2, correction C4).
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
    const int nkv = kv_heads_per_gpu(m.num_kv_heads, tp);
    const std::int64_t q_width = std::int64_t(m.num_heads) * m.head_dim / tp;
    const double sL = e.scale(L);
    const double sliding = count_of<layers::sliding_moe>(groups);
    const double full = count_of<layers::full_moe>(groups);
    // The reference builds the sliding-window attention op first (gpt-oss), ahead of
    // the embedding; the order is kept so the lists compare op by op.
    if (sliding > 0) e.attention({}, sliding, m.num_heads / tp, nkv, m.head_dim, m.window, c, m.use_qk_norm);
    e.add(ops::embedding{e.name("embedding"), e.scale(1), m.vocab / tp, h});
    e.add(ops::elementwise{e.name("add_norm_1"), sL, 2 * h, 2 * h, 1});
    e.add(ops::gemm{e.name("qkv_gemm"), sL, q_width + 2 * std::int64_t(m.head_dim) * nkv, h, c.gemm, false, 1});
    if (full > 0) e.attention({}, full, m.num_heads / tp, nkv, m.head_dim, 0, c, m.use_qk_norm);
    e.add(ops::gemm{e.name("proj_gemm"), sL, h, q_width, c.gemm, true, 1});
    e.add(ops::elementwise{e.name("add_norm_2"), sL, 2 * h, 2 * h, 1});
    e.moe_block({}, L, m, c, c.moe);
    // C4: prefill projects the last token to logits like every other family; the
    // reference omits this GEMM (and so the lm_head weights) in this family only.
    e.add(ops::gemm{e.name("logits_gemm"), e.scale(1), m.vocab / tp, h, gemm_quant::bfloat16, false, 1});
    e.add(ops::custom_allreduce{e.name("embedding_ar"), e.scale(1), h, tp});
    e.add(ops::p2p{e.name("p2p"), e.scale(c.pp - 1), h, c.pp});
  }
};

}  // namespace strata::families
