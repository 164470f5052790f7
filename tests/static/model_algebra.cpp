// Compile-only tests: this file compiling is the test. Expected numbers come from
// the models' config.json files and hand derivations in the comments.
#include <type_traits>

#include "strata/catalog/models.hpp"
#include "strata/cost/estimate.hpp"
#include "strata/cost/memory.hpp"
#include "strata/families/mamba.hpp"
#include "strata/model/pattern.hpp"

namespace {

using namespace strata;

// --- Static and dynamic counts ---------------------------------------------------
static_assert(is_static_v<static_int<3>>);
static_assert(!is_static_v<int>);
static_assert(std::is_same_v<decltype(int_c<2> + int_c<3>), static_int<5>>);
static_assert(value_of(int_c<4> * int_c<3>) == 12);
static_assert(std::is_same_v<decltype(group<3>(families::llama::layer_type{}))::count_type, static_int<3>>);
static_assert(std::is_same_v<decltype(group(families::llama::layer_type{}, 3))::count_type, int>);

// --- Patterns as written in configs count at compile time ------------------------
static_assert(count_char("M-M*E-ME*", 'M') == 3 && count_char("M-M*E-ME*", '*') == 2);
static_assert(count_equal(std::array<int, 6>{0, 1, 1, 0, 1, 1}, 1) == 4);

// --- Mixers, FFNs and layers are checked types -------------------------------------
static_assert(Mixer<mixers::gqa> && Mixer<mixers::mla> && Mixer<mixers::dsa>);
static_assert(Ffn<ffns::gated_mlp> && Ffn<ffns::mlp> && Ffn<ffns::routed_moe> && Ffn<ffns::none>);
static_assert(!Mixer<int> && !Mixer<ffns::gated_mlp> && !Ffn<mixers::gqa>);
static_assert(LayerType<layer<mixers::mla, ffns::routed_moe>> && !LayerType<mixers::gqa>);
static_assert(Family<families::llama> && Family<families::deepseek_v32> && !Family<int>);
// (tests/fail holds the must-not-compile cases: a non-mixer in a layer, a negative
// static count, static counts that do not add up, a non-family model.)

// --- MiMo-V2-Flash per-type counts (config.json hybrid_layer_pattern has nine 0s =
// full attention at layers 0,5,11,...,47; moe_layer_freq is 0 only at layer 0) -----
constexpr auto& mimo = catalog::mimo_v2_flash;
using namespace boost::hana::literals;
static_assert(std::is_same_v<std::remove_cvref_t<decltype(mimo.groups[0_c].count)>, static_int<8>>);
static_assert(std::is_same_v<std::remove_cvref_t<decltype(mimo.groups[1_c].count)>, static_int<39>>);
static_assert(std::is_same_v<std::remove_cvref_t<decltype(mimo.groups[2_c].count)>, static_int<1>>);
static_assert(count_layers_if(mimo.groups, [](const auto& l) { return l.mixer.window == 0; }) == 9);
static_assert(count_layers_if(mimo.groups, [](const auto& l) { return l.mixer.window == 128; }) == 39);
static_assert(routed_layers(mimo.groups) == 47 && total_layers(mimo.groups) == 48);

// Scale factors per type, tp 8 / ep 4 (moe tp = 8 / 4 = 2).
constexpr auto mimo_cfg = mimo.resolve(model_config{.tp = 8, .moe_ep = 4});
static_assert(mimo_cfg.moe_tp == 2 && mimo_cfg.moe_ep == 4);
static_assert(mimo_cfg.gemm == gemm_quant::fp8_block && mimo_cfg.kv == kv_quant::fp8);  // fp8 block checkpoint
constexpr auto mimo_ctx = mimo.ops(phase::context, mimo_cfg);
constexpr double scale_named(const op_list& ops, std::string_view n) {
  for (const auto& o : ops)
    if (name_of(o) == n) return scale_of(o);
  return -1;
}
constexpr const op& find(const op_list& ops, std::string_view n) {
  for (const auto& o : ops)
    if (name_of(o) == n) return o;
  return ops[0];
}
static_assert(scale_named(mimo_ctx, "context_global_qkv_gemm") == 8);
static_assert(scale_named(mimo_ctx, "context_swa_qkv_gemm") == 39);
static_assert(scale_named(mimo_ctx, "context_global_dense_qkv_gemm") == 1);
static_assert(scale_named(mimo_ctx, "context_swa_moe") == 39);
static_assert(scale_named(mimo_ctx, "context_swa_dense_qkv_gemm") == -1);  // no such layer
// SWA qkv width: 64 heads * 192 / 8 + ceil(8 / 8) * (192 + 128) = 1536 + 320 = 1856.
static_assert(std::get<ops::gemm>(find(mimo_ctx, "context_swa_qkv_gemm")).n == 1856);
// The sliding layers attend to a 128-token window; the full ones have none.
static_assert(std::get<ops::context_attention>(mimo_ctx[12]).window_size == 128);
static_assert(std::get<ops::context_attention>(mimo_ctx[3]).window_size == 0);
// KV per sequence at 4096 tokens, fp8, one KV head per GPU on every layer:
// 9 full * 320 B * 4096 + 39 SWA * 320 B * 128 = 11,796,480 + 1,597,440.
static_assert(mimo.kv_bytes_per_sequence(4096, mimo_cfg) == 13393920.0);

// --- Llama-3.1-8B op list (config.json: 32 layers, 32 heads, 8 KV heads, hidden
// 4096, intermediate 14336, vocab 128256), tp 1 ---------------------------------
constexpr auto& l8 = catalog::meta_llama_3_1_8b;
constexpr auto l8_cfg = l8.resolve(model_config{});
constexpr auto l8_ctx = l8.ops(phase::context, l8_cfg);
static_assert(l8_ctx.size() == 14);
static_assert(name_of(l8_ctx[0]) == "context_embedding" && name_of(l8_ctx[13]) == "context_p2p");
static_assert(std::get<ops::gemm>(l8_ctx[2]).n == 4096 + 2 * 128 * 8);  // q + k + v = 6144
static_assert(std::get<ops::gemm>(l8_ctx[6]).n == 2 * 14336);            // gate + up
static_assert(std::get<ops::gemm>(l8_ctx[8]).k == 14336);                // down
static_assert(std::get<ops::gemm>(l8_ctx[9]).n == 128256);               // logits
static_assert(scale_of(l8_ctx[2]) == 32 && scale_of(l8_ctx[9]) == 1 && scale_of(l8_ctx[13]) == 0);
// Weights: 2 * vocab * hidden (embedding + lm_head) + 32 layers of
// (6144 + 4096 + 28672 + 14336) * 4096 bf16 weights.
static_assert(total_weight_bytes(l8_ctx) == 2.0 * 2 * 128256 * 4096 + 32.0 * 2 * 4096 * (6144 + 4096 + 28672 + 14336));

// --- MTP: generation per-layer ops x (L + nextn) / L, context untouched; the decode
// op list carries nextn so a step prices nextn + 1 tokens per request ------------
constexpr auto l8_mtp = l8.resolve(model_config{.nextn = 2});
static_assert(scale_of(l8.ops(phase::generation, l8_mtp)[2]) == 32.0 * 34 / 32);
static_assert(scale_of(l8.ops(phase::generation, l8_mtp)[0]) == 34.0 / 32);
static_assert(scale_of(l8.ops(phase::context, l8_mtp)[2]) == 32);
static_assert(l8.ops(phase::generation, l8_mtp).nextn() == 2 && l8.ops(phase::context, l8_mtp).nextn() == 0);
constexpr auto mimo_mtp = mimo.resolve(model_config{.tp = 8, .moe_ep = 8, .nextn = 1});
static_assert(scale_named(mimo.ops(phase::generation, mimo_mtp), "generation_swa_moe") == 39.0 * 49 / 48);

// --- DeepSeek-V3 (config.json: 61 layers, first_k_dense_replace 3, kv_lora_rank 512,
// qk_rope_head_dim 64), tp 8 / ep 8, fp8 KV ----------------------------------------
constexpr auto& ds = catalog::deepseek_v3;
static_assert(routed_layers(ds.groups) == 58 && routed_layers(ds.groups, false) == 3);  // C5
constexpr auto ds_cfg = ds.resolve(model_config{.tp = 8, .moe_ep = 8});
// The latent cache is not split by tp: 61 layers * (512 + 64) * 1 B per token.
static_assert(ds.kv_bytes_per_sequence(1, ds_cfg) == 61.0 * 576);
constexpr auto ds_ctx = ds.ops(phase::context, ds_cfg);
// The attention block is a fallback op: the measured MLA module, else granular ops.
static_assert(std::holds_alternative<ops::fallback>(ds_ctx[2]));
static_assert(std::holds_alternative<ops::mla_module>(ds_ctx.primary(ds_ctx[2])));
static_assert(ds_ctx.fallbacks(ds_ctx[2]).size() == 5);
// Dense layers: gate+up 2 * 18432 / 8 = 4608 wide; shared expert 2 * 2048 / 8 = 512.
static_assert(std::get<ops::gemm>(find(ds_ctx, "context_dense_gate_up_gemm")).n == 4608);
static_assert(scale_named(ds_ctx, "context_dense_gate_up_gemm") == 3);
static_assert(std::get<ops::gemm>(find(ds_ctx, "context_shared_gate_up_gemm")).n == 512);
static_assert(scale_named(ds_ctx, "context_moe") == 58);
// Decode overlaps the routed path (4 ops) with the shared expert (3 ops).
constexpr auto ds_gen = ds.ops(phase::generation, ds_cfg);
static_assert(std::get<ops::overlap>(find(ds_gen, "generation_moe_overlap")).group_a == 4);
static_assert(std::get<ops::overlap>(find(ds_gen, "generation_moe_overlap")).group_b == 3);
// Prefill of one 1024-token request: the MLA module's roofline is its kernel's,
// 16 local heads, b 1, s 1024: FLOPs 16 * 320 * 1024^2 = 5.37e9 at fp8 (1.978e15/s)
// = 0.00271 ms; bytes 16 * (1 B * 1024 * 320 + 2 B * 1024 * 320) = 15,728,640 at
// 4.8e12 B/s = 0.0032768 ms -> memory-bound, x 61 layers = 0.1998848 ms.
constexpr double ds_mla_ms = cost::context_step(ds_ctx, cost::systems::h200_sxm, 1, 1024).op_ms[2];
static_assert(ds_mla_ms > 0.1998847 && ds_mla_ms < 0.1998849);

// --- MiniMax-M3 (config.json: 60 layers, 3 without sparse attention), tp 8 / ep 8 ---
static_assert(Mixer<mixers::msa>);
constexpr auto& mm3 = catalog::minimax_m3;
static_assert(std::is_same_v<std::remove_cvref_t<decltype(mm3.groups[1_c].count)>, static_int<57>>);
constexpr auto mm3_cfg = mm3.resolve(model_config{.tp = 8, .moe_ep = 8});
// C3: 60 x 1 KV head x 256 x 2 B plus 57 bf16 index keys of 128 per token.
static_assert(mm3.kv_bytes_per_sequence(1, mm3_cfg) == 60.0 * 512 + 57.0 * 256);
constexpr auto mm3_ctx = mm3.ops(phase::context, mm3_cfg);
// C14: the MSA module over the 57 MoE layers; layers 0-2 are GQA + SwiGLU (12288 / tp 8).
static_assert(std::holds_alternative<ops::context_msa_module>(mm3_ctx[2]) && scale_of(mm3_ctx[2]) == 57);
static_assert(std::is_same_v<std::remove_cvref_t<decltype(mm3.groups[0_c].count)>, static_int<3>>);
static_assert(std::get<ops::gemm>(find(mm3_ctx, "context_dense_gate_up_gemm")).n == 2 * 12288 / 8);
static_assert(std::get<ops::overlap>(find(mm3.ops(phase::generation, mm3_cfg), "generation_moe_overlap")).group_b == 3);

// --- State-space and block-wise families --------------------------------------------
static_assert(Mixer<mixers::mamba2> && Mixer<mixers::gated_delta_net> && Mixer<mixers::none>);
static_assert(Ffn<ffns::dense_and_moe> && ffns::dense_and_moe::routed);
// Nemotron-3 Nano's hybrid_override_pattern counted at compile time: 23 M, 6 *, 23 E.
constexpr auto& nano = catalog::nemotron_3_nano;
static_assert(std::is_same_v<std::remove_cvref_t<decltype(nano.groups[0_c].count)>, static_int<23>>);
static_assert(std::is_same_v<std::remove_cvref_t<decltype(nano.groups[1_c].count)>, static_int<6>>);
static_assert(nano.is_moe() && !catalog::nemotron_h_56b.is_moe());
// One GPU: 23 x (64 x 64 x 128 x 4 B SSM state + 6144 conv channels x 3 x 2 B) of
// constant state plus 6 layers x 2 KV heads x 256 x 2 B per token.
constexpr auto nano_cfg = nano.resolve(model_config{});
static_assert(nano.kv_bytes_per_sequence(1, nano_cfg) == 49082368.0 + 6144);
static_assert(nano.kv_bytes_per_sequence(131072, nano_cfg) == 49082368.0 + 6144.0 * 131072);
// Qwen3.5-397B at tp 8: 45 GDN layers of 533,504 B of state, 15 attention layers.
constexpr auto& q35 = catalog::qwen3_5_397b_a17b;
constexpr auto q35_cfg = q35.resolve(model_config{.tp = 8, .moe_ep = 8});
static_assert(q35.kv_bytes_per_sequence(1, q35_cfg) == 45.0 * 533504 + 15.0 * 1024);
// Nemotron-NAS: 25 runs of blocks in one group element; its op list (158 ops) outgrows
// the inline buffer, which a constant expression may do as long as it frees it.
constexpr auto& nas = catalog::llama_3_3_nemotron_super_49b;
static_assert(total_layers(nas.groups) == 80 && routed_layers(nas.groups) == 0);
static_assert(nas.ops(phase::context, nas.resolve(model_config{.tp = 8})).size() == 158);
static_assert(nas.kv_bytes_per_sequence(1, nas.resolve(model_config{.tp = 8})) == 49.0 * 512);

// A Mamba-1 model with a static count is a constant expression too (mamba-2.8b-hf's
// shapes): 64 x (5120 x 16 + 5120 x 3) x 2 B of state whatever the length, split by
// tp; 41,323,520 parameters per layer plus the tied embedding, held once.
static_assert(Mixer<mixers::mamba1> && Family<families::mamba> && Family<families::jamba>);
constexpr model mamba_2_8b{
    families::mamba{},
    model_facts{.id = "mamba-2.8b",
                .layers = 64,
                .hidden = 2560,
                .vocab = 50280,
                .num_heads = 1,
                .head_dim = 2560,
                .tied_embeddings = true},
    groups(group<64>(families::mamba::mamba_layer{{.d_inner = 5120, .d_state = 16, .d_conv = 4, .dt_rank = 160}, {}}))};
constexpr auto mamba_cfg = mamba_2_8b.resolve(model_config{});
static_assert(mamba_2_8b.kv_bytes_per_sequence(1, mamba_cfg) == 12451840.0);
static_assert(mamba_2_8b.kv_bytes_per_sequence(1 << 20, mamba_cfg) == 12451840.0);
static_assert(mamba_2_8b.kv_bytes_per_sequence(1, mamba_2_8b.resolve(model_config{.tp = 4})) == 12451840.0 / 4);
static_assert(cost::weights_per_gpu(mamba_2_8b.ops(phase::context, mamba_cfg), mamba_cfg) ==
              2 * (64 * 41323520.0 + 128716800.0));
// Embedding, 7 Mamba-1 ops, logits, P2P at tp 1; the two all-reduces join at tp 2.
static_assert(mamba_2_8b.ops(phase::context, mamba_cfg).size() == 10);
static_assert(mamba_2_8b.ops(phase::generation, mamba_2_8b.resolve(model_config{.tp = 2})).size() == 13);

}  // namespace
