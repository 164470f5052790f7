// MINIMAXM3 (MiniMax-M3): MiniMax sparse attention (one MSA module op) and routed
// experts with a shared expert on its MoE layers (reference/aic-model-layer.md §6.7).
// The reference prices every layer so; in the model the first `first_k_dense_replace`
// layers are plain GQA attention with a dense SwiGLU MLP, and strata lists them as
// such (correction C14), with their own KV (C3).
#pragma once

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/ffns/moe.hpp"
#include "strata/mixers/gqa.hpp"
#include "strata/mixers/msa.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct minimax_m3 {
  static constexpr std::string_view name = "MINIMAXM3";
  // Not in the reference's activation tables: its default coefficients, no MoE workspace (§8).
  static constexpr memory_traits memory{activation_table::other};
  using layer_type = layer<mixers::msa, ffns::routed_moe>;
  /// A leading dense layer: GQA attention and a SwiGLU MLP (vLLM `MiniMaxM3Attention`,
  /// `MiniMaxM3MLP`).
  using dense_layer = layer<mixers::gqa, ffns::gated_mlp>;

  template <GroupsOf<layer_type, dense_layer> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    // The first MoE layer by value (no pointer tests: they are not constant
    // expressions under the sanitizers).
    layer_type moe_layer{};
    int moe_layers = 0;
    detail::for_each_of<layer_type>(groups, [&](const auto& g) {
      if (moe_layers > 0 && !(moe_layer.mixer.same_shape(g.layer.mixer) && moe_layer.ffn == g.layer.ffn))
        strata::detail::invalid("MINIMAXM3 lists one attention block and MoE block for all MoE layers, but this "
                                "model's layers differ in it");
      if (moe_layers == 0) moe_layer = g.layer;
      moe_layers += g.n();
    });
    e.add(
        ops::embedding{.name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab, .column_size = h});
    if (moe_layers == 0) strata::detail::invalid("MINIMAXM3 needs at least one MoE layer");
    const double L = moe_layers;
    const double sL = e.scale(L);
    const auto norm = [&](std::string_view base) {
      e.add(ops::elementwise{.name = e.name(base), .scale_factor = sL, .dim_in = 2 * h, .dim_out = 2 * h});
    };
    const auto& first = moe_layer;
    norm("add_norm_1");
    first.mixer.emit(e, L, h);
    norm("add_norm_2");
    const auto& f = first.ffn;
    // The shared expert is split by tp like the attention.
    const auto shared = [&] {
      if (f.shared_inter > 0)
        f.shared().emit(e, {}, L, {"shared_gate_up_gemm", "shared_act_gate", "shared_ffn2_gemm"}, h, tp, c.gemm, false);
    };
    const auto routed = [&] { f.routed_block(e, {}, L, h, c.moe); };
    if (e.context()) {
      shared();
      routed();
    } else {
      // Decode runs the shared expert on a second stream beside the routed path.
      e.overlap(e.name("moe_overlap"), routed, shared);
    }
    // C14: the dense layers as the model runs them, listed after the MoE layers (the
    // reference's ops then pair one to one with strata's; order does not change a
    // step's cost). Their attention and MLP outputs are TP partial sums (row-parallel
    // o_proj and down_proj): an all-reduce after each (MoE layers reduce inside their
    // dispatch ops).
    detail::for_each_of<dense_layer>(groups, [&](const auto& g) {
      const double s = e.scale(g.n());
      const auto& l = g.layer;
      const auto dense_norm = [&](std::string_view base) {
        e.add(ops::elementwise{.name = e.name("dense", base), .scale_factor = s, .dim_in = 2 * h, .dim_out = 2 * h});
      };
      const auto all_reduce = [&](std::string_view base) {
        if (tp > 1)
          e.add(ops::custom_allreduce{.name = e.name("dense", base), .scale_factor = s, .h = h, .tp_size = tp});
      };
      dense_norm("add_norm_1");
      e.add(l.mixer.qkv_gemm(e.name("dense", "qkv_gemm"), s, h, c));
      l.mixer.kernel(e, e.name("attention"), g.n());
      e.add(l.mixer.proj_gemm(e.name("dense", "proj_gemm"), s, h, c));
      all_reduce("attn_ar");
      dense_norm("add_norm_2");
      l.ffn.emit(e, "dense", g.n(), {"gate_up_gemm", "act_gate", "ffn2_gemm"}, h, tp, c.gemm, false);
      all_reduce("ffn_ar");
    });
    e.add(ops::gemm{.name = e.name("logits_gemm"),
                    .scale_factor = e.scale(1),
                    .n = m.vocab / tp,
                    .k = h,
                    .tied = m.tied_embeddings});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
  }
};

}  // namespace strata::families
