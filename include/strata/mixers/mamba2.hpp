// Mamba2 (state-space duality) token mixer, as in Nemotron-H: an input projection to
// z, x, B, C and dt, a causal conv1d over x/B/C, the chunked SSD scan in a prefill or
// one state update per token in decode, a gated norm and the output projection. Its
// cache is a constant state per sequence: the SSM state and the conv window
// (reference/aic-model-layer.md §5.6, §6.5; corrections C3, C7).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/model/emitter.hpp"

namespace strata::mixers {

struct mamba2 {
  static constexpr std::string_view kind = "mamba2";
  int heads = 0;       // mamba_num_heads
  int head_dim = 0;    // mamba_head_dim
  int d_state = 0;     // ssm_state_size
  int d_conv = 0;      // conv_kernel
  int n_groups = 0;    // B/C groups
  int chunk_size = 0;  // SSD chunk length
  /// Bytes per element of the SSM state (mamba_ssm_cache_dtype: float32 unless the
  /// config says otherwise, as vLLM sets it for Nemotron-H). The conv window is kept
  /// in the model dtype (bf16).
  int state_bytes = 4;

  constexpr int heads_per_gpu(int tp) const { return heads / tp; }
  /// B/C groups one GPU holds: split by tp, replicated when tp exceeds them (vLLM's
  /// extra_groups_for_head_shards; the reference's in_proj width uses the same).
  constexpr int groups_per_gpu(int tp) const { return std::max(n_groups / tp, 1); }
  constexpr std::int64_t inner_per_gpu(int tp) const { return std::int64_t(heads_per_gpu(tp)) * head_dim; }
  /// z + x (d_inner each), B + C (groups * d_state each) and dt (one per head).
  constexpr std::int64_t in_proj_width(int tp) const {
    return 2 * inner_per_gpu(tp) + 2 * std::int64_t(groups_per_gpu(tp)) * d_state + heads_per_gpu(tp);
  }
  constexpr std::int64_t conv_channels(int tp) const {
    return inner_per_gpu(tp) + 2 * std::int64_t(groups_per_gpu(tp)) * d_state;
  }

  constexpr void validate(std::string_view where) const {
    if (heads < 1 || head_dim < 1 || d_state < 1 || d_conv < 1 || n_groups < 1 || chunk_size < 1 ||
        (state_bytes != 2 && state_bytes != 4))
      detail::invalid(std::string(where) +
                      ": a Mamba2 mixer needs positive heads, head size, state size, conv kernel, groups and chunk size");
  }
  constexpr void check(const resolved_config& c) const {
    if (heads % c.tp != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " does not divide the " + detail::str(heads) +
                      " Mamba heads: expected a divisor of " + detail::str(heads));
    if (n_groups % c.tp != 0 && c.tp % n_groups != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " neither divides nor is a multiple of the " +
                      detail::str(n_groups) + " Mamba groups");
  }
  /// C3: one sequence keeps a constant state in each such layer on one GPU, whatever
  /// its length: (heads / tp) x head_dim x d_state SSM state plus d_conv - 1 past
  /// positions of the conv channels.
  constexpr double cache_bytes(std::int64_t, const resolved_config& c) const {
    const double ssm = double(heads_per_gpu(c.tp)) * head_dim * d_state * state_bytes;
    const double conv = double(conv_channels(c.tp)) * (d_conv - 1) * 2;
    return ssm + conv;
  }
  constexpr int window_tokens() const { return 0; }
  constexpr std::string_view key() const { return "mamba"; }

  constexpr ops::gemm in_proj(op_name name, double scale, std::int64_t hidden, const resolved_config& c) const {
    return {.name = name, .scale_factor = scale, .n = in_proj_width(c.tp), .k = hidden, .quant = c.gemm};
  }
  constexpr ops::gemm out_proj(op_name name, double scale, std::int64_t hidden, const resolved_config& c) const {
    return {.name = name, .scale_factor = scale, .n = hidden, .k = inner_per_gpu(c.tp), .quant = c.gemm};
  }
  /// The conv and scan kernels of `count` layers. C7: they run on the heads and groups
  /// this GPU holds (the reference prices the whole model's on every GPU).
  constexpr void kernels(emitter& e, op_name conv, op_name scan, double count, std::int64_t hidden) const {
    const resolved_config& c = e.config();
    using ops::state_space_kernel;
    const bool ctx = e.context();
    ops::mamba2_kernel k{.name = conv,
                         .scale_factor = e.scale(count),
                         .kernel_source = ctx ? state_space_kernel::causal_conv1d_fn : state_space_kernel::causal_conv1d_update,
                         .phase = e.phase(),
                         .hidden_size = hidden,
                         .nheads = heads_per_gpu(c.tp),
                         .head_dim = head_dim,
                         .d_state = d_state,
                         .d_conv = d_conv,
                         .n_groups = groups_per_gpu(c.tp),
                         .chunk_size = chunk_size};
    e.add(k);
    k.name = scan;
    k.kernel_source = ctx ? state_space_kernel::mamba_chunk_scan_combined : state_space_kernel::selective_state_update;
    e.add(k);
  }

  std::string describe() const {
    return "Mamba2 " + std::to_string(heads) + " heads of " + std::to_string(head_dim) + ", state " +
           std::to_string(d_state) + ", " + std::to_string(n_groups) + " groups";
  }
  constexpr bool operator==(const mamba2&) const = default;
};

}  // namespace strata::mixers
