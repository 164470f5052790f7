// QWEN3VL / QWEN3VL_MOE: the LLAMA / MOE backbones read from `text_config`, with the
// text attention's q/k norms (C15), and the GPT family. Expected numbers are hand
// derivations from the config.json files (the Qwen3-VL ones as published, the text
// keys copied from ../shared/hf-configs), never outputs of strata.
#include <doctest/doctest.h>

#include <string>

#include "strata/cost/memory.hpp"
#include "strata/runtime/get_model.hpp"
#include "strata/strata.hpp"

using namespace strata;

namespace {
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

// The vision config of the 8B / 32B / MoE checkpoints (not read by strata).
constexpr std::string_view vision = R"("vision_config": {"deepstack_visual_indexes": [8, 16, 24], "depth": 27,
    "hidden_size": 1152, "intermediate_size": 4304, "num_heads": 16, "out_hidden_size": 4096, "patch_size": 16,
    "spatial_merge_size": 2, "temporal_patch_size": 2, "num_position_embeddings": 2304})";

// Qwen/Qwen3-VL-8B-Instruct config.json: the text model's keys.
std::string qwen3vl_8b(const std::string& extra = "") {
  return R"({"architectures": ["Qwen3VLForConditionalGeneration"], "model_type": "qwen3_vl",
    "tie_word_embeddings": false, )" +
         std::string(vision) + R"(, "text_config": {"head_dim": 128, "hidden_size": 4096,
    "intermediate_size": 12288, "max_position_embeddings": 262144, "num_attention_heads": 32,
    "num_hidden_layers": 36, "num_key_value_heads": 8, "vocab_size": 151936, "model_type": "qwen3_vl_text")" +
         extra + "}}";
}

// Qwen/Qwen3-VL-30B-A3B-Instruct config.json: the text model's keys.
std::string qwen3vl_30b_a3b(const std::string& extra = "") {
  return R"({"architectures": ["Qwen3VLMoeForConditionalGeneration"], "model_type": "qwen3_vl_moe",
    "tie_word_embeddings": false, )" +
         std::string(vision) + R"(, "text_config": {"decoder_sparse_step": 1, "head_dim": 128,
    "hidden_size": 2048, "intermediate_size": 6144, "max_position_embeddings": 262144, "mlp_only_layers": [],
    "moe_intermediate_size": 768, "num_attention_heads": 32, "num_experts": 128, "num_experts_per_tok": 8,
    "num_hidden_layers": 48, "num_key_value_heads": 4, "vocab_size": 151936)" +
         extra + "}}";
}
}  // namespace

TEST_CASE("Qwen3-VL-8B at tp 8: the LLAMA backbone from text_config, q/k norms on (C15)") {
  const any_model m = model_from_hf_config(qwen3vl_8b());
  CHECK(m.family() == "QWEN3VL");
  CHECK_FALSE(m.is_moe());
  CHECK(m.layers() == 36);
  CHECK(m.hidden() == 4096);
  const auto c = m.resolve({.tp = 8});
  for (phase p : {phase::context, phase::generation}) {
    const auto ops = m.ops(p, c);
    const std::string pre = p == phase::context ? "context_" : "generation_";
    // The embedding is split by tp: 151936 / 8 = 18992 rows of 4096.
    const auto& emb = std::get<ops::embedding>(named(ops, pre + "embedding"));
    CHECK(emb.row_size == 18992);
    CHECK(emb.column_size == 4096);
    // q: 32 heads / 8 x 128 = 512; k and v: ceil(8 / 8) = 1 head x 128 each: n = 768.
    const auto& qkv = std::get<ops::gemm>(named(ops, pre + "qkv_gemm"));
    CHECK(qkv.n == 768);
    CHECK(qkv.k == 4096);
    CHECK(qkv.scale_factor == 36);
    CHECK(std::get<ops::gemm>(named(ops, pre + "proj_gemm")).k == 512);
    // SwiGLU: gate + up 2 x 12288 / 8 = 3072, down from 1536.
    CHECK(std::get<ops::gemm>(named(ops, pre + "gate_ffn1_gemm")).n == 3072);
    CHECK(std::get<ops::gemm>(named(ops, pre + "ffn2_gemm")).k == 1536);
    CHECK(std::get<ops::gemm>(named(ops, pre + "logits_gemm")).n == 18992);
    CHECK(has(ops, pre + "embedding_ar"));
    CHECK(has(ops, pre + "ar_1"));
    CHECK(has(ops, pre + "ar_2"));
  }
  const auto ctx = m.ops(phase::context, c);
  const auto& attn = std::get<ops::context_attention>(named(ctx, "context_attention"));
  CHECK(attn.n == 4);
  CHECK(attn.n_kv == 1);
  CHECK(attn.head_size == 128);
  CHECK(attn.use_qk_norm);  // C15: Qwen3VLTextAttention has q_norm / k_norm
  CHECK(std::get<ops::generation_attention>(named(m.ops(phase::generation, c), "generation_attention")).use_qk_norm);
  // KV per GPU: 36 layers x 1 KV head x (K 128 + V 128) x 2 B = 18,432 B per token.
  CHECK(m.kv_bytes_per_sequence(4096, c) == 18432.0 * 4096);
}

TEST_CASE("Qwen3-VL-8B weights: the text backbone, as Qwen3-8B's model card counts it") {
  const any_model m = model_from_hf_config(qwen3vl_8b());
  const auto c = m.resolve({.tp = 1});
  // Per layer: q/k/v 4096 x (4096 + 2 x 1024) = 25,165,824; o 4096 x 4096 = 16,777,216;
  // SwiGLU 3 x 4096 x 12288 = 150,994,944: 192,937,984, x 36 = 6,945,767,424.
  // Embedding and (untied) lm_head: 2 x 151936 x 4096 = 1,244,659,712.
  // Total 8,190,427,136 parameters, bf16 (2 B each).
  const double params = cost::weights_per_gpu(m.ops(phase::context, c), c) / 2;
  CHECK(params == 8190427136.0);
  // The text model has Qwen3-8B's shapes; its card: 8.2B parameters, 6.95B without
  // embeddings. (Qwen3-VL-8B's own total, 8.77B, adds the ViT: 27 blocks of
  // 15,239,504 + 4 mergers of 40,116,736 + patch and position embeddings ~ 0.576B.)
  CHECK(params == doctest::Approx(8.2e9).epsilon(0.01));
  CHECK(params - 1244659712.0 == doctest::Approx(6.95e9).epsilon(0.01));
}

TEST_CASE("Qwen3-VL-2B: tied embeddings from text_config, lm_head held once (C12)") {
  const std::string text = R"({"architectures": ["Qwen3VLForConditionalGeneration"], "tie_word_embeddings": true,
    "text_config": {"head_dim": 128, "hidden_size": 2048, "intermediate_size": 6144,
    "max_position_embeddings": 262144, "num_attention_heads": 16, "num_hidden_layers": 28,
    "num_key_value_heads": 8, "tie_word_embeddings": true, "vocab_size": 151936}})";
  const any_model m = model_from_hf_config(text);
  const auto c = m.resolve({.tp = 1});
  const auto ctx = m.ops(phase::context, c);
  CHECK(std::get<ops::gemm>(named(ctx, "context_logits_gemm")).weight_bytes() == 0);
  // Per layer: q/k/v 2048 x (2048 + 2 x 1024) = 8,388,608; o 2048 x 2048 = 4,194,304;
  // SwiGLU 3 x 2048 x 6144 = 37,748,736: 50,331,648, x 28 = 1,409,286,144; plus the
  // one 151936 x 2048 embedding, 311,164,928: 1,720,451,072. Qwen3-1.7B (the same text
  // shapes) has 1.4B parameters without embeddings by its card.
  const double params = cost::weights_per_gpu(ctx, c) / 2;
  CHECK(params == 1720451072.0);
  CHECK(params - 311164928.0 == doctest::Approx(1.4e9).epsilon(0.01));
  // KV at tp 1: 28 layers x 8 KV heads x 256 x 2 B = 114,688 B per token.
  CHECK(m.kv_bytes_per_sequence(1000, c) == 114688.0 * 1000);
}

TEST_CASE("Qwen3-VL-30B-A3B at tp 4, ep 4: the MOE backbone, q/k norms on, every layer routed") {
  const any_model m = model_from_hf_config(qwen3vl_30b_a3b());
  CHECK(m.family() == "QWEN3VL_MOE");
  CHECK(m.is_moe());
  const auto c = m.resolve({.tp = 4, .moe_ep = 4});
  for (phase p : {phase::context, phase::generation}) {
    const auto ops = m.ops(p, c);
    const std::string pre = p == phase::context ? "context_" : "generation_";
    // q: 32 / 4 x 128 = 1024; k and v: ceil(4 / 4) = 1 head x 128 each: 1280.
    CHECK(std::get<ops::gemm>(named(ops, pre + "qkv_gemm")).n == 1280);
    CHECK(std::get<ops::gemm>(named(ops, pre + "proj_gemm")).k == 1024);
    const auto& experts = std::get<ops::moe>(named(ops, pre + "moe"));
    CHECK(experts.num_experts == 128);
    CHECK(experts.topk == 8);
    CHECK(experts.inter_size == 768);
    CHECK(experts.hidden_size == 2048);
    CHECK(experts.moe_ep == 4);
    CHECK(experts.scale_factor == 48);
  }
  const auto ctx_ops = m.ops(phase::context, c);
  const auto& attn = std::get<ops::context_attention>(named(ctx_ops, "context_attention"));
  CHECK(attn.n == 8);
  CHECK(attn.n_kv == 1);
  CHECK(attn.use_qk_norm);
  // KV per GPU: 48 layers x 1 KV head x 256 x 2 B = 24,576 B per token.
  CHECK(m.kv_bytes_per_sequence(4096, c) == 24576.0 * 4096);
}

TEST_CASE("Qwen3-VL-30B-A3B weights: the text backbone, as Qwen3-30B-A3B's model card counts it") {
  const any_model m = model_from_hf_config(qwen3vl_30b_a3b());
  const auto c = m.resolve({.tp = 1, .moe_ep = 1});
  // Per layer: q/k/v 2048 x (4096 + 2 x 512) = 10,485,760; o 4096 x 2048 = 8,388,608;
  // experts 128 x 3 x 2048 x 768 = 603,979,776; router 2048 x 128 = 262,144:
  // 623,116,288, x 48 = 29,909,581,824; embedding and lm_head 2 x 151936 x 2048 =
  // 622,329,856: 30,531,911,680 (30,531,649,536 without the routers). Card: 30.5B.
  const double params = cost::weights_per_gpu(m.ops(phase::context, c), c) / 2;
  CHECK(params == doctest::Approx(30.5e9).epsilon(0.01));
  CHECK(params >= 30531649536.0);
  CHECK(params <= 30531911680.0);
}

TEST_CASE("Qwen3-VL-MoE: dense layers among the MoE ones are refused by key") {
  CHECK_NOTHROW(model_from_hf_config(qwen3vl_30b_a3b()));
  std::string dense = qwen3vl_30b_a3b();
  dense.replace(dense.find("\"mlp_only_layers\": []"), 21, R"("mlp_only_layers": [3])");
  CHECK_THROWS_WITH_AS(model_from_hf_config(dense), doctest::Contains("mlp_only_layers"), invalid_input);
  std::string step = qwen3vl_30b_a3b();
  step.replace(step.find("\"decoder_sparse_step\": 1"), 24, R"("decoder_sparse_step": 2)");
  CHECK_THROWS_WITH_AS(model_from_hf_config(step), doctest::Contains("decoder_sparse_step"), invalid_input);
}

TEST_CASE("GPT by family name: plain MLP, whole embedding, no embedding all-reduce (GPT-3 175B)") {
  // GPT-3 175B (Brown et al. 2020, table 2.1): 96 layers, d_model 12288, 96 heads of
  // 128, d_ff = 4 d_model, a 50257-token vocabulary, tied input and output embeddings.
  const std::string text = R"({"architectures": ["GPT"], "num_hidden_layers": 96, "hidden_size": 12288,
    "num_attention_heads": 96, "intermediate_size": 49152, "vocab_size": 50257,
    "max_position_embeddings": 2048, "tie_word_embeddings": true})";
  const any_model m = model_from_hf_config(text);
  CHECK(m.family() == "GPT");
  CHECK_FALSE(m.is_moe());
  const auto c = m.resolve({.tp = 8});
  for (phase p : {phase::context, phase::generation}) {
    const auto ops = m.ops(p, c);
    const std::string pre = p == phase::context ? "context_" : "generation_";
    // The embedding table is whole on every GPU: 50257 rows.
    CHECK(std::get<ops::embedding>(named(ops, pre + "embedding")).row_size == 50257);
    CHECK_FALSE(has(ops, pre + "embedding_ar"));
    // q/k/v: 96 / 8 = 12 heads x 128 x 3 = 4608.
    CHECK(std::get<ops::gemm>(named(ops, pre + "qkv_gemm")).n == 4608);
    // Plain MLP: up 49152 / 8 = 6144, activation 6144 -> 6144, down from 6144.
    CHECK(std::get<ops::gemm>(named(ops, pre + "ffn1_gemm")).n == 6144);
    const auto& act = std::get<ops::elementwise>(named(ops, pre + "act"));
    CHECK(act.dim_in == 6144);
    CHECK(act.dim_out == 6144);
    CHECK(std::get<ops::gemm>(named(ops, pre + "ffn2_gemm")).k == 6144);
    CHECK_FALSE(has(ops, pre + "gate_ffn1_gemm"));
    // logits: 50257 / 8 = 6282 (integer division, as the reference has it).
    CHECK(std::get<ops::gemm>(named(ops, pre + "logits_gemm")).n == 6282);
    CHECK(std::get<ops::custom_allreduce>(named(ops, pre + "ar_1")).scale_factor == 96);
    CHECK(std::get<ops::custom_allreduce>(named(ops, pre + "ar_2")).scale_factor == 96);
  }
  // KV per GPU: 96 layers x 12 heads x 256 x 2 B = 589,824 B per token.
  CHECK(m.kv_bytes_per_sequence(2048, c) == 589824.0 * 2048);
  // Weights at tp 1: per layer q/k/v 3 x 12288^2 = 452,984,832, o 150,994,944, MLP
  // 2 x 12288 x 49152 = 1,207,959,552: 1,811,939,328, x 96 = 173,946,175,488; one
  // 50257 x 12288 embedding 617,558,016 (tied): 174,563,733,504 against the paper's 175B.
  const auto one = m.resolve({.tp = 1});
  const double params = cost::weights_per_gpu(m.ops(phase::context, one), one) / 2;
  CHECK(params == 174563733504.0);
  CHECK(params == doctest::Approx(175e9).epsilon(0.01));
  // No MTP layers.
  CHECK_THROWS_AS(m.resolve({.tp = 1, .nextn = 1}), invalid_input);
}

TEST_CASE("GPT: the attention ops carry the model's head size (C16)") {
  // 16 heads of 64: the reference would list its attention at head size 128.
  const std::string text = R"({"architectures": ["GPT"], "num_hidden_layers": 4, "hidden_size": 1024,
    "num_attention_heads": 16, "intermediate_size": 4096, "vocab_size": 32000, "max_position_embeddings": 2048})";
  const any_model m = model_from_hf_config(text);
  const auto c = m.resolve({.tp = 2});
  CHECK(std::get<ops::context_attention>(named(m.ops(phase::context, c), "context_attention")).head_size == 64);
  CHECK(std::get<ops::generation_attention>(named(m.ops(phase::generation, c), "generation_attention")).head_size ==
        64);
  // q/k/v: 8 heads x 64 x 3 = 1536. KV: 4 layers x 8 heads x 128 x 2 B = 8192 B per token.
  CHECK(std::get<ops::gemm>(named(m.ops(phase::context, c), "context_qkv_gemm")).n == 1536);
  CHECK(m.kv_bytes_per_sequence(100, c) == 8192.0 * 100);
}

TEST_CASE("Qwen3-VL-8B's vision encoder at tp 4: the ViT and merger ops, encoder DP") {
  const any_model m = model_from_hf_config(qwen3vl_8b());
  REQUIRE(m.encoder() != nullptr);
  const auto c = m.resolve({.tp = 4});
  const auto enc = m.encoder_ops(c);
  CHECK(enc.phase() == phase::encoder);
  // 11 per-block ops (rope included), 4 projector ops, 1 all-gather.
  REQUIRE(enc.size() == 16);
  const char* order[] = {"encoder_add_norm_1",
                         "encoder_qkv_gemm",
                         "encoder_attention",
                         "encoder_proj_gemm",
                         "encoder_ar_1",
                         "encoder_add_norm_2",
                         "encoder_ffn1_gemm",
                         "encoder_act",
                         "encoder_ffn2_gemm",
                         "encoder_ar_2",
                         "encoder_rope_apply",
                         "encoder_projector_fc0_gemm",
                         "encoder_projector_fc0_act",
                         "encoder_projector_fc1_gemm",
                         "encoder_projector_ar",
                         "encoder_dp_all_gather"};
  for (std::size_t i = 0; i < enc.size(); ++i) CHECK(name_of(enc[i]) == order[i]);
  // Whole on every GPU (encoder DP): q/k/v 3 x 1152 = 3456 over 1152, 27 blocks.
  const auto& qkv = std::get<ops::gemm>(named(enc, "encoder_qkv_gemm"));
  CHECK(qkv.n == 3456);
  CHECK(qkv.k == 1152);
  CHECK(qkv.scale_factor == 27);
  CHECK(qkv.quant == gemm_quant::bfloat16);
  // 16 heads of 1152 / 16 = 72.
  const auto& attn = std::get<ops::encoder_attention>(named(enc, "encoder_attention"));
  CHECK(attn.n == 16);
  CHECK(attn.head_size == 72);
  CHECK(std::get<ops::gemm>(named(enc, "encoder_ffn1_gemm")).n == 4304);
  CHECK(std::get<ops::custom_allreduce>(named(enc, "encoder_ar_1")).tp_size == 1);
  // The rotation reads and writes q and k in full: 6 x 16 x 72 = 6912.
  CHECK(std::get<ops::elementwise>(named(enc, "encoder_rope_apply")).dim_in == 6912);
  // Mergers: 2 x 2 patches of 1152 = 4608 wide; 1 + 3 deepstack levels = 4 instances.
  const auto& fc0 = std::get<ops::gemm>(named(enc, "encoder_projector_fc0_gemm"));
  CHECK(fc0.n == 4608);
  CHECK(fc0.k == 4608);
  CHECK(fc0.scale_factor == 4);
  const auto& fc1 = std::get<ops::gemm>(named(enc, "encoder_projector_fc1_gemm"));
  CHECK(fc1.n == 4096);
  CHECK(fc1.k == 4608);
  // The all-gather hands every GPU all merged embeddings: 4096 x 4 mergers x 4 GPUs.
  const auto& gather = std::get<ops::nccl>(named(enc, "encoder_dp_all_gather"));
  CHECK(gather.elements_per_token == 65536);
  CHECK(gather.num_gpus == 4);
  // tp 1: no all-gather.
  CHECK(m.encoder_ops(m.resolve({.tp = 1})).size() == 15);
}

TEST_CASE("Qwen3-VL-8B's encoder weights: with the text model, the checkpoint's 8.77B parameters") {
  const any_model m = model_from_hf_config(qwen3vl_8b());
  const auto c = m.resolve({.tp = 1});
  // Per block: q/k/v 1152 x 3456 = 3,981,312; proj 1152 x 1152 = 1,327,104; MLP
  // 2 x 1152 x 4304 = 9,916,416: 15,224,832, x 27 = 411,070,464. Mergers: 4608 x 4608 +
  // 4608 x 4096 = 40,108,032, x 4 = 160,432,128. Total 571,502,592 (without biases,
  // norms and the patch and position embeddings, ~4.8M).
  const double vision = total_weight_bytes(m.encoder_ops(c)) / 2;
  CHECK(vision == 571502592.0);
  const double text = cost::weights_per_gpu(m.ops(phase::context, c), c) / 2;
  CHECK(text + vision == doctest::Approx(8.77e9).epsilon(0.01));
}

TEST_CASE("Encoder attention speed of light: bidirectional, no KV") {
  const ops::encoder_attention a{.n = 16, .head_size = 72};
  // One image of 1024 patches: 2 x 1024^2 x 16 x 72 x 2 = 4,831,838,208 FLOPs; Q, K, V
  // read and O written: 2 B x 4 x 16 x 1024 x 72 = 9,437,184 B.
  CHECK(a.flops(1, 1024) == 4831838208.0);
  CHECK(a.bytes(1, 1024) == 9437184.0);
  CHECK(a.weight_bytes() == 0);
}

TEST_CASE("Qwen3-VL without vision_config: the language model alone") {
  std::string text = qwen3vl_8b();
  const auto at = text.find("\"vision_config\"");
  text.erase(at, text.find("}", at) + 2 - at);
  const any_model m = model_from_hf_config(text);
  CHECK(m.encoder() == nullptr);
  CHECK(m.encoder_ops(m.resolve({.tp = 2})).size() == 0);
  CHECK(model_from_hf_config(qwen3vl_30b_a3b()).encoder() != nullptr);
}
