// Everything about a catalog model is a constant expression: its op list, its
// weights on a GPU and its speed-of-light step latencies can be checked by the
// compiler. This file compiling is the check.
#include <cstdio>

#include "strata/cost/estimate.hpp"
#include "strata/strata.hpp"

using namespace strata;

constexpr auto& llama = catalog::meta_llama_3_1_8b;
constexpr resolved_config layout = llama.resolve({.tp = 1});
constexpr op_list prefill = llama.ops(phase::context, layout);

// Weights per GPU: embedding + lm_head (2 * 128256 * 4096 bf16) plus 32 layers of
// q/k/v/o and gate/up/down projections, 2 B * 4096 * (6144 + 4096 + 28672 + 14336)
// each: 2,101,346,304 + 13,958,643,712 = 16,059,990,016 B (~15 GiB).
static_assert(total_weight_bytes(prefill) == 16'059'990'016.0);

// TTFT of one 4096-token prompt on an H200 at the roofline: compute-bound, about
// 2 FLOP * 8e9 weights * 4096 tokens / 989e12 FLOP/s = 66 ms, plus attention.
constexpr double ttft_ms = cost::context_step(prefill, cost::systems::h200_sxm, 1, 4096).total_ms;
static_assert(ttft_ms > 60 && ttft_ms < 75);

// A hybrid model is priced per layer type: MiMo-V2-Flash's 39 sliding-window layers
// keep 128 tokens of KV each, its 9 full-attention layers keep everything.
constexpr auto& mimo = catalog::mimo_v2_flash;
constexpr resolved_config mimo_layout = mimo.resolve({.tp = 8, .moe_ep = 4});
static_assert(mimo.kv_bytes_per_sequence(131072, mimo_layout) == 9.0 * 320 * 131072 + 39.0 * 320 * 128);

int main() {
  std::printf("Llama-3.1-8B on h200_sxm: %.1f GiB of weights, TTFT(4096) = %.2f ms (computed at compile time)\n",
              total_weight_bytes(prefill) / (1 << 30), ttft_ms);
}
