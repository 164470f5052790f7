// Shared plumbing of the family builders: the phase being built, its MTP factor and
// the op list that grows in the reference's construction order.
#pragma once

#include <string_view>

#include "strata/core/config.hpp"
#include "strata/model/model_info.hpp"
#include "strata/ops/op.hpp"

namespace strata::detail {

/// MTP: per-layer and once-per-step generation ops run (L + nextn) / L times.
constexpr double mtp_factor(int nextn, int layers) {
  return nextn <= 0 ? 1.0 : double(nextn + layers) / double(layers);
}

struct emitter {
  strata::phase phase;
  double mtp = 1.0;
  op_list ops{};

  constexpr bool context() const { return phase == phase::context; }
  /// Scale factor of an op that runs `count` times per forward pass.
  constexpr double scale(double count) const { return context() ? count : count * mtp; }
  constexpr op_name name(std::string_view base) const { return {phase, {}, base}; }
  constexpr op_name name(std::string_view group, std::string_view base) const { return {phase, group, base}; }
  template <class Op>
  constexpr void add(const Op& o) { ops.push_back(o); }

  constexpr void attention(std::string_view group, double count, int q_heads, int kv_heads, int head_dim, int window,
                           const resolved_config& c, bool qk_norm) {
    if (context())
      add(ops::context_attention{name(group, "attention"), scale(count), q_heads, kv_heads, c.kv, c.fmha, window,
                                 head_dim, qk_norm});
    else
      add(ops::generation_attention{name(group, "attention"), scale(count), q_heads, kv_heads, c.kv, window, head_dim,
                                    qk_norm});
  }

  /// Router GEMM, pre-dispatch, expert compute, post-dispatch: the fused MoE block.
  constexpr void moe_block(std::string_view group, double count, const model_info& m, const resolved_config& c,
                           std::optional<moe_quant> dispatch_quant) {
    const double s = scale(count);
    add(ops::gemm{name(group, "router_gemm"), s, m.num_experts, m.hidden, gemm_quant::bfloat16, false, 1});
    const auto dispatch = [&](std::string_view base, bool pre) {
      return ops::moe_dispatch{name(group, base), s,        m.hidden,       m.topk, m.num_experts, c.moe_tp,
                               c.moe_ep,          c.attention_dp, pre, dispatch_quant, context(), c.backend};
    };
    add(dispatch("moe_pre_dispatch", true));
    add(ops::moe{name(group, "moe"), s, m.hidden, m.moe_inter, m.topk, m.num_experts, c.moe_tp, c.moe_ep, c.moe,
                 c.attention_dp, context(), true});
    add(dispatch("moe_post_dispatch", false));
  }

  /// The attention half of a LLAMA/MOE decoder layer over all `layers`: add+norm, qkv
  /// GEMM, the full-attention op for `full_layers` of them, output projection,
  /// add+norm (reference §6.1 ops 2-7).
  constexpr void attention_half(const model_info& m, const resolved_config& c, double layers, double full_layers) {
    const int tp = c.tp;
    const std::int64_t h = m.hidden;
    const int nkv = kv_heads_per_gpu(m.num_kv_heads, tp);
    const std::int64_t q_width = std::int64_t(m.num_heads) * m.head_dim / tp;
    const double s = scale(layers);
    add(ops::elementwise{name("add_norm_1"), s, 2 * h, 2 * h, 1});
    add(ops::gemm{name("qkv_gemm"), s, q_width + 2 * std::int64_t(m.head_dim) * nkv, h, c.gemm, false, 1});
    if (full_layers > 0) attention({}, full_layers, m.num_heads / tp, nkv, m.head_dim, 0, c, m.use_qk_norm);
    add(ops::gemm{name("proj_gemm"), s, h, q_width, c.gemm, true, 1});
    add(ops::elementwise{name("add_norm_2"), s, 2 * h, 2 * h, 1});
  }

  /// A SwiGLU FFN of per-GPU width `inter_local`: gate+up GEMM, activation, down GEMM.
  constexpr void swiglu(std::string_view group, double count, std::int64_t hidden, std::int64_t inter_local,
                        gemm_quant q, std::string_view up, std::string_view act, std::string_view down) {
    const double s = scale(count);
    add(ops::gemm{name(group, up), s, 2 * inter_local, hidden, q, false, 1});
    add(ops::elementwise{name(group, act), s, 2 * inter_local, inter_local, 1});
    add(ops::gemm{name(group, down), s, hidden, inter_local, q, true, 1});
  }
};

}  // namespace strata::detail
