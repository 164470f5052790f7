// The DeepSeek families (DEEPSEEK, KIMIK25, DEEPSEEKV32): latent attention, DSA,
// dense-first layers (C5), shared experts, composite ops. Expected numbers are hand
// derivations from the models' config.json files, written out next to each check.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "strata/cost/estimate.hpp"
#include "helpers.hpp"
#include "strata/runtime/get_model.hpp"
#include "strata/strata.hpp"

using namespace strata;
using test::layer_counts;
using test::named;
using cost::systems::h200_sxm;


TEST_CASE("DeepSeek-V3: 3 dense and 58 MoE layers, latent KV not split by tp") {
  const any_model m = get_model("deepseek-ai/DeepSeek-V3");
  CHECK(m.family() == "DEEPSEEK");
  CHECK(layer_counts(m) == std::map<std::string, int>{{"mla_dense", 3}, {"mla_moe", 58}});
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  CHECK(c.gemm == gemm_quant::fp8_block);  // quant_method fp8 with a 128x128 weight block
  CHECK(c.kv == kv_quant::fp8);
  // 61 layers * (kv_lora 512 + rope 64) * 1 B, whatever the tp.
  CHECK(m.kv_bytes_per_sequence(1, c) == 61.0 * 576);
  CHECK(m.kv_bytes_per_sequence(4096, m.resolve({.tp = 1, .moe_ep = 1})) == 61.0 * 576 * 4096);
  const auto ctx = m.ops(phase::context, c);
  // Dense layers (C5): intermediate_size 18432 over tp 8, gate + up = 4608, down k = 2304,
  // with an all-reduce after attention and after the MLP.
  CHECK(std::get<ops::gemm>(named(ctx, "context_dense_gate_up_gemm")).n == 4608);
  CHECK(std::get<ops::gemm>(named(ctx, "context_dense_ffn2_gemm")).k == 2304);
  CHECK(scale_of(named(ctx, "context_dense_ffn2_gemm")) == 3);
  CHECK(std::get<ops::custom_allreduce>(named(ctx, "context_dense_attn_ar")).tp_size == 8);
  CHECK(scale_of(named(ctx, "context_moe")) == 58);
  // The shared expert (1 x moe_intermediate_size 2048) is split by tp: 2 * 2048 / 8.
  CHECK(std::get<ops::gemm>(named(ctx, "context_shared_gate_up_gemm")).n == 512);
  // Attention runs on all 61 layers.
  CHECK(scale_of(named(ctx, "context_mla_module")) == 61);
  // The q/kv down-projection fuses q_lora 1536 + kv_lora 512 + rope 64 = 2112 outputs.
  CHECK(std::get<ops::gemm>(named(ctx, "context_downscale_gemm")).n == 2112);
}

TEST_CASE("decode MLA module: kernel plus the absorbed BMMs, memory-bound") {
  const any_model m = get_model("deepseek-ai/DeepSeek-V3");
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  const auto gen = m.ops(phase::generation, c);
  const auto r = cost::generation_step(gen, h200_sxm, 1, 1024);
  // 16 local heads, b 1, s 1024, fp8 KV and fp8_block GEMMs, per layer:
  //   kernel bytes = 16 * 1088 * 2 + 1023 * 576 * 1 = 624,064
  //   BMM bytes    = 2 * 16 * (640 + 128 * 512) * 1 = 2,117,632
  //   FLOPs (2*16*1088*1024 + 4*16*128*512 = 3.98e7 at 1.978e15/s) are far below.
  // (624,064 + 2,117,632) / 4.8e12 s * 61 layers = 0.034842 ms.
  CHECK(r.op_ms[2] == doctest::Approx((624064.0 + 2117632.0) / 4.8e12 * 1e3 * 61).epsilon(1e-9));
  // The MoE overlap counts the slower stream: the routed path here.
  const op& overlap = named(gen, "generation_moe_overlap");
  double a = 0, b = 0;
  const op_query q{1, 1, 1024, 0};
  for (const auto& o : gen.group_a(overlap)) a += cost::leaf_latency_ms(o, q, h200_sxm);
  for (const auto& o : gen.group_b(overlap)) b += cost::leaf_latency_ms(o, q, h200_sxm);
  CHECK(a > b);
  CHECK(cost::latency_ms(gen, overlap, q, h200_sxm) == a);
}

TEST_CASE("weights of composites: a fallback holds its granular ops' weights") {
  const any_model m = get_model("deepseek-ai/DeepSeek-V3");
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  const auto ctx = m.ops(phase::context, c);
  // fp8: downscale 2112 x 7168 + q_b 3072 x 1536 + kv_b 4096 x 512 + o 7168 x 2048 per layer.
  const double per_layer = 2112.0 * 7168 + 3072.0 * 1536 + 4096.0 * 512 + 7168.0 * 2048;
  CHECK(scaled_weight_bytes(ctx, named(ctx, "context_mla_block")) == per_layer * 61);
}

TEST_CASE("DeepSeek-V3.2: DSA module weights, indexer cache, shared experts by tp (C10)") {
  const any_model m = get_model("deepseek-ai/DeepSeek-V3.2");
  CHECK(m.family() == "DEEPSEEKV32");
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  CHECK(c.fmha == fmha_quant::bfloat16);  // DSA runs its attention in bf16 on TRT-LLM/SGLang
  // KV per token: 61 layers * (512 fp8 + 64 bf16 rope * 2 B + indexer 128 + 4 B scale).
  CHECK(m.kv_bytes_per_sequence(1, c) == 61.0 * (512 + 128 + 132));
  const auto ctx = m.ops(phase::context, c);
  // Per-layer weights at fp8, 16 local heads:
  //   q  = 7168 * 1536 + 1536 * 16 * 192 = 15,728,640
  //   kv = 7168 * 576 + 512 * 16 * 256   =  6,225,920
  //   o  = 16 * 128 * 7168               = 14,680,064
  //   indexer = 1536 * 64 * 128 + 7168 * 64 = 13,041,664       -> 49,676,288 B
  CHECK(weight_bytes_of(named(ctx, "context_attention")) == 49676288.0);
  CHECK(std::get<ops::gemm>(named(ctx, "context_shared_gate_up_gemm")).n == 2 * 2048 / 8);
}

TEST_CASE("GLM-5 from its config: bf16, 3 dense layers, DSA geometry") {
  const any_model m = get_model("zai-org/GLM-5");
  CHECK(layer_counts(m) == std::map<std::string, int>{{"dsa_dense", 3}, {"dsa_moe", 75}});
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  CHECK(c.gemm == gemm_quant::bfloat16);
  // 78 * (512 * 2 + 64 * 2 + 132) B per token.
  CHECK(m.kv_bytes_per_sequence(1, c) == 78.0 * 1284);
}

TEST_CASE("Kimi-K2.5: compressed-tensors int4 experts, everything else bf16") {
  const any_model m = get_model("moonshotai/Kimi-K2.5");
  CHECK(m.family() == "KIMIK25");
  CHECK(layer_counts(m) == std::map<std::string, int>{{"mla_dense", 1}, {"mla_moe", 60}});
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  CHECK(c.moe == moe_quant::int4_wo);
  CHECK(c.gemm == gemm_quant::bfloat16);  // its ignore list keeps self_attn, shared experts, dense MLP
  CHECK(c.kv == kv_quant::bfloat16);
  CHECK(m.kv_bytes_per_sequence(1, c) == 61.0 * 576 * 2);
}

TEST_CASE("config reading: dense-first layers, moe_layer_freq, mlp_layer_types") {
  const std::string base = R"("architectures": ["DeepseekV3ForCausalLM"], "num_hidden_layers": 6, "hidden_size": 256,
      "num_attention_heads": 4, "num_key_value_heads": 4, "vocab_size": 100, "max_position_embeddings": 64,
      "q_lora_rank": 64, "kv_lora_rank": 32, "qk_nope_head_dim": 16, "qk_rope_head_dim": 8, "v_head_dim": 16,
      "intermediate_size": 512, "moe_intermediate_size": 64, "n_routed_experts": 8, "num_experts_per_tok": 2,
      "n_shared_experts": 2)";
  // first_k_dense_replace 2, moe_layer_freq 2: MoE iff layer >= 2 and layer % 2 == 0 -> layers 2 and 4.
  const any_model freq = model_from_hf_config("{" + base + R"(, "first_k_dense_replace": 2, "moe_layer_freq": 2})");
  CHECK(layer_counts(freq) == std::map<std::string, int>{{"mla_dense", 4}, {"mla_moe", 2}});
  // The shared experts: 2 of moe_intermediate_size 64 = 128 wide; tp 2 -> gate+up 128.
  const auto c = freq.resolve({.tp = 2, .moe_ep = 2});
  CHECK(std::get<ops::gemm>(named(freq.ops(phase::context, c), "context_shared_gate_up_gemm")).n == 128);
  // No q_lora_rank: queries come straight from the hidden state.
  const any_model no_q = model_from_hf_config("{" + base + R"(, "q_lora_rank": null})");
  const auto ctx = no_q.ops(phase::context, no_q.resolve({.moe_ep = 1}));
  CHECK(std::get<ops::gemm>(named(ctx, "context_q_proj_gemm")).k == 256);
  CHECK(std::get<ops::gemm>(named(ctx, "context_downscale_gemm")).n == 32 + 8);
  // A config without n_shared_experts has none; all layers MoE without first_k.
  const std::string glm = R"({"architectures": ["GlmMoeDsaForCausalLM"], "num_hidden_layers": 4, "hidden_size": 256,
      "num_attention_heads": 4, "vocab_size": 100, "max_position_embeddings": 64, "q_lora_rank": 64,
      "kv_lora_rank": 32, "qk_nope_head_dim": 16, "qk_rope_head_dim": 8, "v_head_dim": 16, "index_head_dim": 32,
      "index_n_heads": 2, "index_topk": 16, "intermediate_size": 512, "moe_intermediate_size": 64,
      "n_routed_experts": 8, "num_experts_per_tok": 2, "first_k_dense_replace": 3,
      "mlp_layer_types": ["dense", "sparse", "sparse", "sparse"]})";
  // mlp_layer_types wins over first_k_dense_replace.
  CHECK(layer_counts(model_from_hf_config(glm)) == std::map<std::string, int>{{"dsa_dense", 1}, {"dsa_moe", 3}});
  // A missing latent-attention key is an error that names it.
  CHECK_THROWS_WITH_AS(model_from_hf_config(R"({"architectures": ["DeepseekV3ForCausalLM"], "num_hidden_layers": 2,
      "hidden_size": 64, "num_attention_heads": 4, "vocab_size": 10, "max_position_embeddings": 16})",
                                            "ds.json"),
                       doctest::Contains("ds.json: $.kv_lora_rank: missing"), invalid_input);
}

TEST_CASE("vLLM runs MLA as plain attention over v_head-sized heads, all-reducing every layer") {
  const any_model m = get_model("deepseek-ai/DeepSeek-V3");
  const auto c = m.resolve({.tp = 8, .moe_ep = 8, .backend = backend::vllm});
  const auto ctx = m.ops(phase::context, c);
  const auto& attn = std::get<ops::context_attention>(named(ctx, "context_attention"));
  CHECK(attn.n == 16);
  CHECK(attn.n_kv == 16);
  CHECK(attn.head_size == 128);
  // One all-reduce after attention and one after the FFN on all 61 layers; dense layers
  // need no all-reduce of their own here.
  CHECK(scale_of(named(ctx, "context_tp_allreduce")) == 122);
  for (const auto& o : ctx.all()) CHECK(name_of(o).str() != "context_dense_attn_ar");
}

TEST_CASE("checkpoint exclusions keep projections bf16 and break the module's single dtype") {
  // DeepSeek-V3.1-NVFP4 style: q and kv projections excluded, o_proj quantized.
  const std::string cfg = R"({"architectures": ["DeepseekV3ForCausalLM"], "num_hidden_layers": 2, "hidden_size": 256,
      "num_attention_heads": 4, "num_key_value_heads": 4, "vocab_size": 100, "max_position_embeddings": 64,
      "q_lora_rank": 64, "kv_lora_rank": 32, "qk_nope_head_dim": 16, "qk_rope_head_dim": 8, "v_head_dim": 16,
      "intermediate_size": 512, "moe_intermediate_size": 64, "n_routed_experts": 8, "num_experts_per_tok": 2,
      "n_shared_experts": 1})";
  const std::string hq = R"({"quantization": {"quant_algo": "NVFP4", "kv_cache_quant_algo": "FP8",
      "exclude_modules": ["lm_head", "model.layers.0.self_attn.q_a_proj", "model.layers.0.self_attn.kv_b_proj"]}})";
  const any_model m = model_from_hf_config(cfg, "c.json", hq, "q.json");
  const auto c = m.resolve({.moe_ep = 1});
  const auto ctx = m.ops(phase::context, c);
  // Mixed dtypes: no measured module matches, so the granular ops are the block.
  for (const auto& o : ctx.all()) CHECK(!std::holds_alternative<ops::fallback>(o));
  CHECK(std::get<ops::gemm>(named(ctx, "context_q_b_proj_gemm")).quant == gemm_quant::bfloat16);
  CHECK(std::get<ops::gemm>(named(ctx, "context_kv_b_proj_gemm")).quant == gemm_quant::bfloat16);
  CHECK(std::get<ops::gemm>(named(ctx, "context_proj_gemm")).quant == gemm_quant::nvfp4);
  CHECK(std::get<ops::gemm>(named(ctx, "context_downscale_gemm")).quant == gemm_quant::bfloat16);
  // The shared experts are not excluded: they keep the checkpoint's nvfp4.
  CHECK(std::get<ops::gemm>(named(ctx, "context_shared_gate_up_gemm")).quant == gemm_quant::nvfp4);
}

TEST_CASE("DeepSeek-V4-Flash: ops per compress ratio, module and mHC weights, KV per layer type") {
  const any_model m = get_model("deepseek-ai/DeepSeek-V4-Flash");
  CHECK(m.family() == "DEEPSEEKV4");
  // compress_ratios[:43]: 0, 0, then 4 and 128 alternating (the 44th entry is the MTP layer's).
  CHECK(layer_counts(m) == std::map<std::string, int>{{"swa_moe", 2}, {"csa_moe", 21}, {"hca_moe", 20}});
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  CHECK(c.gemm == gemm_quant::fp8_block);
  CHECK(c.moe == moe_quant::w4a8_mxfp4_mxfp8);  // expert_dtype fp4
  CHECK(c.kv == kv_quant::fp8);                 // always fp8 for this family
  CHECK(c.fmha == fmha_quant::bfloat16);        // the checkpoint's fp8 attention math runs in bf16
  // An explicit choice wins.
  CHECK(m.resolve({.tp = 8, .moe_ep = 8, .moe = moe_quant::fp8_block, .kv = kv_quant::bfloat16}).kv ==
        kv_quant::bfloat16);
  const auto ctx = m.ops(phase::context, c);
  // Ratio 0 is timed as ratio 128: 21 CSA layers, then 20 + 2 HCA layers.
  std::vector<const ops::context_dsv4_attention_module*> attn;
  for (const auto& o : ctx.all())
    if (const auto* a = std::get_if<ops::context_dsv4_attention_module>(&o)) attn.push_back(a);
  REQUIRE(attn.size() == 2);
  CHECK((attn[0]->compress_ratio == 4 && attn[0]->scale_factor == 21));
  CHECK((attn[1]->compress_ratio == 128 && attn[1]->scale_factor == 22));
  CHECK((attn[0]->num_heads == 8 && attn[0]->o_groups == 1));  // 64 / 8 heads, max(1, 8 / 8) groups
  // Weights of a CSA layer on one rank (fp8 GEMMs 1 B, bf16 2 B, fp32 4 B):
  //   GEMM 4096*1024 + 1024*8*512 + 4096*512 + 1*1024*4096 + compressor 2*4096*2*512
  //        + indexer q 1024*64*128 + indexer compressor 2*4096*2*128 = 33,554,432
  //   bf16 8*512*1024 + indexer weights 4096*64 = 4,456,448;  fp32 8 + 4*2*512 + 4*2*128 = 5,128
  CHECK(attn[0]->weight_bytes() == 33554432.0 + 2 * 4456448.0 + 4 * 5128.0);
  // HCA: GEMM 14,680,064 + 2*4096*512 = 18,874,368; bf16 4,194,304; fp32 8 + 128*512 = 65,544.
  CHECK(attn[1]->weight_bytes() == 18874368.0 + 2 * 4194304.0 + 4 * 65544.0);
  // mHC: 2 sites * ((2+4)*4 * 4*4096 + 24 + 3) bf16 parameters.
  CHECK(std::get<ops::dsv4_mhc_module>(named(ctx, "context_mhc_pre")).weight_bytes() == 2.0 * (24 * 16384 + 27) * 2);
  // The shared expert is split by tp (2048 / 8); no all-reduce anywhere.
  CHECK(std::get<ops::gemm>(named(ctx, "context_shared_gate_up_gemm")).n == 512);
  for (const auto& o : ctx.all()) CHECK(!std::holds_alternative<ops::custom_allreduce>(o));
  // Decode: routed path beside the shared expert.
  CHECK(std::holds_alternative<ops::overlap>(named(m.ops(phase::generation, c), "generation_moe_overlap")));
  // KV at 1 token: 43 window entries of 512 B, + per CSA layer the compressor state
  // 2*4*2*512*4 and the indexer compressor's 2*4*2*128*4, + per HCA layer 2*128*512*4.
  CHECK(m.kv_bytes_per_sequence(1, c) == 43 * 512.0 + 21 * (32768.0 + 8192.0) + 20 * 524288.0);
  // At 4096: windows of 128, + 1024 compressed entries and 1024 * 64 B of FP4 indexer per
  // CSA layer, + 32 compressed entries per HCA layer.
  CHECK(m.kv_bytes_per_sequence(4096, c) ==
        43 * 128 * 512.0 + 21 * (32768.0 + 8192.0 + 1024 * (512 + 64.0)) + 20 * (524288.0 + 32 * 512.0));
}

TEST_CASE("DeepSeek-V4 module SOL is the reference's roofline") {
  const any_model m = get_model("deepseek-ai/DeepSeek-V4-Flash");
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  const auto ctx = m.ops(phase::context, c), gen = m.ops(phase::generation, c);
  std::vector<op> ca, ga;
  for (const auto& o : ctx.all())
    if (std::holds_alternative<ops::context_dsv4_attention_module>(o)) ca.push_back(o);
  for (const auto& o : gen.all())
    if (std::holds_alternative<ops::generation_dsv4_attention_module>(o)) ga.push_back(o);
  REQUIRE((ca.size() == 2 && ga.size() == 2));
  const auto sol = [](const op& o, op_query q) {
    return std::visit(
        [&](const auto& x) -> double {
          if constexpr (requires { x.sol(q, h200_sxm); })
            return x.sol(q, h200_sxm).latency_ms();
          else
            return 0.0;
        },
        o);
  };
  // Per layer on h200_sxm, from the reference's formula (operations/dsv4.py) at one
  // prefill of 4096 tokens and one decode step of 8 requests at s = 4097.
  CHECK(sol(ca[0], {4096, 1, 4096, 0}) == doctest::Approx(0.2452268325015167).epsilon(1e-12));
  CHECK(sol(ca[1], {4096, 1, 4096, 0}) == doctest::Approx(0.12251640441658242).epsilon(1e-12));
  CHECK(sol(ga[0], {8, 8, 4097, 0}) == doctest::Approx(0.00908544).epsilon(1e-12));
  CHECK(sol(ga[1], {8, 8, 4097, 0}) == doctest::Approx(0.005835946666666666).epsilon(1e-12));
  CHECK(sol(named(ctx, "context_mhc_pre"), {4096, 1, 4096, 0}) == doctest::Approx(0.11233964916666667).epsilon(1e-12));
  CHECK(sol(named(ctx, "context_mhc_post"), {4096, 1, 4096, 0}) == doctest::Approx(0.11217580916666667).epsilon(1e-12));
}

TEST_CASE("DeepSeek-V4 config reading: ratio 0 without ratio-128 layers, refusals by key") {
  const std::string base = R"("architectures": ["DeepseekV4ForCausalLM"], "num_hidden_layers": 4, "hidden_size": 256,
      "num_attention_heads": 8, "num_key_value_heads": 1, "head_dim": 64, "vocab_size": 100,
      "max_position_embeddings": 1024, "q_lora_rank": 64, "o_lora_rank": 32, "o_groups": 2, "qk_rope_head_dim": 16,
      "index_n_heads": 4, "index_head_dim": 32, "index_topk": 16, "sliding_window": 8, "hc_mult": 2,
      "hc_sinkhorn_iters": 3, "moe_intermediate_size": 64, "n_routed_experts": 8, "num_experts_per_tok": 2,
      "n_shared_experts": 1)";
  const any_model m = model_from_hf_config("{" + base + R"(, "compress_ratios": [0, 4, 0, 4, 128]})");
  CHECK(layer_counts(m) == std::map<std::string, int>{{"swa_moe", 2}, {"csa_moe", 2}});
  const auto c = m.resolve({.tp = 2, .moe_ep = 2});
  CHECK(c.moe == moe_quant::bfloat16);  // no expert_dtype
  std::vector<std::pair<int, double>> attn;
  const auto ctx = m.ops(phase::context, c);
  for (const auto& o : ctx.all())
    if (const auto* a = std::get_if<ops::context_dsv4_attention_module>(&o))
      attn.emplace_back(a->compress_ratio, a->scale_factor);
  // The sliding-window layers are timed as ratio 128, listed after the ratios present.
  CHECK(attn == std::vector<std::pair<int, double>>{{4, 2.0}, {128, 2.0}});
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + base + R"(, "compress_ratios": [0, 4, 0]})"),
                       doctest::Contains("compress_ratios"), invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + base + R"(, "compress_ratios": [0, 4, 8, 4]})"),
                       doctest::Contains("0, 4 or 128"), invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + base + "}"), doctest::Contains("compress_ratios"), invalid_input);
  CHECK_THROWS_AS(m.resolve({.tp = 16, .moe_ep = 16}), invalid_input);
}
