// MINIMAXM3 (MiniMaxM3ForCausalLM; MiniMaxM3SparseForConditionalGeneration, fields
// under text_config): MiniMax sparse attention and routed experts with a shared expert.
#pragma once

#include <string>
#include <vector>

#include "strata/families/minimax_m3.hpp"
#include "strata/runtime/readers/common.hpp"

namespace strata::readers {

/// MiniMax-M3: the attention geometry and the indexer from `sparse_attention_config`;
/// the layers whose `sparse_attention_freq` entry is 0 attend densely and cache no
/// index keys. Every layer is priced as MoE + MSA (the reference's arrangement), so
/// `first_k_dense_replace` / `moe_layer_freq` do not change the op list.
inline any_model read_minimax_m3(config_reader& r) {
  const int L = r.facts.layers;
  const auto sparse = r.cfg.at("sparse_attention_config", "the MSA settings (an object)");
  if (!config_reader::boolean_in(sparse, "use_sparse_attention").value_or(false))
    sparse.at("use_sparse_attention", "true (MiniMax-M3 without sparse attention is not modelled)").fail("true");
  const auto sparse_int = [&](std::string_view key, long long hi) {
    return int(sparse.at(key, "an integer from 1 to " + std::to_string(hi)).integer(1, hi));
  };
  int indexed = L;
  if (auto freq = sparse.get("sparse_attention_freq")) {
    const std::string expected = "a list of " + std::to_string(L) + " of 0 / 1";
    const auto items = freq->array(expected);
    if (int(items.size()) != L) freq->fail(expected);
    indexed = 0;
    for (const auto& f : items) indexed += f.integer(0, 1) != 0 ? 1 : 0;
  }
  const int head_dim = int(r.required("head_dim", 1, 1 << 16));
  const mixers::msa attention{.heads = r.facts.num_heads,
                              .kv_heads = kv_heads(r),
                              .head_dim = head_dim,
                              .v_head_dim = head_dim,
                              .index_heads = sparse_int("sparse_num_index_heads", 1 << 12),
                              .index_dim = sparse_int("sparse_index_dim", 1 << 16),
                              .topk_blocks = sparse_int("sparse_topk_blocks", 1 << 20),
                              .block_size = sparse_int("sparse_block_size", 1 << 20)};
  mixers::msa dense_attention = attention;
  dense_attention.indexed = false;
  ffns::routed_moe experts = routed_experts(r);
  experts.shared_inter = experts.inter * r.optional("n_shared_experts", 0, 64).value_or(0);
  using layer_type = families::minimax_m3::layer_type;
  return r.make(families::minimax_m3{}, groups(group(layer_type{dense_attention, experts}, L - indexed),
                                               group(layer_type{attention, experts}, indexed)));
}

}  // namespace strata::readers
