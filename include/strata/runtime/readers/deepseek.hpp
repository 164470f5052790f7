// DEEPSEEK (DeepSeekForCausalLM, DeepseekV3ForCausalLM), KIMIK25
// (KimiK25ForConditionalGeneration, fields under text_config) and DEEPSEEKV32
// (DeepseekV32ForCausalLM, GlmMoeDsaForCausalLM) and DEEPSEEKV4
// (DeepseekV4ForCausalLM).
#pragma once

#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "strata/families/deepseek.hpp"
#include "strata/families/deepseek_v4.hpp"
#include "strata/runtime/readers/common.hpp"

namespace strata::readers {

namespace detail {
inline ops::mla_dims latent_dims(const config_reader& r) {
  return {.kv_lora = int(r.required("kv_lora_rank", 1, 1 << 16)),
          .qk_nope = int(r.required("qk_nope_head_dim", 1, 1 << 16)),
          .qk_rope = int(r.required("qk_rope_head_dim", 0, 1 << 16)),
          .v_head = int(r.required("v_head_dim", 1, 1 << 16))};
}

/// MoE layers by `mlp_layer_types` ("dense" / "sparse", GLM's newer configs) when the
/// config has it, else by first_k_dense_replace and moe_layer_freq (C5).
inline std::vector<bool> moe_layers(const config_reader& r) {
  const int L = r.facts.layers;
  if (auto types = r.cfg.get("mlp_layer_types")) {
    const std::string expected = "a list of " + std::to_string(L) + " of dense / sparse";
    auto items = types->array(expected);
    if (int(items.size()) != L) types->fail(expected);
    std::vector<bool> moe;
    moe.reserve(items.size());
    for (const auto& t : items) {
      const std::string s = t.string(expected);
      if (s != "dense" && s != "sparse") t.fail("dense or sparse");
      moe.push_back(s == "sparse");
    }
    return moe;
  }
  return r.moe_layers_by_first_k();
}

/// The routed experts with their shared experts (n_shared_experts of
/// moe_intermediate_size each, as the models' own MoE blocks size them).
inline ffns::routed_moe experts_with_shared(const config_reader& r) {
  ffns::routed_moe e = routed_experts(r);
  e.shared_inter = e.inter * r.optional("n_shared_experts", 0, 64).value_or(0);
  return e;
}

template <class Family, class Mixer>
any_model make_deepseek(const config_reader& r, Family family, const Mixer& attention) {
  const std::vector<bool> moe = moe_layers(r);
  int n_moe = 0;
  for (bool b : moe) n_moe += b ? 1 : 0;
  const int n_dense = r.facts.layers - n_moe;
  const ffns::routed_moe experts = n_moe > 0 ? experts_with_shared(r) : ffns::routed_moe{};
  const std::int64_t dense = n_dense > 0 ? dense_width(r) : 0;
  return r.make(family, groups(group(layer<Mixer, ffns::gated_mlp>{attention, {dense}}, n_dense),
                               group(layer<Mixer, ffns::routed_moe>{attention, experts}, n_moe)));
}
}  // namespace detail

/// DeepSeek-V3/R1, Kimi-K2 and Kimi-K2.5: latent attention on every layer.
template <class Family>
any_model read_deepseek(config_reader& r) {
  const auto& ex = r.facts.quant.excluded;
  const mixers::mla attention{.heads = r.facts.num_heads,
                              .kv_heads = kv_heads(r),
                              .q_lora = int(r.optional("q_lora_rank", 1, 1 << 16).value_or(0)),
                              .dims = detail::latent_dims(r),
                              .q_bf16 = ex.q,
                              .kv_bf16 = ex.kv,
                              .o_bf16 = ex.o};
  return detail::make_deepseek(r, Family{}, attention);
}

/// SGLang shares one top-k index across a group of layers when the config says so
/// (index_topk_freq / index_skip_topk_offset / index_topk_pattern, GLM-5.2): the
/// fraction of layers that still run the indexer.
inline double indexer_layer_fraction(const config_reader& r) {
  const int L = r.facts.layers;
  const int freq = int(r.optional("index_topk_freq", 1, L).value_or(1));
  std::optional<std::string> pattern;
  if (auto p = r.cfg.get("index_topk_pattern")) pattern = p->string("a string of per-layer F / S marks");
  const auto offset = r.optional("index_skip_topk_offset", 0, L);
  if (freq <= 1 && !pattern) return 1.0;
  int full = 0;
  for (int i = 0; i < L; ++i) {
    bool skips = false;
    if (pattern)
      skips = i < int(pattern->size()) && (*pattern)[std::size_t(i)] == 'S';
    else if (offset)
      skips = std::max<long long>(i - *offset + 1, 0) % freq != 0;
    else
      skips = std::max(i - 1, 0) % freq != 0;
    full += skips ? 0 : 1;
  }
  return double(full) / L;
}

/// DeepSeek-V3.2 and GLM-5: sparse latent attention (DSA) on every layer.
inline any_model read_deepseek_v32(config_reader& r) {
  const auto& ex = r.facts.quant.excluded;
  const ops::mla_dims l = detail::latent_dims(r);
  const mixers::dsa attention{
      .heads = r.facts.num_heads,
      .dims = {.hidden = r.facts.hidden,
               .q_lora = int(r.required("q_lora_rank", 1, 1 << 16)),
               .kv_lora = l.kv_lora,
               .qk_nope = l.qk_nope,
               .qk_rope = l.qk_rope,
               .v_head = l.v_head,
               .index_heads = int(r.required("index_n_heads", 1, 1 << 12)),
               .index_dim = int(r.required("index_head_dim", 1, 1 << 16)),
               .index_topk = int(r.required("index_topk", 1, 1 << 24))},
      .architecture = r.architecture,
      .index_topk_freq = int(r.optional("index_topk_freq", 1, r.facts.layers).value_or(1)),
      .sglang_full_fraction = indexer_layer_fraction(r),
      .q_bf16 = ex.q,
      .kv_bf16 = ex.kv,
      .o_bf16 = ex.o,
      .indexer_bf16 = ex.indexer};
  return detail::make_deepseek(r, families::deepseek_v32{}, attention);
}

/// DeepSeek-V4: compressed attention with a per-layer compress ratio
/// (`compress_ratios`, one per layer; entries past num_hidden_layers belong to the MTP
/// layers and are not read), mHC, and routed experts with a shared expert on every
/// layer. `expert_dtype: fp4` marks the routed experts FP4 (MXFP4).
inline any_model read_deepseek_v4(config_reader& r) {
  const int L = r.facts.layers;
  const auto list = r.cfg.at("compress_ratios", "a list of per-layer compress ratios (0, 4 or 128)");
  const std::string expected = "a list of at least " + std::to_string(L) + " compress ratios (0, 4 or 128)";
  const auto items = list.array(expected);
  if (int(items.size()) < L) list.fail(expected);
  if (auto d = r.cfg.get("expert_dtype"); d && !d->is_null()) {
    std::string t = d->string("the routed experts' dtype");
    for (char& ch : t) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    r.facts.quant.fp4_experts = t == "fp4";
  }
  mixers::dsv4_attention a{.heads = r.facts.num_heads,
                           .dims = {.hidden = r.facts.hidden,
                                    .q_lora = int(r.required("q_lora_rank", 1, 1 << 16)),
                                    .o_lora = int(r.required("o_lora_rank", 1, 1 << 16)),
                                    .head_dim = int(r.required("head_dim", 1, 1 << 16)),
                                    .rope_dim = int(r.required("qk_rope_head_dim", 0, 1 << 16)),
                                    .index_heads = int(r.required("index_n_heads", 1, 1 << 12)),
                                    .index_dim = int(r.required("index_head_dim", 1, 1 << 16)),
                                    .index_topk = int(r.required("index_topk", 1, 1 << 24)),
                                    .window = int(r.required("sliding_window", 1, 1 << 24))},
                           .o_groups = int(r.required("o_groups", 1, 1 << 16)),
                           .hc_mult = int(r.required("hc_mult", 1, 64)),
                           .hc_sinkhorn_iters = int(r.required("hc_sinkhorn_iters", 0, 1 << 16))};
  // Layer counts per ratio, in order of first appearance.
  std::array<int, 3> ratio{}, count{};
  std::size_t kinds = 0;
  for (int i = 0; i < L; ++i) {
    const auto& item = items[std::size_t(i)];
    const int v = int(item.integer(0, 1 << 20));
    if (v != 0 && v != 4 && v != 128) item.fail("a compress ratio of 0, 4 or 128");
    std::size_t k = 0;
    while (k < kinds && ratio[k] != v) ++k;
    if (k == kinds) ratio[kinds++] = v;
    ++count[k];
  }
  const ffns::routed_moe experts = detail::experts_with_shared(r);
  const auto at = [&](std::size_t k) {
    mixers::dsv4_attention m = a;
    m.compress_ratio = ratio[k];
    return group(families::deepseek_v4::layer_type{m, experts}, count[k]);
  };
  return r.make(families::deepseek_v4{}, groups(at(0), at(1), at(2)));
}

}  // namespace strata::readers
