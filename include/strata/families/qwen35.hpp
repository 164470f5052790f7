// QWEN35 family (Qwen3.5 dense and MoE): Gated DeltaNet linear attention on most
// layers and gated full attention on every `full_attention_interval`-th, each followed
// by a SwiGLU FFN or routed experts with a sigmoid-gated shared expert. The backends
// differ in where collectives sit and whether decode overlaps the shared expert with
// the routed path (reference/aic-model-layer.md §6.6; correction C3).
#pragma once

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/ffns/moe.hpp"
#include "strata/mixers/gated_delta_net.hpp"
#include "strata/mixers/gqa.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct qwen35 {
  static constexpr std::string_view name = "QWEN35";
  static constexpr memory_traits memory{activation_table::other};
  using gdn_dense_layer = layer<mixers::gated_delta_net, ffns::gated_mlp>;
  using full_dense_layer = layer<mixers::gqa, ffns::gated_mlp>;
  using gdn_moe_layer = layer<mixers::gated_delta_net, ffns::routed_moe>;
  using full_moe_layer = layer<mixers::gqa, ffns::routed_moe>;
  /// The reference lists a router GEMM only for models with at least this many experts
  /// (every released Qwen3.5 MoE has 256 or 512).
  static constexpr int router_min_experts = 128;

  template <GroupsOf<gdn_dense_layer, full_dense_layer, gdn_moe_layer, full_moe_layer> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const bool moe_model = routed_layers(groups) > 0;
    // SGLang with attention DP folds the attention-TP reduction into the gather before
    // the experts (priced by the pre-dispatch op), so the layers list no all-reduce.
    const bool folded = c.backend == backend::sglang && moe_model && c.attention_dp > 1;
    e.add(ops::embedding{
        .name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab / tp, .column_size = h});
    e.add(ops::custom_allreduce{.name = e.name("embedding_ar"), .scale_factor = e.scale(1), .h = h, .tp_size = tp});
    const auto gdn_block = [&](const auto& g) {
      const auto& gdn = g.layer.mixer;
      const double s = e.scale(g.n());
      e.add(ops::elementwise{.name = e.name("gdn_norm"), .scale_factor = s, .dim_in = 2 * h, .dim_out = 2 * h});
      e.add(ops::gemm{
          .name = e.name("gdn_in_proj_gemm"), .scale_factor = s, .n = gdn.in_proj_width(tp), .k = h, .quant = c.gemm});
      e.add(ops::gemm{
          .name = e.name("gdn_in_proj_ba_gemm"), .scale_factor = s, .n = gdn.ba_width(tp), .k = h, .quant = c.gemm});
      gdn.kernels(e, e.name("gdn_conv1d"), e.name(e.context() ? "gdn_scan" : "gdn_recurrence"), g.n(), h);
      e.add(ops::gemm{.name = e.name("gdn_out_proj_gemm"),
                      .scale_factor = s,
                      .n = h,
                      .k = gdn.out_proj_in(tp),
                      .quant = c.gemm,
                      .low_precision_input = true});
      if (!folded) e.add(ops::custom_allreduce{.name = e.name("gdn_ar"), .scale_factor = s, .h = h, .tp_size = tp});
      ffn_block(e, m, g.layer.ffn, "gdn", g.n());
    };
    const auto full_block = [&](const auto& g) {
      const auto& attention = g.layer.mixer;
      const double s = e.scale(g.n());
      e.add(ops::elementwise{.name = e.name("full_attn_norm"), .scale_factor = s, .dim_in = 2 * h, .dim_out = 2 * h});
      e.add(attention.qkv_gemm(e.name("qkv_gemm"), s, h, c));
      attention.kernel(e, e.name("attention"), g.n());
      e.add(attention.proj_gemm(e.name("proj_gemm"), s, h, c));
      if (!folded) e.add(ops::custom_allreduce{.name = e.name("full_ar"), .scale_factor = s, .h = h, .tp_size = tp});
      ffn_block(e, m, g.layer.ffn, "full", g.n());
    };
    detail::for_each_of<gdn_dense_layer>(groups, gdn_block);
    detail::for_each_of<gdn_moe_layer>(groups, gdn_block);
    detail::for_each_of<full_dense_layer>(groups, full_block);
    detail::for_each_of<full_moe_layer>(groups, full_block);
    e.add(ops::gemm{.name = e.name("logits_gemm"),
                    .scale_factor = e.scale(1),
                    .n = m.vocab / tp,
                    .k = h,
                    .tied = m.tied_embeddings});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
  }

  static constexpr void ffn_block(emitter& e, const model_facts& m, const ffns::gated_mlp& f, std::string_view p,
                                  int count) {
    const resolved_config& c = e.config();
    const std::int64_t h = m.hidden;
    const double s = e.scale(count);
    e.add(ops::elementwise{.name = e.name(p, "ffn_norm"), .scale_factor = s, .dim_in = 2 * h, .dim_out = 2 * h});
    f.emit(e, p, count, {"gate_ffn1_gemm", "act_gate", "ffn2_gemm"}, h, c.tp, c.gemm);
    e.add(ops::custom_allreduce{.name = e.name(p, "ffn_ar"), .scale_factor = s, .h = h, .tp_size = c.tp});
  }

  /// Routed experts and the shared expert. SGLang fuses the shared expert's scalar gate,
  /// its product and the final add into one kernel after the streams join; vLLM and
  /// TensorRT-LLM apply the gate inside the shared branch. In decode vLLM and SGLang run
  /// the shared expert on a second stream beside the routed path.
  static constexpr void ffn_block(emitter& e, const model_facts& m, const ffns::routed_moe& f, std::string_view p,
                                  int count) {
    const resolved_config& c = e.config();
    const std::int64_t h = m.hidden;
    const int tp = c.tp;
    const double s = e.scale(count);
    const bool sglang = c.backend == backend::sglang;
    const bool fused_gate = sglang;
    // SGLang's standard dispatcher has no collective before the experts without DP.
    const bool pre_dispatch = !(sglang && c.attention_dp == 1);
    e.add(ops::elementwise{.name = e.name(p, "ffn_norm"), .scale_factor = s, .dim_in = 2 * h, .dim_out = 2 * h});
    const auto dispatch = [&](bool pre) {
      ops::moe_dispatch d = f.dispatch_op(e, p, count, h, pre, c.moe);
      d.attn_ar_modeled = true;  // the layer lists its attention all-reduce itself
      if (pre && e.context()) d.scale_num_tokens = tp;
      e.add(d);
    };
    const auto router = [&] {
      if (f.experts >= router_min_experts) f.router(e, p, count, h);
    };
    const auto shared = [&] {
      if (f.shared_inter == 0) return;
      if (!fused_gate)
        e.add(ops::gemm{.name = e.name(p, "shared_expert_gate_gemm"), .scale_factor = s, .n = 1, .k = h});
      f.shared().emit(e, p, count, {"shared_gate_up_gemm", "shared_act_gate", "shared_down_gemm"}, h, tp, c.gemm);
      if (!fused_gate)
        e.add(ops::elementwise{
            .name = e.name(p, "shared_expert_gate_mul"), .scale_factor = s, .dim_in = h, .dim_out = h});
    };
    const auto merge = [&] {
      if (f.shared_inter > 0)
        e.add(ops::elementwise{
            .name = e.name(p, "shared_merge"), .scale_factor = s, .dim_in = (fused_gate ? 3 : 2) * h, .dim_out = h});
    };
    if (e.context()) {
      router();
      if (pre_dispatch) dispatch(true);
      f.compute(e, p, count, h);
      dispatch(false);
      shared();
      merge();
      return;
    }
    // SGLang's gather before the experts completes before the streams fork; vLLM's
    // runs on the main stream inside the routed branch.
    if (pre_dispatch && sglang) dispatch(true);
    const auto routed = [&] {
      router();
      if (pre_dispatch && !sglang) dispatch(true);
      f.compute(e, p, count, h);
    };
    if (f.shared_inter > 0 && c.backend != backend::trtllm) {
      e.overlap(e.name(p, "moe_overlap"), routed, shared);
    } else {
      routed();
      shared();
    }
    merge();
    // Both frameworks reduce the merged sum once, after the streams join.
    dispatch(false);
  }
};

}  // namespace strata::families
