// KIMIK3: KimiK3ForConditionalGeneration (fields under text_config; the text model is
// KimiLinearForCausalLM).
#pragma once

#include <string>
#include <vector>

#include "strata/families/kimi_k3.hpp"
#include "strata/runtime/readers/common.hpp"
#include "strata/runtime/readers/deepseek.hpp"

namespace strata::readers {

/// linear_attn_config.kda_layers (1-based layer ids) are KDA layers, the others latent
/// attention; the first first_k_dense_replace layers have a dense MLP, the rest the
/// latent MoE.
inline any_model read_kimi_k3(config_reader& r) {
  using F = families::kimi_k3;
  const int L = r.facts.layers;
  const auto lac = r.cfg.at("linear_attn_config", "the KDA layers' settings (an object)");
  const auto int_of = [&](std::string_view key, long long lo, long long hi) {
    return int(lac.at(key, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi)).integer(lo, hi));
  };
  // The reference prices a full-rank output gate (q, k, v and the gate in one GEMM).
  if (auto full_rank = lac.get("use_full_rank_gate"); full_rank && !full_rank->boolean())
    full_rank->fail("true (a low-rank KDA output gate is not modelled)");
  const mixers::kda kda{.heads = int_of("num_heads", 1, 1 << 12),
                        .head_dim = int_of("head_dim", 1, 1 << 12),
                        .d_conv = lac.get("short_conv_kernel_size") ? int_of("short_conv_kernel_size", 1, 64) : 4,
                        // The reference's radix-cache slots per request (see mixers::kda).
                        .state_slots = 5};
  std::vector<bool> is_kda(std::size_t(L), false);
  const auto ids = lac.at("kda_layers", "a list of 1-based layer ids").array("a list of 1-based layer ids");
  if (ids.empty()) lac.at("kda_layers", "").fail("a non-empty list of 1-based layer ids");
  for (const auto& id : ids) is_kda[std::size_t(id.integer(1, L) - 1)] = true;

  const auto& ex = r.facts.quant.excluded;
  const mixers::mla mla{.heads = r.facts.num_heads,
                        .kv_heads = kv_heads(r),
                        .q_lora = int(r.required("q_lora_rank", 1, 1 << 16)),
                        .dims = detail::latent_dims(r),
                        .q_bf16 = ex.q,
                        .kv_bf16 = ex.kv,
                        .o_bf16 = ex.o,
                        .output_gate = r.boolean("mla_use_output_gate").value_or(false)};
  const std::vector<bool> moe = r.moe_layers_by_first_k();
  int n[2][2] = {};  // [kda][moe]
  for (int i = 0; i < L; ++i) ++n[is_kda[std::size_t(i)] ? 1 : 0][moe[std::size_t(i)] ? 1 : 0];
  ffns::routed_moe experts{};
  if (n[0][1] + n[1][1] > 0) {
    experts = routed_experts(r);
    experts.latent = r.optional("routed_expert_hidden_size", 0, 1 << 20).value_or(0);
    // num_shared_experts full-width experts of moe_intermediate_size each.
    experts.shared_inter = experts.inter * r.optional("num_shared_experts", 0, 64).value_or(0);
  }
  const std::int64_t dense = n[0][0] + n[1][0] > 0 ? dense_width(r) : 0;
  r.facts.attn_res_block = int(r.optional("attn_res_block_size", 0, L).value_or(0));
  return r.make(
      F{}, groups(group(F::kda_dense_layer{kda, {dense}}, n[1][0]), group(F::kda_moe_layer{kda, experts}, n[1][1]),
                  group(F::mla_dense_layer{mla, {dense}}, n[0][0]), group(F::mla_moe_layer{mla, experts}, n[0][1])));
}

}  // namespace strata::readers
