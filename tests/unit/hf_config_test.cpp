// The config.json adapter: good configs give the model a spec would, bad ones an
// invalid_input naming the file, the JSON path and what was expected.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "helpers.hpp"
#include "strata/runtime/get_model.hpp"

using namespace strata;
using test::layer_counts;
using test::named;
namespace fs = std::filesystem;

namespace {
const fs::path fixtures = STRATA_FIXTURES_DIR;
}  // namespace

TEST_CASE("a small dense config") {
  const any_model m = get_model((fixtures / "good/tiny_llama.json").string());
  CHECK(m.family() == "LLAMA");
  CHECK(!m.is_moe());
  const auto c = m.resolve({.tp = 2});
  const auto ctx = m.ops(phase::context, c);
  // head_dim = hidden / heads = 512 / 8 = 64; qkv = 8 * 64 / 2 + 2 * 64 * ceil(2 / 2) = 384.
  CHECK(std::get<ops::gemm>(named(ctx, "context_qkv_gemm")).n == 384);
  CHECK(std::get<ops::gemm>(named(ctx, "context_gate_ffn1_gemm")).n == 2 * 1536 / 2);
  CHECK(scale_of(named(ctx, "context_qkv_gemm")) == 4);
  // KV: 4 layers * 1 KV head * (64 + 64) * 2 B = 1024 B per token.
  CHECK(m.kv_bytes_per_sequence(10, c) == 10240.0);
}

TEST_CASE("a small hybrid config is counted per layer type") {
  const any_model m = get_model((fixtures / "good/tiny_hybrid.json").string());
  CHECK(m.family() == "HYBRIDMOE");
  CHECK(m.is_moe());
  // pattern [0,1,1,0,1,1] (1 = sliding), moe [0,1,1,1,1,1]:
  // layer 0 full dense, layer 3 full MoE, layers 1,2,4,5 sliding MoE.
  const auto counts = layer_counts(m);
  CHECK(counts.at("full_dense") == 1);
  CHECK(counts.at("full_moe") == 1);
  CHECK(counts.at("sliding_moe") == 4);
  const auto c = m.resolve({.tp = 2, .moe_ep = 2});
  // KV at 100 tokens, bf16: full layers 2 * ceil(2/2)=1 head * (32 + 16) * 2 B * 100;
  // sliding layers 4 * ceil(4/2)=2 heads * 48 * 2 B * min(100, 64).
  CHECK(m.kv_bytes_per_sequence(100, c) == 2.0 * 1 * 48 * 2 * 100 + 4.0 * 2 * 48 * 2 * 64);
}

TEST_CASE("config.json text in memory, nested text_config and quantization") {
  const std::string text = R"({"architectures": ["Llama4ForConditionalGeneration"],
    "text_config": {"num_hidden_layers": 8, "hidden_size": 256, "num_attention_heads": 4,
      "num_key_value_heads": 1, "head_dim": 64, "intermediate_size": 512, "intermediate_size_mlp": 1024,
      "num_local_experts": 4, "num_experts_per_tok": 1, "vocab_size": 100, "max_position_embeddings": 1000,
      "interleave_moe_layer_step": 2, "attention_chunk_size": 128},
    "quantization_config": {"quant_method": "fp8", "activation_scheme": "dynamic", "weight_block_size": [128, 128]}})";
  const any_model m = model_from_hf_config(text, "inline.json");
  // NoPE full layers at 3, 7; MoE on odd layers: full MoE 2, chunked MoE 2, chunked dense 4.
  const auto counts = layer_counts(m);
  CHECK(counts.at("full_moe") == 2);
  CHECK(counts.at("sliding_moe") == 2);
  CHECK(counts.at("sliding_dense") == 4);
  const auto c = m.resolve({.tp = 1, .moe_ep = 1});
  CHECK(c.gemm == gemm_quant::fp8_block);
  // The shared expert is intermediate_size (512) wide: gate+up 2 * 512.
  CHECK(std::get<ops::gemm>(named(m.ops(phase::context, c), "context_global_shared_gate_up_gemm")).n == 1024);
}

TEST_CASE("hf_quant_config.json sets the defaults") {
  const std::string cfg = R"({"architectures": ["LlamaForCausalLM"], "num_hidden_layers": 2, "hidden_size": 64,
    "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 10, "max_position_embeddings": 16})";
  const std::string hq = R"({"quantization": {"quant_algo": "FP8", "kv_cache_quant_algo": "FP8"}})";
  const any_model m = model_from_hf_config(cfg, "c.json", hq, "q.json");
  const auto c = m.resolve({});
  CHECK(c.gemm == gemm_quant::fp8_static);  // no activation scheme: static scales
  CHECK(c.kv == kv_quant::fp8);
  CHECK(c.fmha == fmha_quant::fp8);
  // A missing num_key_value_heads means multi-head attention: 4 KV heads of 16.
  CHECK(m.kv_bytes_per_sequence(1, c) == 2.0 * 4 * 32 * 1);
}

TEST_CASE("ModelOpt MIXED_PRECISION: per-layer modes folded as the reference folds them") {
  // The reference (aiconfigurator sdk/models/helpers.py, _infer_mixed_precision_quant_modes):
  // routed-expert layers give the MoE mode (nvfp4 before fp8), the other layers the GEMM
  // mode (fp8, static unless dynamic, before nvfp4); W4A16_NVFP4 sets no mode.
  const std::string cfg = R"({"architectures": ["Qwen3MoeForCausalLM"], "num_hidden_layers": 2, "hidden_size": 64,
    "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 128, "moe_intermediate_size": 32,
    "num_experts": 4, "num_experts_per_tok": 2, "vocab_size": 10, "max_position_embeddings": 16})";
  const std::string hq = R"({"quantization": {"quant_algo": "MIXED_PRECISION", "kv_cache_quant_algo": "FP8",
    "quantized_layers": {"model.layers.0.self_attn.q_proj": {"quant_algo": "FP8"},
                         "model.layers.0.mlp.shared_expert.up_proj": {"quant_algo": "NVFP4"},
                         "model.layers.0.mlp.experts.0.up_proj": {"quant_algo": "NVFP4", "group_size": 16},
                         "model.layers.1.mlp.experts.0.up_proj": {"quant_algo": "FP8"}}}})";
  const any_model m = model_from_hf_config(cfg, "c.json", hq, "q.json");
  const auto c = m.resolve({.moe_ep = 1});
  CHECK(c.gemm == gemm_quant::fp8_static);
  CHECK(c.moe == moe_quant::nvfp4);
  CHECK(c.kv == kv_quant::fp8);
  CHECK(c.fmha == fmha_quant::fp8);  // from the fp8 KV cache
  // Expert layers only in W4A16_NVFP4 (Nemotron-3.5 Lightning's hf_quant_config.json): no MoE
  // mode, so bf16 unless the user says otherwise; without an fp8 KV, no fp8 attention either.
  const std::string w4a16 = R"({"quantization": {"quant_algo": "MIXED_PRECISION",
    "quantized_layers": {"backbone.layers.0.mixer.in_proj": {"quant_algo": "FP8"},
                         "backbone.layers.1.mixer.experts.0.up_proj": {"quant_algo": "W4A16_NVFP4"}}}})";
  const auto c2 = model_from_hf_config(cfg, "c.json", w4a16, "q.json").resolve({.moe_ep = 1});
  CHECK(c2.gemm == gemm_quant::fp8_static);
  CHECK(c2.moe == moe_quant::bfloat16);
  CHECK(c2.fmha == fmha_quant::bfloat16);
  CHECK(model_from_hf_config(cfg, "c.json", w4a16, "q.json").resolve({.moe_ep = 1, .moe = moe_quant::nvfp4}).moe ==
        moe_quant::nvfp4);
}

TEST_CASE("a config without num_hidden_layers counts its per-layer block list") {
  // Nemotron-3 Ultra's config.json has layers_block_type and no num_hidden_layers.
  const any_model m = model_from_hf_config(R"({"architectures": ["NemotronHForCausalLM"], "hidden_size": 256,
    "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 64, "vocab_size": 100,
    "max_position_embeddings": 64, "layers_block_type": ["mamba", "attention", "mamba", "mlp", "mamba"],
    "mamba_num_heads": 8, "mamba_head_dim": 32, "ssm_state_size": 16, "conv_kernel": 4, "n_groups": 2,
    "chunk_size": 64, "intermediate_size": 512})");
  CHECK(m.layers() == 5);
  CHECK_THROWS_WITH_AS(model_from_hf_config(R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 64,
    "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 10, "max_position_embeddings": 16})"),
                       doctest::Contains("$.num_hidden_layers: missing"), invalid_input);
}

TEST_CASE("every bad-input fixture is rejected with the file, the JSON path and what was expected") {
  std::ifstream manifest(fixtures / "bad/expected.txt");
  std::string line;
  int checked = 0;
  while (std::getline(manifest, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto bar = line.find(" | ");
    const std::string name = line.substr(0, bar), expected = line.substr(bar + 3);
    const fs::path file = fixtures / "bad" / (name + ".json");
    CAPTURE(name);
    REQUIRE(fs::exists(file));
    std::string message;
    try {
      (void)get_model(file.string());
    } catch (const invalid_input& e) {
      message = e.what();
    }
    CHECK(message.find(expected) != std::string::npos);
    CHECK(message.find(file.string()) != std::string::npos);
    ++checked;
  }
  CHECK(checked == 27);
}

TEST_CASE("oversized input and unknown ids") {
  CHECK_THROWS_WITH_AS(model_from_hf_config(std::string(max_config_bytes + 1, ' '), "big.json"),
                       doctest::Contains(("big.json: " + std::to_string(max_config_bytes + 1) + " bytes; expected at most").c_str()), invalid_input);
  CHECK_THROWS_WITH_AS(get_model("org/not-a-model"), doctest::Contains("unknown model 'org/not-a-model'"),
                       invalid_input);
  CHECK_THROWS_WITH_AS(get_model(fixtures.string()), doctest::Contains("directory has no config.json"), invalid_input);
}

TEST_CASE("get_model with a configuration, and check_is_moe") {
  const auto cm = get_model("Qwen/Qwen3-30B-A3B", {.tp = 2, .moe_ep = 2}, backend::vllm);
  CHECK(cm.config.backend == backend::vllm);
  CHECK(cm.config.moe_tp == 1);
  CHECK(cm.context_ops().size() > 10);
  CHECK(check_is_moe("Qwen/Qwen3-30B-A3B"));
  CHECK(!check_is_moe((fixtures / "good/tiny_llama.json").string()));
  CHECK(check_is_moe((fixtures / "good/tiny_hybrid.json").string()));
}

TEST_CASE("Qwen2-MoE's shared expert is priced (C8)") {
  const any_model m = get_model((fixtures / "good/tiny_qwen2_moe.json").string());
  const auto c = m.resolve({.tp = 2, .moe_ep = 2});
  const auto ctx = m.ops(phase::context, c);
  // shared_expert_intermediate_size 512 split over tp 2: gate+up 2 * 256 wide, down 256 deep.
  CHECK(std::get<ops::gemm>(named(ctx, "context_shared_gate_up_gemm")).n == 512);
  CHECK(std::get<ops::gemm>(named(ctx, "context_shared_ffn2_gemm")).k == 256);
  CHECK(scale_of(named(ctx, "context_shared_ffn2_gemm")) == 4);
  CHECK(std::get<ops::moe>(named(ctx, "context_moe")).inter_size == 64);
}
