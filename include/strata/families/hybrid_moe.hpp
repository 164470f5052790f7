// HYBRIDMOE family (MiMo-V2-Flash, Llama-4): up to four layer types (full or sliding
// attention x MoE or dense FFN), each priced with its own count and shapes
// (reference/aic-model-layer.md §6.4; corrections C1, C2, C6).
#pragma once

#include "strata/families/emitter.hpp"
#include "strata/model/layer_group.hpp"

namespace strata::families {

struct hybrid_moe {
  /// The reference's type order: global MoE, SWA MoE, SWA dense, global dense.
  template <class Groups>
  static constexpr void build(detail::emitter& e, const model_info& m, const resolved_config& c, const Groups& groups) {
    using namespace layers;
    e.add(ops::embedding{e.name("embedding"), e.scale(1), m.vocab, m.hidden});
    emit_type<full_moe>(e, m, c, count_of<full_moe>(groups));
    emit_type<sliding_moe>(e, m, c, count_of<sliding_moe>(groups));
    emit_type<sliding_dense>(e, m, c, count_of<sliding_dense>(groups));
    emit_type<full_dense>(e, m, c, count_of<full_dense>(groups));
    e.add(ops::gemm{e.name("logits_gemm"), e.scale(1), m.vocab / c.tp, m.hidden, gemm_quant::bfloat16, false, 1});
    e.add(ops::p2p{e.name("p2p"), e.scale(c.pp - 1), m.hidden, c.pp});
  }

  template <layers::LayerType T>
  static constexpr void emit_type(detail::emitter& e, const model_info& m, const resolved_config& c, int count) {
    if (count == 0) return;
    constexpr std::string_view p = layers::hybrid_prefix<T>();
    constexpr bool sliding = T::attention == layers::attention_kind::sliding;
    constexpr bool moe = T::ffn == layers::ffn_kind::moe;
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const attention_shape a = sliding ? sliding_attention_shape(m) : full_attention_shape(m);
    const int nkv = kv_heads_per_gpu(a.kv_heads, tp);
    const std::int64_t qkv = std::int64_t(a.q_heads) * a.head_dim / tp + std::int64_t(nkv) * (a.head_dim + a.v_head_dim);
    const std::int64_t proj_in = std::int64_t(a.q_heads) * a.v_head_dim / tp;
    const double s = e.scale(count);
    e.add(ops::elementwise{e.name(p, "attn_norm"), s, 2 * h, 2 * h, 1});
    e.add(ops::gemm{e.name(p, "qkv_gemm"), s, qkv, h, c.gemm, false, 1});
    e.attention({}, count, a.q_heads / tp, nkv, a.head_dim, a.window, c, m.use_qk_norm);
    e.add(ops::gemm{e.name(p, "proj_gemm"), s, h, proj_in, c.gemm, true, 1});
    if constexpr (moe) {
      e.add(ops::elementwise{e.name(p, "moe_norm"), s, 2 * h, 2 * h, 1});
      // C2: Llama-4's always-on shared expert (modeling_llama4.Llama4TextMoe).
      if (m.shared_inter > 0)
        e.swiglu(p, count, h, m.shared_inter / tp, c.gemm, "shared_gate_up_gemm", "shared_act_gate", "shared_ffn2_gemm");
      e.moe_block(p, count, m, c, std::nullopt);
    } else {
      // C6: a dense layer's attention output and FFN output are TP partial sums.
      if (tp > 1) e.add(ops::custom_allreduce{e.name(p, "attn_ar"), s, h, tp});
      e.add(ops::elementwise{e.name(p, "ffn_norm"), s, 2 * h, 2 * h, 1});
      const std::int64_t inter = (m.dense_inter ? m.dense_inter : m.inter) / tp;
      e.swiglu(p, count, h, inter, c.gemm, "gate_up_gemm", "act", "down_gemm");
      if (tp > 1) e.add(ops::custom_allreduce{e.name(p, "ffn_ar"), s, h, tp});
    }
  }
};

}  // namespace strata::families
