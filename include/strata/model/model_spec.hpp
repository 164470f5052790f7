// A model = its facts plus a composition of (layer type, count) groups. The same
// code builds op lists and KV sizes for static (catalog) and dynamic (config.json)
// counts; for a constexpr spec everything below is a constant expression.
#pragma once

#include <algorithm>
#include <cstdint>

#include "strata/families/hybrid_moe.hpp"
#include "strata/families/llama.hpp"
#include "strata/families/moe.hpp"
#include "strata/model/layer_group.hpp"
#include "strata/model/model_info.hpp"

namespace strata {

template <class Groups>
struct model_spec {
  model_info info{};
  Groups groups{};

  constexpr bool is_moe() const { return strata::is_moe(info.family); }

  /// Resolve the user's choices against this model, rejecting impossible layouts.
  constexpr resolved_config resolve(const model_config& in) const {
    resolved_config c = strata::resolve(in, info.quant, {info.num_heads, info.num_experts, is_moe()});
    if (c.pp > info.layers)
      detail::invalid("pp = " + detail::str(c.pp) + " is more pipeline stages than the model's " +
                      detail::str(info.layers) + " layers");
    if (count_of<layers::sliding_moe>(groups) + count_of<layers::sliding_dense>(groups) > 0) {
      const int swa_heads = sliding_attention_shape(info).q_heads;
      if (swa_heads % c.tp != 0)
        detail::invalid("tp = " + detail::str(c.tp) + " does not divide the " + detail::str(swa_heads) +
                        " sliding-window attention heads");
    }
    if (is_moe() && c.moe == moe_quant::fp8_block && (info.moe_inter / c.moe_tp) % info.quant.weight_block != 0)
      detail::invalid("moe tp = " + detail::str(c.moe_tp) + " splits the expert width " +
                      detail::str(info.moe_inter) + " into " + detail::str(info.moe_inter / c.moe_tp) +
                      " columns, not a multiple of the fp8_block size " + detail::str(info.quant.weight_block));
    return c;
  }

  constexpr op_list ops(phase ph, const resolved_config& c) const {
    detail::emitter e{ph, detail::mtp_factor(c.nextn, info.layers)};
    switch (info.family) {
      case family::llama: families::llama::build(e, info, c, groups); break;
      case family::moe: families::moe::build(e, info, c, groups); break;
      case family::hybrid_moe: families::hybrid_moe::build(e, info, c, groups); break;
    }
    return e.ops;
  }

  /// KV-cache bytes one sequence of `tokens` tokens holds on one GPU in ONE layer of
  /// type L (C3): the type's own KV heads and K/V head sizes; sliding and chunked
  /// layers hold at most their window.
  template <layers::LayerType L>
  constexpr double kv_bytes_per_layer(std::int64_t tokens, const resolved_config& c) const {
    const attention_shape a =
        L::attention == layers::attention_kind::sliding ? sliding_attention_shape(info) : full_attention_shape(info);
    tokens = std::max<std::int64_t>(tokens, 0);
    const std::int64_t held = a.window > 0 ? std::min<std::int64_t>(tokens, a.window) : tokens;
    return double(kv_heads_per_gpu(a.kv_heads, c.tp)) * double(a.head_dim + a.v_head_dim) * bytes_per_element(c.kv) *
           double(held);
  }

  /// KV-cache bytes of one sequence on one GPU, summed over the layer types.
  constexpr double kv_bytes_per_sequence(std::int64_t tokens, const resolved_config& c) const {
    double sum = 0;
    boost::hana::for_each(groups, [&](const auto& g) {
      using L = typename std::remove_cvref_t<decltype(g)>::layer_type;
      sum += double(value_of(g.count)) * kv_bytes_per_layer<L>(tokens, c);
    });
    return sum;
  }
};

template <class Groups>
model_spec(model_info, Groups) -> model_spec<Groups>;

/// Group tuples of models read at run time: every layer type a family can have,
/// with int counts (a zero count emits nothing).
using dense_groups = boost::hana::tuple<layer_group<layers::full_dense, int>>;
using moe_groups = boost::hana::tuple<layer_group<layers::sliding_moe, int>, layer_group<layers::full_moe, int>>;
using hybrid_groups = boost::hana::tuple<layer_group<layers::full_moe, int>, layer_group<layers::sliding_moe, int>,
                                         layer_group<layers::sliding_dense, int>, layer_group<layers::full_dense, int>>;

}  // namespace strata
