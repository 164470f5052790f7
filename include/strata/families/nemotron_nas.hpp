// NEMOTRONNAS family (Llama-3.3-Nemotron-Super-49B and other DeciLM / Puzzle models):
// every block has its own attention width (KV heads = heads / n_heads_in_group) and
// FFN width (ffn_mult), and may have no attention or no FFN at all. The model is one
// group per run of identical consecutive blocks, listed in block order -- a run-time
// number of groups (reference/aic-model-layer.md §6.7; correction C3).
#pragma once

#include <array>
#include <vector>

#include "strata/families/common.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/mixers/gqa.hpp"
#include "strata/mixers/none.hpp"
#include "strata/model/model.hpp"

namespace strata::families {

struct nemotron_nas {
  static constexpr std::string_view name = "NEMOTRONNAS";
  static constexpr memory_traits memory{activation_table::other};
  using block = layer<mixers::gqa, ffns::gated_mlp>;
  using attention_only_block = layer<mixers::gqa, ffns::none>;
  using ffn_only_block = layer<mixers::none, ffns::gated_mlp>;
  using empty_block = layer<mixers::none, ffns::none>;
  /// The runs of a catalog model: an array of exactly `Runs` (a constant expression);
  /// those of a model read from a config: a vector, as many as its blocks make.
  template <std::size_t Runs>
  using static_runs = layer_runs<std::array<layer_run<block, attention_only_block, ffn_only_block, empty_block>, Runs>>;
  using dynamic_runs = layer_runs<std::vector<layer_run<block, attention_only_block, ffn_only_block, empty_block>>>;

  template <GroupsOf<block, attention_only_block, ffn_only_block, empty_block> Groups>
  static constexpr void build(emitter& e, const model_facts& m, const Groups& groups) {
    const resolved_config& c = e.config();
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    e.add(
        ops::embedding{.name = e.name("embedding"), .scale_factor = e.scale(1), .row_size = m.vocab, .column_size = h});
    for_each_group(groups, [&](const auto& g) {
      using L = typename std::remove_cvref_t<decltype(g)>::layer_type;
      if (g.n() == 0) return;
      const double s = e.scale(g.n());
      const auto norm = [&](std::string_view base) {
        e.add(ops::elementwise{.name = e.name(base), .scale_factor = s, .dim_in = 2 * h, .dim_out = 2 * h});
      };
      const auto all_reduce = [&](std::string_view base) {
        e.add(ops::custom_allreduce{.name = e.name(base), .scale_factor = s, .h = h, .tp_size = tp});
      };
      if constexpr (std::is_same_v<typename L::mixer_type, mixers::gqa>) {
        const auto& attention = g.layer.mixer;
        norm("add_norm_1");
        e.add(attention.qkv_gemm(e.name("qkv_gemm"), s, h, c));
        attention.kernel(e, e.name("attention"), g.n());
        ops::gemm proj = attention.proj_gemm(e.name("proj_gemm"), s, h, c);
        proj.low_precision_input = false;  // as the reference lists this family's GEMMs
        e.add(proj);
        all_reduce("ar_1");
      }
      if constexpr (std::is_same_v<typename L::ffn_type, ffns::gated_mlp>) {
        norm("add_norm_2");
        g.layer.ffn.emit(e, {}, g.n(), {"gate_ffn1_gemm", "act_gate", "ffn2_gemm"}, h, tp, c.gemm, false);
        all_reduce("ar_2");
      }
    });
    e.add(ops::p2p{.name = e.name("p2p"), .scale_factor = e.scale(c.pp - 1), .h = h, .pp_size = c.pp});
    e.add(ops::gemm{.name = e.name("logits_gemm"),
                    .scale_factor = e.scale(1),
                    .n = m.vocab / tp,
                    .k = h,
                    .tied = m.tied_embeddings});
  }

  /// These models have no MTP layers (the reference rejects nextn > 0 too).
  static constexpr void adjust(resolved_config& c, const model_config&, const model_facts& m) {
    if (c.nextn != 0)
      strata::detail::invalid(std::string(m.id) + ": nextn = " + strata::detail::str(c.nextn) +
                              ": this model has no MTP layers; expected 0");
  }

  /// The DeciLM FFN width: 2/3 of ffn_mult x hidden, rounded up to a multiple of 256
  /// (modeling_decilm.py `_ffn_mult_to_intermediate_size`).
  static constexpr std::int64_t ffn_width(double ffn_mult, std::int64_t hidden) {
    const auto width = std::int64_t(2 * ffn_mult * double(hidden) / 3);
    return width % 256 == 0 ? width : width + 256 - width % 256;
  }
};

}  // namespace strata::families
