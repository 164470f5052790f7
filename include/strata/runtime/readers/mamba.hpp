// Readers of the Mamba-1 architectures (strata's MAMBA / JAMBA families): Mamba and
// FalconMamba (MambaConfig / FalconMambaConfig keys), Jamba (JambaConfig's mamba_*
// keys and its attention / expert layer periods). Defaults are the configuration
// classes' (transformers configuration_mamba.py, configuration_falcon_mamba.py,
// configuration_jamba.py).
#pragma once

#include <string>
#include <string_view>

#include "strata/families/mamba.hpp"
#include "strata/runtime/readers/common.hpp"
#include "strata/runtime/readers/layer_types.hpp"

namespace strata::readers {

namespace detail {

/// The names a Mamba-1 config gives its mixer's keys.
struct mamba1_keys {
  std::string_view d_state, d_conv, dt_rank, bias, conv_bias;
};

/// The dt rank: an integer, or "auto" for ceil(hidden / 16).
inline int mamba1_dt_rank(const config_reader& r, std::string_view key) {
  const int automatic = int((r.facts.hidden + 15) / 16);
  const auto node = r.cfg.get(key);
  if (!node || node->value().is_null()) return automatic;
  if (node->value().is_string()) {
    if (node->string() != "auto") node->fail("an integer or \"auto\"");
    return automatic;
  }
  return int(node->integer(1, 1 << 20));
}

inline mixers::mamba1 mamba1_mixer(const config_reader& r, std::int64_t d_inner, const mamba1_keys& k) {
  return {.d_inner = d_inner,
          .d_state = int(r.optional(k.d_state, 1, 1 << 16).value_or(16)),
          .d_conv = int(r.optional(k.d_conv, 1, 64).value_or(4)),
          .dt_rank = mamba1_dt_rank(r, k.dt_rank),
          .bias = r.boolean(k.bias).value_or(false),
          .conv_bias = r.boolean(k.conv_bias).value_or(true),
          .state_bytes = state_dtype_bytes(r, "mamba_ssm_cache_dtype", 2)};
}

/// A layer kind's period and offset (layer i has it when i % period == offset).
struct layer_period {
  int period, offset;
  constexpr bool has(int i) const { return i % period == offset; }
};
inline layer_period read_period(const config_reader& r, std::string_view period_key, int period_default,
                                std::string_view offset_key, int offset_default) {
  const int period = int(r.optional(period_key, 1, 1 << 20).value_or(period_default));
  const int offset = int(r.optional(offset_key, 0, 1 << 20).value_or(offset_default));
  if (offset >= period)
    r.cfg.at(offset_key, "").fail("an offset below " + std::string(period_key) + " = " + std::to_string(period));
  return {period, offset};
}

}  // namespace detail

/// Mamba, FalconMamba: every layer one Mamba-1 mixer. d_inner is intermediate_size
/// (falcon-mamba-7b's says 8192 beside an unused "expand": 16), else expand * hidden;
/// both configuration classes tie the embeddings unless told otherwise.
inline any_model read_mamba(config_reader& r) {
  using F = families::mamba;
  if (!r.boolean("tie_word_embeddings")) r.facts.tied_embeddings = true;
  const std::int64_t d_inner =
      r.optional("intermediate_size", 1, 1 << 24).value_or(r.optional("expand", 1, 64).value_or(2) * r.facts.hidden);
  const auto m =
      detail::mamba1_mixer(r, d_inner, {"state_size", "conv_kernel", "time_step_rank", "use_bias", "use_conv_bias"});
  return r.make(F{}, groups(group(F::mamba_layer{m, {}}, r.facts.layers), group(F::mamba_dense_layer{}, 0),
                            group(F::mamba_moe_layer{}, 0), group(F::attention_dense_layer{}, 0),
                            group(F::attention_moe_layer{}, 0)));
}

/// Jamba: attention on layer i when i % attn_layer_period == attn_layer_offset (8, 4),
/// Mamba-1 elsewhere (d_inner = mamba_expand * hidden; intermediate_size is the MLP's);
/// routed experts when i % expert_layer_period == expert_layer_offset (2, 1) and the
/// model has more than one expert, a gated MLP otherwise.
inline any_model read_jamba(config_reader& r) {
  using F = families::jamba;
  const int L = r.facts.layers;
  const std::int64_t d_inner = r.optional("mamba_expand", 1, 64).value_or(2) * r.facts.hidden;
  const auto m = detail::mamba1_mixer(
      r, d_inner, {"mamba_d_state", "mamba_d_conv", "mamba_dt_rank", "mamba_proj_bias", "mamba_conv_bias"});
  const mixers::gqa attn{.heads = r.facts.num_heads, .kv_heads = kv_heads(r), .head_dim = r.facts.head_dim};
  // Layer kinds from the periods; which layers coincide decides the four counts.
  const auto attention = detail::read_period(r, "attn_layer_period", 8, "attn_layer_offset", 4);
  const auto expert = detail::read_period(r, "expert_layer_period", 2, "expert_layer_offset", 1);
  // JambaConfig: 16 experts; with one, the expert layers are plain MLPs (JambaMLP).
  const bool any_experts = r.optional("num_experts", 1, 1 << 16).value_or(16) > 1;
  int counts[2][2] = {{0, 0}, {0, 0}};  // [attention][moe]
  for (int i = 0; i < L; ++i) ++counts[attention.has(i) ? 1 : 0][any_experts && expert.has(i) ? 1 : 0];
  const ffns::routed_moe experts = counts[0][1] + counts[1][1] > 0 ? routed_experts(r) : ffns::routed_moe{};
  const std::int64_t inter = counts[0][0] + counts[1][0] > 0 ? dense_width(r) : 0;
  return r.make(F{}, groups(group(F::mamba_layer{}, 0), group(F::mamba_dense_layer{m, {inter}}, counts[0][0]),
                            group(F::mamba_moe_layer{m, experts}, counts[0][1]),
                            group(F::attention_dense_layer{attn, {inter}}, counts[1][0]),
                            group(F::attention_moe_layer{attn, experts}, counts[1][1])));
}

}  // namespace strata::readers
