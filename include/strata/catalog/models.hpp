// Compile-time specs of known models. Every number is a fact from the model's
// published config.json (HF hub); per-type layer counts are computed here from the
// config's own layer patterns.
#pragma once

#include <array>

#include "strata/families/deepseek.hpp"
#include "strata/families/hybrid_moe.hpp"
#include "strata/families/llama.hpp"
#include "strata/families/moe.hpp"
#include "strata/model/pattern.hpp"

namespace strata::catalog {

namespace detail {
using strata::layer;
using mixers::gqa;

constexpr checkpoint_quant fp8_block_dynamic{checkpoint_algo::fp8_block, true, checkpoint_kv::none, 128};
constexpr checkpoint_quant mxfp4_experts{checkpoint_algo::mxfp4, std::nullopt, checkpoint_kv::none, 128};

constexpr model_facts facts(std::string_view id, std::string_view arch, int layers, std::int64_t hidden,
                            std::int64_t vocab, std::int64_t context, int heads, int head_dim,
                            checkpoint_quant q = {}) {
  return {id, arch, layers, hidden, vocab, context, heads, head_dim, q};
}

// --- LLAMA -----------------------------------------------------------------------
// Llama-3.1: 8 KV heads, no head_dim key (hidden / heads = 128), vocab 128256.
constexpr model_facts llama3(std::string_view id, int layers, int heads, std::int64_t hidden) {
  return facts(id, "LlamaForCausalLM", layers, hidden, 128256, 131072, heads, int(hidden / heads));
}
constexpr families::llama::layer_type llama3_layer(int heads, std::int64_t hidden, std::int64_t inter) {
  return {gqa{.heads = heads, .kv_heads = 8, .head_dim = int(hidden / heads)}, {inter}};
}
// Qwen3 dense: head_dim 128, 8 KV heads, per-head q/k RMS norm.
constexpr families::llama::layer_type qwen3_layer(int heads, std::int64_t inter, bool qk_norm = true) {
  return {gqa{.heads = heads, .kv_heads = 8, .head_dim = 128, .qk_norm = qk_norm}, {inter}};
}

// --- MOE -------------------------------------------------------------------------
constexpr families::moe::layer_type moe_layer(gqa attention, int experts, int topk, std::int64_t expert_width) {
  return {attention, {.experts = experts, .topk = topk, .inter = expert_width}};
}
constexpr gqa gpt_oss_attention(int window) {
  return {.heads = 64, .kv_heads = 8, .head_dim = 64, .window = window};
}
constexpr gqa minimax_m2_attention{.heads = 48, .kv_heads = 8, .head_dim = 128, .qk_norm = true};

// --- HYBRIDMOE -------------------------------------------------------------------
// MiMo-V2-Flash config.json: hybrid_layer_pattern (1 = sliding window, 0 = full, C1)
// and moe_layer_freq (1 = MoE, 0 = dense).
constexpr std::array<int, 48> mimo_v2_attention{0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0,
                                                1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0};
constexpr std::array<int, 48> mimo_v2_moe{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                          1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
constexpr int mimo_v2_count(bool sliding, bool routed) {
  return count_layers<48>([=](std::size_t i) { return (mimo_v2_attention[i] == 1) == sliding && (mimo_v2_moe[i] == 1) == routed; });
}
// Full layers: 64 heads, 4 KV heads of 192 (K) / 128 (V); sliding layers: 8 KV heads, window 128.
constexpr gqa mimo_v2_full{.heads = 64, .kv_heads = 4, .head_dim = 192, .v_head_dim = 128};
constexpr gqa mimo_v2_swa{.heads = 64, .kv_heads = 8, .head_dim = 192, .v_head_dim = 128, .window = 128};
constexpr ffns::routed_moe mimo_v2_experts{.experts = 256, .topk = 8, .inter = 2048};

// Llama-4: a NoPE full-attention layer every no_rope_layer_interval (4) layers,
// chunked attention (attention_chunk_size 8192) elsewhere; MoE every
// interleave_moe_layer_step layers; one always-on shared expert of
// intermediate_size; dense layers intermediate_size_mlp wide (C2).
template <int Step>
constexpr int llama4_count(bool chunked, bool routed) {
  return count_layers<48>([=](std::size_t i) { return ((i + 1) % 4 != 0) == chunked && ((i + 1) % Step == 0) == routed; });
}
constexpr gqa llama4_global{.heads = 40, .kv_heads = 8, .head_dim = 128};
constexpr gqa llama4_chunked{.heads = 40, .kv_heads = 8, .head_dim = 128, .window = 8192};
constexpr ffns::routed_moe llama4_experts(int experts) {
  return {.experts = experts, .topk = 1, .inter = 8192, .shared_inter = 8192};
}
constexpr model_facts llama4(std::string_view id, std::int64_t context) {
  return facts(id, "Llama4ForConditionalGeneration", 48, 5120, 202048, context, 40, 128);
}

// --- DEEPSEEK / KIMIK25 / DEEPSEEKV32 ---------------------------------------------
// DeepSeek-V3 geometry: q_lora_rank 1536, kv_lora_rank 512, qk_nope 128, qk_rope 64,
// v_head 128; dense layers intermediate_size 18432; 256 routed experts (top 8) and
// one shared expert of moe_intermediate_size 2048.
constexpr ops::mla_dims deepseek_latent{.kv_lora = 512, .qk_nope = 128, .qk_rope = 64, .v_head = 128};
constexpr mixers::mla deepseek_mla(int heads) {
  return {.heads = heads, .kv_heads = heads, .q_lora = 1536, .dims = deepseek_latent};
}
constexpr ffns::routed_moe deepseek_experts(int experts) {
  return {.experts = experts, .topk = 8, .inter = 2048, .shared_inter = 2048};
}
constexpr model_facts deepseek_v3(std::string_view id) {
  // No head_dim key: the reference's d is hidden / heads = 56.
  return facts(id, "DeepseekV3ForCausalLM", 61, 7168, 129280, 163840, 128, 56, fp8_block_dynamic);
}
template <int Layers, int Dense, class Mixer>
constexpr auto deepseek_stack(const Mixer& attention, std::int64_t dense_width, const ffns::routed_moe& experts) {
  return static_stack<Layers>(group<Dense>(layer<Mixer, ffns::gated_mlp>{attention, {dense_width}}),
                              group<Layers - Dense>(layer<Mixer, ffns::routed_moe>{attention, experts}));
}
// Kimi-K2.5 (compressed-tensors, int4 weights in groups of 32) quantizes only the
// routed experts: its ignore list keeps self_attn, the shared experts, the dense MLP
// and lm_head in bf16.
constexpr checkpoint_quant kimi_k25_int4 = [] {
  checkpoint_quant q{checkpoint_algo::compressed_tensors};
  q.ct_gemm = gemm_quant::int4_wo;
  q.ct_moe = moe_quant::int4_wo;
  q.excluded = {.q = true, .kv = true, .o = true, .indexer = true, .attention = true, .shared_experts = true,
                .dense_mlp = true, .lm_head = true};
  return q;
}();
constexpr mixers::mla kimi_k25_mla = [] {
  auto m = deepseek_mla(64);
  m.q_bf16 = m.kv_bf16 = m.o_bf16 = true;
  return m;
}();
// DeepSeek-V3.2: DSA with 64 indexer heads of 128, top-2048 keys.
constexpr mixers::dsa deepseek_v32_dsa{
    .heads = 128,
    .dims = {.hidden = 7168, .q_lora = 1536, .kv_lora = 512, .qk_nope = 128, .qk_rope = 64, .v_head = 128,
             .index_heads = 64, .index_dim = 128, .index_topk = 2048},
    .architecture = "DeepseekV32ForCausalLM"};
// GLM-5: hidden 6144, 64 heads (head_dim 64), q_lora 2048, qk_nope 192, v_head 256,
// 32 indexer heads; dense layers intermediate_size 12288.
constexpr mixers::dsa glm5_dsa{
    .heads = 64,
    .dims = {.hidden = 6144, .q_lora = 2048, .kv_lora = 512, .qk_nope = 192, .qk_rope = 64, .v_head = 256,
             .index_heads = 32, .index_dim = 128, .index_topk = 2048},
    .architecture = "GlmMoeDsaForCausalLM"};
}  // namespace detail

// --- LLAMA -----------------------------------------------------------------------
inline constexpr model meta_llama_3_1_8b{families::llama{}, detail::llama3("meta-llama/Meta-Llama-3.1-8B", 32, 32, 4096),
                                         static_stack<32>(group<32>(detail::llama3_layer(32, 4096, 14336)))};
inline constexpr model meta_llama_3_1_70b{families::llama{},
                                          detail::llama3("meta-llama/Meta-Llama-3.1-70B", 80, 64, 8192),
                                          static_stack<80>(group<80>(detail::llama3_layer(64, 8192, 28672)))};
inline constexpr model meta_llama_3_1_405b{families::llama{},
                                           detail::llama3("meta-llama/Meta-Llama-3.1-405B", 126, 128, 16384),
                                           static_stack<126>(group<126>(detail::llama3_layer(128, 16384, 53248)))};

inline constexpr model qwen3_8b{families::llama{},
                                detail::facts("Qwen/Qwen3-8B", "Qwen3ForCausalLM", 36, 4096, 151936, 40960, 32, 128),
                                static_stack<36>(group<36>(detail::qwen3_layer(32, 12288)))};
inline constexpr model qwen3_32b{families::llama{},
                                 detail::facts("Qwen/Qwen3-32B", "Qwen3ForCausalLM", 64, 5120, 151936, 40960, 64, 128),
                                 static_stack<64>(group<64>(detail::qwen3_layer(64, 25600)))};
inline constexpr model qwen3_32b_fp8{
    families::llama{},
    detail::facts("Qwen/Qwen3-32B-FP8", "Qwen3ForCausalLM", 64, 5120, 151936, 40960, 64, 128, detail::fp8_block_dynamic),
    static_stack<64>(group<64>(detail::qwen3_layer(64, 25600)))};
inline constexpr model mimo_7b_base{
    families::llama{},
    detail::facts("XiaomiMiMo/MiMo-7B-Base", "MiMoForCausalLM", 36, 4096, 151680, 32768, 32, 128),
    static_stack<36>(group<36>(detail::qwen3_layer(32, 11008, false)))};

// --- MOE -------------------------------------------------------------------------
inline constexpr model qwen3_30b_a3b{
    families::moe{},
    detail::facts("Qwen/Qwen3-30B-A3B", "Qwen3MoeForCausalLM", 48, 2048, 151936, 40960, 32, 128),
    static_stack<48>(group<48>(detail::moe_layer({.heads = 32, .kv_heads = 4, .head_dim = 128, .qk_norm = true}, 128, 8, 768)))};
inline constexpr model qwen3_235b_a22b{
    families::moe{},
    detail::facts("Qwen/Qwen3-235B-A22B", "Qwen3MoeForCausalLM", 94, 4096, 151936, 40960, 64, 128),
    static_stack<94>(group<94>(detail::moe_layer({.heads = 64, .kv_heads = 4, .head_dim = 128, .qk_norm = true}, 128, 8, 1536)))};

// Mixtral has no moe_intermediate_size: its experts are intermediate_size wide.
inline constexpr model mixtral_8x7b{
    families::moe{},
    detail::facts("mistralai/Mixtral-8x7B-v0.1", "MixtralForCausalLM", 32, 4096, 32000, 32768, 32, 128),
    static_stack<32>(group<32>(detail::moe_layer({.heads = 32, .kv_heads = 8, .head_dim = 128}, 8, 2, 14336)))};
inline constexpr model mixtral_8x22b{
    families::moe{},
    detail::facts("mistralai/Mixtral-8x22B-v0.1", "MixtralForCausalLM", 56, 6144, 32000, 65536, 48, 128),
    static_stack<56>(group<56>(detail::moe_layer({.heads = 48, .kv_heads = 8, .head_dim = 128}, 8, 2, 16384)))};

// gpt-oss: layer_types alternate sliding (window 128) and full, starting sliding;
// mxfp4 experts.
inline constexpr model gpt_oss_120b{
    families::moe{},
    detail::facts("openai/gpt-oss-120b", "GptOssForCausalLM", 36, 2880, 201088, 131072, 64, 64, detail::mxfp4_experts),
    static_stack<36>(group<18>(detail::moe_layer(detail::gpt_oss_attention(128), 128, 4, 2880)),
                     group<18>(detail::moe_layer(detail::gpt_oss_attention(0), 128, 4, 2880)))};
inline constexpr model gpt_oss_20b{
    families::moe{},
    detail::facts("openai/gpt-oss-20b", "GptOssForCausalLM", 24, 2880, 201088, 131072, 64, 64, detail::mxfp4_experts),
    static_stack<24>(group<12>(detail::moe_layer(detail::gpt_oss_attention(128), 32, 4, 2880)),
                     group<12>(detail::moe_layer(detail::gpt_oss_attention(0), 32, 4, 2880)))};

inline constexpr model minimax_m2_5{
    families::moe{},
    detail::facts("MiniMaxAI/MiniMax-M2.5", "MiniMaxM2ForCausalLM", 62, 3072, 200064, 196608, 48, 128,
                  detail::fp8_block_dynamic),
    static_stack<62>(group<62>(detail::moe_layer(detail::minimax_m2_attention, 256, 8, 1536)))};
inline constexpr model minimax_m2_7{
    families::moe{},
    detail::facts("MiniMaxAI/MiniMax-M2.7", "MiniMaxM2ForCausalLM", 62, 3072, 200064, 204800, 48, 128,
                  detail::fp8_block_dynamic),
    static_stack<62>(group<62>(detail::moe_layer(detail::minimax_m2_attention, 256, 8, 1536)))};

// --- HYBRIDMOE -------------------------------------------------------------------
inline constexpr model mimo_v2_flash{
    families::hybrid_moe{},
    detail::facts("XiaomiMiMo/MiMo-V2-Flash", "MiMoV2FlashForCausalLM", 48, 4096, 152576, 262144, 64, 192,
                  detail::fp8_block_dynamic),
    static_stack<48>(
        group<detail::mimo_v2_count(false, true)>(families::hybrid_moe::moe_layer{detail::mimo_v2_full, detail::mimo_v2_experts}),
        group<detail::mimo_v2_count(true, true)>(families::hybrid_moe::moe_layer{detail::mimo_v2_swa, detail::mimo_v2_experts}),
        group<detail::mimo_v2_count(false, false)>(families::hybrid_moe::dense_layer{detail::mimo_v2_full, {16384}}))};

inline constexpr model llama4_scout{
    families::hybrid_moe{}, detail::llama4("meta-llama/Llama-4-Scout-17B-16E-Instruct", 10485760),
    static_stack<48>(
        group<detail::llama4_count<1>(false, true)>(families::hybrid_moe::moe_layer{detail::llama4_global, detail::llama4_experts(16)}),
        group<detail::llama4_count<1>(true, true)>(families::hybrid_moe::moe_layer{detail::llama4_chunked, detail::llama4_experts(16)}))};
inline constexpr model llama4_maverick{
    families::hybrid_moe{}, detail::llama4("meta-llama/Llama-4-Maverick-17B-128E-Instruct", 1048576),
    static_stack<48>(
        group<detail::llama4_count<2>(false, true)>(families::hybrid_moe::moe_layer{detail::llama4_global, detail::llama4_experts(128)}),
        group<detail::llama4_count<2>(true, true)>(families::hybrid_moe::moe_layer{detail::llama4_chunked, detail::llama4_experts(128)}),
        group<detail::llama4_count<2>(true, false)>(families::hybrid_moe::dense_layer{detail::llama4_chunked, {16384}}))};

// --- DEEPSEEK / KIMIK25 / DEEPSEEKV32 (C5: first_k_dense_replace dense layers) ------
inline constexpr model deepseek_v3{families::deepseek{}, detail::deepseek_v3("deepseek-ai/DeepSeek-V3"),
                                   detail::deepseek_stack<61, 3>(detail::deepseek_mla(128), 18432, detail::deepseek_experts(256))};
inline constexpr model deepseek_r1{families::deepseek{}, detail::deepseek_v3("deepseek-ai/DeepSeek-R1"),
                                   detail::deepseek_stack<61, 3>(detail::deepseek_mla(128), 18432, detail::deepseek_experts(256))};
// Kimi-K2: 64 heads (hidden / heads = 112), 384 experts, one dense layer.
inline constexpr model kimi_k2_instruct{
    families::deepseek{},
    detail::facts("moonshotai/Kimi-K2-Instruct", "DeepseekV3ForCausalLM", 61, 7168, 163840, 131072, 64, 112,
                  detail::fp8_block_dynamic),
    detail::deepseek_stack<61, 1>(detail::deepseek_mla(64), 18432, detail::deepseek_experts(384))};
inline constexpr model kimi_k2_5{
    families::kimi_k25{},
    detail::facts("moonshotai/Kimi-K2.5", "KimiK25ForConditionalGeneration", 61, 7168, 163840, 262144, 64, 112,
                  detail::kimi_k25_int4),
    detail::deepseek_stack<61, 1>(detail::kimi_k25_mla, 18432, detail::deepseek_experts(384))};
inline constexpr model deepseek_v3_2{
    families::deepseek_v32{},
    detail::facts("deepseek-ai/DeepSeek-V3.2", "DeepseekV32ForCausalLM", 61, 7168, 129280, 163840, 128, 56,
                  detail::fp8_block_dynamic),
    detail::deepseek_stack<61, 3>(detail::deepseek_v32_dsa, 18432, detail::deepseek_experts(256))};
inline constexpr model glm_5{
    families::deepseek_v32{},
    detail::facts("zai-org/GLM-5", "GlmMoeDsaForCausalLM", 78, 6144, 154880, 202752, 64, 64),
    detail::deepseek_stack<78, 3>(detail::glm5_dsa, 12288, detail::deepseek_experts(256))};

/// Calls `f(spec)` for every catalog spec (each with its own static type).
template <class F>
constexpr void for_each_model(F&& f) {
  f(meta_llama_3_1_8b);
  f(meta_llama_3_1_70b);
  f(meta_llama_3_1_405b);
  f(qwen3_8b);
  f(qwen3_32b);
  f(qwen3_32b_fp8);
  f(mimo_7b_base);
  f(qwen3_30b_a3b);
  f(qwen3_235b_a22b);
  f(mixtral_8x7b);
  f(mixtral_8x22b);
  f(gpt_oss_120b);
  f(gpt_oss_20b);
  f(minimax_m2_5);
  f(minimax_m2_7);
  f(mimo_v2_flash);
  f(llama4_scout);
  f(llama4_maverick);
  f(deepseek_v3);
  f(deepseek_r1);
  f(kimi_k2_instruct);
  f(kimi_k2_5);
  f(deepseek_v3_2);
  f(glm_5);
}

}  // namespace strata::catalog
