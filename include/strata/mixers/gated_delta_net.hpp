// Gated DeltaNet linear attention, as in Qwen3.5's linear_attention layers: q/k/v/z
// and b/a input projections, a causal conv1d over q/k/v, the chunked gated delta rule
// in a prefill or the fused recurrent update in decode, a gated norm and the output
// projection. Its cache is a constant state per sequence: a head_k x head_v matrix
// per value head plus the conv window (reference/aic-model-layer.md §5.6, §6.6, §7).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/model/emitter.hpp"

namespace strata::mixers {

struct gated_delta_net {
  static constexpr std::string_view kind = "gated delta net";
  int k_heads = 0;     // linear_num_key_heads
  int k_head_dim = 0;  // linear_key_head_dim
  int v_heads = 0;     // linear_num_value_heads
  int v_head_dim = 0;  // linear_value_head_dim
  int d_conv = 0;      // linear_conv_kernel_dim
  /// Bytes per element of the recurrent state (mamba_ssm_dtype; Qwen3.5 pins float32,
  /// which vLLM applies). The conv window is kept in the model dtype (bf16).
  int state_bytes = 4;

  /// q, k, v and the output gate z.
  constexpr std::int64_t in_proj_width(int tp) const {
    return (2 * std::int64_t(k_heads) * k_head_dim + 2 * std::int64_t(v_heads) * v_head_dim) / tp;
  }
  /// b and a: one scalar each per value head.
  constexpr std::int64_t ba_width(int tp) const { return 2 * std::int64_t(v_heads) / tp; }
  constexpr std::int64_t out_proj_in(int tp) const { return std::int64_t(v_heads) * v_head_dim / tp; }
  constexpr std::int64_t conv_channels(int tp) const {
    return (2 * std::int64_t(k_heads) * k_head_dim + std::int64_t(v_heads) * v_head_dim) / tp;
  }

  constexpr void validate(std::string_view where) const {
    if (k_heads < 1 || k_head_dim < 1 || v_heads < 1 || v_head_dim < 1 || d_conv < 1 ||
        (state_bytes != 2 && state_bytes != 4))
      detail::invalid(std::string(where) + ": a Gated DeltaNet mixer needs positive head counts, head sizes and conv kernel");
  }
  constexpr void check(const resolved_config& c) const {
    if (k_heads % c.tp != 0 || v_heads % c.tp != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " does not divide the Gated DeltaNet heads (" +
                      detail::str(k_heads) + " key, " + detail::str(v_heads) + " value): expected a divisor of both");
  }
  /// C3: constant in the sequence length: (v_heads / tp) x head_k x head_v recurrent
  /// state plus d_conv - 1 past positions of the q/k/v conv channels, per layer.
  constexpr double cache_bytes(std::int64_t, const resolved_config& c) const {
    const double state = double(v_heads / c.tp) * k_head_dim * v_head_dim * state_bytes;
    const double conv = double(conv_channels(c.tp)) * (d_conv - 1) * 2;
    return state + conv;
  }
  constexpr int window_tokens() const { return 0; }
  constexpr std::string_view key() const { return "gdn"; }

  /// The conv and delta-rule kernels of `count` layers, over this GPU's heads.
  constexpr void kernels(emitter& e, op_name conv, op_name scan, double count, std::int64_t hidden) const {
    const resolved_config& c = e.config();
    using ops::state_space_kernel;
    const bool ctx = e.context();
    ops::gdn_kernel k{.name = conv,
                      .scale_factor = e.scale(count),
                      .kernel_source = ctx ? state_space_kernel::causal_conv1d_fn : state_space_kernel::causal_conv1d_update,
                      .phase = e.phase(),
                      .d_model = hidden,
                      .num_k_heads = k_heads / c.tp,
                      .head_k_dim = k_head_dim,
                      .num_v_heads = v_heads / c.tp,
                      .head_v_dim = v_head_dim,
                      .d_conv = d_conv};
    e.add(k);
    k.name = scan;
    k.kernel_source =
        ctx ? state_space_kernel::chunk_gated_delta_rule : state_space_kernel::fused_sigmoid_gating_delta_rule_update;
    e.add(k);
  }

  std::string describe() const {
    return "Gated DeltaNet " + std::to_string(k_heads) + "/" + std::to_string(v_heads) + " heads of " +
           std::to_string(k_head_dim) + "/" + std::to_string(v_head_dim);
  }
  constexpr bool operator==(const gated_delta_net&) const = default;
};

}  // namespace strata::mixers
