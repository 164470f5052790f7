// HYBRIDMOE: MiMoV2FlashForCausalLM (C1), Llama4ForConditionalGeneration (C2);
// STEP3P7 (HYBRIDMOE's layer types plus a shared expert): Step3p7FlashForCausalLM.
#pragma once

#include <string>
#include <vector>

#include "strata/families/hybrid_moe.hpp"
#include "strata/families/step3p7.hpp"
#include "strata/runtime/readers/common.hpp"

namespace strata::readers {

namespace detail {
/// Per-layer (sliding, routed) counts in the hybrid family's four types.
struct hybrid_counts {
  int full_moe = 0, sliding_moe = 0, sliding_dense = 0, full_dense = 0;
  void add(bool sliding, bool moe) {
    (sliding ? (moe ? sliding_moe : sliding_dense) : (moe ? full_moe : full_dense))++;
  }
};

template <class Family = families::hybrid_moe>
inline any_model make_hybrid(const config_reader& r, const hybrid_counts& n, const mixers::gqa& full,
                             const mixers::gqa& sliding, const ffns::routed_moe& experts, std::int64_t dense_width) {
  using moe_l = families::hybrid_moe::moe_layer;
  using dense_l = families::hybrid_moe::dense_layer;
  return r.make(Family{}, groups(group(moe_l{full, experts}, n.full_moe), group(moe_l{sliding, experts}, n.sliding_moe),
                                 group(dense_l{sliding, {dense_width}}, n.sliding_dense),
                                 group(dense_l{full, {dense_width}}, n.full_dense)));
}
}  // namespace detail

inline any_model read_mimo_v2(config_reader& r) {
  const int L = r.facts.layers;
  const int kv = kv_heads(r);
  const std::int64_t inter = r.optional("intermediate_size", 0, 1 << 24).value_or(0);
  const ffns::routed_moe experts = routed_experts(r);
  // hybrid_layer_pattern: 1 = sliding window, 0 = full attention (C1).
  const auto attn = strata::detail::bit_pattern(r.cfg.at("hybrid_layer_pattern", "a 0/1 list, one per layer"), L);
  std::vector<int> moe(std::size_t(L), 1);
  if (auto f = r.cfg.get("moe_layer_freq")) {
    if (f->is_array())
      moe = strata::detail::bit_pattern(*f, L);
    else
      std::fill(moe.begin(), moe.end(), int(f->integer(0, 1)));
  }
  detail::hybrid_counts n;
  for (int i = 0; i < L; ++i) n.add(attn[std::size_t(i)] == 1, moe[std::size_t(i)] == 1);
  const int window =
      int(r.optional("sliding_window_size", 1, 1 << 24).value_or(r.optional("sliding_window", 1, 1 << 24).value_or(0)));
  if (n.sliding_moe + n.sliding_dense > 0 && window == 0)
    r.cfg.fail_missing("sliding_window_size", "the window of the sliding-window layers");
  if (n.sliding_dense + n.full_dense > 0 && inter < 1)
    r.cfg.fail_missing("intermediate_size", "the FFN width of the dense layers");
  const int hd = r.facts.head_dim;
  const mixers::gqa full{.heads = r.facts.num_heads,
                         .kv_heads = kv,
                         .head_dim = hd,
                         .v_head_dim = int(r.optional("v_head_dim", 1, 1 << 16).value_or(0))};
  // Sliding layers have their own shape (swa_*), each falling back to the model's.
  const int swa_hd = int(r.optional("swa_head_dim", 1, 1 << 16).value_or(hd));
  const mixers::gqa sliding{.heads = int(r.optional("swa_num_attention_heads", 1, 1 << 16).value_or(r.facts.num_heads)),
                            .kv_heads = int(r.optional("swa_num_key_value_heads", 1, 1 << 16).value_or(kv)),
                            .head_dim = swa_hd,
                            .v_head_dim = int(r.optional("swa_v_head_dim", 1, 1 << 16).value_or(hd)),
                            .window = window};
  return detail::make_hybrid(r, n, full, sliding, experts, inter);
}

inline any_model read_llama4(config_reader& r) {
  const int L = r.facts.layers;
  const int kv = kv_heads(r);
  ffns::routed_moe experts = routed_experts(r);
  const std::int64_t inter = r.optional("intermediate_size", 0, 1 << 24).value_or(0);
  const int step = int(r.optional("interleave_moe_layer_step", 1, L).value_or(1));
  std::vector<int> moe(std::size_t(L), 0);
  if (auto ml = r.cfg.get("moe_layers")) {
    for (const auto& i : ml->array("a list of MoE layer indices")) moe[std::size_t(i.integer(0, L - 1))] = 1;
  } else {
    for (int i = 0; i < L; ++i) moe[std::size_t(i)] = (i + 1) % step == 0 ? 1 : 0;
  }
  // no_rope_layers[i] = 1: the layer uses RoPE and chunked attention; 0: a NoPE
  // global layer. Default: every no_rope_layer_interval-th layer is NoPE (C2).
  std::vector<int> rope(std::size_t(L), 1);
  std::optional<strata::detail::json_node> explicit_rope = r.cfg.get("no_rope_layers");
  if (explicit_rope && explicit_rope->is_array() && !explicit_rope->array("").empty()) {
    rope = strata::detail::bit_pattern(*explicit_rope, L);
  } else {
    const int interval = int(r.optional("no_rope_layer_interval", 1, L).value_or(4));
    for (int i = 0; i < L; ++i) rope[std::size_t(i)] = (i + 1) % interval != 0 ? 1 : 0;
  }
  // Llama4TextConfig defaults where a key is absent: 8192-token chunks, 16384-wide
  // dense MLP; an explicit null chunk size turns chunking off.
  const auto* chunk = r.cfg.object().if_contains("attention_chunk_size");
  const int window = chunk == nullptr   ? 8192
                     : chunk->is_null() ? 0
                                        : int(r.cfg.get("attention_chunk_size")->integer(1, 1 << 30));
  detail::hybrid_counts n;
  for (int i = 0; i < L; ++i) n.add(rope[std::size_t(i)] == 1 && window > 0, moe[std::size_t(i)] == 1);
  experts.shared_inter = inter;  // one always-on shared expert of intermediate_size
  const mixers::gqa global{.heads = r.facts.num_heads, .kv_heads = kv, .head_dim = r.facts.head_dim};
  mixers::gqa chunked = global;
  chunked.window = window;
  return detail::make_hybrid(r, n, global, chunked, experts,
                             r.optional("intermediate_size_mlp", 1, 1 << 24).value_or(16384));
}

/// Step-3.7-Flash (and the Step-3.5 spellings): `layer_types` full / sliding (a list
/// that may also cover the num_nextn_predict_layers MTP layers, which are dropped),
/// MoE layers from `moe_layers_enum` else after `first_k_dense_replace`, one shared
/// expert of `share_expert_dim` on every MoE layer, q/k norms on every layer.
/// `attention_other_setting` gives the sliding layers their own heads and head size.
inline any_model read_step3p7(config_reader& r) {
  const int L = r.facts.layers;
  const int mtp = int(r.optional("num_nextn_predict_layers", 0, 64).value_or(0));
  const std::string choices = "a list of sliding_attention / full_attention, one per layer";
  const auto lt = r.cfg.at("layer_types", choices);
  auto items = lt.array(choices);
  if (int(items.size()) == L + mtp && mtp > 0) items.erase(items.begin() + L, items.end());
  if (int(items.size()) != L) lt.fail(choices + " (" + std::to_string(L) + ")");
  std::vector<bool> sliding;
  for (const auto& item : items) {
    const std::string s = item.string(choices);
    if (s != "sliding_attention" && s != "full_attention") item.fail("sliding_attention or full_attention");
    sliding.push_back(s == "sliding_attention");
  }
  std::vector<bool> moe(std::size_t(L), false);
  if (auto en = r.cfg.get("moe_layers_enum")) {
    // A comma-separated string of layer indices ("3,4,5,...") or a list.
    if (en->is_array()) {
      for (const auto& i : en->array("a list of MoE layer indices")) moe[std::size_t(i.integer(0, L - 1))] = true;
    } else {
      const std::string s = en->string("a comma-separated list of MoE layer indices");
      std::size_t pos = 0;
      while (pos < s.size()) {
        const std::size_t end = std::min(s.find(',', pos), s.size());
        std::size_t used = 0;
        int i = -1;
        try {
          i = std::stoi(s.substr(pos, end - pos), &used);
        } catch (const std::exception&) {
          i = -1;
        }
        if (i < 0 || i >= L) en->fail("a comma-separated list of layer indices from 0 to " + std::to_string(L - 1));
        moe[std::size_t(i)] = true;
        pos = end + 1;
      }
    }
  } else {
    const int first_k = int(r.optional("first_k_dense_replace", 0, L).value_or(0));
    for (int i = first_k; i < L; ++i) moe[std::size_t(i)] = true;
  }
  if (auto gate = r.boolean("use_head_wise_attn_gate"); gate && *gate)
    r.cfg.at("use_head_wise_attn_gate", "").fail("false: the head-wise attention gate (g_proj) is not modeled");
  detail::hybrid_counts n;
  for (int i = 0; i < L; ++i) n.add(sliding[std::size_t(i)], moe[std::size_t(i)]);
  const int kv = int(
      r.first_of({"num_key_value_heads", "num_attention_groups"}, 1, r.facts.num_heads).value_or(r.facts.num_heads));
  const int hd = r.facts.head_dim;
  const mixers::gqa full{.heads = r.facts.num_heads, .kv_heads = kv, .head_dim = hd, .qk_norm = true};
  mixers::gqa swa = full;
  if (auto other = r.cfg.get("attention_other_setting")) {
    const auto field = [&](std::string_view key, int absent) {
      auto v = other->get(key);
      return v ? int(v->integer(1, 1 << 16)) : absent;
    };
    swa.heads = field("num_attention_heads", swa.heads);
    swa.kv_heads = field("num_attention_groups", swa.kv_heads);
    swa.head_dim = field("head_dim", swa.head_dim);
  }
  if (n.sliding_moe + n.sliding_dense > 0)
    swa.window = int(r.first_of({"sliding_window", "sliding_window_size"}, 1, 1 << 30).value_or(0));
  if (n.sliding_moe + n.sliding_dense > 0 && swa.window == 0)
    r.cfg.fail_missing("sliding_window", "the window of the sliding-window layers");
  ffns::routed_moe experts = routed_experts(r);
  experts.shared_inter = r.optional("share_expert_dim", 0, 1 << 24).value_or(0);
  const std::int64_t inter = r.optional("intermediate_size", 0, 1 << 24).value_or(0);
  if (n.sliding_dense + n.full_dense > 0 && inter < 1)
    r.cfg.fail_missing("intermediate_size", "the FFN width of the dense layers");
  return detail::make_hybrid<families::step3p7>(r, n, full, swa, experts, inter);
}

}  // namespace strata::readers
