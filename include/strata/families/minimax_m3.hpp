// MINIMAXM3 (MiniMax-M3): MiniMax sparse attention (one MSA module op) on every layer,
// routed experts with a shared expert. As the reference has it, every layer is priced
// as an MoE + MSA layer: the leading dense layers (`first_k_dense_replace`, plain
// attention and a dense MLP in the model) are modelled like the others; only their KV
// differs (no index keys, correction C3). reference/aic-model-layer.md §6.7.
#pragma once

#include "strata/families/common.hpp"
#include "strata/ffns/moe.hpp"
#include "strata/mixers/msa.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct minimax_m3 {
  static constexpr std::string_view name = "MINIMAXM3";
  // Not in the reference's activation tables: its default coefficients, no MoE workspace (§8).
  static constexpr memory_traits memory{activation_table::other};
  using layer_type = layer<mixers::msa, ffns::routed_moe>;

  template <GroupsOf<layer_type> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const double L = total_layers(groups);
    detail::require_uniform(groups, name, "attention block and MoE block",
                            [](const auto& a, const auto& b) { return a.mixer.same_shape(b.mixer) && a.ffn == b.ffn; });
    const auto& first = detail::first_layer(groups);
    const double sL = e.scale(L);
    const auto norm = [&](std::string_view base) {
      e.add(ops::elementwise{.name = e.name(base), .scale_factor = sL, .dim_in = 2 * h, .dim_out = 2 * h});
    };
    e.add(
        ops::embedding{.name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab, .column_size = h});
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
    e.add(ops::gemm{.name = e.name("logits_gemm"),
                    .scale_factor = e.scale(1),
                    .n = m.vocab / tp,
                    .k = h,
                    .tied = m.tied_embeddings});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
  }
};

}  // namespace strata::families
