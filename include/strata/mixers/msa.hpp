// MiniMax sparse attention (MiniMax-M3): GQA attention over the top-k KV blocks a
// block indexer picks; one module op per phase. A sparse layer keeps its K and V per
// token like GQA plus one index key per token; the leading dense-attention layers
// (sparse_attention_freq 0) keep only K and V (reference/aic-model-layer.md §5.7,
// §6.7; correction C3 for the index keys).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/model/emitter.hpp"

namespace strata::mixers {

struct msa {
  static constexpr std::string_view kind = "msa";
  int heads = 0;
  int kv_heads = 0;
  int head_dim = 0;
  int v_head_dim = 0;
  int index_heads = 0;
  int index_dim = 0;
  int topk_blocks = 0;
  int block_size = 0;
  /// The layer runs the indexer and so caches an index key per token
  /// (`sparse_attention_freq`); the dense-attention layers do not.
  bool indexed = true;

  constexpr int index_topk() const { return topk_blocks * block_size; }
  /// KV heads one GPU holds: ceil(kv / tp), replicated when tp > kv.
  constexpr int kv_per_gpu(int tp) const { return (kv_heads + tp - 1) / tp; }

  constexpr void validate(std::string_view where) const {
    if (heads < 1 || kv_heads < 1 || head_dim < 1 || v_head_dim < 1 || index_heads < 1 || index_dim < 1 ||
        topk_blocks < 1 || block_size < 1)
      detail::invalid(std::string(where) +
                      ": sparse attention needs positive heads, KV heads, head sizes, indexer sizes and blocks");
    if (heads % kv_heads != 0)
      detail::invalid(std::string(where) + ": " + detail::str(heads) + " attention heads do not split into " +
                      detail::str(kv_heads) + " KV-head groups: expected a divisor of " + detail::str(heads) +
                      " as num_key_value_heads");
  }
  constexpr void check(const resolved_config& c) const {
    if (heads % c.tp != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " does not divide the " + detail::str(heads) +
                      " attention heads: expected a divisor of " + detail::str(heads));
    if (kv_heads % c.tp != 0 && c.tp % kv_heads != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " and the " + detail::str(kv_heads) +
                      " KV heads: neither divides the other, so the KV heads can be neither split nor replicated "
                      "evenly; expected a divisor or a multiple of " +
                      detail::str(kv_heads));
  }
  /// Bytes one sequence keeps in ONE such layer on one GPU: K and V of the local KV
  /// heads, and on an indexed layer one bf16 index key of `index_dim` per token, held
  /// whole on every rank (vLLM `models/minimax_m3`: `MiniMaxM3IndexerCache`, a
  /// key-only side cache of one `sparse_index_dim` vector per token, bf16 unless
  /// `indexer_kv_dtype` says fp8).
  constexpr double cache_bytes(std::int64_t tokens, const resolved_config& c) const {
    const double t = double(std::max<std::int64_t>(tokens, 0));
    const double kv = double(kv_per_gpu(c.tp)) * double(head_dim + v_head_dim) * bytes_per_element(c.kv);
    return t * (kv + (indexed ? index_dim * 2.0 : 0.0));
  }
  constexpr int window_tokens() const { return 0; }
  constexpr std::string_view key() const { return "msa"; }

  /// The module's shape on one rank (the reference: local heads max(1, N / tp)).
  constexpr ops::msa_dims dims(int tp, std::int64_t hidden) const {
    return {.num_heads = std::max(1, heads / tp),
            .num_kv_heads = std::max(1, kv_heads / tp),
            .hidden = hidden,
            .head_dim = head_dim,
            .v_head_dim = v_head_dim,
            .index_heads = index_heads,
            .index_dim = index_dim,
            .index_topk = index_topk(),
            .block_size = block_size};
  }

  constexpr void emit(emitter& e, double count, std::int64_t hidden) const {
    const resolved_config& c = e.config();
    const ops::msa_module_base m{.name = e.name("attention"),
                                 .scale_factor = e.scale(count),
                                 .dims = dims(c.tp, hidden),
                                 .kv = c.kv,
                                 .fmha = c.fmha,
                                 .gemm = c.gemm};
    if (e.context())
      e.add(ops::context_msa_module{m});
    else
      e.add(ops::generation_msa_module{m});
  }

  /// The same attention apart from whether the layer runs the indexer.
  constexpr bool same_shape(const msa& o) const {
    msa a = *this;
    a.indexed = o.indexed;
    return a == o;
  }

  std::string describe() const {
    return std::string(indexed ? "sparse" : "dense") + " attention " + std::to_string(heads) + "/" +
           std::to_string(kv_heads) + " heads of " + std::to_string(head_dim) +
           (indexed ? ", top-" + std::to_string(topk_blocks) + " blocks of " + std::to_string(block_size) + " by " +
                          std::to_string(index_heads) + " indexer heads"
                    : std::string());
  }
  constexpr bool operator==(const msa&) const = default;
};

}  // namespace strata::mixers
