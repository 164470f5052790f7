// Fields several readers share: KV heads, the dense FFN width, and the routed-expert
// keys in their many spellings (reference/aic-model-layer.md §2.2).
#pragma once

#include <string>

#include "strata/ffns/moe.hpp"
#include "strata/mixers/gqa.hpp"
#include "strata/runtime/config_reader.hpp"

namespace strata::readers {

/// num_key_value_heads; a config without it means multi-head attention (one KV head
/// per query head: the reference reads a missing value as 0 KV heads).
inline int kv_heads(const config_reader& r) {
  return int(r.optional("num_key_value_heads", 1, r.facts.num_heads).value_or(r.facts.num_heads));
}

inline std::int64_t dense_width(const config_reader& r) {
  const auto inter = r.optional("intermediate_size", 0, 1 << 24).value_or(0);
  if (inter < 1) r.cfg.fail_missing("intermediate_size", "the FFN width of a dense model");
  return inter;
}

/// The routed experts: count, top-k and per-expert width (moe_intermediate_size, else
/// intermediate_size as Mixtral has it).
inline ffns::routed_moe routed_experts(const config_reader& r) {
  std::string_view topk_key = "num_experts_per_tok";
  const int topk = int(
      r.first_of({"num_experts_per_tok", "num_experts_per_token", "top_k_experts", "moe_top_k"}, 0, 1 << 16, &topk_key)
          .value_or(0));
  int experts = 0;
  for (auto k : {"num_local_experts", "n_routed_experts", "moe_num_experts", "num_experts"})
    if (auto v = r.optional(k, 0, 1 << 16); v && *v > 0) {
      experts = int(*v);
      break;
    }
  const auto moe_inter = r.optional("moe_intermediate_size", 0, 1 << 24);
  const std::int64_t width =
      moe_inter && *moe_inter > 0 ? *moe_inter : r.optional("intermediate_size", 0, 1 << 24).value_or(0);
  if (experts < 1) r.cfg.fail_missing("num_experts", "the routed expert count of an MoE model");
  if (topk < 1 || topk > experts)
    r.cfg.at(topk_key, "the number of experts per token (num_experts_per_tok)")
        .fail("an integer from 1 to the " + std::to_string(experts) + " experts");
  if (width < 1) r.cfg.fail_missing("moe_intermediate_size", "the expert width");
  return {.experts = experts, .topk = topk, .inter = width};
}

}  // namespace strata::readers
