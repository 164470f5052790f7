// KIMIK3 (Kimi-K3): Kimi Delta Attention on most layers and latent attention with an
// output gate on the rest; the first `first_k_dense_replace` layers a dense SwiGLU
// MLP, the others a latent MoE (router on the hidden state, a replicated hidden ->
// latent projection, routed experts entirely in the latent width, latent -> hidden)
// beside full-width shared experts; AttnRes adds two elementwise aggregations per
// layer. The reference lists every op once per layer type (KDA, MLA, then the FFNs of
// all layers), and with `nextn > 0` (a DSPARK block size, not MTP layers) the ops of a
// separate five-layer draft model (reference/aic-model-layer.md §5.9, §6.7, §7).
#pragma once

#include <algorithm>
#include <string>
#include <type_traits>

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/ffns/moe.hpp"
#include "strata/mixers/kda.hpp"
#include "strata/mixers/mla.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct kimi_k3 {
  static constexpr std::string_view name = "KIMIK3";
  // The reference's MoE-like activation table on SGLang, the default one on TensorRT-LLM
  // and vLLM; no MoE workspace (§8).
  static constexpr memory_traits memory{activation_table::sglang_moe};
  /// nextn is the draft block size: the draft model's own ops, no MTP factor.
  static constexpr bool mtp_scaled = false;
  using kda_dense_layer = layer<mixers::kda, ffns::gated_mlp>;
  using kda_moe_layer = layer<mixers::kda, ffns::routed_moe>;
  using mla_dense_layer = layer<mixers::mla, ffns::gated_mlp>;
  using mla_moe_layer = layer<mixers::mla, ffns::routed_moe>;

  /// The published DSPARK draft models: five dense layers with a 14336-wide SwiGLU MLP.
  /// SGLang serves RadixArk/Kimi-K3-DSpark (GQA, 64 query / 16 KV heads of 64); vLLM
  /// serves Inferact/Kimi-K3-DSpark (latent attention, 64 heads, q_lora 1536, kv_lora
  /// 512, qk 128 + 64, v 128, no output gate). The reference writes them as constants.
  struct draft {
    static constexpr int layers = 5;
    static constexpr std::int64_t inter = 14336;
    static constexpr int heads = 64;
    static constexpr int kv_heads = 16;  // SGLang's GQA draft
    static constexpr int head_dim = 64;
    static constexpr int q_lora = 1536;  // vLLM's latent draft
    static constexpr ops::mla_dims dims{.kv_lora = 512, .qk_nope = 128, .qk_rope = 64, .v_head = 128};
  };

  /// The draft model's KV per sequence: vLLM's latent draft keeps kv_lora + rope per
  /// token and layer (not split by tp), SGLang's GQA draft K and V of its KV heads on
  /// this GPU.
  static constexpr double extra_cache_bytes(std::int64_t tokens, const resolved_config& c) {
    if (c.nextn <= 0) return 0;
    const double per_layer = c.backend == backend::vllm ? double(draft::dims.latent())
                                                        : 2.0 * std::max(1, draft::kv_heads / c.tp) * draft::head_dim;
    return double(std::max<std::int64_t>(tokens, 0)) * bytes_per_element(c.kv) * draft::layers * per_layer;
  }

  template <GroupsOf<kda_dense_layer, kda_moe_layer, mla_dense_layer, mla_moe_layer> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const int L = total_layers(groups);
    const bool ctx = e.context();
    const bool vllm = c.backend == backend::vllm;
    const gemm_quant bf16 = gemm_quant::bfloat16;
    int n_kda = 0, n_mla = 0, n_dense = 0, n_moe = 0;
    const mixers::kda* kda = nullptr;
    const mixers::mla* mla = nullptr;
    const ffns::gated_mlp* dense = nullptr;
    const ffns::routed_moe* moe = nullptr;
    for_each_group(groups, [&](const auto& g) {
      if (g.n() == 0) return;
      using L_ = typename std::remove_cvref_t<decltype(g)>::layer_type;
      const auto same = [](const auto* seen, const auto& x, const char* what) {
        if (seen && !(*seen == x))
          strata::detail::invalid(std::string("KIMIK3 lists one ") + what +
                                  " for all its layers, but this model's differ");
      };
      if constexpr (std::is_same_v<typename L_::mixer_type, mixers::kda>) {
        same(kda, g.layer.mixer, "KDA block");
        kda = &g.layer.mixer;
        n_kda += g.n();
      } else {
        same(mla, g.layer.mixer, "latent attention block");
        mla = &g.layer.mixer;
        n_mla += g.n();
      }
      if constexpr (L_::routed) {
        same(moe, g.layer.ffn, "MoE block");
        moe = &g.layer.ffn;
        n_moe += g.n();
      } else {
        same(dense, g.layer.ffn, "dense FFN");
        dense = &g.layer.ffn;
        n_dense += g.n();
      }
    });
    const auto norm = [&](std::string_view base, double count, std::int64_t width) {
      e.add(ops::elementwise{
          .name = e.name(base), .scale_factor = e.scale(count), .dim_in = 2 * width, .dim_out = 2 * width});
    };
    const auto gemm = [&](std::string_view base, double count, std::int64_t n, std::int64_t k, gemm_quant q,
                          bool low_precision = false) {
      e.add(ops::gemm{.name = e.name(base),
                      .scale_factor = e.scale(count),
                      .n = n,
                      .k = k,
                      .quant = q,
                      .low_precision_input = low_precision});
    };
    const auto allreduce = [&](std::string_view base, double count) {
      e.add(ops::custom_allreduce{.name = e.name(base), .scale_factor = e.scale(count), .h = h, .tp_size = tp});
    };
    e.add(ops::embedding{
        .name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab / tp, .column_size = h});
    allreduce("embedding_ar", 1);

    const bool spec = !ctx && c.nextn > 0;
    const int draft_tokens = spec ? c.nextn + 1 : 0;
    if (n_kda > 0) {
      const double n = n_kda;
      const std::int64_t p = kda->local_width(tp);
      using ops::kda_phase;
      using ops::kda_source;
      norm("kda_norm", n, h);
      // q, k, v and the full-rank output gate in one GEMM; beta (one per head on this
      // GPU: C17) with the forget gate's low-rank down projection (head_dim, replicated),
      // then its up projection.
      gemm("kda_qkvg_gemm", n, 4 * p, h, c.gemm);
      gemm("kda_bfa_gemm", n, std::int64_t(kda->heads / tp) + kda->head_dim, h, c.gemm);
      gemm("kda_fb_gemm", n, p, kda->head_dim, c.gemm);
      if (ctx) {
        e.add(kda->kernel(e, "kda_conv1d", n, kda_source::causal_conv1d_fn_qkv3, kda_phase::context, h));
        e.add(kda->kernel(e, "kda_scan", n, vllm ? kda_source::flashkda_fwd : kda_source::chunk_kda, kda_phase::context,
                          h));
      } else if (spec) {
        e.add(kda->kernel(e, "kda_conv1d", n, kda_source::causal_conv1d_update, kda_phase::verify, h, draft_tokens));
        e.add(kda->kernel(e, "kda_verify", n,
                          vllm ? kda_source::fused_recurrent_kda : kda_source::fused_sigmoid_gating_delta_rule_update,
                          kda_phase::verify, h, draft_tokens));
      } else if (vllm) {
        // One kernel: conv update, recurrence and the gated norm.
        e.add(kda->kernel(e, "kda_fused_decode", n, kda_source::fused_kda_decode, kda_phase::generation, h));
      } else {
        e.add(kda->kernel(e, "kda_conv1d", n, kda_source::causal_conv1d_update, kda_phase::generation, h));
        e.add(kda->kernel(e, "kda_recurrent", n, kda_source::fused_recurrent_kda_packed_decode, kda_phase::generation,
                          h));
      }
      if (ctx || spec || !vllm)
        e.add(ops::elementwise{.name = e.name("kda_onorm"), .scale_factor = e.scale(n), .dim_in = 2 * p, .dim_out = p});
      gemm("kda_o_gemm", n, h, p, c.gemm, true);
      allreduce("kda_ar", n);
    }

    if (n_mla > 0) {
      const double n = n_mla;
      const double s = e.scale(n);
      const ops::mla_dims& d = mla->dims;
      const int local = mla->heads / tp;
      const std::int64_t o_in = std::int64_t(mla->heads) * d.v_head / tp;
      norm("mla_norm", n, h);
      gemm("mla_downscale_gemm", n, std::int64_t(mla->q_lora) + d.latent(), h, c.gemm);
      gemm("mla_q_b_gemm", n, std::int64_t(mla->heads) * d.qk_head() / tp, mla->q_lora, c.gemm);
      if (ctx) {
        gemm("mla_kv_b_gemm", n, std::int64_t(mla->heads) * (d.qk_nope + d.v_head) / tp, d.kv_lora, c.gemm);
        if (vllm)
          e.add(ops::context_attention{.name = e.name("attention"),
                                       .scale_factor = s,
                                       .n = local,
                                       .n_kv = mla->kv_heads / tp,
                                       .kv = c.kv,
                                       .fmha = c.fmha,
                                       .head_size = d.v_head});
        else
          e.add(ops::context_mla{.name = e.name("attention"),
                                 .scale_factor = s,
                                 .num_heads = local,
                                 .kv = c.kv,
                                 .fmha = c.fmha,
                                 .dims = d});
      } else if (vllm) {
        e.add(ops::generation_attention{.name = e.name("attention"),
                                        .scale_factor = s,
                                        .n = local,
                                        .n_kv = mla->kv_heads / tp,
                                        .kv = c.kv,
                                        .head_size = d.v_head});
      } else {
        const gemm_quant bmm = c.gemm == bf16 ? bf16 : gemm_quant::fp8;
        e.add(ops::mla_bmm{
            .name = e.name("bmm_pre"), .scale_factor = s, .num_heads = local, .quant = bmm, .if_pre = true, .dims = d});
        e.add(ops::generation_mla{
            .name = e.name("attention"), .scale_factor = s, .num_heads = local, .kv = c.kv, .dims = d});
        e.add(ops::mla_bmm{.name = e.name("bmm_post"),
                           .scale_factor = s,
                           .num_heads = local,
                           .quant = bmm,
                           .if_pre = false,
                           .dims = d});
      }
      if (mla->output_gate) {
        gemm("mla_gate_gemm", n, o_in, h, c.gemm);
        e.add(ops::elementwise{.name = e.name("mla_gate_mul"), .scale_factor = s, .dim_in = 2 * o_in, .dim_out = o_in});
      }
      gemm("mla_o_gemm", n, h, o_in, c.gemm, true);
      allreduce("mla_ar", n);
    }

    if (m.attn_res_block > 0)
      e.add(ops::elementwise{
          .name = e.name("attn_res"), .scale_factor = e.scale(2.0 * L), .dim_in = 4 * h, .dim_out = 2 * h});

    norm("ffn_norm", L, h);
    if (n_dense > 0) {
      dense->emit(e, "", n_dense, {"dense_gate_up_gemm", "dense_act_gate", "dense_down_gemm"}, h, tp, c.gemm);
      allreduce("dense_ffn_ar", n_dense);
    }
    if (n_moe > 0) {
      const double n = n_moe;
      const std::int64_t latent = moe->expert_hidden(h);
      moe->router(e, {}, n, h);
      gemm("latent_down_gemm", n, latent, h, bf16);
      norm("latent_norm", n, latent);
      e.add(moe->dispatch_op(e, {}, n, latent, true, c.moe));
      moe->compute(e, {}, n, latent);
      e.add(moe->dispatch_op(e, {}, n, latent, false, c.moe));
      gemm("latent_up_gemm", n, h, latent, bf16);
      if (moe->shared_inter > 0)
        moe->shared().emit(e, {}, n, {"shared_gate_up_gemm", "shared_act_gate", "shared_down_gemm"}, h, tp, bf16,
                           false);
    }
    e.add(ops::gemm{.name = e.name("logits_gemm"),
                    .scale_factor = e.scale(1),
                    .n = m.vocab / tp,
                    .k = h,
                    .quant = bf16,
                    .tied = m.tied_embeddings});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
    if (spec) draft_model(e, m, draft_tokens);
  }

  /// The DSPARK draft model of one decode step. The step is priced at batch x
  /// (nextn + 1); the draft forwards nextn tokens (counts x nextn / (nextn + 1)) and
  /// projects the committed token's target hidden state once (x 1 / (nextn + 1)).
  static constexpr void draft_model(emitter& e, const model_facts& m, int draft_tokens) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const double per_step = 1.0 / draft_tokens;
    const double dsf = double(c.nextn) / draft_tokens;
    const double dc = draft::layers * dsf;
    const auto gemm = [&](std::string_view base, double count, std::int64_t n, std::int64_t k, gemm_quant q,
                          bool low_precision = false) {
      e.add(ops::gemm{.name = e.bare_name(base),
                      .scale_factor = e.scale(count),
                      .n = n,
                      .k = k,
                      .quant = q,
                      .low_precision_input = low_precision});
    };
    e.add(ops::embedding{.name = e.bare_name("draft_embedding"),
                         .scale_factor = e.scale(dsf),
                         .row_size = m.vocab / tp,
                         .column_size = h});
    e.add(ops::elementwise{
        .name = e.bare_name("draft_norm"), .scale_factor = e.scale(2 * dc), .dim_in = 2 * h, .dim_out = 2 * h});
    std::int64_t kv_proj = 0;
    if (c.backend == backend::vllm) {
      constexpr auto d = draft::dims;
      gemm("draft_downscale_gemm", dc, draft::q_lora + d.latent(), h, c.gemm);
      gemm("draft_q_b_gemm", dc, std::int64_t(draft::heads) * d.qk_head() / tp, draft::q_lora, c.gemm);
      e.add(ops::generation_attention{.name = e.bare_name("draft_attention"),
                                      .scale_factor = e.scale(dc),
                                      .n = draft::heads / tp,
                                      .n_kv = draft::heads / tp,
                                      .kv = c.kv,
                                      .head_size = d.v_head});
      gemm("draft_proj_gemm", dc, h, std::int64_t(draft::heads) * d.v_head / tp, c.gemm, true);
      kv_proj = d.latent();
    } else {
      const std::int64_t hd = draft::head_dim;
      gemm("draft_qkv_gemm", dc, (draft::heads * hd + 2 * draft::kv_heads * hd) / tp, h, c.gemm);
      e.add(ops::generation_attention{.name = e.bare_name("draft_attention"),
                                      .scale_factor = e.scale(dc),
                                      .n = draft::heads / tp,
                                      .n_kv = std::max(1, draft::kv_heads / tp),
                                      .kv = c.kv,
                                      .head_size = int(hd)});
      gemm("draft_proj_gemm", dc, h, draft::heads * hd / tp, c.gemm, true);
      kv_proj = 2 * draft::kv_heads * hd / tp;
    }
    gemm("draft_gate_up_gemm", dc, 2 * draft::inter / tp, h, c.gemm);
    e.add(ops::elementwise{.name = e.bare_name("draft_act_gate"),
                           .scale_factor = e.scale(dc),
                           .dim_in = 2 * draft::inter / tp,
                           .dim_out = draft::inter / tp});
    gemm("draft_down_gemm", dc, h, draft::inter / tp, c.gemm, true);
    e.add(
        ops::custom_allreduce{.name = e.bare_name("draft_ar"), .scale_factor = e.scale(2 * dc), .h = h, .tp_size = tp});
    gemm("draft_kv_proj_gemm", draft::layers * per_step, kv_proj, h, c.gemm);
    gemm("draft_logits_gemm", per_step, m.vocab / tp, h, gemm_quant::bfloat16);
  }
};

}  // namespace strata::families
