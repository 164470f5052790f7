// GEMMA4MIX family (Gemma-4): sliding-window layers and global layers with their own
// KV heads and head size (global layers may take V from the K projection), a SwiGLU
// MLP on every layer and, in the MoE variants, routed experts beside it
// (reference/aic-model-layer.md §6.7; corrections C3, C6).
#pragma once

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/ffns/dense_and_moe.hpp"
#include "strata/mixers/gqa.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct gemma4 {
  static constexpr std::string_view name = "GEMMA4MIX";
  // MoE-like activation table with an MoE workspace over the hidden width (§8).
  static constexpr memory_traits memory{activation_table::moe, true, false};
  using dense_layer = layer<mixers::gqa, ffns::gated_mlp>;
  using moe_layer = layer<mixers::gqa, ffns::dense_and_moe>;
  static constexpr int router_min_experts = 128;

  template <GroupsOf<dense_layer, moe_layer> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    e.add(ops::embedding{
        .name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab, .column_size = m.hidden});
    // The reference's type order: sliding layers, then global ones.
    for (const bool sliding : {true, false})
      for_each_group(groups, [&](const auto& g) {
        if (g.n() > 0 && (g.layer.mixer.window > 0) == sliding)
          emit_type(e, m, g.layer, g.n(), sliding ? "swa" : "global");
      });
    e.add(ops::gemm{.name = e.name("logits_gemm"),
                    .scale_factor = e.scale(1),
                    .n = m.vocab / c.tp,
                    .k = m.hidden,
                    .tied = m.tied_embeddings});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = m.hidden, .pp_size = c.pp});
  }

  template <class L>
  static constexpr void emit_type(emitter& e, const model_facts& m, const L& l, int count, std::string_view p) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const double s = e.scale(count);
    constexpr bool routed = L::routed;
    const auto norm = [&](std::string_view base) {
      e.add(ops::elementwise{.name = e.name(p, base), .scale_factor = s, .dim_in = 2 * h, .dim_out = 2 * h});
    };
    // C6: without experts nothing reduces the row-parallel outputs over tp; vLLM's
    // Gemma4Attention.o_proj and Gemma4MLP.down_proj are RowParallelLinear layers that
    // all-reduce (MoE layers reduce inside the dispatch ops).
    const auto all_reduce = [&](std::string_view base) {
      if (!routed && tp > 1)
        e.add(ops::custom_allreduce{.name = e.name(p, base), .scale_factor = s, .h = h, .tp_size = tp});
    };
    norm("attn_norm");
    e.add(l.mixer.qkv_gemm(e.name(p, "qkv_gemm"), s, h, c));
    l.mixer.kernel(e, e.name("attention"), count);
    e.add(l.mixer.proj_gemm(e.name(p, "proj_gemm"), s, h, c));
    all_reduce("attn_ar");
    norm("ffn_norm");
    const ffns::gated_mlp& mlp = [&]() -> const ffns::gated_mlp& {
      if constexpr (routed)
        return l.ffn.dense;
      else
        return l.ffn;
    }();
    mlp.emit(e, p, count, {"shared_mlp_gate_up_gemm", "shared_mlp_act", "shared_mlp_down_gemm"}, h, tp, c.gemm);
    all_reduce("ffn_ar");
    if constexpr (routed) {
      const ffns::routed_moe& experts = l.ffn.moe;
      if (experts.experts >= router_min_experts) experts.router(e, p, count, h);
      experts.dispatch(e, p, count, h, true, c.moe);
      experts.compute(e, p, count, h);
      experts.dispatch(e, p, count, h, false, c.moe);
    }
  }
};

}  // namespace strata::families
