// HYBRIDMOE family (MiMo-V2-Flash, Llama-4): up to four layer types (full or
// sliding/chunked attention x MoE or dense FFN), each priced with its own count and
// shapes (reference/aic-model-layer.md §6.4; corrections C1, C2, C6).
#pragma once

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/ffns/moe.hpp"
#include "strata/mixers/gqa.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct hybrid_moe {
  static constexpr std::string_view name = "HYBRIDMOE";
  static constexpr memory_traits memory{activation_table::other};
  using moe_layer = layer<mixers::gqa, ffns::routed_moe>;
  using dense_layer = layer<mixers::gqa, ffns::gated_mlp>;

  /// The reference's type order and op-name prefixes.
  struct kind {
    bool sliding;
    bool routed;
    std::string_view prefix;
  };
  static constexpr kind kinds[] = {
      {false, true, "global"}, {true, true, "swa"}, {true, false, "swa_dense"}, {false, false, "global_dense"}};

  template <GroupsOf<moe_layer, dense_layer> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    build_layers(e, m, groups, true);
  }

  /// Embedding, the four layer types, logits and P2P. `shared_in_block`: a routed
  /// layer's shared expert is listed inside its MoE block (Llama-4, C2); otherwise the
  /// caller lists it (STEP3P7 appends it after P2P).
  template <GroupsOf<moe_layer, dense_layer> Groups>
  static constexpr void build_layers(emitter& e, const model_facts& m, const Groups& groups, bool shared_in_block) {
    const resolved_config& c = e.config();
    e.add(ops::embedding{
        .name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab, .column_size = m.hidden});
    for (const kind& k : kinds)
      for_each_group(groups, [&](const auto& g) {
        using L = typename std::remove_cvref_t<decltype(g)>::layer_type;
        if (g.n() > 0 && L::routed == k.routed && (g.layer.mixer.window > 0) == k.sliding)
          emit_type(e, m, g.layer, g.n(), k.prefix, shared_in_block);
      });
    e.add(ops::gemm{.name = e.name("logits_gemm"),
                    .scale_factor = e.scale(1),
                    .n = m.vocab / c.tp,
                    .k = m.hidden,
                    .tied = m.tied_embeddings});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = m.hidden, .pp_size = c.pp});
  }

  template <class L>
  static constexpr void emit_type(emitter& e, const model_facts& m, const L& l, int count, std::string_view p,
                                  bool shared_in_block = true) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const double s = e.scale(count);
    const auto norm = [&](std::string_view base) {
      e.add(ops::elementwise{.name = e.name(p, base), .scale_factor = s, .dim_in = 2 * h, .dim_out = 2 * h});
    };
    norm("attn_norm");
    e.add(l.mixer.qkv_gemm(e.name(p, "qkv_gemm"), s, h, c));
    l.mixer.kernel(e, e.name("attention"), count);
    e.add(l.mixer.proj_gemm(e.name(p, "proj_gemm"), s, h, c));
    if constexpr (L::routed) {
      norm("moe_norm");
      // C2: Llama-4's always-on shared expert (modeling_llama4.Llama4TextMoe).
      if (shared_in_block && l.ffn.shared_inter > 0)
        l.ffn.shared().emit(e, p, count, {"shared_gate_up_gemm", "shared_act_gate", "shared_ffn2_gemm"}, h, tp, c.gemm);
      l.ffn.routed_block(e, p, count, h, std::nullopt);
    } else {
      // C6: a dense layer's attention output and FFN output are TP partial sums.
      if (tp > 1) e.add(ops::custom_allreduce{.name = e.name(p, "attn_ar"), .scale_factor = s, .h = h, .tp_size = tp});
      norm("ffn_norm");
      l.ffn.emit(e, p, count, {"gate_up_gemm", "act", "down_gemm"}, h, tp, c.gemm);
      if (tp > 1) e.add(ops::custom_allreduce{.name = e.name(p, "ffn_ar"), .scale_factor = s, .h = h, .tp_size = tp});
    }
  }
};

}  // namespace strata::families
