#include <doctest/doctest.h>

#include <cmath>

#include "strata/cost/estimate.hpp"
#include "strata/cost/memory.hpp"
#include "strata/strata.hpp"

using namespace strata;
using cost::systems::h200_sxm;

TEST_CASE("GEMM SOL: the reference's worked example") {
  // H200, bf16, m = 1024, n = 6144, k = 4096: math = 2 m n k / 989e12 = 52.1 us;
  // memory = 2 B * (m n + m k + n k) / 4.8e12 = 14.9 us; SOL is the max.
  const ops::gemm g{{}, 1, 6144, 4096, gemm_quant::bfloat16};
  const auto p = g.sol({1024, 0, 0, 0}, h200_sxm);
  CHECK(p.math_ms == doctest::Approx(2.0 * 1024 * 6144 * 4096 / 989e12 * 1e3));
  CHECK(p.mem_ms == doctest::Approx(2.0 * (1024.0 * 6144 + 1024.0 * 4096 + 6144.0 * 4096) / 4.8e12 * 1e3));
  CHECK(p.latency_ms() == doctest::Approx(0.0521).epsilon(0.01));
}

TEST_CASE("decode attention reads the KV cache") {
  // b 8, 32 heads / 8 KV heads, d 128, KV length 4097 (4096 cached + the new token):
  // bytes = 8 * (2*32*128 + 2*8*4096*128*2 + 2*32*128) = 134,348,800 -> / 4.8e12.
  const ops::generation_attention a{{}, 1, 32, 8, kv_quant::bfloat16, 0, 128};
  const auto p = a.sol({8, 8, 4097, 0}, h200_sxm);
  CHECK(p.mem_ms == doctest::Approx(134348800.0 / 4.8e12 * 1e3));
  CHECK(p.math_ms == doctest::Approx(4.0 * 8 * 32 * 128 * 4096 / 989e12 * 1e3));
  // A 128-token window caps what is read.
  const ops::generation_attention w{{}, 1, 32, 8, kv_quant::bfloat16, 128, 128};
  CHECK(w.sol({8, 8, 4097, 0}, h200_sxm).mem_ms ==
        doctest::Approx(8.0 * (2 * 32 * 128 + 2 * 8 * 128 * 128 * 2 + 2 * 32 * 128) / 4.8e12 * 1e3));
}

TEST_CASE("ring all-reduce over NVLink") {
  // 1024 tokens * 4096 elements, tp 8: 2 * size * 2 B / 8 * 7 / 450e9.
  const ops::custom_allreduce ar{{}, 1, 4096, 8};
  CHECK(ar.sol({1024, 0, 0, 0}, h200_sxm).latency_ms() ==
        doctest::Approx(2.0 * 1024 * 4096 * 2 / 8 * 7 / 450e9 * 1e3));
  CHECK(ops::custom_allreduce{{}, 1, 4096, 1}.sol({1024, 0, 0, 0}, h200_sxm).latency_ms() == 0);
}

TEST_CASE("a quant mode the GPU cannot run is an error that says so") {
  const ops::gemm g{{}, 1, 1024, 1024, gemm_quant::nvfp4};
  CHECK_THROWS_WITH_AS(g.sol({16, 0, 0, 0}, h200_sxm),
                       doctest::Contains("h200_sxm has no fp4 tensor-core peak"), invalid_input);
  CHECK_NOTHROW(g.sol({16, 0, 0, 0}, cost::systems::b200_sxm));
}

TEST_CASE("step semantics: prefill logits see one token per request, decode batch x (nextn + 1)") {
  const auto& l8 = catalog::meta_llama_3_1_8b;
  const auto c = l8.resolve({});
  const auto ctx = l8.ops(phase::context, c);
  const auto r = cost::context_step(ctx, h200_sxm, 2, 1024);
  // op 9 is the logits GEMM at m = batch = 2, memory-bound: 2 B * (2 * 128256 + 2 * 4096 +
  // 128256 * 4096) / 4.8e12 B/s = 0.219 ms (its math, 2 * 2 * 128256 * 4096 / 989e12, is 0.0021 ms).
  CHECK(r.op_ms[9] == doctest::Approx(2.0 * (2 * 128256 + 2 * 4096 + 128256.0 * 4096) / 4.8e12 * 1e3));
  CHECK_THROWS_AS(cost::context_step(ctx, h200_sxm, 1, 1024, 1024), invalid_input);  // prefix >= isl
  CHECK_THROWS_AS(cost::context_step(ctx, h200_sxm, 0, 1024), invalid_input);
  const auto gen = l8.ops(phase::generation, l8.resolve({.nextn = 1}));
  const auto g = cost::generation_step(gen, h200_sxm, 4, 2048);
  // the qkv GEMM of a decode step sees 4 * 2 = 8 tokens: 2 B * (8 * 6144 + 8 * 4096 + 6144 * 4096)
  // / 4.8e12 per layer, times 32 layers * (32 + 1) / 32 for MTP.
  CHECK(g.op_ms[2] ==
        doctest::Approx(2.0 * (8 * 6144 + 8 * 4096 + 6144.0 * 4096) / 4.8e12 * 1e3 * 33));
}

TEST_CASE("request: TPOT averages strided decode steps") {
  const auto& l8 = catalog::meta_llama_3_1_8b;
  const auto c = l8.resolve({});
  const auto ctx = l8.ops(phase::context, c);
  const auto gen = l8.ops(phase::generation, c);
  // osl 3: two decode steps, both in the first stride window, priced at s = isl + 1.
  const auto r = cost::request(ctx, gen, h200_sxm, 1, 100, 3);
  const double step = cost::generation_step(gen, h200_sxm, 1, 101).total_ms;
  CHECK(r.generation_ms == doctest::Approx(2 * step));
  CHECK(r.tpot_ms == doctest::Approx(step));
  CHECK(r.latency_ms == doctest::Approx(r.ttft_ms + 2 * step));
  CHECK(cost::request(ctx, gen, h200_sxm, 1, 100, 1).tpot_ms == 0);
}

// The estimate is a constant expression for catalog models: prefill of one 4096-token
// request of Llama-3.1-8B on H200 costs the same at compile time as at run time.
constexpr double ttft_8b = [] {
  constexpr auto& m = catalog::meta_llama_3_1_8b;
  return cost::context_step(m.ops(phase::context, m.resolve({})), h200_sxm, 1, 4096).total_ms;
}();
static_assert(ttft_8b > 0);

TEST_CASE("compile-time and run-time estimates agree") {
  const auto m = catalog::find("meta-llama/Meta-Llama-3.1-8B");
  const auto c = m->resolve({});
  CHECK(cost::context_step(m->ops(phase::context, c), h200_sxm, 1, 4096).total_ms == ttft_8b);
}

TEST_CASE("memory per GPU and the largest batch that fits") {
  const auto& l8 = catalog::meta_llama_3_1_8b;
  const auto c = l8.resolve({});
  const double weights = total_weight_bytes(l8.ops(phase::context, c));  // 16,059,990,016 B
  const double kv = l8.kv_bytes_per_sequence(5120, c);                   // 131,072 B/token * 5120
  CHECK(kv == 131072.0 * 5120);
  const auto mem = cost::memory(l8.memory(), c, h200_sxm, weights, kv, 4, 4 * 4096);
  // activations: 2 * tokens * (32 heads * 128) * 11 (LLAMA, tp 1) = 2 * 16384 * 4096 * 11.
  CHECK(mem.activations == 2.0 * 16384 * 4096 * 11);
  CHECK(mem.kv_cache == 4 * kv);
  CHECK(mem.nccl == 0);
  CHECK(mem.other == 3758096384.0);
  // Largest b with weights + b * kv + max(2 * 4096 b * 4096 * 11, 70 MiB) + 3.5 GiB <= 141 GiB:
  // per request 671,088,640 + 369,098,752 = 1,040,187,392 B; (151,397,597,184 - 16,059,990,016
  // - 3,758,096,384) / 1,040,187,392 = 126.5 -> 126.
  CHECK(cost::max_batch_that_fits(l8.memory(), c, h200_sxm, weights, kv, 4096) == 126);
}

TEST_CASE("MoE dispatch collectives per framework") {
  // 8 GPUs, hidden 4096, 100 tokens per rank.
  ops::moe_dispatch d{{}, 1, 4096, 8, 128, 1, 8, 1, true};
  const double v = 100.0 * 4096;
  const double ar = 2 * v * 2 / 8 * 7 / 450e9 * 1e3;  // ring all-reduce over NVLink, bf16
  // Attention TP 8, no DP: every framework all-reduces the attention output.
  for (backend b : {backend::trtllm, backend::vllm, backend::sglang}) {
    d.backend = b;
    CHECK(d.sol({100, 0, 0, 0}, h200_sxm).latency_ms() == doctest::Approx(ar));
  }
  // Attention DP 8 (attention TP 1): gather every rank's tokens, 2 B * 8x volume * 7/8.
  d.attention_dp = 8;
  const double gather = 2 * v * 8 * 7 / 8 / 450e9 * 1e3;
  d.backend = backend::trtllm;
  CHECK(d.sol({100, 0, 0, 0}, h200_sxm).latency_ms() == doctest::Approx(gather));
  // On Blackwell TRT-LLM dispatches fp8 experts' activations at half the bytes.
  d.quant = moe_quant::fp8;
  CHECK(d.sol({100, 0, 0, 0}, cost::systems::b200_sxm).latency_ms() ==
        doctest::Approx(2 * v * 8 * 0.5 * 7 / 8 / 900e9 * 1e3));
  // Beyond one node the collective runs at the node network's bandwidth.
  d.moe_ep = 16;
  d.attention_dp = 16;
  d.quant.reset();
  CHECK(d.sol({100, 0, 0, 0}, h200_sxm).latency_ms() == doctest::Approx(2 * v * 16 * 15 / 16 / 50e9 * 1e3));
}

TEST_CASE("MTP acceptance shortens decode") {
  const auto& l8 = catalog::meta_llama_3_1_8b;
  const auto c = l8.resolve({.nextn = 2});
  const auto ctx = l8.ops(phase::context, c);
  const auto gen = l8.ops(phase::generation, c);
  const auto none = cost::request(ctx, gen, h200_sxm, 1, 100, 33, 0);
  const auto some = cost::request(ctx, gen, h200_sxm, 1, 100, 33, 0, 32, 1.5);
  CHECK(some.generation_ms == doctest::Approx(none.generation_ms / 2.5));
  CHECK(some.ttft_ms == none.ttft_ms);
  CHECK_THROWS_AS(cost::request(ctx, gen, h200_sxm, 1, 100, 33, 0, 32, 3.0), invalid_input);
}

TEST_CASE("MoE SOL keeps the reference's integer arithmetic past 2^63") {
  // Qwen3-235B-A22B experts (h 4096, inter 1536, top 8 of 128), ep 8, a 2^36-token step:
  // FLOPs = 2^36 * 8 * 4096 * 1536 * 3 * 2 / 8 = 2^36 * 4096 * 1536 * 6 = 2.6e18, but the
  // product before the division by ep, 2.1e19, is past 2^63 = 9.2e18.
  const ops::moe m{{}, 1, 4096, 1536, 8, 128, 1, 8, moe_quant::bfloat16};
  const std::int64_t x = std::int64_t(1) << 36;
  CHECK(m.flops(x) == doctest::Approx(std::pow(2.0, 36) * 4096 * 1536 * 6));
}

TEST_CASE("dispatch branches with both attention TP and attention DP") {
  // moe tp 1 x ep 8 = 8 GPUs shared by dp 2 attention replicas of tp 4; 100 tokens per rank.
  ops::moe_dispatch d{{}, 1, 4096, 8, 128, 1, 8, 2, true};
  const double v = 100.0 * 4096;
  const double ar8 = 2 * v * 2 / 8 * 7 / 450e9 * 1e3;  // all-reduce of v over 8 GPUs
  const double ag8 = 2 * v * 2 * 7 / 8 / 450e9 * 1e3;  // all-gather of both replicas' tokens
  const double rs4 = 2 * v * 3 / 4 / 450e9 * 1e3;      // reduce-scatter of v over the 4 attention-TP GPUs
  d.backend = backend::vllm;  // both collectives
  CHECK(d.sol({100, 0, 0, 0}, h200_sxm).latency_ms() == doctest::Approx(ar8 + ag8));
  d.backend = backend::sglang;  // scatter to the attention TP group, then gather across DP
  CHECK(d.sol({100, 0, 0, 0}, h200_sxm).latency_ms() == doctest::Approx(rs4 + ag8));
  d.backend = backend::trtllm;  // Hopper: the all-reduce only
  CHECK(d.sol({100, 0, 0, 0}, h200_sxm).latency_ms() == doctest::Approx(ar8));
  // Blackwell with a 72-GPU NVLink domain: NCCL all-reduce (twice the gather traffic).
  cost::gpu_system nvl72 = cost::systems::b200_sxm;
  nvl72.gpus_per_node = 72;
  d.attention_dp = 1;
  CHECK(d.sol({100, 0, 0, 0}, nvl72).latency_ms() == doctest::Approx(2 * (2 * v * 7 / 8 / 900e9 * 1e3)));
}

TEST_CASE("context attention with a cached prefix and a window") {
  // 8 heads of 128, 2 KV heads; 100 new tokens after a 50-token prefix: causal pairs
  // (150^2 - 50^2), 2 FLOP per multiply-add, QK and PV: 2 * (150^2 - 50^2) * 8 * 128.
  const ops::context_attention full{{}, 1, 8, 2, kv_quant::bfloat16, fmha_quant::bfloat16, 0, 128};
  CHECK(full.flops(1, 100, 50) == 2.0 * (150 * 150 - 50 * 50) * 8 * 128);
  // Bytes: Q and O of the 100 new tokens (2 B * 2 * 8 * 100 * 128) + K and V of all 150.
  CHECK(full.bytes(1, 100, 50) == 2.0 * (2 * 8 * 100 * 128) + 2.0 * 2 * 2 * 150 * 128);
  // A 64-token window: each of the 100 new tokens attends to 64 keys.
  const ops::context_attention windowed{{}, 1, 8, 2, kv_quant::bfloat16, fmha_quant::bfloat16, 64, 128};
  CHECK(windowed.flops(1, 100, 50) == 4.0 * 100 * 64 * 8 * 128);
  // The window applies to prefix + new tokens: 50 new after 50 cached exceed 64.
  CHECK(windowed.flops(1, 50, 50) == 4.0 * 50 * 64 * 8 * 128);
  CHECK(windowed.flops(1, 40, 0) == 2.0 * 40 * 40 * 8 * 128);  // within the window: plain causal
}

TEST_CASE("SGLang memory overheads and pipeline-split weights") {
  const auto& l8 = catalog::meta_llama_3_1_8b;
  auto c = l8.resolve({.backend = backend::sglang});
  const double w = total_weight_bytes(l8.ops(phase::context, c));
  const auto mem = cost::memory(l8.memory(), c, h200_sxm, w, 0, 1, 1000);
  // 2 * 1000 tokens * 4096 * 14 (SGLang LLAMA, tp 1) = 114.7 MB > the 90 MiB floor, + 15 %.
  CHECK(mem.activations == doctest::Approx(2.0 * 1000 * 4096 * 14 * 1.15));
  CHECK(mem.other == doctest::Approx(3758096384.0 * 1.2));
  const auto tiny = cost::memory(l8.memory(), c, h200_sxm, w, 0, 1, 10);
  CHECK(tiny.activations == doctest::Approx(90.0 * 1024 * 1024 * 1.15));
  // pp 2: each stage holds half the weights (the P2P op carries none).
  c = l8.resolve({.pp = 2});
  CHECK(cost::weights_per_gpu(l8.ops(phase::context, c), c) == 16'059'990'016.0 / 2);
}
