// MOE family (Qwen2/Qwen3-MoE, Mixtral, gpt-oss, MiniMax-M2): every layer attention +
// routed experts; gpt-oss alternates sliding (128) and full attention
// (reference/aic-model-layer.md §6.2, corrections C4, C8).
#pragma once

#include "strata/families/common.hpp"
#include "strata/ffns/moe.hpp"
#include "strata/mixers/gqa.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct moe {
  static constexpr std::string_view name = "MOE";
  static constexpr memory_traits memory{activation_table::moe};
  using layer_type = layer<mixers::gqa, ffns::routed_moe>;

  template <GroupsOf<layer_type> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const double L = total_layers(groups);
    const std::int64_t h = m.hidden;
    const auto& first = detail::first_layer(groups);
    detail::require_uniform(groups, name, "attention projection and MoE block", [](const auto& a, const auto& b) {
      return a.mixer.qkv_width(1) == b.mixer.qkv_width(1) && a.mixer.proj_in(1) == b.mixer.proj_in(1) && a.ffn == b.ffn;
    });
    // The reference builds the sliding-window attention op first (gpt-oss), ahead of
    // the embedding; the order is kept so the lists compare op by op.
    for_each_group(groups, [&](const auto& g) {
      if (g.n() > 0 && g.layer.mixer.window > 0) g.layer.mixer.kernel(e, e.name("attention"), g.n());
    });
    const double sL = e.scale(L);
    e.add(ops::embedding{.name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab / tp, .column_size = h});
    e.add(ops::elementwise{.name = e.name("add_norm_1"), .scale_factor = sL, .dim_in = 2 * h, .dim_out = 2 * h});
    e.add(first.mixer.qkv_gemm(e.name("qkv_gemm"), sL, h, c));
    for_each_group(groups, [&](const auto& g) {
      if (g.n() > 0 && g.layer.mixer.window == 0) g.layer.mixer.kernel(e, e.name("attention"), g.n());
    });
    e.add(first.mixer.proj_gemm(e.name("proj_gemm"), sL, h, c));
    e.add(ops::elementwise{.name = e.name("add_norm_2"), .scale_factor = sL, .dim_in = 2 * h, .dim_out = 2 * h});
    // C8: an always-on shared expert (Qwen2-MoE's shared_expert_intermediate_size),
    // which the reference drops; tp-sharded like the attention.
    if (first.ffn.shared_inter > 0)
      first.ffn.shared().emit(e, {}, L, {"shared_gate_up_gemm", "shared_act_gate", "shared_ffn2_gemm"}, h, tp, c.gemm);
    first.ffn.routed_block(e, {}, L, h, c.moe);
    // C4: prefill projects the last token to logits like every other family; the
    // reference omits this GEMM (and so the lm_head weights) in this family only.
    e.add(ops::gemm{.name = e.name("logits_gemm"), .scale_factor = e.scale(1), .n = m.vocab / tp, .k = h, .tied = m.tied_embeddings});
    e.add(ops::custom_allreduce{.name = e.name("embedding_ar"), .scale_factor = e.scale(1), .h = h, .tp_size = tp});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
  }
};

}  // namespace strata::families
