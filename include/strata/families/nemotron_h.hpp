// NEMOTRONH family (Nemotron-H, Nemotron-3 Nano/Super/Ultra): every layer is one block
// of `hybrid_override_pattern` -- Mamba2 ('M'), attention ('*'), routed experts with a
// shared expert ('E') or a ReLU² MLP ('-') -- each with its own residual, so a layer
// has a mixer and no FFN or an FFN and no mixer. Ops are listed per block type with
// the type's count (reference/aic-model-layer.md §6.5; corrections C3, C7, C11).
#pragma once

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/ffns/moe.hpp"
#include "strata/mixers/gqa.hpp"
#include "strata/mixers/mamba2.hpp"
#include "strata/mixers/none.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct nemotron_h {
  static constexpr std::string_view name = "NEMOTRONH";
  static constexpr memory_traits memory{activation_table::other};
  using mamba_layer = layer<mixers::mamba2, ffns::none>;
  using attention_layer = layer<mixers::gqa, ffns::none>;
  /// Non-gated (ReLU²) routed experts, optionally latent, with a ReLU² shared expert.
  using moe_layer = layer<mixers::none, ffns::routed_moe>;
  using mlp_layer = layer<mixers::none, ffns::mlp>;

  template <GroupsOf<mamba_layer, attention_layer, moe_layer, mlp_layer> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const auto norm = [&](std::string_view base, double s) {
      e.add(ops::elementwise{.name = e.name(base), .scale_factor = s, .dim_in = 2 * h, .dim_out = 2 * h});
    };
    const auto all_reduce = [&](std::string_view base, double s) {
      e.add(ops::custom_allreduce{.name = e.name(base), .scale_factor = s, .h = h, .tp_size = tp});
    };
    e.add(
        ops::embedding{.name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab, .column_size = h});
    detail::for_each_of<mamba_layer>(groups, [&](const auto& g) {
      const auto& mamba = g.layer.mixer;
      const double s = e.scale(g.n());
      norm("mamba_norm", s);
      e.add(mamba.in_proj(e.name("mamba_in_proj_gemm"), s, h, c));
      mamba.kernels(e, e.name("mamba_conv1d"), e.name("mamba_ssm"), g.n(), h);
      e.add(mamba.out_proj(e.name("mamba_out_proj_gemm"), s, h, c));
      all_reduce("mamba_ar", s);
    });
    detail::for_each_of<attention_layer>(groups, [&](const auto& g) {
      const auto& attention = g.layer.mixer;
      const double s = e.scale(g.n());
      norm("attn_norm", s);
      e.add(attention.qkv_gemm(e.name("qkv_gemm"), s, h, c));
      attention.kernel(e, e.name("attention"), g.n());
      e.add(attention.proj_gemm(e.name("proj_gemm"), s, h, c));
      all_reduce("attn_ar", s);
    });
    detail::for_each_of<moe_layer>(groups, [&](const auto& g) {
      const auto& f = g.layer.ffn;
      const double s = e.scale(g.n());
      norm("moe_norm", s);
      // The shared expert is a ReLU² MLP like the dense layers (no gate projection).
      if (f.shared_inter > 0)
        ffns::mlp{f.shared_inter}.emit(e, {}, g.n(), {"shared_up_gemm", "shared_relu2", "shared_down_gemm"}, h, tp,
                                       c.gemm);
      f.router(e, {}, g.n(), h);
      // C11: the latent projections are replicated on every GPU, not split by tp
      // (TensorRT-LLM modeling_nemotron_h.py, vLLM nemotron_h.py: ReplicatedLinear).
      if (f.latent > 0)
        e.add(ops::gemm{
            .name = e.name("fc1_latent_proj_gemm"), .scale_factor = s, .n = f.latent, .k = h, .quant = c.gemm});
      const std::int64_t width = f.expert_hidden(h);
      f.dispatch(e, {}, g.n(), width, true, c.moe);
      f.compute(e, {}, g.n(), width);
      f.dispatch(e, {}, g.n(), width, false, c.moe);
      if (f.latent > 0)
        e.add(ops::gemm{.name = e.name("fc2_latent_proj_gemm"),
                        .scale_factor = s,
                        .n = h,
                        .k = f.latent,
                        .quant = c.gemm,
                        .low_precision_input = true});
      // Routed and shared outputs are summed, then reduced over tp once.
      all_reduce("moe_ar", s);
    });
    detail::for_each_of<mlp_layer>(groups, [&](const auto& g) {
      const double s = e.scale(g.n());
      norm("mlp_norm", s);
      g.layer.ffn.emit(e, {}, g.n(), {"mlp_up_gemm", "mlp_relu2", "mlp_down_gemm"}, h, tp, c.gemm, false);
      all_reduce("mlp_ar", s);
    });
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
    e.add(ops::gemm{.name = e.name("logits_gemm"),
                    .scale_factor = e.scale(1),
                    .n = m.vocab / tp,
                    .k = h,
                    .tied = m.tied_embeddings});
  }
};

}  // namespace strata::families
