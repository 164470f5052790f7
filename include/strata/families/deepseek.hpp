// DEEPSEEK (DeepSeek-V3/R1, Kimi-K2), KIMIK25 (Kimi-K2.5) and DEEPSEEKV32
// (DeepSeek-V3.2, GLM-5): latent attention (MLA, or DSA's sparse MLA) on every layer,
// routed experts with a shared expert on the MoE layers, and -- correction C5 -- the
// first `first_k_dense_replace` layers dense SwiGLU layers, which the reference prices
// as MoE layers (reference/aic-model-layer.md §6.3, §6.7).
#pragma once

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/ffns/moe.hpp"
#include "strata/mixers/dsa.hpp"
#include "strata/mixers/mla.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

/// The op arrangement of the DeepSeek families; `Mixer` is the attention of every
/// layer. The shared expert is split by tp like the attention (C10: the reference
/// splits DEEPSEEKV32's by moe tp, which no engine does).
template <class Mixer>
struct deepseek_like {
  // MoE-like activation table; the workspace is N * d wide (§8).
  static constexpr memory_traits memory{activation_table::moe, true, true};
  using dense_layer = layer<Mixer, ffns::gated_mlp>;
  using moe_layer = layer<Mixer, ffns::routed_moe>;

  template <GroupsOf<dense_layer, moe_layer> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const double L = total_layers(groups);
    detail::require_uniform(groups, "this family", "attention block",
                            [](const auto& a, const auto& b) { return a.mixer == b.mixer; });
    const auto& attention = detail::first_layer(groups).mixer;
    const double sL = e.scale(L);
    const auto norm = [&](std::string_view base) {
      e.add(ops::elementwise{.name = e.name(base), .scale_factor = sL, .dim_in = 2 * h, .dim_out = 2 * h});
    };
    e.add(ops::embedding{.name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab, .column_size = h});
    norm("add_norm_1");
    attention.emit(e, L, h);
    norm("add_norm_2");
    const bool vllm = c.backend == backend::vllm;
    // C5: the dense layers' SwiGLU MLP (intermediate_size wide, tp-sharded). Their
    // attention and MLP outputs are TP partial sums: on TRT-LLM and SGLang the MoE
    // layers reduce them inside the dispatch ops, dense layers need their own
    // all-reduces (vLLM's per-layer all-reduce below already covers every layer).
    for_each_group(groups, [&](const auto& g) {
      using L_ = typename std::remove_cvref_t<decltype(g)>::layer_type;
      if constexpr (!L_::routed) {
        if (g.n() == 0) return;
        const double s = e.scale(g.n());
        if (tp > 1 && !vllm)
          e.add(ops::custom_allreduce{.name = e.name("dense", "attn_ar"), .scale_factor = s, .h = h, .tp_size = tp});
        g.layer.ffn.emit(e, "dense", g.n(), {"gate_up_gemm", "act_gate", "ffn2_gemm"}, h, tp,
                         excluded_or(m.quant.excluded.dense_mlp, c), false);
        if (tp > 1 && !vllm)
          e.add(ops::custom_allreduce{.name = e.name("dense", "ffn_ar"), .scale_factor = s, .h = h, .tp_size = tp});
      }
    });
    for_each_group(groups, [&](const auto& g) {
      using L_ = typename std::remove_cvref_t<decltype(g)>::layer_type;
      if constexpr (L_::routed) {
        if (g.n() == 0) return;
        const auto& f = g.layer.ffn;
        const auto shared = [&] {
          if (f.shared_inter > 0)
            f.shared().emit(e, {}, g.n(), {"shared_gate_up_gemm", "shared_act_gate", "shared_ffn2_gemm"}, h,
                            tp, excluded_or(m.quant.excluded.shared_experts, c), false);
        };
        const auto routed = [&] { f.routed_block(e, {}, g.n(), h, c.moe); };
        if (e.context()) {
          shared();
          routed();
        } else {
          // Decode runs the shared expert on a second stream beside the routed path.
          e.overlap(e.name("moe_overlap"), routed, shared);
        }
      }
    });
    e.add(ops::gemm{.name = e.name("logits_gemm"), .scale_factor = e.scale(1), .n = m.vocab / tp, .k = h, .tied = m.tied_embeddings});
    // vLLM all-reduces after attention and after the FFN of every layer.
    if (vllm)
      e.add(ops::custom_allreduce{.name = e.name("tp_allreduce"), .scale_factor = e.scale(2 * L), .h = h, .tp_size = tp});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
  }

  /// A part the checkpoint keeps unquantized stays bf16 unless the user chose the mode.
  static constexpr gemm_quant excluded_or(bool excluded, const resolved_config& c) {
    return excluded && !c.gemm_explicit ? gemm_quant::bfloat16 : c.gemm;
  }
};

struct deepseek : deepseek_like<mixers::mla> {
  static constexpr std::string_view name = "DEEPSEEK";
};

/// Kimi-K2.5: the DeepSeek arrangement under its own family name.
struct kimi_k25 : deepseek_like<mixers::mla> {
  static constexpr std::string_view name = "KIMIK25";
};

struct deepseek_v32 : deepseek_like<mixers::dsa> {
  static constexpr std::string_view name = "DEEPSEEKV32";
  /// The reference's DSA guard: with the FMHA mode inferred from the checkpoint,
  /// TRT-LLM and SGLang run DSA's attention in bf16.
  static constexpr void adjust(resolved_config& c, const model_config& in, const model_facts&) {
    if (!in.fmha && c.backend != backend::vllm && c.fmha == fmha_quant::fp8) c.fmha = fmha_quant::bfloat16;
  }
};

}  // namespace strata::families
