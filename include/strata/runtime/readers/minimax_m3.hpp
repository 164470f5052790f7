// MINIMAXM3 (MiniMaxM3ForCausalLM; MiniMaxM3SparseForConditionalGeneration, fields
// under text_config): MiniMax sparse attention and routed experts with a shared expert.
#pragma once

#include <string>
#include <vector>

#include "strata/families/minimax_m3.hpp"
#include "strata/runtime/readers/common.hpp"
#include "strata/runtime/readers/deepseek.hpp"

namespace strata::readers {

/// MiniMax-M3: the attention geometry and the indexer from `sparse_attention_config`;
/// the layers whose `sparse_attention_freq` entry is 0 attend densely (plain GQA) and
/// cache no index keys. The MoE layers follow `moe_layer_freq` / `first_k_dense_replace`
/// (as the DeepSeek reader reads them); the others are dense SwiGLU layers of
/// `dense_intermediate_size` (correction C14). A dense layer with sparse attention, or
/// an MoE layer with dense attention, is not a MiniMax-M3 layout and is refused.
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
  const mixers::gqa dense_attention{.heads = r.facts.num_heads,
                                    .kv_heads = kv_heads(r),
                                    .head_dim = head_dim,
                                    .qk_norm = r.boolean("use_qk_norm").value_or(false)};
  const std::vector<bool> moe = detail::moe_layers(r);
  std::vector<bool> sparse_layer(std::size_t(L), true);
  if (auto freq = sparse.get("sparse_attention_freq")) {
    const auto items = freq->array("a list of 0 / 1");
    for (int i = 0; i < L; ++i) sparse_layer[std::size_t(i)] = items[std::size_t(i)].integer(0, 1) != 0;
  }
  int n_moe = 0;
  for (int i = 0; i < L; ++i) {
    if (moe[std::size_t(i)] != sparse_layer[std::size_t(i)])
      sparse.at("sparse_attention_freq", "")
          .fail("sparse attention on exactly the MoE layers (layer " + std::to_string(i) + " is " +
                (moe[std::size_t(i)] ? "MoE" : "dense") +
                "; strata models MiniMax-M3's dense layers as plain attention)");
    n_moe += moe[std::size_t(i)] ? 1 : 0;
  }
  (void)indexed;
  ffns::routed_moe experts = routed_experts(r);
  experts.shared_inter = experts.inter * r.optional("n_shared_experts", 0, 64).value_or(0);
  const std::int64_t dense_inter = n_moe < L ? r.required("dense_intermediate_size", 1, 1 << 24) : 0;
  using F = families::minimax_m3;
  return r.make(F{}, groups(group(F::dense_layer{dense_attention, {dense_inter}}, L - n_moe),
                            group(F::layer_type{attention, experts}, n_moe)));
}

}  // namespace strata::readers
