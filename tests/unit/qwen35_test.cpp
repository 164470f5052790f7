// QWEN35: Gated DeltaNet + gated full attention, dense and MoE, per backend. Expected
// numbers are hand derivations from the models' config.json files.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <string>

#include "strata/cost/estimate.hpp"
#include "strata/runtime/get_model.hpp"
#include "strata/strata.hpp"

using namespace strata;
using cost::systems::h200_sxm;

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
std::size_t index_of(const op_list& ops, std::string_view n) {
  for (std::size_t i = 0; i < ops.size(); ++i)
    if (name_of(ops[i]) == n) return i;
  FAIL("no top-level op " << n);
  return 0;
}
std::map<std::string, int> layer_counts(const any_model& m) {
  std::map<std::string, int> out;
  for (const auto& g : m.groups()) out[g.key] += g.count;
  return out;
}
}  // namespace

TEST_CASE("Qwen3.5-35B-A3B at tp 1, bf16: 20,480 B of KV per token plus 64,389,120 B of GDN state") {
  const auto path = shared_dir / "hf-configs/Qwen--Qwen3.5-35B-A3B_config.json";
  if (!std::filesystem::exists(path)) {
    MESSAGE("skipped: " << path << " not found (../shared beside the checkout)");
    return;
  }
  const any_model m = load_hf_model(path);
  CHECK(m.family() == "QWEN35");
  // layer_types: every 4th of 40 layers is full attention.
  CHECK(layer_counts(m) == std::map<std::string, int>{{"gdn_moe", 30}, {"full_moe", 10}});
  const auto c = m.resolve({});
  // Full attention: 10 layers x 2 KV heads x (K 256 + V 256) x 2 B = 20,480 B per token.
  // GDN, per layer (16 key heads of 128, 32 value heads of 128, conv kernel 4):
  //   recurrent state 32 x 128 x 128 x 4 B (mamba_ssm_dtype float32) = 2,097,152 B
  //   conv window (2 x 16 x 128 + 32 x 128) = 8192 channels x 3 x 2 B =    49,152 B
  //   30 layers x 2,146,304 B = 64,389,120 B per sequence (reference §7 worked numbers).
  for (std::int64_t s : {1, 4096, 131072}) CHECK(m.kv_bytes_per_sequence(s, c) == 64389120.0 + 20480.0 * double(s));
}

TEST_CASE("Qwen3.5-397B-A17B at tp 8: GDN and gated-attention widths, state per GPU") {
  const any_model m = get_model("Qwen/Qwen3.5-397B-A17B");
  CHECK(layer_counts(m) == std::map<std::string, int>{{"gdn_moe", 45}, {"full_moe", 15}});
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  const auto ctx = m.ops(phase::context, c);
  // q, k, v, z: (2 x 16 x 128 + 2 x 64 x 128) / 8 = 2560; b, a: 2 x 64 / 8 = 16.
  CHECK(std::get<ops::gemm>(named(ctx, "context_gdn_in_proj_gemm")).n == 2560);
  CHECK(std::get<ops::gemm>(named(ctx, "context_gdn_in_proj_ba_gemm")).n == 16);
  CHECK(std::get<ops::gemm>(named(ctx, "context_gdn_out_proj_gemm")).k == 64 * 128 / 8);
  // The output gate doubles the q slice: 2 x (32 / 8) x 256 + 2 x 1 x 256 = 2560.
  CHECK(std::get<ops::gemm>(named(ctx, "context_qkv_gemm")).n == 2560);
  CHECK(std::get<ops::context_attention>(named(ctx, "context_attention")).use_qk_norm);
  // The chunked delta rule over 2 key / 8 value heads per GPU, 1024 new tokens, 16 chunks:
  //   read  1024 x 1536 x 2 + 131072 x 4 + 16 x 131072 x 2 = 7,864,320 B
  //   write 1024 x 1024 x 2 + 131072 x 4 + 16 x 131072 x 2 = 6,815,744 B, x 45 layers.
  const auto r = cost::context_step(ctx, h200_sxm, 1, 1024);
  CHECK(r.op_ms[index_of(ctx, "context_gdn_scan")] ==
        doctest::Approx((7864320.0 + 6815744.0) / 4.8e12 * 1e3 * 45).epsilon(1e-12));
  // State per GPU: 45 x (8 x 128 x 128 x 4 + 12288 / 8 x 3 x 2) B + 15 x 1 x 512 x 2 B per token.
  CHECK(m.kv_bytes_per_sequence(1, c) == 45.0 * (8 * 128 * 128 * 4 + 1536 * 3 * 2) + 15.0 * 1024);
  // The pre-dispatch of a prefill reports tp as its token divisor (an SGLang DeepEP knob).
  CHECK(std::get<ops::moe_dispatch>(named(ctx, "context_gdn_moe_pre_dispatch")).scale_num_tokens == 8);
  CHECK(std::get<ops::moe_dispatch>(named(ctx, "context_gdn_moe_pre_dispatch")).attn_ar_modeled);
}

TEST_CASE("Qwen3.5 MoE decode per backend: TRT-LLM in series, vLLM and SGLang overlap the shared expert") {
  const any_model m = get_model("Qwen/Qwen3.5-397B-A17B");
  const auto trt = m.ops(phase::generation, m.resolve({.tp = 8, .moe_ep = 8}));
  CHECK(!has(trt, "generation_gdn_moe_overlap"));
  // vLLM: routed (router, pre-dispatch, experts) beside the gated shared expert (gate
  // GEMM, gate_up, act, down, gate product); merge and post-dispatch after the join.
  const auto vllm = m.ops(phase::generation, m.resolve({.tp = 8, .moe_ep = 8, .backend = backend::vllm}));
  const auto& overlap = std::get<ops::overlap>(named(vllm, "generation_gdn_moe_overlap"));
  CHECK(overlap.group_a == 3);
  CHECK(overlap.group_b == 5);
  CHECK(index_of(vllm, "generation_gdn_shared_merge") == index_of(vllm, "generation_gdn_moe_overlap") + 1);
  CHECK(index_of(vllm, "generation_gdn_moe_post_dispatch") == index_of(vllm, "generation_gdn_moe_overlap") + 2);
  // The layer lists its attention all-reduce (gdn_ar), so vLLM's pre-dispatch prices
  // nothing at dp 1, while the post-dispatch reduces the merged output over 8 GPUs.
  const op_query q{8, 8, 4096, 0};
  const op& pre = vllm.group_a(named(vllm, "generation_gdn_moe_overlap"))[1];
  CHECK(name_of(pre) == "generation_gdn_moe_pre_dispatch");
  CHECK(cost::leaf_latency_ms(pre, q, h200_sxm) == 0);
  CHECK(cost::leaf_latency_ms(named(vllm, "generation_gdn_moe_post_dispatch"), q, h200_sxm) > 0);
  // SGLang at dp 1: no collective before the experts, the shared gate fused into the
  // merge (it reads hidden, shared and routed: 3 x 4096).
  const auto sgl = m.ops(phase::generation, m.resolve({.tp = 8, .moe_ep = 8, .backend = backend::sglang}));
  CHECK(!has(sgl, "generation_gdn_moe_pre_dispatch"));
  CHECK(!has(sgl, "generation_gdn_shared_expert_gate_gemm"));
  CHECK(std::get<ops::overlap>(named(sgl, "generation_gdn_moe_overlap")).group_a == 2);
  CHECK(std::get<ops::overlap>(named(sgl, "generation_gdn_moe_overlap")).group_b == 3);
  CHECK(std::get<ops::elementwise>(named(sgl, "generation_gdn_shared_merge")).dim_in == 3 * 4096);
  // SGLang with attention DP: the attention reduction folds into the gather before the
  // experts (outside the overlap); the layers list no all-reduce of their own.
  const auto dp = m.ops(phase::generation, m.resolve({.tp = 4, .moe_ep = 8, .attention_dp = 2, .backend = backend::sglang}));
  CHECK(!has(dp, "generation_gdn_ar"));
  CHECK(!has(dp, "generation_full_ar"));
  CHECK(index_of(dp, "generation_gdn_moe_pre_dispatch") + 1 == index_of(dp, "generation_gdn_moe_overlap"));
}

TEST_CASE("Qwen3.5-27B: dense SwiGLU FFN with its own all-reduce") {
  const any_model m = get_model("Qwen/Qwen3.5-27B");
  CHECK(!m.is_moe());
  CHECK(layer_counts(m) == std::map<std::string, int>{{"gdn_dense", 48}, {"full_dense", 16}});
  const auto ctx = m.ops(phase::context, m.resolve({.tp = 4}));
  CHECK(std::get<ops::gemm>(named(ctx, "context_gdn_gate_ffn1_gemm")).n == 2 * 17408 / 4);
  CHECK(scale_of(named(ctx, "context_full_ffn_ar")) == 16);
  // 48 value heads over tp 4: 12 per GPU in the kernels.
  CHECK(std::get<ops::gdn_kernel>(named(ctx, "context_gdn_conv1d")).num_v_heads == 12);
}

TEST_CASE("Qwen3.5 configs: interval fallback, mlp_only_layers, state dtype, head divisibility") {
  const std::string base = R"("architectures": ["Qwen3_5MoeForConditionalGeneration"], "text_config": {
      "num_hidden_layers": 8, "hidden_size": 256, "num_attention_heads": 4, "num_key_value_heads": 2,
      "head_dim": 64, "vocab_size": 100, "max_position_embeddings": 64, "linear_num_key_heads": 2,
      "linear_key_head_dim": 32, "linear_num_value_heads": 4, "linear_value_head_dim": 32,
      "linear_conv_kernel_dim": 4, "num_experts": 8, "num_experts_per_tok": 2, "moe_intermediate_size": 64,
      "shared_expert_intermediate_size": 64, "intermediate_size": 512)";
  // No layer_types: full attention every full_attention_interval (4) layers; layer 0
  // keeps a dense MLP (mlp_only_layers); no mamba_ssm_dtype: a bf16 state.
  const any_model m = model_from_hf_config("{" + base + R"(, "mlp_only_layers": [0]}})");
  CHECK(layer_counts(m) == std::map<std::string, int>{{"gdn_dense", 1}, {"gdn_moe", 5}, {"full_moe", 2}});
  const auto c = m.resolve({.moe_ep = 1});
  // 6 GDN layers x (4 x 32 x 32 x 2 B + (2 x 2 x 32 + 4 x 32) x 3 x 2 B) + 2 x 2 x 64 x 2 x 2 B per token.
  CHECK(m.kv_bytes_per_sequence(10, c) == 6.0 * (4 * 32 * 32 * 2 + 256 * 3 * 2) + 2.0 * 2 * 128 * 2 * 10);
  // Without attn_output_gate the q slice is not doubled.
  const any_model no_gate = model_from_hf_config("{" + base + R"(, "attn_output_gate": false}})");
  CHECK(std::get<ops::gemm>(named(no_gate.ops(phase::context, no_gate.resolve({.moe_ep = 1})), "context_qkv_gemm")).n ==
        4 * 64 + 2 * 2 * 64);
  // tp 4 does not divide the 2 GDN key heads.
  CHECK_THROWS_WITH_AS(m.resolve({.tp = 4, .moe_ep = 4}), doctest::Contains("Gated DeltaNet heads"), invalid_input);
  // A layer type that is neither is an error naming the entry.
  CHECK_THROWS_WITH_AS(
      model_from_hf_config("{" + base + R"(, "layer_types": ["linear_attention", "linear_attention",
          "linear_attention", "full_attention", "linear_attention", "linear_attention", "sliding", "full_attention"]}})",
                           "q.json"),
      doctest::Contains("q.json: $.text_config.layer_types[6]: expected linear_attention / full_attention"),
      invalid_input);
}
