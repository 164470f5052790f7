// Mamba-1 (selective state space) token mixer, as in Mamba, FalconMamba and Jamba's
// Mamba layers. In the order the model runs it (transformers modeling_mamba.py,
// vLLM layers/mamba/mamba_mixer.py MambaMixer): an input projection to x and the
// gate z (d_inner each), a causal conv1d over x, the x projection to dt (dt_rank), B
// and C (d_state each), the dt projection back to d_inner, the selective scan (a
// prefill) or one state update per token (a decode) gated by z, and the output
// projection. FalconMamba and Jamba add weightless / tiny RMS norms on dt, B and C
// (widths dt_rank and d_state: not priced). Its cache is a constant state per
// sequence: the SSM state and the conv window.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/model/emitter.hpp"

namespace strata::mixers {

struct mamba1 {
  static constexpr std::string_view kind = "mamba1";
  std::int64_t d_inner = 0;  // intermediate_size (expand * hidden)
  int d_state = 0;           // state_size / mamba_d_state
  int d_conv = 0;            // conv_kernel / mamba_d_conv
  int dt_rank = 0;           // time_step_rank / mamba_dt_rank ("auto": ceil(hidden / 16))
  bool bias = false;         // in_proj and out_proj biases (use_bias / mamba_proj_bias)
  bool conv_bias = true;     // use_conv_bias / mamba_conv_bias
  /// Bytes per element of the SSM state and of the conv window: vLLM keeps both in
  /// the model dtype unless `mamba_ssm_cache_dtype` / `mamba_cache_dtype` say
  /// otherwise (MambaStateDtypeCalculator.mamba1_state_dtype; no Mamba-1
  /// architecture overrides it, unlike Nemotron-H).
  int state_bytes = 2;
  int conv_bytes = 2;

  constexpr std::int64_t inner_per_gpu(int tp) const { return d_inner / tp; }
  /// dt, B and C: what x_proj makes of each position.
  constexpr std::int64_t x_proj_width() const { return std::int64_t(dt_rank) + 2 * std::int64_t(d_state); }

  constexpr void validate(std::string_view where) const {
    if (d_inner < 1 || d_state < 1 || d_conv < 1 || dt_rank < 1 || (state_bytes != 2 && state_bytes != 4) ||
        (conv_bytes != 2 && conv_bytes != 4))
      detail::invalid(std::string(where) +
                      ": a Mamba-1 mixer needs a positive inner size, state size, conv kernel and dt rank");
  }
  /// vLLM splits every d_inner-wide tensor (in_proj, conv, x_proj's input, dt_proj,
  /// A, D, out_proj's input, the state) evenly over tp.
  constexpr void check(const resolved_config& c) const {
    if (d_inner % c.tp != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " does not divide the " + detail::str(d_inner) +
                      "-wide Mamba inner size (intermediate_size): expected a divisor of " + detail::str(d_inner));
  }
  /// One sequence keeps, in each such layer on one GPU and whatever its length, the
  /// (d_inner / tp) x d_state SSM state and d_conv - 1 past positions of the
  /// d_inner / tp conv channels (vLLM MambaStateShapeCalculator.mamba1_state_shape).
  constexpr double cache_bytes(std::int64_t, const resolved_config& c) const {
    const double channels = double(inner_per_gpu(c.tp));
    return channels * d_state * state_bytes + channels * (d_conv - 1) * conv_bytes;
  }
  constexpr int window_tokens() const { return 0; }
  constexpr std::string_view key() const { return "mamba"; }

  // vLLM builds the four projections with no quantization config: they stay bf16
  // whatever the checkpoint or --gemm-quant says.
  /// hidden -> x and z (column-parallel, merged).
  constexpr ops::gemm in_proj(op_name name, double scale, std::int64_t hidden, const resolved_config& c) const {
    return {.name = name, .scale_factor = scale, .n = 2 * inner_per_gpu(c.tp), .k = hidden, .bias = bias};
  }
  /// This GPU's channels -> dt, B, C: row-parallel, so its partial sums are
  /// all-reduced over tp (x_proj_width elements per token).
  constexpr ops::gemm x_proj(op_name name, double scale, const resolved_config& c) const {
    return {.name = name, .scale_factor = scale, .n = x_proj_width(), .k = inner_per_gpu(c.tp)};
  }
  /// dt_rank -> this GPU's channels (column-parallel); its bias is added in the scan.
  constexpr ops::gemm dt_proj(op_name name, double scale, const resolved_config& c) const {
    return {.name = name, .scale_factor = scale, .n = inner_per_gpu(c.tp), .k = dt_rank, .bias = true};
  }
  /// This GPU's channels -> hidden (row-parallel: all-reduced after).
  constexpr ops::gemm out_proj(op_name name, double scale, std::int64_t hidden, const resolved_config& c) const {
    return {.name = name, .scale_factor = scale, .n = hidden, .k = inner_per_gpu(c.tp), .bias = bias};
  }
  /// The conv (causal_conv1d_fn / causal_conv1d_update) or the scan (selective_scan_fn
  /// / selective_state_update) of `count` layers, on this GPU's channels.
  constexpr ops::mamba1_kernel kernel(emitter& e, op_name name, double count, bool conv) const {
    using ops::state_space_kernel;
    const bool ctx = e.context();
    const state_space_kernel source =
        conv ? (ctx ? state_space_kernel::causal_conv1d_fn : state_space_kernel::causal_conv1d_update)
             : (ctx ? state_space_kernel::selective_scan_fn : state_space_kernel::selective_state_update);
    return {.name = name,
            .scale_factor = e.scale(count),
            .kernel_source = source,
            .phase = e.phase(),
            .d_inner = inner_per_gpu(e.config().tp),
            .d_state = d_state,
            .d_conv = d_conv,
            .conv_bias = conv_bias,
            .state_bytes = state_bytes};
  }

  std::string describe() const {
    return "Mamba-1 inner " + std::to_string(d_inner) + ", state " + std::to_string(d_state) + ", conv " +
           std::to_string(d_conv) + ", dt rank " + std::to_string(dt_rank);
  }
  constexpr bool operator==(const mamba1&) const = default;
};

}  // namespace strata::mixers
