// Architectures the reference does not read, from their real config.json files: the
// parameter count strata's weights give (bf16, tp 1, weights / 2 B) against the
// model's published count, and KV bytes per token against a hand derivation.
//
// Each config below is the published config.json of the named Hugging Face repository,
// cut to the keys that change cost (the rest -- rope, norms' epsilon, token ids -- does
// not). Published counts are the model card's, or the safetensors total the hub shows
// for the repository, or keras-hub's preset metadata (keras-team/keras-hub,
// keras_hub/src/models/<family>/<family>_presets.py) where noted.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "helpers.hpp"
#include "strata/cost/memory.hpp"
#include "strata/runtime/get_model.hpp"

using namespace strata;
using test::layer_counts;
using test::named;

namespace {

/// Parameters a bf16 model holds: its weight bytes at tp 1 over 2 B (norm weights,
/// a few thousand per layer, are not priced and not counted).
double params(const any_model& m) {
  model_config in;
  if (m.is_moe()) in.moe_ep = 1;
  const auto c = m.resolve(in);
  return cost::weights_per_gpu(m.ops(phase::context, c), c) / 2;
}

/// Within `tolerance` (relative) of the published figure.
void check_count(const any_model& m, double published, double tolerance = 0.01) {
  const double p = params(m);
  CAPTURE(p);
  CAPTURE(published);
  CHECK(std::abs(p / published - 1) <= tolerance);
}

double kv_per_token(const any_model& m, std::int64_t tokens = 1, int tp = 1) {
  model_config in{.tp = tp};
  if (m.is_moe()) in.moe_ep = tp;
  return m.kv_bytes_per_sequence(tokens, m.resolve(in));
}

}  // namespace

TEST_CASE("Llama-3.2-1B: tied embeddings are counted once (LLAMA family, correction C12)") {
  // meta-llama/Llama-3.2-1B config.json (as vendored in kevinstephano/thunder_model_blocks,
  // hf_llama/llama_config.py, with the hub's _commit_hash 4e20de36).
  const any_model m = model_from_hf_config(R"({"architectures": ["LlamaForCausalLM"], "head_dim": 64,
    "hidden_size": 2048, "intermediate_size": 8192, "max_position_embeddings": 131072, "num_attention_heads": 32,
    "num_hidden_layers": 16, "num_key_value_heads": 8, "tie_word_embeddings": true, "vocab_size": 128256})");
  CHECK(m.family() == "LLAMA");
  // Model card: 1.23B parameters (hub safetensors: 1,235,814,400). Counting the
  // 128256 x 2048 embedding twice would give 1.50e9.
  check_count(m, 1.2358144e9, 0.001);
  const auto c = m.resolve({});
  const auto ctx = m.ops(phase::context, c);
  const auto& logits = std::get<ops::gemm>(named(ctx, "context_logits_gemm"));
  CHECK(logits.tied);
  CHECK(logits.weight_bytes() == 0);
  CHECK(logits.n == 128256);  // the GEMM still runs
  // KV: 16 layers * 8 heads * (64 + 64) * 2 B = 32,768 B per token.
  CHECK(kv_per_token(m) == 32768.0);
}

TEST_CASE("Qwen3-0.6B: tied, 0.6B with 0.44B outside the embedding (model card)") {
  // Qwen/Qwen3-0.6B config.json (as in ../shared/hf-configs).
  const any_model m = model_from_hf_config(R"({"architectures": ["Qwen3ForCausalLM"], "head_dim": 128,
    "hidden_size": 1024, "intermediate_size": 3072, "max_position_embeddings": 40960, "num_attention_heads": 16,
    "num_hidden_layers": 28, "num_key_value_heads": 8, "tie_word_embeddings": true, "vocab_size": 151936})");
  check_count(m, 0.6e9);
  // Without the embedding: 28 * (1024 * (2048 + 2048) + 2048 * 1024 + 3 * 1024 * 3072) = 440,401,920.
  CHECK(params(m) - 151936.0 * 1024 == 440401920.0);
  // 28 layers * 8 heads * 256 * 2 B.
  CHECK(kv_per_token(m) == 114688.0);
}

TEST_CASE("an AWQ Llama-2-7B prices its linear layers as 4-bit weights with group scales") {
  // TheBloke/Llama-2-7B-AWQ config.json: Llama-2-7B's shape and
  // quantization_config {bits 4, group_size 128, quant_method awq, version gemm, zero_point true}.
  const any_model m = model_from_hf_config(R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 4096,
    "intermediate_size": 11008, "max_position_embeddings": 4096, "num_attention_heads": 32, "num_hidden_layers": 32,
    "num_key_value_heads": 32, "vocab_size": 32000, "tie_word_embeddings": false,
    "quantization_config": {"bits": 4, "group_size": 128, "quant_method": "awq", "version": "gemm", "zero_point": true}})");
  const auto c = m.resolve({});
  CHECK(c.gemm == gemm_quant::int4_wo);
  CHECK(m.quant().scales == group_scales{128, 2.5});  // an fp16 scale + a 4-bit zero per 128 weights
  const auto ctx = m.ops(phase::context, c);
  // qkv: 12288 x 4096 at 0.5 B, plus 12288 columns * 4096/128 groups * 2.5 B.
  // Ops carry it as bytes per weight (2.5 / 128 here, exact in a float).
  CHECK(std::get<ops::gemm>(named(ctx, "context_qkv_gemm")).scale_bytes == 2.5f / 128);
  CHECK(weight_bytes_of(named(ctx, "context_qkv_gemm")) == 12288.0 * 4096 * 0.5 + 12288.0 * 32 * 2.5);
  // down: 4096 x 11008, ceil(11008 / 128) = 86 groups per column (11008 = 86 * 128).
  CHECK(weight_bytes_of(named(ctx, "context_ffn2_gemm")) == 4096.0 * 11008 * 0.5 + 4096.0 * 86 * 2.5);
  // The embedding and lm_head stay bf16: 2 * 32000 * 4096 * 2 B.
  // Linear weights per layer 4 * 4096^2 + 3 * 4096 * 11008 = 202,375,168 at 0.5 B,
  // scales 2.5 B * (12288*32 + 4096*32 + 22016*32 + 4096*86) = 3,952,640 B.
  const double expected = 2.0 * 32000 * 4096 * 2 + 32 * (202375168.0 * 0.5 + 3952640.0);
  CHECK(cost::weights_per_gpu(ctx, c) == expected);
  // --gemm-quant overrides the checkpoint: fp8 carries no AWQ scales.
  const auto fp8 = m.resolve({.gemm = gemm_quant::fp8});
  CHECK(!scales_for(m.quant(), fp8, false).any());
  CHECK(weight_bytes_of(named(m.ops(phase::context, fp8), "context_qkv_gemm")) == 12288.0 * 4096);
}

TEST_CASE("GPTQ, bitsandbytes and compressed-tensors weight formats") {
  const std::string shape = R"("architectures": ["MistralForCausalLM"], "hidden_size": 256, "intermediate_size": 512,
    "max_position_embeddings": 64, "num_attention_heads": 4, "num_key_value_heads": 2, "num_hidden_layers": 2,
    "vocab_size": 100)";
  // The GEMM mode a checkpoint resolves to and the group scales its GEMMs carry.
  const auto format_of = [](const any_model& m) {
    const auto c = m.resolve({});
    return std::pair{c.gemm, scales_for(m.quant(), c, false)};
  };
  // GPTQ 8-bit, group 64: an fp16 scale and an 8-bit zero per 64 weights.
  auto c = format_of(model_from_hf_config("{" + shape + R"(, "quantization_config": {"quant_method": "gptq", "bits": 8,
      "group_size": 64, "desc_act": false, "sym": true}})"));
  CHECK(c.first == gemm_quant::int8_wo);
  CHECK(c.second == group_scales{64, 3});
  // GPTQ per-channel (group_size -1).
  c = format_of(model_from_hf_config("{" + shape + R"(, "quantization_config": {"quant_method": "gptq", "bits": 4,
      "group_size": -1}})"));
  CHECK(c.second == group_scales{-1, 2.5});
  // bitsandbytes nf4 with double quantization: 8-bit absmax per 64 + fp32 per 256 blocks.
  c = format_of(model_from_hf_config("{" + shape + R"(, "quantization_config": {"quant_method": "bitsandbytes",
      "load_in_4bit": true, "bnb_4bit_quant_type": "nf4", "bnb_4bit_use_double_quant": true}})"));
  CHECK(c.first == gemm_quant::int4_wo);
  CHECK(c.second == group_scales{64, 1 + 4.0 / 256});
  // compressed-tensors W4A16, asymmetric, group 128 (strata's own family prices its scales).
  c = format_of(model_from_hf_config("{" + shape + R"(, "quantization_config": {"quant_method": "compressed-tensors",
      "config_groups": {"group_0": {"targets": ["Linear"], "weights": {"num_bits": 4, "type": "int",
      "strategy": "group", "group_size": 128, "symmetric": false}}}}})"));
  CHECK(c.first == gemm_quant::int4_wo);
  CHECK(c.second == group_scales{128, 2.5});
  // ModelOpt's W4A16_AWQ (hf_quant_config.json, as TensorRT-LLM serves it): fp16 scales
  // per 128, no zero point unless has_zero_point.
  c = format_of(
      model_from_hf_config("{" + shape + "}", "c.json",
                           R"({"quantization": {"quant_algo": "W4A16_AWQ", "group_size": 128, "has_zero_point": false,
                               "pre_quant_scale": true, "exclude_modules": ["lm_head"]}})"));
  CHECK(c.first == gemm_quant::int4_wo);
  CHECK(c.second == group_scales{128, 2});
  // Formats strata cannot price name themselves.
  CHECK_THROWS_WITH_AS(
      model_from_hf_config("{" + shape + R"(, "quantization_config": {"quant_method": "gptq",
      "bits": 3, "group_size": 128}})"),
      doctest::Contains(
          "$.quantization_config.bits: expected 4 or 8 (gptq with other widths has no strata quant mode), got 3"),
      invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + shape + R"(, "quantization_config": {"quant_method": "awq",
      "bits": 4}})"),
                       doctest::Contains("$.quantization_config.group_size: missing"), invalid_input);
}

TEST_CASE("int8 weight-only experts have no MoE mode: an error unless --moe-quant says") {
  const std::string cfg = R"({"architectures": ["OlmoeForCausalLM"], "hidden_size": 256, "intermediate_size": 64,
    "max_position_embeddings": 64, "num_attention_heads": 4, "num_hidden_layers": 2, "vocab_size": 100,
    "num_experts": 8, "num_experts_per_tok": 2,
    "quantization_config": {"quant_method": "gptq", "bits": 8, "group_size": 128}})";
  const any_model m = model_from_hf_config(cfg);
  CHECK_THROWS_WITH_AS(m.resolve({.moe_ep = 1}),
                       doctest::Contains("the gptq checkpoint's int8_wo experts have no strata MoE quant mode"),
                       invalid_input);
  CHECK(m.resolve({.moe_ep = 1, .moe = moe_quant::fp8}).moe == moe_quant::fp8);
}

TEST_CASE("layout checks as the engines have them") {
  // 28 heads, 4 KV heads: tp 7 divides the heads but neither splits nor replicates the KV heads.
  const any_model m = model_from_hf_config(R"({"architectures": ["MistralForCausalLM"], "hidden_size": 1792,
    "intermediate_size": 4704, "max_position_embeddings": 64, "num_attention_heads": 28, "num_key_value_heads": 4,
    "num_hidden_layers": 2, "vocab_size": 100})");
  CHECK_THROWS_WITH_AS(m.resolve({.tp = 7}), doctest::Contains("tp = 7 and the 4 KV heads: neither divides the other"),
                       invalid_input);
  CHECK_NOTHROW(m.resolve({.tp = 4}));  // splits them
  // 60 experts over ep 8: TRT-LLM and SGLang refuse, vLLM spreads the remainder.
  const any_model moe = model_from_hf_config(R"({"architectures": ["OlmoeForCausalLM"], "hidden_size": 256,
    "intermediate_size": 64, "max_position_embeddings": 64, "num_attention_heads": 8, "num_hidden_layers": 2,
    "vocab_size": 100, "num_experts": 60, "num_experts_per_tok": 4})");
  CHECK_THROWS_WITH_AS(moe.resolve({.tp = 8, .moe_ep = 8}),
                       doctest::Contains("ep = 8 does not divide the model's 60 experts"), invalid_input);
  CHECK_THROWS_AS(moe.resolve({.tp = 8, .moe_ep = 8, .backend = backend::sglang}), invalid_input);
  CHECK_NOTHROW(moe.resolve({.tp = 8, .moe_ep = 8, .backend = backend::vllm}));
  // Every engine splits an expert's width evenly over moe tp: 100 over 8 does not go.
  const any_model odd = model_from_hf_config(R"({"architectures": ["OlmoeForCausalLM"], "hidden_size": 256,
    "intermediate_size": 100, "max_position_embeddings": 64, "num_attention_heads": 8, "num_hidden_layers": 2,
    "vocab_size": 100, "num_experts": 64, "num_experts_per_tok": 4})");
  CHECK_THROWS_WITH_AS(odd.resolve({.tp = 8, .moe_tp = 8, .backend = backend::vllm}),
                       doctest::Contains("moe tp = 8 does not divide the 100-wide expert width"), invalid_input);
  CHECK_NOTHROW(odd.resolve({.tp = 8, .moe_ep = 8}));
}

TEST_CASE("Mistral-7B-v0.1: sliding window on every layer") {
  // mistralai/Mistral-7B-v0.1 config.json.
  const any_model m = model_from_hf_config(R"({"architectures": ["MistralForCausalLM"], "hidden_size": 4096,
    "intermediate_size": 14336, "max_position_embeddings": 32768, "num_attention_heads": 32, "num_hidden_layers": 32,
    "num_key_value_heads": 8, "sliding_window": 4096, "tie_word_embeddings": false, "vocab_size": 32000})");
  CHECK(m.family() == "DECODER");
  CHECK(layer_counts(m) == std::map<std::string, int>{{"sliding_dense", 32}});
  check_count(m, 7.24e9);  // model card: 7.24B
  // 32 layers * 8 KV heads * 256 * 2 B = 131,072 B per token, capped at 4096 tokens.
  CHECK(kv_per_token(m) == 131072.0);
  CHECK(kv_per_token(m, 10000) == 131072.0 * 4096);
}

TEST_CASE("Ministral-8B (head_dim given), Yi-6B, MiniCPM-2B") {
  // mistralai/Ministral-8B-Instruct-2410 config.json; model card: 8.02B.
  const any_model ministral = model_from_hf_config(R"({"architectures": ["MistralForCausalLM"], "head_dim": 128,
    "hidden_size": 4096, "intermediate_size": 12288, "max_position_embeddings": 32768, "num_attention_heads": 32,
    "num_hidden_layers": 36, "num_key_value_heads": 8, "sliding_window": 32768, "tie_word_embeddings": false,
    "vocab_size": 131072})");
  check_count(ministral, 8.02e9);
  CHECK(kv_per_token(ministral) == 36.0 * 8 * 256 * 2);
  // 01-ai/Yi-6B config.json (its first release, YiForCausalLM); model card: 6B (hub 6.06B).
  const any_model yi = model_from_hf_config(R"({"architectures": ["YiForCausalLM"], "hidden_size": 4096,
    "intermediate_size": 11008, "max_position_embeddings": 4096, "num_attention_heads": 32, "num_hidden_layers": 32,
    "num_key_value_heads": 4, "vocab_size": 64000})");
  check_count(yi, 6.06e9);
  CHECK(kv_per_token(yi) == 32.0 * 4 * 256 * 2);
  // openbmb/MiniCPM-2B-sft-bf16 config.json (tied; scale_emb and dim_model_base scale
  // activations, not weights); model card: 2.4B without the embedding, 2.7B with it.
  const any_model cpm = model_from_hf_config(R"({"architectures": ["MiniCPMForCausalLM"], "dim_model_base": 256,
    "hidden_size": 2304, "intermediate_size": 5760, "max_position_embeddings": 4096, "num_attention_heads": 36,
    "num_hidden_layers": 40, "num_key_value_heads": 36, "scale_depth": 1.4, "scale_emb": 12, "vocab_size": 122753})");
  check_count(cpm, 2.7e9);
  CHECK(std::abs((params(cpm) - 122753.0 * 2304) / 2.4e9 - 1) < 0.02);
  CHECK(kv_per_token(cpm) == 40.0 * 36 * 128 * 2);
}

TEST_CASE("Gemma, Gemma-2 and Gemma-3: tied, GeGLU, head_dim 256, sliding-window patterns") {
  // google/gemma-7b config.json; keras-hub gemma_7b_en: 8,537,680,896 (read from
  // keras-team/keras-hub keras_hub/src/models/gemma/gemma_presets.py, as are Gemma-2's).
  const any_model g1 = model_from_hf_config(R"({"architectures": ["GemmaForCausalLM"], "head_dim": 256,
    "hidden_size": 3072, "intermediate_size": 24576, "max_position_embeddings": 8192, "num_attention_heads": 16,
    "num_hidden_layers": 28, "num_key_value_heads": 16, "vocab_size": 256000})");
  check_count(g1, 8537680896.0);
  // google/gemma-2-9b config.json (no layer_types: Gemma2Config alternates, layer 0 sliding);
  // keras-hub gemma2_9b_en: 9,241,705,984.
  const any_model g2 = model_from_hf_config(R"({"architectures": ["Gemma2ForCausalLM"], "head_dim": 256,
    "hidden_size": 3584, "intermediate_size": 14336, "max_position_embeddings": 8192, "num_attention_heads": 16,
    "num_hidden_layers": 42, "num_key_value_heads": 8, "sliding_window": 4096, "vocab_size": 256000,
    "query_pre_attn_scalar": 256, "attn_logit_softcapping": 50.0, "final_logit_softcapping": 30.0})");
  CHECK(layer_counts(g2) == std::map<std::string, int>{{"full_dense", 21}, {"sliding_dense", 21}});
  check_count(g2, 9241705984.0);
  // 42 layers * 8 heads * 512 * 2 B = 344,064 B per token; at 8192 tokens the 21
  // sliding layers hold 4096.
  CHECK(kv_per_token(g2) == 344064.0);
  CHECK(kv_per_token(g2, 8192) == 21.0 * 8 * 512 * 2 * 8192 + 21.0 * 8 * 512 * 2 * 4096);
  // google/gemma-3-1b-pt config.json: sliding_window_pattern 6 (layers 5, 11, 17, 23 full);
  // keras-hub gemma3_1b: 999,885,952 (keras_hub/src/models/gemma3/gemma3_presets.py).
  const any_model g3 = model_from_hf_config(R"({"architectures": ["Gemma3ForCausalLM"], "head_dim": 256,
    "hidden_size": 1152, "intermediate_size": 6912, "max_position_embeddings": 32768, "num_attention_heads": 4,
    "num_hidden_layers": 26, "num_key_value_heads": 1, "sliding_window": 512, "sliding_window_pattern": 6,
    "vocab_size": 262144})");
  CHECK(layer_counts(g3) == std::map<std::string, int>{{"full_dense", 4}, {"sliding_dense", 22}});
  check_count(g3, 999885952.0);
  // 26 * 1 * 512 * 2 = 26,624 B per token; at 1024 tokens 22 layers hold 512.
  CHECK(kv_per_token(g3, 1024) == 4.0 * 1024 * 1024 + 22.0 * 1024 * 512);
}

TEST_CASE("Phi-2 (parallel block, plain MLP, biases), Phi-3.5-mini and Phi-4") {
  // microsoft/phi-2 config.json; hub: 2.78B.
  const any_model phi2 = model_from_hf_config(R"({"architectures": ["PhiForCausalLM"], "hidden_size": 2560,
    "intermediate_size": 10240, "max_position_embeddings": 2048, "num_attention_heads": 32, "num_hidden_layers": 32,
    "num_key_value_heads": 32, "partial_rotary_factor": 0.4, "tie_word_embeddings": false, "vocab_size": 51200})");
  check_count(phi2, 2.78e9, 0.005);
  const auto c = phi2.resolve({});
  const auto ctx = phi2.ops(phase::context, c);
  CHECK(std::get<ops::gemm>(named(ctx, "context_full_dense_up_gemm")).n == 10240);  // plain MLP: no gate
  CHECK(std::get<ops::gemm>(named(ctx, "context_full_dense_qkv_gemm")).bias);
  // One norm per parallel block: no add_norm_2.
  bool second_norm = false;
  for (const auto& o : ctx) second_norm = second_norm || name_of(o) == "context_full_dense_add_norm_2";
  CHECK(!second_norm);
  CHECK(kv_per_token(phi2) == 32.0 * 32 * 160 * 2);  // 32 layers * 32 heads * (80 + 80) * 2 B
  // microsoft/Phi-3.5-mini-instruct config.json; model card: 3.8B (hub 3.82B).
  const any_model phi35 = model_from_hf_config(R"({"architectures": ["Phi3ForCausalLM"], "hidden_size": 3072,
    "intermediate_size": 8192, "max_position_embeddings": 131072, "num_attention_heads": 32, "num_hidden_layers": 32,
    "num_key_value_heads": 32, "sliding_window": 262144, "tie_word_embeddings": false, "vocab_size": 32064})");
  check_count(phi35, 3.82e9);
  CHECK(kv_per_token(phi35) == 32.0 * 32 * 192 * 2);
  // microsoft/phi-4 config.json; model card: 14B (hub 14.7B).
  const any_model phi4 = model_from_hf_config(R"({"architectures": ["Phi3ForCausalLM"], "hidden_size": 5120,
    "intermediate_size": 17920, "max_position_embeddings": 16384, "num_attention_heads": 40, "num_hidden_layers": 40,
    "num_key_value_heads": 10, "sliding_window": null, "tie_word_embeddings": false, "vocab_size": 100352})");
  CHECK(layer_counts(phi4) == std::map<std::string, int>{{"full_dense", 40}});
  check_count(phi4, 14.7e9);
  CHECK(kv_per_token(phi4) == 40.0 * 10 * 256 * 2);
}

TEST_CASE("DeepSeek-V2-Lite reads as the DEEPSEEK family; deepseek-moe as DECODER_MOE") {
  // deepseek-ai/DeepSeek-V2-Lite config.json; model card: 15.7B total.
  const any_model v2 = model_from_hf_config(R"({"architectures": ["DeepseekV2ForCausalLM"], "hidden_size": 2048,
    "intermediate_size": 10944, "kv_lora_rank": 512, "max_position_embeddings": 163840, "moe_intermediate_size": 1408,
    "moe_layer_freq": 1, "n_routed_experts": 64, "n_shared_experts": 2, "num_attention_heads": 16,
    "num_experts_per_tok": 6, "num_hidden_layers": 27, "num_key_value_heads": 16, "q_lora_rank": null,
    "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128, "first_k_dense_replace": 1,
    "tie_word_embeddings": false, "vocab_size": 102400})");
  CHECK(v2.family() == "DEEPSEEK");
  CHECK(layer_counts(v2) == std::map<std::string, int>{{"mla_dense", 1}, {"mla_moe", 26}});
  check_count(v2, 15.7e9);
  CHECK(kv_per_token(v2) == 27.0 * (512 + 64) * 2);  // the latent, whatever the tp
  // deepseek-ai/deepseek-moe-16b-base config.json; model card: 16.4B.
  const any_model dm = model_from_hf_config(R"({"architectures": ["DeepseekForCausalLM"], "hidden_size": 2048,
    "intermediate_size": 10944, "max_position_embeddings": 4096, "moe_intermediate_size": 1408, "moe_layer_freq": 1,
    "n_routed_experts": 64, "n_shared_experts": 2, "num_attention_heads": 16, "num_experts_per_tok": 6,
    "num_hidden_layers": 28, "num_key_value_heads": 16, "first_k_dense_replace": 1, "tie_word_embeddings": false,
    "vocab_size": 102400})");
  CHECK(dm.family() == "DECODER_MOE");
  CHECK(layer_counts(dm) == std::map<std::string, int>{{"full_dense", 1}, {"full_moe", 27}});
  check_count(dm, 16.4e9);
  CHECK(kv_per_token(dm) == 28.0 * 16 * 256 * 2);
  const auto c = dm.resolve({.tp = 2, .moe_ep = 2});
  // Two shared experts of 1408, split by tp 2: gate + up = 2 * 2816 / 2.
  CHECK(std::get<ops::gemm>(named(dm.ops(phase::context, c), "context_full_moe_shared_gate_up_gemm")).n == 2816);
}

TEST_CASE("GLM-4.5-Air and glm-4-9b (ChatGLM)") {
  // zai-org/GLM-4.5-Air config.json; model card: 106B total parameters.
  const any_model air = model_from_hf_config(R"({"architectures": ["Glm4MoeForCausalLM"], "attention_bias": true,
    "first_k_dense_replace": 1, "head_dim": 128, "hidden_size": 4096, "intermediate_size": 10944,
    "max_position_embeddings": 131072, "moe_intermediate_size": 1408, "n_routed_experts": 128, "n_shared_experts": 1,
    "num_attention_heads": 96, "num_experts_per_tok": 8, "num_hidden_layers": 46, "num_key_value_heads": 8,
    "num_nextn_predict_layers": 1, "partial_rotary_factor": 0.5, "tie_word_embeddings": false, "use_qk_norm": false,
    "vocab_size": 151552})");
  CHECK(layer_counts(air) == std::map<std::string, int>{{"full_dense", 1}, {"full_moe", 45}});
  check_count(air, 106e9);
  CHECK(kv_per_token(air) == 46.0 * 8 * 256 * 2);
  // THUDM/glm-4-9b-chat config.json (ChatGLM's own key names); model card: 9.4B.
  const any_model glm = model_from_hf_config(R"({"architectures": ["ChatGLMModel"], "add_qkv_bias": true,
    "ffn_hidden_size": 13696, "hidden_size": 4096, "kv_channels": 128, "multi_query_attention": true,
    "multi_query_group_num": 2, "num_attention_heads": 32, "num_layers": 40, "padded_vocab_size": 151552,
    "seq_length": 131072})");
  check_count(glm, 9.4e9);
  CHECK(kv_per_token(glm) == 40.0 * 2 * 256 * 2);
}

TEST_CASE("OLMo-2, OLMoE, InternLM2.5, Baichuan2, StableLM-2") {
  // allenai/OLMo-2-1124-7B config.json; model card: 7.3B (hub 7.30B).
  const any_model olmo2 = model_from_hf_config(R"({"architectures": ["Olmo2ForCausalLM"], "hidden_size": 4096,
    "intermediate_size": 11008, "max_position_embeddings": 4096, "num_attention_heads": 32, "num_hidden_layers": 32,
    "num_key_value_heads": 32, "tie_word_embeddings": false, "vocab_size": 100352})");
  check_count(olmo2, 7.30e9);
  CHECK(kv_per_token(olmo2) == 32.0 * 32 * 256 * 2);
  // allenai/OLMoE-1B-7B-0924 config.json; model card: 6.9B total (hub 6.92B).
  const any_model olmoe = model_from_hf_config(R"({"architectures": ["OlmoeForCausalLM"], "hidden_size": 2048,
    "intermediate_size": 1024, "max_position_embeddings": 4096, "num_attention_heads": 16, "num_experts": 64,
    "num_experts_per_tok": 8, "num_hidden_layers": 16, "num_key_value_heads": 16, "tie_word_embeddings": false,
    "vocab_size": 50304})");
  CHECK(olmoe.family() == "DECODER_MOE");
  check_count(olmoe, 6.92e9);
  CHECK(kv_per_token(olmoe) == 16.0 * 16 * 256 * 2);
  // internlm/internlm2_5-7b-chat config.json; hub 7.74B.
  const any_model intern = model_from_hf_config(R"({"architectures": ["InternLM2ForCausalLM"], "bias": false,
    "hidden_size": 4096, "intermediate_size": 14336, "max_position_embeddings": 32768, "num_attention_heads": 32,
    "num_hidden_layers": 32, "num_key_value_heads": 8, "tie_word_embeddings": false, "vocab_size": 92544})");
  check_count(intern, 7.74e9);
  CHECK(kv_per_token(intern) == 32.0 * 8 * 256 * 2);
  // baichuan-inc/Baichuan2-7B-Base config.json; model card: 7B (hub 7.51B).
  const any_model baichuan = model_from_hf_config(R"({"architectures": ["BaichuanForCausalLM"], "hidden_size": 4096,
    "intermediate_size": 11008, "max_position_embeddings": 4096, "model_max_length": 4096, "num_attention_heads": 32,
    "num_hidden_layers": 32, "tie_word_embeddings": false, "vocab_size": 125696})");
  check_count(baichuan, 7.51e9);
  CHECK(kv_per_token(baichuan) == 32.0 * 32 * 256 * 2);
  // stabilityai/stablelm-2-1_6b config.json; hub 1.64B.
  const any_model stablelm = model_from_hf_config(R"({"architectures": ["StableLmForCausalLM"], "hidden_size": 2048,
    "intermediate_size": 5632, "max_position_embeddings": 4096, "num_attention_heads": 32, "num_hidden_layers": 24,
    "num_key_value_heads": 32, "partial_rotary_factor": 0.25, "tie_word_embeddings": false, "use_parallel_residual": false,
    "use_qkv_bias": true, "vocab_size": 100352})");
  check_count(stablelm, 1.64e9);
  CHECK(std::get<ops::gemm>(named(stablelm.ops(phase::context, stablelm.resolve({})), "context_full_dense_qkv_gemm"))
            .bias);
  CHECK(kv_per_token(stablelm) == 24.0 * 32 * 128 * 2);
}

TEST_CASE("Command-R and Command-R7B (Cohere, Cohere2): tied, parallel blocks") {
  // CohereForAI/c4ai-command-r-v01 config.json; model card: 35B (hub 35.0B).
  const any_model r = model_from_hf_config(R"({"architectures": ["CohereForCausalLM"], "hidden_size": 8192,
    "intermediate_size": 22528, "max_position_embeddings": 8192, "num_attention_heads": 64, "num_hidden_layers": 40,
    "num_key_value_heads": 64, "use_qk_norm": false, "vocab_size": 256000})");
  check_count(r, 35.0e9);
  CHECK(kv_per_token(r) == 40.0 * 64 * 256 * 2);
  // CohereForAI/c4ai-command-r7b-12-2024 config.json; hub 8.03B. Three sliding layers
  // (window 4096) per global one (transformers docs/source/en/model_doc/cohere2.md);
  // Cohere2Config defaults tie_word_embeddings to true.
  const any_model r7 = model_from_hf_config(R"({"architectures": ["Cohere2ForCausalLM"], "hidden_size": 4096,
    "intermediate_size": 14336, "max_position_embeddings": 8192, "num_attention_heads": 32, "num_hidden_layers": 32,
    "num_key_value_heads": 8, "sliding_window": 4096, "sliding_window_pattern": 4, "vocab_size": 256000})");
  CHECK(layer_counts(r7) == std::map<std::string, int>{{"full_dense", 8}, {"sliding_dense", 24}});
  check_count(r7, 8.03e9);
  // At 8192 tokens: 8 full layers hold 8192, 24 sliding ones 4096; 8 heads * 256 * 2 B each.
  CHECK(kv_per_token(r7, 8192) == 8.0 * 4096 * 8192 + 24.0 * 4096 * 4096);
}

TEST_CASE("StarCoder2, EXAONE-4, Granite, Granite-MoE, Falcon") {
  // bigcode/starcoder2-7b config.json; hub 7.17B.
  const any_model sc = model_from_hf_config(R"({"architectures": ["Starcoder2ForCausalLM"], "hidden_size": 4608,
    "intermediate_size": 18432, "max_position_embeddings": 16384, "num_attention_heads": 36, "num_hidden_layers": 32,
    "num_key_value_heads": 4, "sliding_window": 4096, "use_bias": true, "vocab_size": 49152})");
  check_count(sc, 7.17e9);
  CHECK(kv_per_token(sc) == 32.0 * 4 * 256 * 2);
  // LGAI-EXAONE/EXAONE-4.0-32B config.json (three local layers per global one; the same
  // text geometry and "LLLG" appear in ollama's x/models/exaone4_5 config test);
  // model card: 32.0B.
  const any_model ex = model_from_hf_config(R"({"architectures": ["Exaone4ForCausalLM"], "head_dim": 128,
    "hidden_size": 5120, "intermediate_size": 27392, "max_position_embeddings": 131072, "num_attention_heads": 40,
    "num_hidden_layers": 64, "num_key_value_heads": 8, "sliding_window": 4096, "sliding_window_pattern": "LLLG",
    "tie_word_embeddings": false, "vocab_size": 102400})");
  CHECK(layer_counts(ex) == std::map<std::string, int>{{"full_dense", 16}, {"sliding_dense", 48}});
  check_count(ex, 32.0e9);
  CHECK(kv_per_token(ex) == 64.0 * 8 * 256 * 2);
  // ibm-granite/granite-3.1-8b-instruct config.json; hub 8.17B.
  const any_model gr = model_from_hf_config(R"({"architectures": ["GraniteForCausalLM"], "hidden_size": 4096,
    "intermediate_size": 12800, "max_position_embeddings": 131072, "num_attention_heads": 32, "num_hidden_layers": 40,
    "num_key_value_heads": 8, "tie_word_embeddings": true, "vocab_size": 49155})");
  check_count(gr, 8.17e9);
  CHECK(kv_per_token(gr) == 40.0 * 8 * 256 * 2);
  // ibm-granite/granite-3.1-3b-a800m-instruct config.json; hub 3.30B.
  const any_model grm = model_from_hf_config(R"({"architectures": ["GraniteMoeForCausalLM"], "hidden_size": 1536,
    "intermediate_size": 512, "max_position_embeddings": 131072, "num_attention_heads": 24, "num_hidden_layers": 32,
    "num_key_value_heads": 8, "num_experts_per_tok": 8, "num_local_experts": 40, "tie_word_embeddings": true,
    "vocab_size": 49155})");
  check_count(grm, 3.30e9);
  CHECK(kv_per_token(grm) == 32.0 * 8 * 128 * 2);
  // tiiuae/falcon-7b config.json: no max_position_embeddings (FalconConfig: 2048), multi-query;
  // model card: 7B. Tied (FalconConfig's default), 6.92e9 held.
  const any_model fa = model_from_hf_config(R"({"architectures": ["FalconForCausalLM"], "bias": false,
    "hidden_size": 4544, "multi_query": true, "new_decoder_architecture": false, "num_attention_heads": 71,
    "num_hidden_layers": 32, "parallel_attn": true, "vocab_size": 65024})");
  CHECK(fa.context_length() == 2048);
  check_count(fa, 7e9, 0.05);
  CHECK(kv_per_token(fa) == 32.0 * 1 * 128 * 2);  // one KV head of 64 (+64)
}

TEST_CASE("which layers are MoE: mlp_layer_types, decoder_sparse_step with mlp_only_layers") {
  const std::string base = R"("architectures": ["Glm4MoeForCausalLM"], "hidden_size": 256, "intermediate_size": 512,
    "moe_intermediate_size": 64, "max_position_embeddings": 64, "num_attention_heads": 4, "num_hidden_layers": 4,
    "vocab_size": 100, "n_routed_experts": 8, "num_experts_per_tok": 2)";
  CHECK(layer_counts(
            model_from_hf_config("{" + base + R"(, "mlp_layer_types": ["dense", "sparse", "dense", "sparse"]})")) ==
        std::map<std::string, int>{{"full_dense", 2}, {"full_moe", 2}});
  // Qwen2-MoE style: every 2nd layer sparse (layers 1, 3), layer 3 forced dense.
  CHECK(layer_counts(model_from_hf_config("{" + base + R"(, "decoder_sparse_step": 2, "mlp_only_layers": [3]})")) ==
        std::map<std::string, int>{{"full_dense", 3}, {"full_moe", 1}});
}

TEST_CASE("cost-changing keys strata does not model are errors naming them") {
  const std::string base = R"("architectures": ["MistralForCausalLM"], "hidden_size": 256, "intermediate_size": 512,
    "max_position_embeddings": 64, "num_attention_heads": 4, "num_hidden_layers": 2, "vocab_size": 100)";
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + base + R"(, "layer_types": ["full_attention", "linear_attention"]})"),
                       doctest::Contains("$.layer_types[1]: expected sliding_attention or full_attention"),
                       invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + base + R"(, "kv_lora_rank": 512})"),
                       doctest::Contains("$.kv_lora_rank: expected no kv_lora_rank"), invalid_input);
  CHECK_THROWS_WITH_AS(
      model_from_hf_config("{" + base + R"(, "layer_types": ["sliding_attention", "full_attention"]})"),
      doctest::Contains("$.sliding_window: missing"), invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config(R"({"architectures": ["ChatGLMModel"], "hidden_size": 256,
      "num_attention_heads": 4, "num_layers": 2, "padded_vocab_size": 100})"),
                       doctest::Contains("$.max_position_embeddings: missing"), invalid_input);
}

TEST_CASE("Qwen3-Next-80B-A3B: Gated DeltaNet + gated attention + 512 experts, priced by QWEN35") {
  // Qwen/Qwen3-Next-80B-A3B-Instruct config.json (as reproduced in a public Megatron-Bridge unit
  // test of its Qwen3-Next bridge), cut to the keys that change cost.
  const any_model m = model_from_hf_config(R"({"architectures": ["Qwen3NextForCausalLM"], "decoder_sparse_step": 1,
    "full_attention_interval": 4, "head_dim": 256, "hidden_size": 2048, "intermediate_size": 5120,
    "linear_conv_kernel_dim": 4, "linear_key_head_dim": 128, "linear_num_key_heads": 16,
    "linear_num_value_heads": 32, "linear_value_head_dim": 128, "max_position_embeddings": 262144,
    "mlp_only_layers": [], "moe_intermediate_size": 512, "num_attention_heads": 16, "num_experts": 512,
    "num_experts_per_tok": 10, "num_hidden_layers": 48, "num_key_value_heads": 2,
    "shared_expert_intermediate_size": 512, "tie_word_embeddings": false, "vocab_size": 151936})");
  CHECK(m.family() == "QWEN35");
  CHECK(m.is_moe());
  // Model card: 80B parameters in total (the hub's 81.3B adds the MTP layer strata does not
  // hold). Hand count of what strata prices: experts 48 x 512 x 3 x 2048 x 512 = 77.31e9,
  // shared experts 48 x 3 x 2048 x 512 = 0.15e9, routers 48 x 2048 x 512 = 0.05e9, 36 GDN
  // layers x (2048 x (2x16x128 + 2x32x128) + 2048 x 64 + 4096 x 2048) = 1.21e9, 12 attention
  // layers x (2048 x 2x16x256 + 2 x 2048 x 2x256 + 4096 x 2048) = 0.33e9, embedding and
  // lm_head 2 x 151936 x 2048 = 0.62e9: 79.7e9.
  check_count(m, 80e9);
  // KV: 12 attention layers x (K + V) x 2 KV heads x 256 x 2 B = 24,576 B per token.
  // State (constant): 36 GDN layers x (32 v-heads x 128 x 128 x 2 B recurrent state, in the
  // model dtype: the config names no mamba_ssm_dtype, + (2x16x128 + 32x128) conv channels
  // x 3 past positions x 2 B) = 36 x (1,048,576 + 49,152) = 39,518,208 B.
  CHECK(kv_per_token(m) == 24576.0 + 39518208.0);
  CHECK(kv_per_token(m, 1001) - kv_per_token(m) == 1000 * 24576.0);
  CHECK(layer_counts(m) == std::map<std::string, int>{{"gdn_moe", 36}, {"full_moe", 12}});
  // decoder_sparse_step 2 over 8 layers: experts on layers 1, 3, 5, 7; attention on 3 and 7
  // (interval 4), so GDN layers 1, 5 are MoE and 0, 2, 4, 6 dense.
  const std::string tiny = R"("architectures": ["Qwen3NextForCausalLM"], "hidden_size": 256, "intermediate_size": 512,
    "head_dim": 64, "linear_conv_kernel_dim": 4, "linear_key_head_dim": 32, "linear_num_key_heads": 2,
    "linear_num_value_heads": 4, "linear_value_head_dim": 32, "max_position_embeddings": 64,
    "moe_intermediate_size": 64, "num_attention_heads": 4, "num_key_value_heads": 2, "num_experts": 8,
    "num_experts_per_tok": 2, "num_hidden_layers": 8, "vocab_size": 100)";
  CHECK(layer_counts(model_from_hf_config("{" + tiny + R"(, "decoder_sparse_step": 2})")) ==
        std::map<std::string, int>{{"gdn_dense", 4}, {"gdn_moe", 2}, {"full_moe", 2}});
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + tiny + R"(, "linear_num_key_heads": null})"),
                       doctest::Contains("linear_num_key_heads"), invalid_input);
}

TEST_CASE("Mamba-Codestral-7B: Mamba2 blocks without attention, priced by NEMOTRONH") {
  // mistralai/Mamba-Codestral-7B-v0.1 config.json, cut to the keys that change cost; it has no
  // attention heads and no max_position_embeddings.
  const any_model m = model_from_hf_config(R"({"architectures": ["Mamba2ForCausalLM"], "chunk_size": 256,
    "conv_kernel": 4, "expand": 2, "head_dim": 64, "hidden_size": 4096, "n_groups": 8, "num_heads": 128,
    "num_hidden_layers": 64, "state_size": 128, "tie_word_embeddings": false, "time_step_limit": [0.0, 1e+100],
    "use_bias": false, "use_conv_bias": true, "vocab_size": 32768})");
  CHECK(m.family() == "NEMOTRONH");
  CHECK_FALSE(m.is_moe());
  CHECK(m.context_length() == 0);  // no positional limit
  // Model card: 7,285,403,648 parameters. strata holds the GEMMs: 64 x (in_proj 4096 x
  // (2 x 8192 + 2 x 8 x 128 + 128) + out_proj 8192 x 4096) + 2 x 32768 x 4096 =
  // 7,281,311,744 (the conv weights, A, D, dt bias and norms, 4.1e6, are not priced).
  check_count(m, 7285403648.0, 0.001);
  // Constant state per sequence: 64 layers x (128 heads x 64 x 128 x 2 B SSM state, in the
  // model dtype as vLLM keeps it by default, + (8192 + 2 x 8 x 128) conv channels x 3 past
  // positions x 2 B) = 64 x (2,097,152 + 61,440) = 138,149,888 B, whatever the length.
  CHECK(kv_per_token(m) == 138149888.0);
  CHECK(kv_per_token(m, 100000) == 138149888.0);
  // At tp 2 each GPU holds half of the heads, groups and channels.
  CHECK(kv_per_token(m, 1, 2) == 138149888.0 / 2);
  CHECK_THROWS_WITH_AS(m.resolve({.tp = 3}), doctest::Contains("tp = 3 does not divide the 128 Mamba heads"),
                       invalid_input);
  const std::string shape = R"("architectures": ["Mamba2ForCausalLM"], "hidden_size": 256, "head_dim": 64,
    "num_hidden_layers": 2, "state_size": 16, "vocab_size": 100)";
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + shape + R"(, "num_heads": 6})"),
                       doctest::Contains("$.num_heads: expected num_heads x head_dim = expand x hidden_size (2 x 256)"),
                       invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + shape + "}"), doctest::Contains("$.num_heads: missing"),
                       invalid_input);
}

TEST_CASE("Hunyuan-A13B: per-layer expert lists and a mixed shared MLP (DECODER_MOE)") {
  // tencent/Hunyuan-A13B-Instruct config.json (as reproduced in a public test fixture), cut to
  // the keys that change cost; the per-layer lists are written out as the config has them.
  const auto list = [](int v) {
    std::string s = "[";
    for (int i = 0; i < 32; ++i) s += (i ? ", " : "") + std::to_string(v);
    return s + "]";
  };
  const std::string cfg = R"({"architectures": ["HunYuanMoEV1ForCausalLM"], "attention_bias": false,
    "attention_head_dim": 128, "hidden_size": 4096, "intermediate_size": 3072, "max_position_embeddings": 32768,
    "num_attention_heads": 32, "num_experts": 64, "num_hidden_layers": 32, "num_key_value_heads": 8,
    "tie_word_embeddings": true, "use_cla": false, "use_mixed_mlp_moe": true, "use_qk_norm": true,
    "vocab_size": 128167, "moe_intermediate_size": )" +
                          list(3072) + R"(, "moe_topk": )" + list(8) + R"(, "num_shared_expert": )" + list(1) + "}";
  const any_model m = model_from_hf_config(cfg);
  CHECK(m.family() == "DECODER_MOE");
  // Model card: 80B total parameters. Hand count: experts 32 x 64 x 3 x 4096 x 3072 =
  // 77.31e9, shared MLP 32 x 3 x 4096 x 3072 = 1.21e9, attention 32 x (4096 x 4096 x 2 +
  // 2 x 4096 x 1024) = 1.34e9, routers 32 x 4096 x 64 = 0.01e9, one tied embedding
  // 128167 x 4096 = 0.52e9: 80.39e9.
  check_count(m, 80e9);
  // KV: 32 layers x (K + V) x 8 KV heads x 128 x 2 B.
  CHECK(kv_per_token(m) == 32.0 * 2 * 8 * 128 * 2);
  // Per-layer expert shapes that differ, and cross-layer KV sharing, are errors naming the key.
  std::string uneven = cfg;
  uneven.replace(uneven.find("\"moe_topk\": [8, 8"), 17, "\"moe_topk\": [8, 4");
  CHECK_THROWS_WITH_AS(model_from_hf_config(uneven), doctest::Contains("$.moe_topk[1]: expected 8 as on layer 0"),
                       invalid_input);
  std::string cla = cfg;
  cla.replace(cla.find("\"use_cla\": false"), 16, "\"use_cla\": true ");
  CHECK_THROWS_WITH_AS(model_from_hf_config(cla), doctest::Contains("$.use_cla: expected no use_cla"), invalid_input);
}

// --- Mamba-1: Mamba, FalconMamba (MAMBA) and Jamba (JAMBA) ------------------------
//
// Weights (bf16 / 2 B, so the fp32 A counts twice) per Mamba-1 layer, C = d_inner,
// N = d_state, R = dt_rank: in_proj 2C x hidden, conv C x (d_conv + bias), x_proj
// (R + 2N) x C, dt_proj C x R + bias C, A C x N (fp32 in vLLM), D C, out_proj hidden x C.
// Not priced: the norms (hidden per layer, and FalconMamba / Jamba's dt, B, C norms).
// State per sequence and layer (bf16): C x N SSM state + C x (d_conv - 1) conv window.

TEST_CASE("mamba-2.8b-hf: MAMBA, tied, a constant state per sequence") {
  // state-spaces/mamba-2.8b-hf config.json (as quoted from models/mamba_2.8b_hf_config.json in
  // confucianfighter/mamba-2.8b-hf-breakdown's README): no attention heads, no position limit.
  const any_model m = model_from_hf_config(R"({"architectures": ["MambaForCausalLM"], "conv_kernel": 4,
    "expand": 2, "hidden_size": 2560, "intermediate_size": 5120, "n_layer": 64, "num_hidden_layers": 64,
    "state_size": 16, "time_step_rank": 160, "use_bias": false, "use_conv_bias": true, "vocab_size": 50280})");
  CHECK(m.family() == "MAMBA");
  CHECK(layer_counts(m) == std::map<std::string, int>{{"mamba", 64}});
  CHECK(m.context_length() == 0);  // no position limit
  // Per layer: 26,214,400 + 25,600 + 983,040 + 824,320 + 163,840 + 5,120 + 13,107,200
  // = 41,323,520; 64 layers + the tied 50280 x 2560 embedding (128,716,800) once.
  CHECK(params(m) == 64 * 41323520.0 + 128716800.0);
  // Hub: 2.77B (the tensors above with A once and the norms: 2,768,345,600).
  check_count(m, 2.77e9);
  const auto c = m.resolve({});
  const auto ctx = m.ops(phase::context, c);
  CHECK(std::get<ops::gemm>(named(ctx, "context_logits_gemm")).tied);
  CHECK(std::get<ops::gemm>(named(ctx, "context_mamba_x_proj_gemm")).n == 160 + 2 * 16);
  CHECK(std::get<ops::mamba1_kernel>(named(ctx, "context_mamba_ssm")).kernel_source ==
        ops::state_space_kernel::selective_scan_fn);
  const auto gen = m.ops(phase::generation, c);
  CHECK(std::get<ops::mamba1_kernel>(named(gen, "generation_mamba_ssm")).kernel_source ==
        ops::state_space_kernel::selective_state_update);
  // 64 layers * (5120 * 16 + 5120 * 3) * 2 B = 12,451,840 B, at 1 token or 100,000.
  CHECK(kv_per_token(m) == 12451840.0);
  CHECK(kv_per_token(m, 100000) == 12451840.0);
  CHECK(kv_per_token(m, 1, 2) == 12451840.0 / 2);  // channels split over tp
}

TEST_CASE("Mamba-1 ops in the order vLLM runs them, with its tp collectives") {
  const any_model m = model_from_hf_config(R"({"architectures": ["MambaForCausalLM"], "hidden_size": 2560,
    "intermediate_size": 5120, "num_hidden_layers": 64, "state_size": 16, "time_step_rank": 160,
    "vocab_size": 50280})");
  const auto c = m.resolve({.tp = 2});
  std::vector<std::string> names;
  for (const auto& o : m.ops(phase::context, c)) names.emplace_back(name_of(o).str());
  CHECK(names == std::vector<std::string>{
                     "context_embedding", "context_embedding_ar", "context_mamba_add_norm_1",
                     "context_mamba_in_proj_gemm", "context_mamba_conv1d", "context_mamba_x_proj_gemm",
                     "context_mamba_x_proj_ar", "context_mamba_dt_proj_gemm", "context_mamba_ssm",
                     "context_mamba_out_proj_gemm", "context_mamba_mixer_ar", "context_logits_gemm", "context_p2p"});
  const auto ctx = m.ops(phase::context, c);
  CHECK(std::get<ops::gemm>(named(ctx, "context_mamba_in_proj_gemm")).n == 5120);  // 2 * 5120 / 2
  CHECK(std::get<ops::gemm>(named(ctx, "context_mamba_x_proj_gemm")).k == 2560);
  CHECK(std::get<ops::custom_allreduce>(named(ctx, "context_mamba_x_proj_ar")).h == 192);
  CHECK(std::get<ops::gemm>(named(ctx, "context_mamba_dt_proj_gemm")).n == 2560);
  // vLLM builds the projections without a quant config: bf16 under --gemm-quant fp8.
  const auto fp8 = m.resolve({.gemm = gemm_quant::fp8});
  CHECK(std::get<ops::gemm>(named(m.ops(phase::context, fp8), "context_mamba_in_proj_gemm")).quant ==
        gemm_quant::bfloat16);
  // A decode step reads and writes every request's state: 2560 x 16 x 2 B twice per request.
  const auto gen = m.ops(phase::generation, c);
  const auto& scan = std::get<ops::mamba1_kernel>(named(gen, "generation_mamba_ssm"));
  CHECK(scan.bytes(8, 1) - scan.bytes(4, 1) == 4 * ((4 * 2560 + 32) * 2 + 2.0 * 2560 * 16 * 2));
}

TEST_CASE("falcon-mamba-7b: intermediate_size, not expand, sets the inner size") {
  // tiiuae/falcon-mamba-7b config.json (as vendored in a transformers model-zoo test
  // helper, get_falcon_mamba_7b): "expand": 16 beside "intermediate_size": 8192.
  const any_model m = model_from_hf_config(R"({"architectures": ["FalconMambaForCausalLM"], "conv_kernel": 4,
    "expand": 16, "hidden_size": 4096, "intermediate_size": 8192, "num_hidden_layers": 64, "state_size": 16,
    "tie_word_embeddings": false, "time_step_rank": 256, "use_bias": false, "use_conv_bias": true,
    "vocab_size": 65024})");
  CHECK(m.family() == "MAMBA");
  // Per layer: 67,108,864 + 40,960 + 2,359,296 + 2,105,344 + 262,144 + 8,192 + 33,554,432
  // = 105,439,232; 64 layers + embedding and lm_head 2 * 65024 * 4096.
  CHECK(params(m) == 64 * 105439232.0 + 2 * 266338304.0);
  // Hub: 7.27B (the tensors: 7,272,665,088).
  check_count(m, 7.27e9);
  // 64 layers * (8192 * 16 + 8192 * 3) * 2 B = 19,922,944 B per sequence.
  CHECK(kv_per_token(m) == 19922944.0);
  CHECK(kv_per_token(m, 4096) == 19922944.0);
}

TEST_CASE("AI21-Jamba-1.5-Mini: JAMBA, attention every 8th layer, experts every 2nd") {
  // ai21labs/AI21-Jamba-1.5-Mini config.json (as vendored in a transformers model-zoo
  // test helper, get_ai21_jamba_15_mini); Jamba-v0.1 has the same shapes.
  const any_model m = model_from_hf_config(R"({"architectures": ["JambaForCausalLM"], "attn_layer_offset": 4,
    "attn_layer_period": 8, "expert_layer_offset": 1, "expert_layer_period": 2, "hidden_size": 4096,
    "intermediate_size": 14336, "mamba_conv_bias": true, "mamba_d_conv": 4, "mamba_d_state": 16,
    "mamba_dt_rank": 256, "mamba_expand": 2, "mamba_proj_bias": false, "max_position_embeddings": 262144,
    "num_attention_heads": 32, "num_experts": 16, "num_experts_per_tok": 2, "num_hidden_layers": 32,
    "num_key_value_heads": 8, "tie_word_embeddings": false, "vocab_size": 65536})");
  CHECK(m.family() == "JAMBA");
  // Attention on layers 4, 12, 20, 28 (all even: dense); experts on the 16 odd layers.
  CHECK(layer_counts(m) == std::map<std::string, int>{{"full_dense", 4}, {"mamba_dense", 12}, {"mamba_moe", 16}});
  // 28 Mamba mixers of 105,439,232 (d_inner 8192, as FalconMamba's) = 2,952,298,496;
  // 16 gated MLPs of 3 * 4096 * 14336 = 176,160,768; 16 MoE of 16 such experts + a
  // 16 x 4096 router = 2,818,637,824; 4 attentions of (4096 + 2 * 1024) * 4096 + 4096^2
  // = 41,943,040; embedding and lm_head 2 * 65536 * 4096.
  const double total = 28 * 105439232.0 + 16 * 176160768.0 + 16 * 2818637824.0 + 4 * 41943040.0 + 2 * 65536.0 * 4096;
  CHECK(params(m) == total);  // 51,573,719,040
  // Model card: 52B total, 12B active; hub: 51.6B. Active: total minus 14 idle experts
  // in each of the 16 MoE layers = 12,113,707,008.
  check_count(m, 51.6e9);
  CHECK(std::abs((total - 16 * 14 * 176160768.0) / 12e9 - 1) < 0.01);
  // 28 Mamba layers * (8192 * 16 + 8192 * 3) * 2 B = 8,716,288 B, and per token the KV
  // of 4 attention layers * 8 heads * (128 + 128) * 2 B = 16,384 B.
  CHECK(kv_per_token(m) == 8716288.0 + 16384.0);
  CHECK(kv_per_token(m, 1000) == 8716288.0 + 16384.0 * 1000);
  CHECK(kv_per_token(m, 1000, 2) == (8716288.0 + 16384.0 * 1000) / 2);
  const auto c = m.resolve({.tp = 2, .moe_ep = 2});
  const auto ctx = m.ops(phase::context, c);
  CHECK(std::get<ops::gemm>(named(ctx, "context_mamba_moe_in_proj_gemm")).n == 8192);
  CHECK(std::get<ops::gemm>(named(ctx, "context_mamba_dense_gate_up_gemm")).n == 14336);
  CHECK(std::get<ops::gemm>(named(ctx, "context_full_dense_qkv_gemm")).n == (4096 + 2 * 1024) / 2);
}

TEST_CASE("Mamba-1 layouts and bad inputs name what is wrong") {
  const std::string mamba = R"("architectures": ["MambaForCausalLM"], "hidden_size": 2560, "intermediate_size": 5120,
    "num_hidden_layers": 64, "vocab_size": 50280)";
  const any_model m = model_from_hf_config("{" + mamba + "}");
  CHECK_THROWS_WITH_AS(m.resolve({.tp = 3}),
                       doctest::Contains("tp = 3 does not divide the 5120-wide Mamba inner size (intermediate_size)"),
                       invalid_input);
  CHECK_NOTHROW(m.resolve({.tp = 8}));
  // MambaConfig's defaults: state 16, conv 4, dt rank "auto" = ceil(2560 / 16).
  CHECK(std::get<ops::gemm>(named(m.ops(phase::context, m.resolve({})), "context_mamba_x_proj_gemm")).n == 160 + 32);
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + mamba + R"(, "time_step_rank": "big"})"),
                       doctest::Contains("$.time_step_rank: expected an integer or \"auto\""), invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config(R"({"architectures": ["FalconMambaForCausalLM"],
      "intermediate_size": 8192, "num_hidden_layers": 64, "vocab_size": 65024})"),
                       doctest::Contains("$.hidden_size: missing"), invalid_input);
  const std::string jamba = R"("architectures": ["JambaForCausalLM"], "hidden_size": 256, "intermediate_size": 512,
    "max_position_embeddings": 64, "num_attention_heads": 4, "num_hidden_layers": 8, "vocab_size": 100)";
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + jamba + R"(, "attn_layer_offset": 8, "num_experts": 4,
      "num_experts_per_tok": 2})"),
                       doctest::Contains("$.attn_layer_offset: expected an offset below attn_layer_period = 8"),
                       invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + jamba + R"(, "num_experts": 4, "num_experts_per_tok": 5})"),
                       doctest::Contains("$.num_experts_per_tok"), invalid_input);
  // One expert: the expert layers are plain gated MLPs (JambaMLP).
  const any_model one = model_from_hf_config("{" + jamba + R"(, "num_experts": 1})");
  CHECK(!one.is_moe());
  CHECK(layer_counts(one) == std::map<std::string, int>{{"full_dense", 1}, {"mamba_dense", 7}});
}
