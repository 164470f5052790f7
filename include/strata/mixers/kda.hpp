// Kimi Delta Attention (Kimi-K3's linear_attention layers): a fused q/k/v/gate
// projection (the gate full-rank: num_heads x head_dim like q, k and v), the beta and
// low-rank forget-gate projections, short convs over q, k and v, the delta-rule
// kernels, a gated norm and the output projection. Its cache is a constant state per
// sequence: a head_dim x head_dim fp32 matrix per head plus the q/k/v conv window
// (reference/aic-model-layer.md §5.6, §6.7 KIMIK3, §7).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/model/emitter.hpp"

namespace strata::mixers {

struct kda {
  static constexpr std::string_view kind = "kimi delta attention";
  int heads = 0;     // linear_attn_config.num_heads (q, k and v heads alike)
  int head_dim = 0;  // linear_attn_config.head_dim
  int d_conv = 0;    // linear_attn_config.short_conv_kernel_size
  /// State slots the cache keeps per request. The reference charges 5 (SGLang's mamba
  /// radix cache with the extra_buffer strategy: one or two active slots plus
  /// checkpoints), a serving policy rather than the model's one state per sequence.
  int state_slots = 1;

  /// Width of one of q, k, v, the gate or the attention output on this GPU.
  constexpr std::int64_t local_width(int tp) const { return std::int64_t(heads / tp) * head_dim; }

  constexpr void validate(std::string_view where) const {
    if (heads < 1 || head_dim < 1 || d_conv < 1 || state_slots < 1)
      detail::invalid(std::string(where) + ": a KDA mixer needs positive heads, head size and conv kernel");
  }
  constexpr void check(const resolved_config& c) const {
    if (heads % c.tp != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " does not divide the " + detail::str(heads) +
                      " KDA heads: expected a divisor of " + detail::str(heads));
  }
  /// Constant in the sequence length: per head on this GPU a head_dim x head_dim fp32
  /// state, plus d_conv - 1 past positions of the q, k and v conv channels (bf16).
  constexpr double cache_bytes(std::int64_t, const resolved_config& c) const {
    const double local = heads / c.tp;
    const double state = local * head_dim * head_dim * 4;
    const double conv = double(d_conv - 1) * 3 * local * head_dim * 2;
    return (state + conv) * state_slots;
  }
  constexpr int window_tokens() const { return 0; }
  constexpr std::string_view key() const { return "kda"; }

  /// A KDA kernel of `count` layers over this GPU's heads.
  constexpr ops::kda_kernel kernel(emitter& e, std::string_view base, double count, ops::kda_source source,
                                   ops::kda_phase phase, std::int64_t hidden, int draft_tokens = 0) const {
    const int local = heads / e.config().tp;
    return {.name = e.name(base),
            .scale_factor = e.scale(count),
            .kernel_source = source,
            .phase = phase,
            .d_model = hidden,
            .num_k_heads = local,
            .head_k_dim = head_dim,
            .num_v_heads = local,
            .head_v_dim = head_dim,
            .d_conv = d_conv,
            .draft_tokens = draft_tokens};
  }

  std::string describe() const {
    return "KDA " + std::to_string(heads) + " heads of " + std::to_string(head_dim) + ", conv " +
           std::to_string(d_conv);
  }
  constexpr bool operator==(const kda&) const = default;
};

}  // namespace strata::mixers
