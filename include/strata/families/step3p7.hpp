// STEP3P7 family (Step-3.7-Flash): HYBRIDMOE's four layer types (full or sliding
// attention x MoE or dense FFN) with one always-on shared expert on every MoE layer,
// which the reference lists once for all MoE layers after P2P
// (reference/aic-model-layer.md §6.4; correction C6).
#pragma once

#include "strata/families/hybrid_moe.hpp"

namespace strata::families {

struct step3p7 {
  static constexpr std::string_view name = "STEP3P7";
  // MoE activation table with an MoE workspace over the hidden width (§8).
  static constexpr memory_traits memory{activation_table::moe, true, false};
  using moe_layer = hybrid_moe::moe_layer;
  using dense_layer = hybrid_moe::dense_layer;

  template <GroupsOf<moe_layer, dense_layer> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    hybrid_moe::build_layers(e, m, groups, false);
    // The shared expert of all MoE layers (their widths are one: the reader reads one
    // share_expert_dim), a dense SwiGLU split by tp.
    int layers = 0;
    std::int64_t width = 0;
    for_each_group(groups, [&](const auto& g) {
      using L = typename std::remove_cvref_t<decltype(g)>::layer_type;
      if constexpr (L::routed)
        if (g.n() > 0 && g.layer.ffn.shared_inter > 0) {
          layers += g.n();
          width = g.layer.ffn.shared_inter;
        }
    });
    if (layers > 0)
      ffns::gated_mlp{width}.emit(e, "shared_expert", layers, {"dense_gate_up_gemm", "dense_act", "dense_down_gemm"},
                                  m.hidden, c.tp, c.gemm);
  }
};

}  // namespace strata::families
