// DECODER and DECODER_MOE: strata's own families for the open decoder architectures
// the reference does not read (Mistral, Gemma, Phi, OLMo, GLM-4.x, Granite, ...).
// Nothing here reproduces a reference quirk: every layer type (group) lists its own
// ops under its own prefix with its own count, with the tensor-parallel collectives
// the serving engines run, biases, tied embeddings and the checkpoint's group scales.
#pragma once

#include <string_view>

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/ffns/moe.hpp"
#include "strata/mixers/gqa.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

namespace detail {
/// The op-name prefix of a layer type (a literal: op names hold string_views).
constexpr std::string_view decoder_prefix(std::string_view mixer, std::string_view ffn) {
  if (mixer == "sliding") return ffn == "moe" ? "sliding_moe" : "sliding_dense";
  return ffn == "moe" ? "full_moe" : "full_dense";
}
}  // namespace detail

/// The arrangement both families share; `Moe` picks the memory model's tables (the
/// reference's MoE activation coefficients for models with routed layers).
template <bool Moe>
struct basic_decoder {
  static constexpr std::string_view name = Moe ? "DECODER_MOE" : "DECODER";
  static constexpr memory_traits memory{Moe ? activation_table::moe : activation_table::llama};
  /// Group scales of every checkpoint format are priced (config_reader::make).
  static constexpr bool prices_checkpoint_scales = true;
  using gated_layer = layer<mixers::gqa, ffns::gated_mlp>;
  using plain_layer = layer<mixers::gqa, ffns::mlp>;
  using moe_layer = layer<mixers::gqa, ffns::routed_moe>;

  /// Embedding (vocabulary-parallel, as vLLM, SGLang and TRT-LLM shard it), each layer
  /// type in group order, the logits GEMM (holding no weights when tied), P2P.
  template <GroupsOf<gated_layer, plain_layer, moe_layer> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    e.add(ops::embedding{
        .name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab / tp, .column_size = h});
    if (tp > 1)
      e.add(ops::custom_allreduce{.name = e.name("embedding_ar"), .scale_factor = e.scale(1), .h = h, .tp_size = tp});
    for_each_group(groups, [&](const auto& g) {
      if (g.n() > 0) emit_type(e, m, g.layer, g.n());
    });
    e.add(ops::gemm{.name = e.name("logits_gemm"),
                    .scale_factor = e.scale(1),
                    .n = m.vocab / tp,
                    .k = h,
                    .tied = m.tied_embeddings});
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
  }

  template <class L>
  static constexpr void emit_type(emitter& e, const model_facts& m, const L& l, int count) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const double s = e.scale(count);
    const std::string_view p = detail::decoder_prefix(l.mixer.key(), L::ffn_type::key);
    const auto norm = [&](std::string_view base) {
      e.add(ops::elementwise{.name = e.name(p, base), .scale_factor = s, .dim_in = 2 * h, .dim_out = 2 * h});
    };
    const auto allreduce = [&](std::string_view base) {
      if (tp > 1) e.add(ops::custom_allreduce{.name = e.name(p, base), .scale_factor = s, .h = h, .tp_size = tp});
    };
    norm("add_norm_1");
    e.add(l.mixer.qkv_gemm(e.name(p, "qkv_gemm"), s, h, c));
    l.mixer.kernel(e, e.name(p, "attention"), count);
    e.add(l.mixer.proj_gemm(e.name(p, "proj_gemm"), s, h, c));
    if constexpr (L::routed) {
      // The dispatch ops carry the layer's TP collectives (attention output and the
      // combined expert output), as in the MOE family.
      if (!m.parallel_block) norm("add_norm_2");
      const auto& f = l.ffn;
      if (f.shared_inter > 0)
        f.shared().emit(e, p, count, {"shared_gate_up_gemm", "shared_act_gate", "shared_ffn2_gemm"}, h, tp, c.gemm);
      f.routed_block(e, p, count, h, c.moe);
    } else {
      // Attention and FFN each end in a row-parallel GEMM whose partial sums are
      // all-reduced (a parallel block too: vLLM's Cohere, Phi and GPT-NeoX reduce both).
      allreduce("attn_ar");
      if (!m.parallel_block) norm("add_norm_2");
      l.ffn.emit(e, p, count, {L::ffn_type::gated_v ? "gate_up_gemm" : "up_gemm", "act", "down_gemm"}, h, tp, c.gemm);
      allreduce("ffn_ar");
    }
  }
};

using decoder = basic_decoder<false>;
using decoder_moe = basic_decoder<true>;

}  // namespace strata::families
