// LLAMA family (Llama-3.x, Qwen3 dense, MiMo-7B): one dense layer type
// (reference/aic-model-layer.md §6.1).
#pragma once

#include "strata/families/emitter.hpp"
#include "strata/model/layer_group.hpp"

namespace strata::families {

struct llama {
  template <class Groups>
  static constexpr void build(detail::emitter& e, const model_info& m, const resolved_config& c, const Groups& groups) {
    const int tp = c.tp;
    const double L = total_layers(groups);
    const std::int64_t h = m.hidden;
    const std::int64_t inter = m.inter / tp;
    const std::int64_t inter2 = 2 * m.inter / tp;
    const double sL = e.scale(L);
    e.add(ops::embedding{e.name("embedding"), e.scale(1), m.vocab / tp, h});
    e.attention_half(m, c, L, L);
    e.add(ops::gemm{e.name("gate_ffn1_gemm"), sL, inter2, h, c.gemm, false, 1});
    e.add(ops::elementwise{e.name("act_gate"), sL, inter2, inter, 1});
    e.add(ops::gemm{e.name("ffn2_gemm"), sL, h, inter, c.gemm, true, 1});
    e.add(ops::gemm{e.name("logits_gemm"), e.scale(1), m.vocab / tp, h, gemm_quant::bfloat16, false, 1});
    e.add(ops::custom_allreduce{e.name("embedding_ar"), e.scale(1), h, tp});
    e.add(ops::custom_allreduce{e.name("ar_1"), sL, h, tp});
    e.add(ops::custom_allreduce{e.name("ar_2"), sL, h, tp});
    e.add(ops::p2p{e.name("p2p"), e.scale(c.pp - 1), h, c.pp});
  }
};

}  // namespace strata::families
