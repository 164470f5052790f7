// LLAMA family (Llama-3.x, Qwen2/Qwen3 dense, MiMo-7B): dense layers of attention and
// a SwiGLU FFN, each op listed once with the layer count as its scale factor
// (reference/aic-model-layer.md §6.1).
#pragma once

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/mixers/gqa.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct llama {
  static constexpr std::string_view name = "LLAMA";
  static constexpr memory_traits memory{activation_table::llama};
  using layer_type = layer<mixers::gqa, ffns::gated_mlp>;

  template <GroupsOf<layer_type> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const double L = total_layers(groups);
    const std::int64_t h = m.hidden;
    const auto& first = detail::first_layer(groups);
    detail::require_uniform(groups, name, "attention projection and FFN", [](const auto& a, const auto& b) {
      return a.mixer.qkv_width(1) == b.mixer.qkv_width(1) && a.mixer.proj_in(1) == b.mixer.proj_in(1) && a.ffn == b.ffn;
    });
    const double sL = e.scale(L);
    e.add(ops::embedding{.name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab / tp, .column_size = h});
    e.add(ops::elementwise{.name = e.name("add_norm_1"), .scale_factor = sL, .dim_in = 2 * h, .dim_out = 2 * h});
    e.add(first.mixer.qkv_gemm(e.name("qkv_gemm"), sL, h, c));
    for_each_group(groups, [&](const auto& g) {
      if (g.n() > 0) g.layer.mixer.kernel(e, e.name("attention"), g.n());
    });
    e.add(first.mixer.proj_gemm(e.name("proj_gemm"), sL, h, c));
    e.add(ops::elementwise{.name = e.name("add_norm_2"), .scale_factor = sL, .dim_in = 2 * h, .dim_out = 2 * h});
    first.ffn.emit(e, {}, L, {"gate_ffn1_gemm", "act_gate", "ffn2_gemm"}, h, tp, c.gemm);
    e.add(ops::gemm{.name = e.name("logits_gemm"), .scale_factor = e.scale(1), .n = m.vocab / tp, .k = h, .tied = m.tied_embeddings});
    e.add(ops::custom_allreduce{.name = e.name("embedding_ar"), .scale_factor = e.scale(1), .h = h, .tp_size = tp});
    e.add(ops::custom_allreduce{.name = e.name("ar_1"), .scale_factor = sL, .h = h, .tp_size = tp});
    e.add(ops::custom_allreduce{.name = e.name("ar_2"), .scale_factor = sL, .h = h, .tp_size = tp});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
  }
};

}  // namespace strata::families
