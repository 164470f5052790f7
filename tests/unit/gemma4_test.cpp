// GEMMA4MIX: sliding and global layers with their own shapes, an MLP beside routed
// experts, and (C6) the all-reduces of the dense variant. Expected numbers are hand
// derivations from the models' config.json files.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <string>

#include "strata/runtime/get_model.hpp"
#include "strata/strata.hpp"

using namespace strata;

namespace {
const std::filesystem::path shared_dir = STRATA_SHARED_DIR;

const op& named(const op_list& ops, std::string_view n) {
  for (const auto& o : ops.all())
    if (name_of(o) == n) return o;
  FAIL("no op " << n);
  return ops[0];
}
bool has(const op_list& ops, std::string_view n) {
  for (const auto& o : ops.all())
    if (name_of(o) == n) return true;
  return false;
}
std::map<std::string, int> layer_counts(const any_model& m) {
  std::map<std::string, int> out;
  for (const auto& g : m.groups()) out[g.key] += g.count;
  return out;
}
}  // namespace

TEST_CASE("gemma-4-26B-A4B: 25 sliding and 5 global layers, K = V on the global ones, window-capped KV") {
  const any_model m = get_model("google/gemma-4-26B-A4B");
  CHECK(m.family() == "GEMMA4MIX");
  CHECK(layer_counts(m) == std::map<std::string, int>{{"sliding_mlp_moe", 25}, {"full_mlp_moe", 5}});
  const auto c = m.resolve({.tp = 2, .moe_ep = 2});
  const auto ctx = m.ops(phase::context, c);
  // Sliding: 16 / 2 heads of 256 + 2 x ceil(8 / 2) x 256 = 2048 + 2048.
  CHECK(std::get<ops::gemm>(named(ctx, "context_swa_qkv_gemm")).n == 4096);
  // Global: 8 heads of 512 + ceil(2 / 2) x 512 for K only (V is K's projection).
  CHECK(std::get<ops::gemm>(named(ctx, "context_global_qkv_gemm")).n == 8 * 512 + 512);
  CHECK(std::get<ops::gemm>(named(ctx, "context_global_proj_gemm")).k == 8 * 512);
  // The MLP (2112 / 2) and the 128 experts of 704 run on every layer.
  CHECK(std::get<ops::gemm>(named(ctx, "context_swa_shared_mlp_gate_up_gemm")).n == 2112);
  CHECK(std::get<ops::moe>(named(ctx, "context_global_moe")).inter_size == 704);
  CHECK(has(ctx, "context_swa_router_gemm"));  // 128 experts: the reference lists a router
  // MoE layers reduce inside the dispatch ops: no all-reduce ops.
  CHECK(!has(ctx, "context_swa_attn_ar"));
  // KV per sequence: sliding layers keep at most 1024 tokens of 4 KV heads x (256 + 256),
  // global layers everything of 1 KV head x (512 + 512) -- K and V both cached.
  const auto kv = [](double s) { return 25.0 * 4 * 512 * 2 * std::min(s, 1024.0) + 5.0 * 1 * 1024 * 2 * s; };
  for (std::int64_t s : {1, 1024, 4096, 131072}) CHECK(m.kv_bytes_per_sequence(s, c) == kv(double(s)));
  CHECK(m.kv_bytes_per_sequence(4096, c) == 146800640.0);
}

TEST_CASE("dense Gemma-4 (31B): TP all-reduces after attention and after the MLP (C6)") {
  const auto path = shared_dir / "hf-configs/nvidia--Gemma-4-31B-IT-NVFP4_config.json";
  if (!std::filesystem::exists(path)) {
    MESSAGE("skipped: " << path << " not found (../shared beside the checkout)");
    return;
  }
  const any_model m = load_hf_model(path);
  CHECK(m.family() == "GEMMA4MIX");
  CHECK(!m.is_moe());  // enable_moe_block false: no routed experts
  CHECK(layer_counts(m) == std::map<std::string, int>{{"sliding_dense", 50}, {"full_dense", 10}});
  const auto c = m.resolve({.tp = 2, .gemm = gemm_quant::fp8});
  const auto ctx = m.ops(phase::context, c);
  CHECK(scale_of(named(ctx, "context_swa_attn_ar")) == 50);
  CHECK(scale_of(named(ctx, "context_swa_ffn_ar")) == 50);
  CHECK(scale_of(named(ctx, "context_global_ffn_ar")) == 10);
  CHECK(std::get<ops::custom_allreduce>(named(ctx, "context_global_attn_ar")).tp_size == 2);
  CHECK(!has(ctx, "context_swa_moe"));
  // On one GPU there is nothing to reduce.
  CHECK(!has(m.ops(phase::context, m.resolve({.gemm = gemm_quant::fp8})), "context_swa_attn_ar"));
  // KV (fp8 from its hf_quant_config): 50 sliding layers x ceil(16 / 2) = 8 heads x 512 x
  // min(s, 1024) + 10 global layers x ceil(4 / 2) = 2 heads x 1024 x s, 1 B each.
  CHECK(c.kv == kv_quant::fp8);
  CHECK(m.kv_bytes_per_sequence(2048, c) == 50.0 * 8 * 512 * 1024 + 10.0 * 2 * 1024 * 2048);
}

TEST_CASE("Gemma-4 configs: unmodeled KV sharing is refused, global KV heads only with K = V") {
  const std::string base = R"("architectures": ["Gemma4ForConditionalGeneration"], "text_config": {
      "num_hidden_layers": 4, "hidden_size": 256, "num_attention_heads": 4, "num_key_value_heads": 2,
      "num_global_key_value_heads": 1, "head_dim": 64, "global_head_dim": 128, "vocab_size": 100,
      "max_position_embeddings": 64, "intermediate_size": 512, "sliding_window": 16,
      "layer_types": ["sliding_attention", "sliding_attention", "sliding_attention", "full_attention"])";
  // Without attention_k_eq_v the global layers keep num_key_value_heads (transformers
  // Gemma4TextAttention): 2 x 128 x 2 (K, V) x 2 B per token.
  const any_model plain = model_from_hf_config("{" + base + "}}");
  const auto c = plain.resolve({});
  CHECK(plain.kv_bytes_per_sequence(100, c) == 3.0 * 2 * 128 * 2 * 16 + 1.0 * 2 * 256 * 2 * 100);
  const any_model keqv = model_from_hf_config("{" + base + R"(, "attention_k_eq_v": true}})");
  CHECK(keqv.kv_bytes_per_sequence(100, c) == 3.0 * 2 * 128 * 2 * 16 + 1.0 * 1 * 256 * 2 * 100);
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + base + R"(, "num_kv_shared_layers": 2}})", "g.json"),
                       doctest::Contains("g.json: $.text_config.num_kv_shared_layers: expected 0"), invalid_input);
}
