// DeepSeek-V4 compressed attention: every layer keeps a sliding window of raw
// head_dim-wide entries; a layer with compress ratio r > 0 also keeps one entry per r
// tokens plus its compressor's fp32 decode state, and ratio 4 (CSA) adds an FP4
// indexer cache with its own compressor (reference/aic-model-layer.md §6.7, §7). The
// layer's mHC width lives here too: it is per layer, around attention and FFN.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/ops/dsv4.hpp"

namespace strata::mixers {

struct dsv4_attention {
  static constexpr std::string_view kind = "compressed attention";
  int heads = 0;
  ops::dsv4_dims dims{};
  int compress_ratio = 0;  // 0 (sliding window only), 4 (CSA) or 128 (HCA)
  int o_groups = 1;
  int hc_mult = 1;
  int hc_sinkhorn_iters = 0;

  constexpr void validate(std::string_view where) const {
    const auto& d = dims;
    if (heads < 1 || d.hidden < 1 || d.q_lora < 1 || d.o_lora < 1 || d.head_dim < 1 || d.rope_dim < 0 ||
        d.index_heads < 1 || d.index_dim < 1 || d.index_topk < 1 || d.window < 1 || o_groups < 1 || hc_mult < 1 ||
        hc_sinkhorn_iters < 0)
      detail::invalid(std::string(where) +
                      ": compressed attention needs positive heads, ranks, head sizes, window, groups and mHC width");
    if (compress_ratio != 0 && compress_ratio != 4 && compress_ratio != 128)
      detail::invalid(std::string(where) + ": compress ratio " + detail::str(compress_ratio) +
                      ": expected 0, 4 or 128");
  }
  constexpr void check(const resolved_config& c) const {
    if (heads % c.tp != 0)
      detail::invalid("tp = " + detail::str(c.tp) + " does not divide the " + detail::str(heads) +
                      " attention heads: expected a divisor of " + detail::str(heads));
  }
  constexpr double cache_bytes(std::int64_t tokens, const resolved_config& c) const {
    const std::int64_t s = std::max<std::int64_t>(tokens, 0);
    const int r = compress_ratio;
    const double entry = dims.head_dim * bytes_per_element(c.kv);
    double total = double(std::min<std::int64_t>(s, dims.window)) * entry;
    if (r) {
      const double compressed = double(s / r);
      total += compressed * entry + 2.0 * r * (r == 4 ? 2 : 1) * dims.head_dim * 4;
      if (r == 4)
        total += compressed * ops::dsv4_indexer_entry_bytes(dims.index_dim) + 2.0 * r * 2 * dims.index_dim * 4;
    }
    return total;
  }
  constexpr int window_tokens() const { return compress_ratio == 0 ? dims.window : 0; }
  constexpr std::string_view key() const { return compress_ratio == 0 ? "swa" : compress_ratio == 4 ? "csa" : "hca"; }

  /// The module op of `count` layers of this type at compress ratio `ratio`.
  template <class Op>
  constexpr Op module(const resolved_config& c, op_name name, double scale, int ratio) const {
    Op o{};
    o.name = name;
    o.scale_factor = scale;
    o.num_heads = heads / c.tp;
    o.native_heads = heads;
    o.tp_size = c.tp;
    o.compress_ratio = ratio;
    o.o_groups = std::max(1, o_groups / c.tp);
    o.kv = c.kv;
    o.fmha = c.fmha;
    o.gemm = c.gemm;
    o.dims = dims;
    return o;
  }

  std::string describe() const {
    return "compressed attention " + std::to_string(heads) + " heads, ratio " + std::to_string(compress_ratio) +
           ", window " + std::to_string(dims.window);
  }
  constexpr bool operator==(const dsv4_attention&) const = default;
};

}  // namespace strata::mixers
