#include <doctest/doctest.h>

#include "strata/strata.hpp"

using namespace strata;

namespace {
const op& named(const op_list& ops, std::string_view n, int occurrence = 0) {
  for (const auto& o : ops)
    if (name_of(o) == n && occurrence-- == 0) return o;
  FAIL("no op " << n);
  return ops[0];
}
/// Layers with (sliding or full) attention and a (routed or dense) FFN.
template <class Groups>
int count_of(const Groups& gs, bool sliding, bool routed) {
  return count_layers_if(gs, [&](const auto& l) {
    return (l.mixer.window > 0) == sliding && std::remove_cvref_t<decltype(l)>::routed == routed;
  });
}
}  // namespace

TEST_CASE("weight bytes follow the reference's rules") {
  // GEMM: n * k * bytes; nvfp4 stores 9/16 B per weight.
  CHECK(ops::gemm{{}, 1, 6144, 4096, gemm_quant::bfloat16}.weight_bytes() == 6144.0 * 4096 * 2);
  CHECK(ops::gemm{{}, 1, 1024, 1024, gemm_quant::nvfp4}.weight_bytes() == 1024.0 * 1024 * 9 / 16);
  // MoE: floor(floor(h * inter * E * bytes * 3 / ep) / moe_tp). Qwen3-30B-A3B at ep 4:
  // 2048 * 768 * 128 * 2 * 3 / 4 = 301,989,888 B per layer.
  ops::moe m{{}, 1, 2048, 768, 8, 128, 1, 4, moe_quant::bfloat16};
  CHECK(m.weight_bytes() == 301989888.0);
  // Embedding rows on this rank * hidden * 2 B.
  CHECK(ops::embedding{{}, 1, 37984, 2048}.weight_bytes() == 37984.0 * 2048 * 2);
}

TEST_CASE("gpt-oss: half the layers attend to a 128-token window") {
  const auto& g = catalog::gpt_oss_120b;
  const auto c = g.resolve({.tp = 4, .moe_ep = 4});
  const auto ctx = g.ops(phase::context, c);
  const auto& sliding = std::get<ops::context_attention>(named(ctx, "context_attention", 0));
  const auto& full = std::get<ops::context_attention>(named(ctx, "context_attention", 1));
  CHECK(sliding.window_size == 128);
  CHECK(full.window_size == 0);
  CHECK(sliding.scale_factor == 18);
  CHECK(full.scale_factor == 18);
  // KV per GPU: 2 KV heads * (64 + 64) * 2 B = 512 B per layer-token;
  // at 4096 tokens: 18 * 512 * 128 + 18 * 512 * 4096 = 38,928,384 B.
  CHECK(g.kv_bytes_per_sequence(4096, c) == 38928384.0);
}

TEST_CASE("MOE family prefill projects the last token to logits (C4)") {
  const auto& q = catalog::qwen3_30b_a3b;
  const auto c = q.resolve({.tp = 2, .moe_ep = 2});
  const op_list ctx = q.ops(phase::context, c);
  const auto& logits = std::get<ops::gemm>(named(ctx, "context_logits_gemm"));
  CHECK(logits.n == 151936 / 2);
  CHECK(logits.k == 2048);
  CHECK(logits.quant == gemm_quant::bfloat16);
}

TEST_CASE("Llama-4 layer types follow the modeling code (C2)") {
  // Scout: 48 layers, NoPE full attention at every 4th layer, chunked elsewhere; all MoE.
  const auto& s = catalog::llama4_scout;
  CHECK(count_of(s.groups, false, true) == 12);
  CHECK(count_of(s.groups, true, true) == 36);
  // Maverick: MoE on odd layers (interleave step 2); every full layer (3, 7, ...) is odd.
  const auto& m = catalog::llama4_maverick;
  CHECK(count_of(m.groups, false, true) == 12);
  CHECK(count_of(m.groups, true, true) == 12);
  CHECK(count_of(m.groups, true, false) == 24);
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  const auto ctx = m.ops(phase::context, c);
  // Shared expert (intermediate_size 8192) on each MoE layer: gate+up 2 * 8192 / 8.
  CHECK(std::get<ops::gemm>(named(ctx, "context_swa_shared_gate_up_gemm")).n == 2048);
  // Dense layers use intermediate_size_mlp = 16384, with TP all-reduces (C6).
  CHECK(std::get<ops::gemm>(named(ctx, "context_swa_dense_gate_up_gemm")).n == 2 * 16384 / 8);
  CHECK(std::get<ops::custom_allreduce>(named(ctx, "context_swa_dense_attn_ar")).tp_size == 8);
  // KV at 131072 tokens, bf16, one KV head per GPU, head 128 (K and V):
  // 12 full * 512 B * 131072 + 36 chunked * 512 B * 8192 = 805,306,368 + 150,994,944.
  CHECK(m.kv_bytes_per_sequence(131072, c) == 956301312.0);
}

TEST_CASE("MiMo-V2-Flash KV per layer type (C3)") {
  const auto& mimo = catalog::mimo_v2_flash;
  // tp 2, fp8 KV (the checkpoint is fp8): full layers hold ceil(4 / 2) = 2 KV heads of
  // K 192 + V 128, SWA layers ceil(8 / 2) = 4 heads capped at 128 tokens.
  const auto c = mimo.resolve({.tp = 2, .moe_ep = 2});
  const double per_full = 2 * (192 + 128);  // B per token per layer
  const double per_swa = 4 * (192 + 128);
  CHECK(mimo.kv_bytes_per_sequence(1, c) == 9 * per_full + 39 * per_swa);
  CHECK(mimo.kv_bytes_per_sequence(100, c) == 100 * (9 * per_full + 39 * per_swa));
  CHECK(mimo.kv_bytes_per_sequence(131072, c) == 9 * per_full * 131072 + 39 * per_swa * 128);
}

TEST_CASE("KV per layer type through the runtime model") {
  const auto m = *catalog::find("XiaomiMiMo/MiMo-V2-Flash");
  const auto c = m.resolve({.tp = 8, .moe_ep = 4});
  const auto groups = m.groups();
  const auto parts = m.kv_bytes_by_group(131072, c);
  REQUIRE(groups.size() == 3);
  double sum = 0;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    sum += parts[i];
    // fp8, 1 KV head per GPU of K 192 + V 128 on every layer type at tp 8.
    const double held = groups[i].window > 0 ? 128 : 131072;
    CHECK(parts[i] == groups[i].count * 320.0 * held);
  }
  CHECK(sum == m.kv_bytes_per_sequence(131072, c));
}
