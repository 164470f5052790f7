// STEP3P7: HYBRIDMOE's four layer types, the shared expert listed after P2P, the
// sliding layers' KV capped at the window, (C6) the dense layers' all-reduces, and the
// published checkpoint's config schema. Expected numbers are hand derivations from
// the config.json files.
#include <doctest/doctest.h>

#include <string>

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

/// A Step-3.7 text config of `layers` layers (full attention every 4th from 0), the
/// `extra` keys appended; `listed` layer types (layers + MTP layers when larger).
std::string step_config(int layers, int listed, const std::string& extra) {
  std::string types;
  for (int i = 0; i < listed; ++i)
    types += std::string(i ? ", " : "") + (i % 4 == 0 ? "\"full_attention\"" : "\"sliding_attention\"");
  return R"("num_hidden_layers": )" + std::to_string(layers) +
         R"(, "hidden_size": 4096, "num_attention_heads": 64, "head_dim": 128, "vocab_size": 128896,
      "max_position_embeddings": 65536, "intermediate_size": 11264, "sliding_window": 512, "num_experts": 288,
      "num_experts_per_tok": 8, "moe_intermediate_size": 1280, "share_expert_dim": 1280,
      "num_nextn_predict_layers": 3, "layer_types": [)" +
         types + "]" + extra;
}
}  // namespace

TEST_CASE("Step-3.7-Flash: 12 full and 33 sliding layers, 3 dense, the shared expert after P2P") {
  const any_model m = get_model("stepfun-ai/Step-3.7-Flash");
  CHECK(m.family() == "STEP3P7");
  CHECK(m.is_moe());
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  const auto ctx = m.ops(phase::context, c);
  // 64 / 8 query heads and ceil(8 / 8) KV head of 128, q/k norms on every layer.
  const auto& swa = std::get<ops::context_attention>(ctx[12]);
  CHECK(swa.window_size == 512);
  CHECK(swa.n == 8);
  CHECK(swa.n_kv == 1);
  CHECK(swa.use_qk_norm);
  CHECK(std::get<ops::gemm>(named(ctx, "context_swa_qkv_gemm")).n == 8 * 128 + 2 * 128);
  CHECK(std::get<ops::gemm>(named(ctx, "context_global_qkv_gemm")).scale_factor == 11);
  CHECK(std::get<ops::gemm>(named(ctx, "context_swa_dense_gate_up_gemm")).scale_factor == 2);
  CHECK(std::get<ops::gemm>(named(ctx, "context_global_dense_gate_up_gemm")).n == 2 * 11264 / 8);
  // C6: the dense layers' attention and FFN outputs are all-reduced over tp.
  CHECK(has(ctx, "context_swa_dense_attn_ar"));
  CHECK(has(ctx, "context_global_dense_ffn_ar"));
  // The shared expert of the 42 MoE layers, once, after P2P: 1280 / 8 wide.
  CHECK(name_of(ctx[ctx.size() - 4]) == "context_p2p");
  const auto& shared_up = std::get<ops::gemm>(ctx[ctx.size() - 3]);
  CHECK(shared_up.name == "context_shared_expert_dense_gate_up_gemm");
  CHECK(shared_up.scale_factor == 42);
  CHECK(shared_up.n == 2 * 160);
  CHECK(std::get<ops::gemm>(ctx[ctx.size() - 1]).k == 160);
  CHECK_FALSE(has(ctx, "context_global_shared_gate_up_gemm"));
  // KV per GPU: 2 x 1 head x 128 x 2 B = 512 B per layer and token; 12 full layers grow,
  // 33 sliding ones stop at 512 tokens.
  CHECK(m.kv_bytes_per_sequence(128, c) == 45.0 * 128 * 512);
  CHECK(m.kv_bytes_per_sequence(4096, c) == 12.0 * 4096 * 512 + 33.0 * 512 * 512);
  // tp 1: no all-reduce.
  const auto one = m.ops(phase::context, m.resolve({.tp = 1, .moe_ep = 1}));
  CHECK_FALSE(has(one, "context_swa_dense_attn_ar"));
}

TEST_CASE("Step-3.7: the published schema (text_config, MTP layer types, moe_layers_enum, other attention)") {
  std::string moe_enum;
  for (int i = 3; i < 45; ++i) {
    if (i > 3) moe_enum += ',';
    moe_enum += std::to_string(i);
  }
  const std::string text = R"({"architectures": ["Step3p7ForConditionalGeneration"], "text_config": {)" +
                           step_config(45, 48,
                                       R"(, "num_attention_groups": 8, "moe_layers_enum": ")" + moe_enum +
                                           R"(", "attention_other_setting": {"attention_type": "sliding_attention",
                          "num_attention_heads": 96, "num_attention_groups": 8, "head_dim": 128}})") +
                           "}";
  const any_model m = model_from_hf_config(text);
  CHECK(m.family() == "STEP3P7");
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  const auto ctx = m.ops(phase::context, c);
  // Sliding layers: 96 / 8 query heads; full layers keep 64.
  CHECK(std::get<ops::gemm>(named(ctx, "context_swa_qkv_gemm")).n == 12 * 128 + 2 * 128);
  CHECK(std::get<ops::gemm>(named(ctx, "context_swa_proj_gemm")).k == 12 * 128);
  CHECK(std::get<ops::gemm>(named(ctx, "context_global_qkv_gemm")).n == 8 * 128 + 2 * 128);
  CHECK(std::get<ops::gemm>(named(ctx, "context_swa_dense_qkv_gemm")).scale_factor == 2);
  CHECK(std::get<ops::gemm>(named(ctx, "context_shared_expert_dense_gate_up_gemm")).scale_factor == 42);
  // The same KV as the flat config: the KV heads and head size are equal.
  CHECK(m.kv_bytes_per_sequence(4096, c) == 12.0 * 4096 * 512 + 33.0 * 512 * 512);
}

TEST_CASE("Step-3.7: configs strata cannot price are refused by key") {
  const auto flat = [](int listed, const std::string& extra) {
    return R"({"architectures": ["Step3p7FlashForCausalLM"], )" + step_config(45, listed, extra) + "}";
  };
  CHECK_NOTHROW(model_from_hf_config(flat(45, R"(, "first_k_dense_replace": 3)")));
  CHECK_THROWS_WITH_AS(model_from_hf_config(flat(45, R"(, "use_head_wise_attn_gate": true)")),
                       doctest::Contains("use_head_wise_attn_gate"), invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config(flat(44, "")), doctest::Contains("layer_types"), invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config(flat(45, R"(, "moe_layers_enum": "3,x")")),
                       doctest::Contains("moe_layers_enum"), invalid_input);
}
