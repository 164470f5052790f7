// NEMOTRONH: Mamba2 + attention + MoE / MLP blocks. Expected numbers are hand
// derivations from the models' config.json files, written out next to each check.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "strata/cost/estimate.hpp"
#include "strata/runtime/get_model.hpp"
#include "strata/strata.hpp"

using namespace strata;
using cost::systems::h200_sxm;

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
std::map<std::string, int> layer_counts(const any_model& m) {
  std::map<std::string, int> out;
  for (const auto& g : m.groups()) out[g.key] += g.count;
  return out;
}
}  // namespace

TEST_CASE("Nemotron-3 Nano: KV on the 6 attention layers, a constant Mamba state on the 23 Mamba layers (C3)") {
  const any_model m = get_model("nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16");
  CHECK(m.family() == "NEMOTRONH");
  CHECK(m.is_moe());  // its hybrid_override_pattern has E blocks
  // "MEMEM*EMEMEM*...": 23 M, 23 E, 6 *.
  CHECK(layer_counts(m) == std::map<std::string, int>{{"mamba", 23}, {"full", 6}, {"moe", 23}});
  // One GPU: the only MoE grid is 1 x 1, so no --ep is needed.
  const auto c = m.resolve({});
  CHECK((c.moe_tp == 1 && c.moe_ep == 1));
  // Attention, per token: 6 layers x 2 KV heads x (K 128 + V 128) x 2 B = 6,144 B.
  // Mamba, per sequence (config: 64 heads of 64, ssm_state_size 128, n_groups 8,
  // conv_kernel 4, mamba_ssm_cache_dtype float32):
  //   SSM state  64 x 64 x 128 x 4 B                 = 2,097,152 B
  //   conv window (64 x 64 + 2 x 8 x 128) x 3 x 2 B  =    36,864 B
  //   23 layers x 2,134,016 B                        = 49,082,368 B, whatever the length.
  const double state = 23.0 * (64 * 64 * 128 * 4 + (64 * 64 + 2 * 8 * 128) * 3 * 2);
  CHECK(state == 49082368.0);
  for (std::int64_t s : {1, 128, 4096, 131072}) CHECK(m.kv_bytes_per_sequence(s, c) == state + 6144.0 * double(s));
  // Per layer type: the Mamba state does not grow; the attention KV does.
  const auto at_1 = m.kv_bytes_by_group(1, c), at_4096 = m.kv_bytes_by_group(4096, c);
  CHECK(at_1[0] == state);
  CHECK(at_4096[0] == state);
  CHECK(at_4096[1] == 6144.0 * 4096);
  CHECK(at_4096[2] == 0);  // the MoE blocks keep nothing
  // tp 4: 16 heads and 2 groups per GPU; KV heads ceil(2 / 4) = 1.
  const auto c4 = m.resolve({.tp = 4, .moe_ep = 4});
  CHECK(m.kv_bytes_per_sequence(1, c4) ==
        23.0 * (16 * 64 * 128 * 4 + (16 * 64 + 2 * 2 * 128) * 3 * 2) + 6.0 * 1 * 256 * 2);
}

TEST_CASE("Nemotron-3 Nano ops: ReLU² experts with a ReLU² shared expert, reductions per block type") {
  const any_model m = get_model("nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16");
  const auto c = m.resolve({.tp = 4, .moe_ep = 4});
  const auto ctx = m.ops(phase::context, c);
  // Mamba in_proj: z + x (16 heads x 64 each) + B + C (2 groups x 128 each) + dt (16).
  CHECK(std::get<ops::gemm>(named(ctx, "context_mamba_in_proj_gemm")).n == 2 * 1024 + 2 * 2 * 128 + 16);
  CHECK(std::get<ops::gemm>(named(ctx, "context_mamba_out_proj_gemm")).k == 1024);
  // Attention: 32 / 4 = 8 query heads, 1 KV head, head_dim 128.
  CHECK(std::get<ops::gemm>(named(ctx, "context_qkv_gemm")).n == 8 * 128 + 2 * 128);
  // Shared expert: 3712 / 4 = 928 wide, up then ReLU² then down (no gate projection).
  CHECK(std::get<ops::gemm>(named(ctx, "context_shared_up_gemm")).n == 928);
  CHECK(std::get<ops::elementwise>(named(ctx, "context_shared_relu2")).dim_in == 928);
  const auto& experts = std::get<ops::moe>(named(ctx, "context_moe"));
  CHECK(!experts.is_gated);
  CHECK(experts.hidden_size == 2688);
  // Each block type ends in its own all-reduce with its own count.
  CHECK(scale_of(named(ctx, "context_mamba_ar")) == 23);
  CHECK(scale_of(named(ctx, "context_attn_ar")) == 6);
  CHECK(scale_of(named(ctx, "context_moe_ar")) == 23);
  CHECK(!has(ctx, "context_mlp_up_gemm"));  // no '-' blocks in this model
  // MTP: every per-layer decode op runs (52 + 1) / 52 times as often.
  const auto gen = m.ops(phase::generation, m.resolve({.tp = 4, .moe_ep = 4, .nextn = 1}));
  CHECK(scale_of(named(gen, "generation_mamba_ssm")) == doctest::Approx(23.0 * 53 / 52));
}

TEST_CASE("Nemotron-H-56B: dense (no E blocks), Mamba kernels on this GPU's heads (C7)") {
  const any_model m = get_model("nvidia/Nemotron-H-56B-Base-8K");
  CHECK(!m.is_moe());
  CHECK(layer_counts(m) == std::map<std::string, int>{{"mamba", 54}, {"full", 10}, {"dense", 54}});
  const auto c = m.resolve({.tp = 8});
  const auto ctx = m.ops(phase::context, c);
  // 256 heads / 8 = 32 per GPU, 8 groups / 8 = 1.
  const auto& conv = std::get<ops::mamba2_kernel>(named(ctx, "context_mamba_conv1d"));
  CHECK(conv.nheads == 32);
  CHECK(conv.n_groups == 1);
  CHECK(conv.kernel_source == ops::state_space_kernel::causal_conv1d_fn);
  // in_proj: 2 x 32 x 64 + 2 x 1 x 256 + 32 = 4640 (the reference's width too).
  CHECK(std::get<ops::gemm>(named(ctx, "context_mamba_in_proj_gemm")).n == 4640);
  // '-' blocks: ReLU² MLP of 32768 / 8 = 4096.
  CHECK(std::get<ops::gemm>(named(ctx, "context_mlp_up_gemm")).n == 4096);
  CHECK(std::get<ops::elementwise>(named(ctx, "context_mlp_relu2")).dim_out == 4096);
  // Prefill of 1024 tokens: the conv reads (d_conv + 1) taps and writes one value per
  // channel, conv channels = 32 x 64 + 2 x 1 x 256 = 2560, bf16:
  //   1024 x 2560 x 5 x 2 + 1024 x 2560 x 2 = 31,457,280 B / 4.8e12 B/s = 0.0065536 ms, x 54.
  const auto r = cost::context_step(ctx, h200_sxm, 1, 1024);
  std::size_t i = 0;
  while (!(name_of(ctx[i]) == "context_mamba_conv1d")) ++i;
  CHECK(r.op_ms[i] == doctest::Approx(31457280.0 / 4.8e12 * 1e3 * 54).epsilon(1e-12));
  // The scan: x, B, C, dt in and y out: 1024 x (2048 + 2 x 256 + 32) x 2 + 1024 x 2048 x 2.
  CHECK(r.op_ms[i + 1] == doctest::Approx((1024.0 * 2592 * 2 + 1024.0 * 2048 * 2) / 4.8e12 * 1e3 * 54).epsilon(1e-12));
  // Decode reads one position per request: batch 8 -> x = 8.
  const auto gen = m.ops(phase::generation, c);
  const auto g = cost::generation_step(gen, h200_sxm, 8, 4096);
  std::size_t j = 0;
  while (!(name_of(gen[j]) == "generation_mamba_conv1d")) ++j;
  CHECK(g.op_ms[j] == doctest::Approx((8.0 * 2560 * 5 * 2 + 8.0 * 2560 * 2) / 4.8e12 * 1e3 * 54).epsilon(1e-12));
  // KV: 10 attention layers x ceil(8 / 8) = 1 KV head x 256 x 2 B per token, plus
  // 54 x (32 x 64 x 256 x 4 + 2560 x 3 x 2) B of Mamba state (no mamba_ssm_cache_dtype
  // in the config: vLLM's float32 default).
  CHECK(m.kv_bytes_per_sequence(100, c) == 54.0 * (32 * 64 * 256 * 4 + 2560 * 3 * 2) + 10.0 * 512 * 100);
}

TEST_CASE("Nemotron-H configs: block patterns, latent experts (C11), shared expert width, errors") {
  const std::string base = R"("architectures": ["NemotronHForCausalLM"], "num_hidden_layers": 4, "hidden_size": 256,
      "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 64, "vocab_size": 100,
      "max_position_embeddings": 64, "mamba_num_heads": 8, "mamba_head_dim": 32, "ssm_state_size": 16,
      "conv_kernel": 4, "n_groups": 2, "chunk_size": 128, "n_routed_experts": 16, "num_experts_per_tok": 2,
      "moe_intermediate_size": 64, "moe_shared_expert_intermediate_size": 96, "n_shared_experts": 2,
      "intermediate_size": 512, "time_step_limit": [0.0, Infinity])";
  // layers_block_type spells the blocks out; a latent MoE (Nemotron-3 Super style).
  const any_model m = model_from_hf_config(
      "{" + base + R"(, "layers_block_type": ["mamba", "moe", "attention", "mlp"], "moe_latent_size": 128})");
  CHECK(layer_counts(m) == std::map<std::string, int>{{"mamba", 1}, {"moe", 1}, {"full", 1}, {"dense", 1}});
  const auto c = m.resolve({.tp = 2, .moe_ep = 2});
  const auto ctx = m.ops(phase::context, c);
  // C11: the latent projections are replicated (not split by tp 2): 256 -> 128 -> 256.
  CHECK(std::get<ops::gemm>(named(ctx, "context_fc1_latent_proj_gemm")).n == 128);
  CHECK(std::get<ops::gemm>(named(ctx, "context_fc2_latent_proj_gemm")).k == 128);
  // The experts, and the dispatch around them, carry latent-wide tokens.
  CHECK(std::get<ops::moe>(named(ctx, "context_moe")).hidden_size == 128);
  CHECK(std::get<ops::moe_dispatch>(named(ctx, "context_moe_pre_dispatch")).hidden_size == 128);
  // The router and the shared expert see the hidden state; the shared expert is
  // n_shared_experts x moe_shared_expert_intermediate_size = 192 wide, / tp 2.
  CHECK(std::get<ops::gemm>(named(ctx, "context_router_gemm")).k == 256);
  CHECK(std::get<ops::gemm>(named(ctx, "context_shared_up_gemm")).n == 96);
  // A pattern that does not cover every layer is an error naming the key.
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + base + R"(, "hybrid_override_pattern": "M*E"})", "nh.json"),
                       doctest::Contains("nh.json: $.hybrid_override_pattern: expected a string of 4 block marks"),
                       invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config("{" + base + R"(, "hybrid_override_pattern": "M*EX"})", "nh.json"),
                       doctest::Contains("$.hybrid_override_pattern"), invalid_input);
  // tp must divide the Mamba heads.
  const any_model mamba = model_from_hf_config("{" + base + R"(, "hybrid_override_pattern": "MMMM"})");
  CHECK(!mamba.is_moe());
  CHECK_THROWS_WITH_AS(mamba.resolve({.tp = 16}), doctest::Contains("Mamba heads"), invalid_input);
}
