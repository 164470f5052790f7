// MAMBA and JAMBA: strata's own families for Mamba-1 models, which the reference does
// not read. MAMBA: every layer is one Mamba-1 mixer with its own residual and no FFN
// (Mamba, FalconMamba). JAMBA: every layer is a Mamba-1 mixer or attention (no
// positional embedding), then a gated MLP or routed experts (Jamba). Like DECODER,
// each layer type lists its own ops under its own prefix with its own count, with the
// tensor-parallel collectives vLLM runs (vllm/model_executor/models/mamba.py,
// jamba.py; layers/mamba/mamba_mixer.py).
#pragma once

#include <string_view>

#include "strata/families/decoder.hpp"
#include "strata/mixers/mamba1.hpp"

namespace strata::families {

template <bool Hybrid>
struct basic_mamba {
  static constexpr std::string_view name = Hybrid ? "JAMBA" : "MAMBA";
  static constexpr memory_traits memory{Hybrid ? activation_table::moe : activation_table::other};
  static constexpr bool prices_checkpoint_scales = true;
  using mamba_layer = layer<mixers::mamba1, ffns::none>;
  using mamba_dense_layer = layer<mixers::mamba1, ffns::gated_mlp>;
  using mamba_moe_layer = layer<mixers::mamba1, ffns::routed_moe>;
  using attention_dense_layer = layer<mixers::gqa, ffns::gated_mlp>;
  using attention_moe_layer = layer<mixers::gqa, ffns::routed_moe>;

  /// Embedding (vocabulary-parallel), each layer type in group order, the logits GEMM
  /// (holding no weights when tied), P2P.
  template <
      GroupsOf<mamba_layer, mamba_dense_layer, mamba_moe_layer, attention_dense_layer, attention_moe_layer> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    e.add(ops::embedding{
        .name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab / tp, .column_size = h});
    if (tp > 1)
      e.add(ops::custom_allreduce{.name = e.name("embedding_ar"), .scale_factor = e.scale(1), .h = h, .tp_size = tp});
    for_each_group(groups, [&](const auto& g) {
      if (g.n() == 0) return;
      using L = typename std::remove_cvref_t<decltype(g)>::layer_type;
      // Attention layers are the DECODER's ("full_dense", "full_moe").
      if constexpr (std::is_same_v<typename L::mixer_type, mixers::gqa>)
        decoder_moe::emit_type(e, m, g.layer, g.n());
      else
        emit_mamba(e, m, g.layer, g.n());
    });
    e.add(ops::gemm{.name = e.name("logits_gemm"),
                    .scale_factor = e.scale(1),
                    .n = m.vocab / tp,
                    .k = h,
                    .tied = m.tied_embeddings});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
  }

  template <class L>
  static constexpr std::string_view prefix() {
    if constexpr (std::is_same_v<typename L::ffn_type, ffns::none>)
      return "mamba";
    else if constexpr (L::routed)
      return "mamba_moe";
    else
      return "mamba_dense";
  }

  template <class L>
  static constexpr void emit_mamba(emitter& e, const model_facts& m, const L& l, int count) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const double s = e.scale(count);
    constexpr std::string_view p = prefix<L>();
    const auto norm = [&](std::string_view base) {
      e.add(ops::elementwise{.name = e.name(p, base), .scale_factor = s, .dim_in = 2 * h, .dim_out = 2 * h});
    };
    const auto allreduce = [&](std::string_view base, std::int64_t width) {
      if (tp > 1) e.add(ops::custom_allreduce{.name = e.name(p, base), .scale_factor = s, .h = width, .tp_size = tp});
    };
    const mixers::mamba1& x = l.mixer;
    norm("add_norm_1");
    e.add(x.in_proj(e.name(p, "in_proj_gemm"), s, h, c));
    e.add(x.kernel(e, e.name(p, "conv1d"), count, true));
    e.add(x.x_proj(e.name(p, "x_proj_gemm"), s, c));
    // vLLM's x_proj is row-parallel: dt, B and C are summed over the tp ranks.
    allreduce("x_proj_ar", x.x_proj_width());
    e.add(x.dt_proj(e.name(p, "dt_proj_gemm"), s, c));
    e.add(x.kernel(e, e.name(p, "ssm"), count, false));
    e.add(x.out_proj(e.name(p, "out_proj_gemm"), s, h, c));
    if constexpr (std::is_same_v<typename L::ffn_type, ffns::none>) {
      allreduce("mixer_ar", h);
    } else if constexpr (L::routed) {
      // As in DECODER_MOE, the dispatch ops carry the layer's TP collectives.
      norm("add_norm_2");
      l.ffn.routed_block(e, p, count, h, c.moe);
    } else {
      allreduce("mixer_ar", h);
      norm("add_norm_2");
      l.ffn.emit(e, p, count, {"gate_up_gemm", "act", "down_gemm"}, h, tp, c.gemm);
      allreduce("ffn_ar", h);
    }
  }
};

using mamba = basic_mamba<false>;
using jamba = basic_mamba<true>;

}  // namespace strata::families
