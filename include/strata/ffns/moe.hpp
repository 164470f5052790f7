// Routed mixture of experts, optionally with always-on shared experts: router GEMM,
// dispatch, expert compute, combine (the fused MoE block of reference §6.2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/ffns/dense.hpp"
#include "strata/model/emitter.hpp"
#include "strata/model/facts.hpp"

namespace strata::ffns {

struct routed_moe {
  static constexpr std::string_view kind = "MoE";
  static constexpr std::string_view key = "moe";
  static constexpr bool routed = true;
  int experts = 0;
  int topk = 0;
  std::int64_t inter = 0;         // per-expert intermediate size
  std::int64_t shared_inter = 0;  // total width of the always-on shared experts; 0 = none
  bool gated = true;
  /// Latent MoE (Nemotron-3 Super/Ultra: moe_latent_size): the routed experts run on a
  /// projection of the hidden state to this width, projected back after the combine;
  /// 0 = the experts see the hidden state itself.
  std::int64_t latent = 0;

  /// Width the routed path (dispatch, experts, combine) carries per token.
  constexpr std::int64_t expert_hidden(std::int64_t hidden) const { return latent > 0 ? latent : hidden; }

  constexpr void validate(std::string_view where) const {
    if (experts < 1 || topk < 1 || topk > experts || inter < 1 || shared_inter < 0 || latent < 0)
      strata::detail::invalid(std::string(where) +
                              ": MoE needs experts >= 1, 1 <= top-k <= experts and a positive expert width");
  }
  constexpr void check(const resolved_config& c, const model_facts& m) const {
    if (c.moe_ep > experts)
      strata::detail::invalid("ep = " + strata::detail::str(c.moe_ep) + " is larger than the model's " +
                              strata::detail::str(experts) + " experts");
    // SGLang and TRT-LLM give every rank experts / ep experts; vLLM gives the first
    // experts % ep ranks one more.
    if (experts % c.moe_ep != 0 && c.backend != backend::vllm)
      strata::detail::invalid("ep = " + strata::detail::str(c.moe_ep) + " does not divide the model's " +
                              strata::detail::str(experts) + " experts, which " + std::string(name(c.backend)) +
                              " requires (vLLM spreads the remainder): expected a divisor of " +
                              strata::detail::str(experts));
    detail::check_width("expert width", inter, c.moe_tp, "moe tp");
    detail::check_width("shared-expert width", shared_inter, c.tp, "tp");
    if (c.moe == moe_quant::fp8_block && (inter / c.moe_tp) % m.quant.weight_block != 0)
      strata::detail::invalid("moe tp = " + strata::detail::str(c.moe_tp) + " splits the expert width " +
                              strata::detail::str(inter) + " into " + strata::detail::str(inter / c.moe_tp) +
                              " columns, not a multiple of the fp8_block size " +
                              strata::detail::str(m.quant.weight_block));
  }
  constexpr const routed_moe& routed_part() const { return *this; }
  /// The shared experts as a dense gated FFN.
  constexpr gated_mlp shared() const { return {shared_inter}; }

  constexpr void router(emitter& e, std::string_view group, double count, std::int64_t hidden) const {
    e.add(ops::gemm{.name = e.name(group, "router_gemm"),
                    .scale_factor = e.scale(count),
                    .n = experts,
                    .k = hidden,
                    .quant = gemm_quant::bfloat16});
  }
  /// The communication before (`pre`) or after the experts, as an op a family may
  /// adjust before adding it.
  constexpr ops::moe_dispatch dispatch_op(emitter& e, std::string_view group, double count, std::int64_t hidden,
                                          bool pre, std::optional<moe_quant> quant) const {
    const resolved_config& c = e.config();
    return {.name = e.name(group, pre ? "moe_pre_dispatch" : "moe_post_dispatch"),
            .scale_factor = e.scale(count),
            .hidden_size = hidden,
            .topk = topk,
            .num_experts = experts,
            .moe_tp = c.moe_tp,
            .moe_ep = c.moe_ep,
            .attention_dp = c.attention_dp,
            .pre_dispatch = pre,
            .quant = quant,
            .is_context = e.context(),
            .backend = c.backend};
  }
  constexpr void dispatch(emitter& e, std::string_view group, double count, std::int64_t hidden, bool pre,
                          std::optional<moe_quant> quant) const {
    const resolved_config& c = e.config();
    e.add(ops::moe_dispatch{.name = e.name(group, pre ? "moe_pre_dispatch" : "moe_post_dispatch"),
                            .scale_factor = e.scale(count),
                            .hidden_size = hidden,
                            .topk = topk,
                            .num_experts = experts,
                            .moe_tp = c.moe_tp,
                            .moe_ep = c.moe_ep,
                            .attention_dp = c.attention_dp,
                            .pre_dispatch = pre,
                            .quant = quant,
                            .is_context = e.context(),
                            .backend = c.backend});
  }
  /// The expert compute of `count` layers, the experts seeing `hidden`-wide tokens.
  constexpr void compute(emitter& e, std::string_view group, double count, std::int64_t hidden) const {
    const resolved_config& c = e.config();
    e.add(ops::moe{.name = e.name(group, "moe"),
                   .scale_factor = e.scale(count),
                   .hidden_size = hidden,
                   .inter_size = inter,
                   .topk = topk,
                   .num_experts = experts,
                   .moe_tp = c.moe_tp,
                   .moe_ep = c.moe_ep,
                   .quant = c.moe,
                   .attention_dp = c.attention_dp,
                   .is_context = e.context(),
                   .is_gated = gated});
  }
  /// Router, dispatch, experts, combine: the routed path of `count` layers.
  constexpr void routed_block(emitter& e, std::string_view group, double count, std::int64_t hidden,
                              std::optional<moe_quant> dispatch_quant) const {
    router(e, group, count, hidden);
    dispatch(e, group, count, hidden, true, dispatch_quant);
    compute(e, group, count, hidden);
    dispatch(e, group, count, hidden, false, dispatch_quant);
  }

  std::string describe() const {
    std::string s = "MoE " + std::to_string(experts) + " experts top-" + std::to_string(topk) + " of " +
                    std::to_string(inter);
    if (shared_inter > 0) s += " + shared " + std::to_string(shared_inter);
    if (latent > 0) s += ", latent " + std::to_string(latent);
    if (!gated) s += ", non-gated";
    return s;
  }
  constexpr bool operator==(const routed_moe&) const = default;
};

}  // namespace strata::ffns
