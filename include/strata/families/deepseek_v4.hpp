// DEEPSEEKV4 (DeepSeek-V4-Flash / -Pro): compressed attention whose compress ratio
// is per layer, mHC pre / post modules around each sublayer, and a routed MoE with a
// shared expert on every layer (reference/aic-model-layer.md §6.7). The attention is
// one module op per compress ratio; the reference times ratio-0 (sliding window only)
// layers as ratio-128 ones, while their KV cache keeps its own formula (§7).
#pragma once

#include <array>

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/ffns/moe.hpp"
#include "strata/mixers/dsv4.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct deepseek_v4 {
  static constexpr std::string_view name = "DEEPSEEKV4";
  // As the reference's memory model has it for this family: the MoE activation table
  // over N * d (64 * 512 for Flash, wider than hidden), and the MoE workspace N * d wide
  // on TRT-LLM / vLLM, hidden wide on SGLang (the DeepSeek traits).
  static constexpr memory_traits memory{activation_table::moe, true, true};
  using layer_type = layer<mixers::dsv4_attention, ffns::routed_moe>;

  /// The reference's quant defaults for this architecture (beside its FP4 experts,
  /// `checkpoint_quant::fp4_experts`): an FP8 KV cache always, and bf16 attention math
  /// when the FMHA mode came from the checkpoint.
  static constexpr void adjust(resolved_config& c, const model_config& in, const model_facts&) {
    if (!in.kv) c.kv = kv_quant::fp8;
    if (!in.fmha && c.fmha == fmha_quant::fp8) c.fmha = fmha_quant::bfloat16;
  }

  template <GroupsOf<layer_type> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const double L = total_layers(groups);
    const double sL = e.scale(L);
    detail::require_uniform(groups, name, "attention geometry and MoE block", [](const auto& a, const auto& b) {
      mixers::dsv4_attention x = b.mixer;
      x.compress_ratio = a.mixer.compress_ratio;
      return a.mixer == x && a.ffn == b.ffn;
    });
    const auto& first = detail::first_layer(groups);
    const mixers::dsv4_attention& attention = first.mixer;
    const ffns::routed_moe& experts = first.ffn;
    const auto mhc = [&](std::string_view base, bool post) {
      e.add(ops::dsv4_mhc_module{.name = e.name(base),
                                 .scale_factor = sL,
                                 .post = post,
                                 .hidden = h,
                                 .hc_mult = attention.hc_mult,
                                 .sinkhorn_iters = attention.hc_sinkhorn_iters});
    };
    const auto norm = [&](std::string_view base) {
      e.add(ops::elementwise{.name = e.name(base), .scale_factor = sL, .dim_in = h, .dim_out = h});
    };
    e.add(
        ops::embedding{.name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab, .column_size = h});
    mhc("mhc_pre", false);
    norm("attn_norm");
    // Layers per compress ratio in order of first appearance, ratio 0 merged into
    // 128 (appended when the model has no ratio-128 layer).
    struct slot {
      int ratio = 0;
      int count = 0;
      const mixers::dsv4_attention* mixer = nullptr;
    };
    std::array<slot, 4> slots{};
    std::size_t used = 0;
    int swa = 0;
    const mixers::dsv4_attention* swa_mixer = nullptr;
    const auto find = [&](int ratio) -> slot* {
      for (std::size_t i = 0; i < used; ++i)
        if (slots[i].ratio == ratio) return &slots[i];
      return nullptr;
    };
    for_each_group(groups, [&](const auto& g) {
      if (g.n() == 0) return;
      const auto& a = g.layer.mixer;
      if (a.compress_ratio == 0) {
        swa += g.n();
        swa_mixer = &a;
      } else if (slot* s = find(a.compress_ratio)) {
        s->count += g.n();
      } else if (used < slots.size()) {
        slots[used++] = {a.compress_ratio, g.n(), &a};
      }
    });
    if (swa > 0) {
      if (slot* s = find(128))
        s->count += swa;
      else if (used < slots.size())
        slots[used++] = {128, swa, swa_mixer};
    }
    for (std::size_t i = 0; i < used; ++i) {
      const slot& s = slots[i];
      if (e.context())
        e.add(s.mixer->template module<ops::context_dsv4_attention_module>(c, e.name("attention"), e.scale(s.count),
                                                                           s.ratio));
      else
        e.add(s.mixer->template module<ops::generation_dsv4_attention_module>(c, e.name("attention"), e.scale(s.count),
                                                                              s.ratio));
    }
    mhc("mhc_post", true);
    norm("ffn_norm");
    // The shared expert is split by tp, in the GEMM mode (as the reference has it).
    const auto shared = [&] {
      experts.shared().emit(e, {}, L, {"shared_gate_up_gemm", "shared_act_gate", "shared_ffn2_gemm"}, h, tp, c.gemm,
                            false);
    };
    const auto routed = [&] { experts.routed_block(e, {}, L, h, c.moe); };
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
