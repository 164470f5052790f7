// Readers of the open decoder architectures priced by strata's own DECODER /
// DECODER_MOE families: one set of helpers for what these configs share (KV heads,
// sliding-window patterns, gated or plain MLPs, biases, routed experts with shared
// experts and dense-first layers), and one short reader per architecture saying which
// keys and defaults it has (transformers' configuration_<model>.py for each).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "strata/families/decoder.hpp"
#include "strata/runtime/readers/common.hpp"
#include "strata/runtime/readers/deepseek.hpp"

namespace strata::readers {

/// How a config's `sliding_window` applies when no `layer_types`,
/// `sliding_window_pattern` or `use_sliding_window` key says which layers slide.
enum class window_rule {
  none,        // the architecture has no sliding-window attention
  all_layers,  // every layer (Mistral, Phi-3, StarCoder2)
  periodic     // every `period`-th layer is full, the others slide (Gemma-2: 2, Gemma-3: 6)
};

/// What an architecture's config leaves to its configuration class's defaults.
struct decoder_defaults {
  bool tied = false;      // tie_word_embeddings
  bool gated = true;      // gate + up projections (SwiGLU / GeGLU) or a plain up projection
  bool parallel = false;  // attention and MLP on the same normed input
  window_rule windows = window_rule::none;
  int period = 0;
  bool qkv_bias = false;
  bool o_bias = false;
  bool mlp_bias = false;
  /// Routed experts the architecture's reader has read itself (its keys differ from
  /// the common ones); `experts == 0`: read them with `routed_experts`.
  ffns::routed_moe experts{};
};

namespace detail {

/// The first boolean among `keys` the config has, else `fallback`.
inline bool flag(const config_reader& r, std::initializer_list<std::string_view> keys, bool fallback) {
  for (auto k : keys)
    if (auto b = r.boolean(k)) return *b;
  return fallback;
}

/// A key whose value would change the cost in a way strata does not model: an error
/// that names it, never a silent default.
inline void refuse_if(const config_reader& r, std::string_view key, bool present, const std::string& why) {
  if (present) r.cfg.at(key, "").fail("no " + std::string(key) + " (" + why + ")");
}

/// Which layers use sliding-window attention, from the first key the config has:
/// `layer_types`, `sliding_window_pattern` (a period, or a string of L / G marks),
/// `use_sliding_window` with `max_window_layers` (Qwen2-style), else the rule.
inline std::vector<bool> sliding_layers(const config_reader& r, const decoder_defaults& d) {
  const int L = r.facts.layers;
  std::vector<bool> sliding(std::size_t(L), false);
  if (auto types = r.cfg.get("layer_types")) {
    const std::string expected = "a list of " + std::to_string(L) + " of sliding_attention / full_attention";
    auto items = types->array(expected);
    // Some configs list their MTP layers too; the first L entries are the decoder's.
    if (int(items.size()) < L) types->fail(expected);
    for (int i = 0; i < L; ++i) {
      const std::string s = items[std::size_t(i)].string(expected);
      if (s == "sliding_attention")
        sliding[std::size_t(i)] = true;
      else if (s != "full_attention")
        items[std::size_t(i)].fail("sliding_attention or full_attention (the attention kinds strata models here)");
    }
    return sliding;
  }
  if (auto pattern = r.cfg.get("sliding_window_pattern")) {
    if (pattern->value().is_string()) {
      const std::string marks = pattern->string();
      if (marks.empty()) pattern->fail("a non-empty string of L (local) / G (global) marks");
      for (int i = 0; i < L; ++i) {
        const char m = marks[std::size_t(i) % marks.size()];
        if (m != 'L' && m != 'G') pattern->fail("a string of L (local) / G (global) marks");
        sliding[std::size_t(i)] = m == 'L';
      }
    } else {
      const int period = int(pattern->integer(1, L));
      for (int i = 0; i < L; ++i) sliding[std::size_t(i)] = (i + 1) % period != 0;
    }
    return sliding;
  }
  if (auto use = r.cfg.get("use_sliding_window")) {
    if (use->boolean()) {
      const int from = int(r.optional("max_window_layers", 0, L).value_or(0));
      for (int i = from; i < L; ++i) sliding[std::size_t(i)] = true;
    }
    return sliding;
  }
  if (!r.cfg.get("sliding_window")) return sliding;
  switch (d.windows) {
    case window_rule::none:
      break;
    case window_rule::all_layers:
      std::fill(sliding.begin(), sliding.end(), true);
      break;
    case window_rule::periodic:
      for (int i = 0; i < L; ++i) sliding[std::size_t(i)] = (i + 1) % d.period != 0;
      break;
  }
  return sliding;
}

/// KV heads: `num_key_value_heads`, Falcon's `num_kv_heads` (new decoder
/// architecture) or `multi_query` (one), ChatGLM's `multi_query_group_num`, else one
/// per query head.
inline int kv_heads_of(const config_reader& r) {
  const int heads = r.facts.num_heads;
  if (auto v = r.optional("num_key_value_heads", 1, heads)) return int(*v);
  if (flag(r, {"new_decoder_architecture"}, false)) return int(r.optional("num_kv_heads", 1, heads).value_or(heads));
  if (flag(r, {"multi_query"}, false)) return 1;
  if (flag(r, {"multi_query_attention"}, false)) return int(r.required("multi_query_group_num", 1, heads));
  return heads;
}

/// MoE layers: `mlp_layer_types` or `first_k_dense_replace` / `moe_layer_freq`
/// (DeepSeek style, as the DeepSeek reader reads them), `mlp_only_layers` /
/// `decoder_sparse_step` (Qwen-MoE style), else every layer.
inline std::vector<bool> decoder_moe_layers(const config_reader& r) {
  const int L = r.facts.layers;
  if (r.cfg.get("mlp_layer_types") || r.cfg.get("first_k_dense_replace") || r.cfg.get("moe_layer_freq"))
    return moe_layers(r);
  std::vector<bool> moe(std::size_t(L), true);
  const int step = int(r.optional("decoder_sparse_step", 1, L).value_or(1));
  for (int i = 0; i < L; ++i) moe[std::size_t(i)] = (i + 1) % step == 0;
  if (auto only = r.cfg.get("mlp_only_layers"))
    for (const auto& i : only->array("a list of dense layer indices")) moe[std::size_t(i.integer(0, L - 1))] = false;
  return moe;
}

/// The always-on shared experts: `n_shared_experts` (or `num_shared_experts`) of the
/// expert width, or one of `shared_expert_intermediate_size` /
/// `shared_intermediate_size`.
inline std::int64_t shared_width(const config_reader& r, std::int64_t expert_width) {
  if (auto w = r.first_of({"shared_expert_intermediate_size", "shared_intermediate_size"}, 0, 1 << 24)) return *w;
  return expert_width * r.first_of({"n_shared_experts", "num_shared_experts"}, 0, 64).value_or(0);
}

}  // namespace detail

/// The decoder's layer groups from the config and the architecture's defaults.
inline any_model read_decoder(config_reader& r, const decoder_defaults& d, std::int64_t dense_inter = 0) {
  using families::decoder;
  const int L = r.facts.layers;
  detail::refuse_if(r, "kv_lora_rank", r.cfg.get("kv_lora_rank").has_value(),
                    "latent attention is read for the DeepSeek architectures only");
  if (auto chunk = r.cfg.get("attention_chunk_size"))
    detail::refuse_if(r, "attention_chunk_size", true, "chunked local attention is read for Llama-4 only");
  // model_from_hf_config read tie_word_embeddings when the config has it.
  if (!r.boolean("tie_word_embeddings") && !config_reader::boolean_in(r.root, "tie_word_embeddings"))
    r.facts.tied_embeddings = d.tied;

  const std::vector<bool> sliding = detail::sliding_layers(r, d);
  int n_sliding = 0;
  for (bool b : sliding) n_sliding += b ? 1 : 0;
  const int window =
      n_sliding > 0 ? int(r.first_of({"sliding_window", "sliding_window_size"}, 1, 1 << 30).value_or(0)) : 0;
  if (n_sliding > 0 && window == 0) r.cfg.fail_missing("sliding_window", "the window of the sliding-window layers");

  const bool qkv_bias =
      detail::flag(r, {"attention_bias", "qkv_bias", "use_qkv_bias", "add_qkv_bias", "bias", "use_bias"}, d.qkv_bias);
  const bool o_bias = detail::flag(r, {"bias", "use_bias"}, d.o_bias);
  const mixers::gqa full{.heads = r.facts.num_heads,
                         .kv_heads = detail::kv_heads_of(r),
                         .head_dim = r.facts.head_dim,
                         .qk_norm = detail::flag(r, {"use_qk_norm", "qk_layernorm"}, false),
                         .qkv_bias = qkv_bias,
                         .o_bias = o_bias};
  mixers::gqa slide = full;
  slide.window = window;

  const bool any_experts =
      r.first_of({"num_local_experts", "n_routed_experts", "moe_num_experts", "num_experts"}, 0, 1 << 16).value_or(0) >
      0;
  std::vector<bool> moe(std::size_t(L), false);
  ffns::routed_moe experts{};
  if (any_experts) {
    moe = detail::decoder_moe_layers(r);
    if (d.experts.experts > 0) {
      experts = d.experts;
    } else {
      experts = routed_experts(r);
      experts.shared_inter = detail::shared_width(r, experts.inter);
    }
  }
  int counts[2][2] = {{0, 0}, {0, 0}};  // [sliding][moe]
  for (int i = 0; i < L; ++i) ++counts[sliding[std::size_t(i)] ? 1 : 0][moe[std::size_t(i)] ? 1 : 0];
  const int n_dense = counts[0][0] + counts[1][0];
  const std::int64_t inter = n_dense > 0 ? (dense_inter > 0 ? dense_inter : dense_width(r)) : 0;
  const bool mlp_bias = detail::flag(r, {"mlp_bias", "bias", "use_bias"}, d.mlp_bias);
  r.facts.parallel_block = detail::flag(r, {"parallel_attn", "use_parallel_residual"}, d.parallel);

  using G = families::decoder::gated_layer;
  using P = families::decoder::plain_layer;
  using M = families::decoder::moe_layer;
  const auto gs = groups(group(G{full, {inter, mlp_bias}}, d.gated ? counts[0][0] : 0),
                         group(G{slide, {inter, mlp_bias}}, d.gated ? counts[1][0] : 0),
                         group(P{full, {inter, mlp_bias}}, d.gated ? 0 : counts[0][0]),
                         group(P{slide, {inter, mlp_bias}}, d.gated ? 0 : counts[1][0]),
                         group(M{full, experts}, counts[0][1]), group(M{slide, experts}, counts[1][1]));
  if (counts[0][1] + counts[1][1] > 0) return r.make(families::decoder_moe{}, gs);
  return r.make(families::decoder{}, gs);
}

// --- one reader per architecture --------------------------------------------------

/// Llama-style models under their own names (InternLM2, OLMo-2, Baichuan, EXAONE-4, ...).
inline any_model read_llama_like(config_reader& r) { return read_decoder(r, {}); }
inline any_model read_tied_llama_like(config_reader& r) { return read_decoder(r, {.tied = true}); }
/// Mistral, Ministral: `sliding_window` (when not null) applies to every layer.
inline any_model read_mistral(config_reader& r) { return read_decoder(r, {.windows = window_rule::all_layers}); }
/// Gemma: tied, GeGLU; Gemma-2 alternates sliding and full layers, Gemma-3 has five
/// sliding layers per full one.
inline any_model read_gemma(config_reader& r) { return read_decoder(r, {.tied = true}); }
inline any_model read_gemma2(config_reader& r) {
  return read_decoder(r, {.tied = true, .windows = window_rule::periodic, .period = 2});
}
inline any_model read_gemma3(config_reader& r) {
  return read_decoder(r, {.tied = true, .windows = window_rule::periodic, .period = 6});
}
/// Phi-2: a parallel block, a plain MLP, biases everywhere. Phi-3 / Phi-4: fused
/// projections, SwiGLU, `sliding_window` on every layer.
inline any_model read_phi(config_reader& r) {
  return read_decoder(r, {.gated = false, .parallel = true, .qkv_bias = true, .o_bias = true, .mlp_bias = true});
}
inline any_model read_phi3(config_reader& r) { return read_decoder(r, {.windows = window_rule::all_layers}); }
/// StarCoder2: plain MLP with biases (`use_bias`), sliding window on every layer.
inline any_model read_starcoder2(config_reader& r) {
  return read_decoder(r, {.tied = true, .gated = false, .windows = window_rule::all_layers});
}
/// Command-R (Cohere): tied, a parallel block. Cohere2 (Command-R7B, Command-A): three
/// sliding layers per full one (`sliding_window_pattern` 4).
inline any_model read_cohere(config_reader& r) { return read_decoder(r, {.tied = true, .parallel = true}); }
inline any_model read_cohere2(config_reader& r) {
  return read_decoder(r, {.tied = true, .parallel = true, .windows = window_rule::periodic, .period = 4});
}
/// StableLM: `use_qkv_bias`, optional parallel residual.
inline any_model read_stablelm(config_reader& r) { return read_decoder(r, {}); }
/// Falcon: a plain 4h MLP (`ffn_hidden_size` in newer configs); `multi_query` (one KV
/// head) or `num_kv_heads` with `new_decoder_architecture`; tied; parallel attention.
inline any_model read_falcon(config_reader& r) {
  const std::int64_t inter = r.optional("ffn_hidden_size", 1, 1 << 24).value_or(4 * r.facts.hidden);
  return read_decoder(r, {.tied = true, .gated = false, .parallel = true}, inter);
}
/// ChatGLM (glm-4-9b-chat): fused SwiGLU of `ffn_hidden_size`, `add_qkv_bias`,
/// `multi_query_group_num` KV heads of `kv_channels`.
inline any_model read_chatglm(config_reader& r) {
  return read_decoder(r, {}, r.required("ffn_hidden_size", 1, 1 << 24));
}

namespace detail {
/// A key that is either one integer or a list of one per layer (Hunyuan's moe_topk,
/// moe_intermediate_size, num_shared_expert): the one value every layer has. Layers
/// with different expert shapes are an error naming the key.
inline long long per_layer_uniform(const config_reader& r, std::string_view key, long long lo, long long hi) {
  const auto n = r.cfg.get(key);
  if (!n) r.cfg.fail_missing(key, "an integer, or a list of one per layer");
  if (!n->value().is_array()) return n->integer(lo, hi);
  const int L = r.facts.layers;
  const std::string expected = "a list of " + std::to_string(L) + " integers, one per layer";
  const auto items = n->array(expected);
  if (int(items.size()) != L) n->fail(expected);
  const long long first = items[0].integer(lo, hi);
  for (const auto& item : items)
    if (item.integer(lo, hi) != first)
      item.fail(std::to_string(first) + " as on layer 0 (strata prices one expert shape on every layer)");
  return first;
}
}  // namespace detail

/// Hunyuan-A13B (HunYuanMoEV1ForCausalLM): GQA with q/k norms (`use_qk_norm`), head size
/// `attention_head_dim`, routed experts whose top-k and width are per-layer lists, and
/// with `use_mixed_mlp_moe` a shared MLP of `num_shared_expert` x `intermediate_size`
/// beside them (transformers' modeling_hunyuan_v1_moe.py, vLLM's hunyuan_v1.py).
/// Cross-layer KV sharing (`use_cla`) would change the KV bytes and is refused.
inline any_model read_hunyuan_moe(config_reader& r) {
  detail::refuse_if(r, "use_cla", detail::flag(r, {"use_cla"}, false),
                    "cross-layer KV sharing, cla_share_factor, is not modeled");
  ffns::routed_moe experts{.experts = int(r.required("num_experts", 1, 1 << 16))};
  experts.topk = int(detail::per_layer_uniform(r, "moe_topk", 1, experts.experts));
  experts.inter = r.cfg.get("moe_intermediate_size") ? detail::per_layer_uniform(r, "moe_intermediate_size", 1, 1 << 24)
                                                     : r.required("intermediate_size", 1, 1 << 24);
  if (detail::flag(r, {"use_mixed_mlp_moe"}, false))
    experts.shared_inter =
        detail::per_layer_uniform(r, "num_shared_expert", 0, 64) * r.required("intermediate_size", 1, 1 << 24);
  return read_decoder(r, {.experts = experts});
}

}  // namespace strata::readers
