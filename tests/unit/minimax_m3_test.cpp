// MINIMAXM3 (MiniMax-M3): the MSA module ops and their SOL, the KV per layer type
// with the index keys (C3), and the NVFP4 checkpoint. Expected numbers are hand
// derivations from the model's config.json, written out next to each check.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <string>

#include "helpers.hpp"
#include "strata/cost/estimate.hpp"
#include "strata/runtime/get_model.hpp"
#include "strata/strata.hpp"

using namespace strata;
using cost::systems::h200_sxm;
using test::named;

namespace {
const std::filesystem::path shared_dir = STRATA_SHARED_DIR;
}

TEST_CASE("MiniMax-M3: one MSA module per phase over the 57 MoE layers, shared expert by tp") {
  const any_model m = get_model("MiniMaxAI/MiniMax-M3");
  CHECK(m.family() == "MINIMAXM3");
  CHECK(m.is_moe());
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  const auto ctx = m.ops(phase::context, c);
  const auto& attn = std::get<ops::context_msa_module>(named(ctx, "context_attention"));
  CHECK(attn.scale_factor == 57);  // C14: layers 0-2 are dense
  // 64 / 8 query heads, 4 KV heads replicated to one per GPU, top-16 blocks of 128.
  CHECK(attn.dims.num_heads == 8);
  CHECK(attn.dims.num_kv_heads == 1);
  CHECK(attn.dims.index_topk == 2048);
  CHECK(weight_bytes_of(named(ctx, "context_attention")) == 0);  // as the reference lists it
  CHECK(std::get<ops::gemm>(named(ctx, "context_shared_gate_up_gemm")).n == 2 * 3072 / 8);
  CHECK(std::get<ops::gemm>(named(ctx, "context_logits_gemm")).n == 200064 / 8);
  // C14: layers 0-2 (first_k_dense_replace 3, sparse_attention_freq 0) are GQA with a
  // SwiGLU MLP of dense_intermediate_size 12288: q 64/8 heads x 128 = 1024 plus K and V of
  // one (replicated) KV head x 128 each; o_proj 1024 -> 6144; gate+up 2 x 12288 / 8;
  // an all-reduce after attention and after the MLP.
  CHECK(std::get<ops::gemm>(named(ctx, "context_dense_qkv_gemm")).n == 1024 + 2 * 128);
  CHECK(std::get<ops::gemm>(named(ctx, "context_dense_proj_gemm")).k == 1024);
  CHECK(std::get<ops::gemm>(named(ctx, "context_dense_gate_up_gemm")).n == 2 * 12288 / 8);
  CHECK(std::get<ops::gemm>(named(ctx, "context_dense_ffn2_gemm")).k == 12288 / 8);
  CHECK(scale_of(named(ctx, "context_dense_ffn2_gemm")) == 3);
  CHECK(std::holds_alternative<ops::custom_allreduce>(named(ctx, "context_dense_attn_ar")));
  CHECK(std::holds_alternative<ops::custom_allreduce>(named(ctx, "context_dense_ffn_ar")));
  int attention_ops = 0;
  for (const auto& o : ctx) attention_ops += name_of(o) == "context_attention" ? 1 : 0;
  CHECK(attention_ops == 2);  // the MSA module (57 layers) and the dense layers' GQA (3)
  const auto gen = m.ops(phase::generation, c);
  CHECK(std::holds_alternative<ops::generation_msa_module>(named(gen, "generation_attention")));
  CHECK(std::holds_alternative<ops::overlap>(named(gen, "generation_moe_overlap")));
}

TEST_CASE("MiniMax-M3: KV per layer type, index keys on the 57 sparse layers (C3)") {
  const any_model m = get_model("MiniMaxAI/MiniMax-M3");
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  // 60 layers x 1 KV head x (128 + 128) x 2 B, plus 57 x one bf16 index key of 128.
  CHECK(m.kv_bytes_per_sequence(1, c) == 60.0 * 256 * 2 + 57.0 * 128 * 2);
  CHECK(m.kv_bytes_per_sequence(4096, c) == 4096.0 * 45312);
  const auto c1 = m.resolve({.tp = 1, .moe_ep = 1, .kv = kv_quant::fp8});
  // tp 1: 4 KV heads in fp8; the index keys stay bf16.
  CHECK(m.kv_bytes_per_sequence(1, c1) == 60.0 * 4 * 256 + 57.0 * 256);
}

TEST_CASE("MSA SOL: the reference's three compute groups and its memory terms") {
  const ops::msa_dims d{.num_heads = 8,
                        .num_kv_heads = 1,
                        .hidden = 6144,
                        .head_dim = 128,
                        .v_head_dim = 128,
                        .index_heads = 4,
                        .index_dim = 128,
                        .index_topk = 2048,
                        .block_size = 128};
  const ops::generation_msa_module gen{{.dims = d}};
  // Decode, batch 64 at s = 4097: 4096 cached keys, the top 2048 attended, 32 blocks scored.
  const op_query q{64, 64, 4097, 0};
  const double gemm_flops = 2.0 * 64 * 6144 * (1024 + 256 + 1024 + 512);
  const double attn_flops = 2.0 * 8 * 256 * 64 * 2048;
  const double index_flops = 2.0 * 64 * 512 * 32;
  const double math = (gemm_flops / 989e12 + index_flops / 1978e12 + attn_flops / 989e12) * 1000;
  const double bytes =
      6144.0 * (1024 + 256 + 1024 + 512) * 2 + 64.0 * 2048 * 256 * 2 + 64.0 * 32 * 512 + 64.0 * 1024 * 4;
  const auto parts = gen.sol(q, h200_sxm);
  CHECK(parts.math_ms == doctest::Approx(math).epsilon(1e-12));
  CHECK(parts.mem_ms == doctest::Approx(bytes / 4.8e12 * 1000).epsilon(1e-12));
  // Prefill below the top-k: causal pairs, no indexer.
  const ops::context_msa_module ctx{{.dims = d}};
  const op_query p{1024, 1, 1024, 0};
  const double ctx_math = (2.0 * 1024 * 6144 * 2816 / 989e12 + 2.0 * 8 * 256 * (1024.0 * 1025 / 2) / 989e12) * 1000;
  CHECK(ctx.sol(p, h200_sxm).math_ms == doctest::Approx(ctx_math).epsilon(1e-12));
}

TEST_CASE("MiniMax-M3 NVFP4: MXFP8 projections as fp8_block, NVFP4 experts, fields under text_config") {
  const auto path = shared_dir / "hf-configs/nvidia--MiniMax-M3-NVFP4_config.json";
  if (!std::filesystem::exists(path)) {
    MESSAGE("skipped: " << path << " not found (../shared beside the checkout)");
    return;
  }
  const any_model m = load_hf_model(path);
  CHECK(m.family() == "MINIMAXM3");
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  CHECK(c.gemm == gemm_quant::fp8_block);
  CHECK(c.moe == moe_quant::nvfp4);
  const auto ctx = m.ops(phase::context, c);
  CHECK(std::get<ops::context_msa_module>(named(ctx, "context_attention")).gemm == gemm_quant::fp8_block);
  CHECK(m.kv_bytes_per_sequence(1, c) == 45312.0);
}
