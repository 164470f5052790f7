#include <doctest/doctest.h>

#include <string>

#include "strata/strata.hpp"

using namespace strata;

namespace {
std::string error_of(auto&& f) {
  try {
    f();
  } catch (const invalid_input& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("impossible layouts are rejected with the values named") {
  const auto& l8 = catalog::meta_llama_3_1_8b;
  CHECK(error_of([&] { l8.resolve({.tp = 3}); }) ==
        "tp = 3 does not divide the 32 attention heads: expected a divisor of 32");
  CHECK(error_of([&] { l8.resolve({.tp = 0}); }).starts_with("tp = 0: expected an integer from 1"));
  CHECK(error_of([&] { l8.resolve({.pp = 64}); }) == "pp = 64 is more pipeline stages than the model's 32 layers");
  CHECK(error_of([&] { l8.resolve({.nextn = -1}); }).starts_with("nextn = -1"));

  const auto& q = catalog::qwen3_30b_a3b;  // 128 experts
  CHECK(error_of([&] { q.resolve({.tp = 4}); }).starts_with("MoE model needs --ep"));
  CHECK(error_of([&] { q.resolve({.tp = 4, .moe_tp = 2, .moe_ep = 4}); }) ==
        "moe tp * ep = 2 * 4 = 8 but tp * dp = 4 * 1 = 4: they must be equal");
  CHECK(error_of([&] { q.resolve({.tp = 4, .moe_ep = 3}); }) == "ep = 3 does not divide tp * dp = 4");
  const auto& mix = catalog::mixtral_8x7b;  // 8 experts
  CHECK(error_of([&] { mix.resolve({.tp = 16, .moe_ep = 16}); }).find("larger than the model's 8 experts") !=
        std::string::npos);
  // fp8_block experts need whole 128-wide blocks per moe-tp shard: 2048 / 32 = 64.
  const auto& mimo = catalog::mimo_v2_flash;
  CHECK(error_of([&] { mimo.resolve({.tp = 32, .moe_tp = 32, .moe_ep = 1}); }).find("fp8_block") != std::string::npos);
}

TEST_CASE("unset MoE sizes resolve from the layout") {
  const auto& q = catalog::qwen3_30b_a3b;
  auto c = q.resolve({.tp = 4, .moe_ep = 4});
  CHECK(c.moe_tp == 1);
  c = q.resolve({.tp = 4, .moe_tp = 2});
  CHECK(c.moe_ep == 2);
  c = q.resolve({.tp = 2, .moe_ep = 8, .attention_dp = 4});  // 2 * 4 GPUs share the experts
  CHECK(c.moe_tp == 1);
}

TEST_CASE("checkpoint quantization picks the default quant modes") {
  // Qwen3-32B-FP8 declares quant_method fp8 with a 128x128 weight block.
  auto c = catalog::qwen3_32b_fp8.resolve({.tp = 2});
  CHECK(c.gemm == gemm_quant::fp8_block);
  CHECK(c.kv == kv_quant::fp8);
  CHECK(c.fmha == fmha_quant::fp8);
  // vLLM runs its attention in bf16 unless asked.
  c = catalog::qwen3_32b_fp8.resolve({.tp = 2, .backend = backend::vllm});
  CHECK(c.fmha == fmha_quant::bfloat16);
  // gpt-oss ships mxfp4 experts and bf16 elsewhere.
  c = catalog::gpt_oss_120b.resolve({.tp = 4, .moe_ep = 4});
  CHECK(c.moe == moe_quant::w4a16_mxfp4);
  CHECK(c.gemm == gemm_quant::bfloat16);
  CHECK(c.kv == kv_quant::bfloat16);
  // What the user says wins.
  c = catalog::qwen3_32b_fp8.resolve({.tp = 2, .kv = kv_quant::bfloat16});
  CHECK(c.kv == kv_quant::bfloat16);
  // A plain-dynamic fp8 checkpoint (no block) is per-tensor fp8; static scales are fp8_static.
  resolved_config r;
  apply_quant_defaults(r, {}, checkpoint_quant{checkpoint_algo::fp8, true});
  CHECK(r.gemm == gemm_quant::fp8);
  apply_quant_defaults(r, {}, checkpoint_quant{checkpoint_algo::fp8, false});
  CHECK(r.gemm == gemm_quant::fp8_static);
  CHECK(r.moe == moe_quant::fp8);
}

TEST_CASE("quant names round-trip and unknown names are rejected") {
  CHECK(parse_quant<gemm_quant>("fp8_block") == gemm_quant::fp8_block);
  CHECK(name(moe_quant::w4a16_mxfp4) == "w4a16_mxfp4");
  CHECK(!parse_quant<kv_quant>("fp4").has_value());
  CHECK(bytes_per_element(gemm_quant::nvfp4) == 0.5625);  // 0.5 B + one fp8 scale per 16
  CHECK(compute_of(gemm_quant::sq) == compute_dtype::int8);
  CHECK(quant_names<kv_quant>() == "bfloat16, int8, fp8");
}

TEST_CASE("check_is_moe by catalog id") {
  CHECK(catalog::check_is_moe("XiaomiMiMo/MiMo-V2-Flash") == true);
  CHECK(catalog::check_is_moe("Qwen/Qwen3-30B-A3B") == true);
  CHECK(catalog::check_is_moe("meta-llama/Meta-Llama-3.1-8B") == false);
  CHECK(!catalog::check_is_moe("no/such-model").has_value());
  static_assert(catalog::llama4_scout.is_moe() && !catalog::qwen3_8b.is_moe());
}
