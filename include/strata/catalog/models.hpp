// Compile-time specs of known models. Every number is a fact from the model's
// published config.json (HF hub); per-type layer counts are computed here from the
// config's own layer patterns.
#pragma once

#include <array>
#include <utility>

#include "strata/families/deepseek.hpp"
#include "strata/families/deepseek_v4.hpp"
#include "strata/families/gemma4.hpp"
#include "strata/families/hybrid_moe.hpp"
#include "strata/families/kimi_k3.hpp"
#include "strata/families/llama.hpp"
#include "strata/families/minimax_m3.hpp"
#include "strata/families/moe.hpp"
#include "strata/families/nemotron_h.hpp"
#include "strata/families/nemotron_nas.hpp"
#include "strata/families/qwen35.hpp"
#include "strata/families/step3p7.hpp"
#include "strata/model/pattern.hpp"

namespace strata::catalog {

namespace detail {
using mixers::gqa;
using strata::layer;

constexpr checkpoint_quant fp8_block_dynamic{checkpoint_algo::fp8_block, true, checkpoint_kv::none, 128};
constexpr checkpoint_quant mxfp4_experts{checkpoint_algo::mxfp4, std::nullopt, checkpoint_kv::none, 128};

constexpr model_facts facts(std::string_view id, std::string_view arch, int layers, std::int64_t hidden,
                            std::int64_t vocab, std::int64_t context, int heads, int head_dim,
                            checkpoint_quant q = {}) {
  return {id, arch, layers, hidden, vocab, context, heads, head_dim, q};
}
/// The same facts for a model whose lm_head is its token embedding (`tie_word_embeddings`).
constexpr model_facts tied(model_facts f) {
  f.tied_embeddings = true;
  return f;
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
constexpr gqa gpt_oss_attention(int window) { return {.heads = 64, .kv_heads = 8, .head_dim = 64, .window = window}; }
constexpr gqa minimax_m2_attention{.heads = 48, .kv_heads = 8, .head_dim = 128, .qk_norm = true};

// --- HYBRIDMOE -------------------------------------------------------------------
// MiMo-V2-Flash config.json: hybrid_layer_pattern (1 = sliding window, 0 = full, C1)
// and moe_layer_freq (1 = MoE, 0 = dense).
constexpr std::array<int, 48> mimo_v2_attention{0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0,
                                                1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0};
constexpr std::array<int, 48> mimo_v2_moe{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                          1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
constexpr int mimo_v2_count(bool sliding, bool routed) {
  return count_layers<48>(
      [=](std::size_t i) { return (mimo_v2_attention[i] == 1) == sliding && (mimo_v2_moe[i] == 1) == routed; });
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
  return count_layers<48>(
      [=](std::size_t i) { return ((i + 1) % 4 != 0) == chunked && ((i + 1) % Step == 0) == routed; });
}
constexpr gqa llama4_global{.heads = 40, .kv_heads = 8, .head_dim = 128};
constexpr gqa llama4_chunked{.heads = 40, .kv_heads = 8, .head_dim = 128, .window = 8192};
constexpr ffns::routed_moe llama4_experts(int experts) {
  return {.experts = experts, .topk = 1, .inter = 8192, .shared_inter = 8192};
}
constexpr model_facts llama4(std::string_view id, std::int64_t context) {
  return facts(id, "Llama4ForConditionalGeneration", 48, 5120, 202048, context, 40, 128);
}

// Step-3.7-Flash config.json: layer_types full every 4th layer from 0, sliding
// (window 512) elsewhere; first_k_dense_replace 3 dense layers (intermediate_size
// 11264), then 288 experts (top 8) of 1280 with one shared expert of share_expert_dim
// 1280; q/k norms on every layer.
constexpr int step3p7_count(bool sliding, bool routed) {
  return count_layers<45>([=](std::size_t i) { return (i % 4 != 0) == sliding && (i >= 3) == routed; });
}
constexpr gqa step3p7_full{.heads = 64, .kv_heads = 8, .head_dim = 128, .qk_norm = true};
constexpr gqa step3p7_swa{.heads = 64, .kv_heads = 8, .head_dim = 128, .window = 512, .qk_norm = true};
constexpr ffns::routed_moe step3p7_experts{.experts = 288, .topk = 8, .inter = 1280, .shared_inter = 1280};

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
  q.excluded = {.q = true,
                .kv = true,
                .o = true,
                .indexer = true,
                .attention = true,
                .shared_experts = true,
                .dense_mlp = true,
                .lm_head = true};
  return q;
}();
constexpr mixers::mla kimi_k25_mla = [] {
  auto m = deepseek_mla(64);
  m.q_bf16 = m.kv_bf16 = m.o_bf16 = true;
  return m;
}();
// DeepSeek-V3.2: DSA with 64 indexer heads of 128, top-2048 keys.
constexpr mixers::dsa deepseek_v32_dsa{.heads = 128,
                                       .dims = {.hidden = 7168,
                                                .q_lora = 1536,
                                                .kv_lora = 512,
                                                .qk_nope = 128,
                                                .qk_rope = 64,
                                                .v_head = 128,
                                                .index_heads = 64,
                                                .index_dim = 128,
                                                .index_topk = 2048},
                                       .architecture = "DeepseekV32ForCausalLM"};
// GLM-5: hidden 6144, 64 heads (head_dim 64), q_lora 2048, qk_nope 192, v_head 256,
// 32 indexer heads; dense layers intermediate_size 12288.
constexpr mixers::dsa glm5_dsa{.heads = 64,
                               .dims = {.hidden = 6144,
                                        .q_lora = 2048,
                                        .kv_lora = 512,
                                        .qk_nope = 192,
                                        .qk_rope = 64,
                                        .v_head = 256,
                                        .index_heads = 32,
                                        .index_dim = 128,
                                        .index_topk = 2048},
                               .architecture = "GlmMoeDsaForCausalLM"};

// MiniMax-M3: 64 query / 4 KV heads of 128; the indexer scores blocks of 128 tokens
// with 4 heads of 128 and keeps the top 16; layers 0-2 attend densely
// (sparse_attention_freq 0) and cache no index keys.
constexpr mixers::msa minimax_m3_msa(bool indexed) {
  return {.heads = 64,
          .kv_heads = 4,
          .head_dim = 128,
          .v_head_dim = 128,
          .index_heads = 4,
          .index_dim = 128,
          .topk_blocks = 16,
          .block_size = 128,
          .indexed = indexed};
}
// 128 experts of 3072, top 4, one shared expert of 3072.
constexpr ffns::routed_moe minimax_m3_experts{.experts = 128, .topk = 4, .inter = 3072, .shared_inter = 3072};
// Layers 0-2 (first_k_dense_replace 3): GQA with q/k norms and a SwiGLU MLP of
// dense_intermediate_size 12288 (C14).
constexpr gqa minimax_m3_dense_attention{.heads = 64, .kv_heads = 4, .head_dim = 128, .qk_norm = true};
// --- DEEPSEEKV4 ------------------------------------------------------------------
// DeepSeek-V4: head_dim 512 (one shared KV entry per token), rope 64, window 128,
// 64 indexer heads of 128, mHC width 4 with 20 Sinkhorn iterations; per-layer
// compress ratios; fp8 block weights with FP4 routed experts (`expert_dtype: fp4`).
constexpr checkpoint_quant deepseek_v4_quant = [] {
  checkpoint_quant q = fp8_block_dynamic;
  q.fp4_experts = true;
  return q;
}();
constexpr mixers::dsv4_attention deepseek_v4_attention(int heads, std::int64_t hidden, int q_lora, int topk,
                                                       int o_groups, int ratio) {
  return {.heads = heads,
          .dims = {.hidden = hidden,
                   .q_lora = q_lora,
                   .o_lora = 1024,
                   .head_dim = 512,
                   .rope_dim = 64,
                   .index_heads = 64,
                   .index_dim = 128,
                   .index_topk = topk,
                   .window = 128},
          .compress_ratio = ratio,
          .o_groups = o_groups,
          .hc_mult = 4,
          .hc_sinkhorn_iters = 20};
}
constexpr families::deepseek_v4::layer_type deepseek_v4_layer(int heads, std::int64_t hidden, int q_lora, int topk,
                                                              int o_groups, int ratio, int experts,
                                                              std::int64_t width) {
  return {deepseek_v4_attention(heads, hidden, q_lora, topk, o_groups, ratio),
          {.experts = experts, .topk = 6, .inter = width, .shared_inter = width}};
}
// Flash: layers 0-1 sliding window only, then ratios 4 and 128 alternating.
constexpr auto flash_layer(int ratio) { return deepseek_v4_layer(64, 4096, 1024, 512, 8, ratio, 256, 2048); }
// Pro: layers 0-1 ratio 128, then 4 and 128 alternating.
constexpr auto pro_layer(int ratio) { return deepseek_v4_layer(128, 7168, 1536, 1024, 16, ratio, 384, 3072); }

// --- NEMOTRONH -------------------------------------------------------------------
// hybrid_override_pattern as config.json writes it: M Mamba2, * attention, E MoE,
// - ReLU² MLP; one block per layer.
constexpr std::string_view nemotron_h_56b_pattern =
    "M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-"
    "M-M-M-M-M-";
constexpr std::string_view nemotron_3_nano_pattern = "MEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEMEM*EMEMEMEME";
// No mamba_ssm_cache_dtype in the 56B config: vLLM's float32 default; Nano says float32.
constexpr mixers::mamba2 nemotron_h_56b_mamba{
    .heads = 256, .head_dim = 64, .d_state = 256, .d_conv = 4, .n_groups = 8, .chunk_size = 128, .state_bytes = 4};
constexpr mixers::mamba2 nemotron_3_nano_mamba{
    .heads = 64, .head_dim = 64, .d_state = 128, .d_conv = 4, .n_groups = 8, .chunk_size = 128, .state_bytes = 4};
// 128 ReLU² experts of 1856, top 6, one shared expert of 3712.
constexpr ffns::routed_moe nemotron_3_nano_experts{
    .experts = 128, .topk = 6, .inter = 1856, .shared_inter = 3712, .gated = false};

// --- QWEN35 ----------------------------------------------------------------------
// layer_types: full attention every full_attention_interval (4) layers, Gated
// DeltaNet elsewhere; the full layers gate their output (attn_output_gate) and norm
// q/k per head; the recurrent state is float32 (mamba_ssm_dtype).
template <int Layers>
constexpr int qwen35_full_layers() {
  return count_layers<Layers>([](std::size_t i) { return (i + 1) % 4 == 0; });
}
constexpr mixers::gqa qwen35_attention(int heads, int kv_heads) {
  return {.heads = heads, .kv_heads = kv_heads, .head_dim = 256, .qk_norm = true, .output_gate = true};
}
constexpr mixers::gated_delta_net qwen35_gdn(int v_heads) {
  return {.k_heads = 16, .k_head_dim = 128, .v_heads = v_heads, .v_head_dim = 128, .d_conv = 4, .state_bytes = 4};
}
constexpr ffns::routed_moe qwen35_397b_experts{.experts = 512, .topk = 10, .inter = 1024, .shared_inter = 1024};

// --- KIMIK3 ----------------------------------------------------------------------
// Kimi-K3: 93 layers, KDA on the 69 listed in linear_attn_config.kda_layers (1-based;
// every layer but 4, 8, ..., 92 and 93), latent attention with an output gate on the
// other 24; layer 0 a dense SwiGLU MLP of 33792, the rest 896 experts (top-16, 3072
// wide) in a 3584-wide latent plus 2 shared experts of 3072 in the hidden width;
// AttnRes blocks of 12. compressed-tensors MXFP4 on the routed experts only (the
// ignore list keeps self_attn, the shared experts, the dense MLP and lm_head in bf16).
constexpr checkpoint_quant kimi_k3_mxfp4 = [] {
  checkpoint_quant q{checkpoint_algo::compressed_tensors};
  q.ct_moe = moe_quant::w4a16_mxfp4;
  q.excluded = {.q = true,
                .kv = true,
                .o = true,
                .indexer = true,
                .attention = true,
                .shared_experts = true,
                .dense_mlp = true,
                .lm_head = true};
  return q;
}();
constexpr model_facts kimi_k3_facts = [] {
  model_facts f = facts("moonshotai/Kimi-K3", "KimiK3ForConditionalGeneration", 93, 7168, 163840, 1048576, 96,
                        7168 / 96, kimi_k3_mxfp4);
  f.attn_res_block = 12;
  return f;
}();
constexpr mixers::kda kimi_k3_kda{.heads = 96, .head_dim = 128, .d_conv = 4, .state_slots = 5};
constexpr mixers::mla kimi_k3_mla{.heads = 96,
                                  .kv_heads = 96,
                                  .q_lora = 1536,
                                  .dims = {.kv_lora = 512, .qk_nope = 128, .qk_rope = 64, .v_head = 128},
                                  .q_bf16 = true,
                                  .kv_bf16 = true,
                                  .o_bf16 = true,
                                  .output_gate = true};
constexpr ffns::routed_moe kimi_k3_experts{
    .experts = 896, .topk = 16, .inter = 3072, .shared_inter = 2 * 3072, .latent = 3584};

// gemma-4-26B-A4B: sliding layers (window 1024) with 8 KV heads of 256, a global layer
// every 6th with 2 KV heads of 512 whose V is its K projection (attention_k_eq_v); a
// 2112-wide MLP beside 128 experts of 704 (top 8) on every layer.
constexpr int gemma4_26b_global_layers = count_layers<30>([](std::size_t i) { return (i + 1) % 6 == 0; });
constexpr mixers::gqa gemma4_26b_sliding{.heads = 16, .kv_heads = 8, .head_dim = 256, .window = 1024};
constexpr mixers::gqa gemma4_26b_global{.heads = 16, .kv_heads = 2, .head_dim = 512, .k_eq_v = true};
constexpr ffns::dense_and_moe gemma4_26b_ffn{{2112}, {.experts = 128, .topk = 8, .inter = 704}};

// --- NEMOTRONNAS -----------------------------------------------------------------
// block_configs as runs of identical consecutive blocks: query heads per KV head (0 =
// no attention), ffn_mult, how many blocks.
struct nas_run {
  int heads_in_group;
  double ffn_mult;
  int blocks;
};
constexpr std::array<nas_run, 25> nemotron_super_49b_runs{
    {{8, 2.625, 1},  {8, 5.25, 5},   {0, 2.625, 2},  {8, 5.25, 3},   {0, 3.28125, 1}, {8, 5.25, 30},  {0, 1.3125, 1},
     {0, 2.625, 2},  {0, 1.3125, 1}, {0, 5.25, 1},   {0, 1.3125, 1}, {0, 2.625, 1},   {0, 1.3125, 3}, {8, 5.25, 1},
     {0, 1.3125, 1}, {0, 1.0, 2},    {0, 1.3125, 1}, {0, 1.0, 3},    {0, 1.3125, 2},  {0, 0.5, 2},    {0, 1.0, 2},
     {0, 0.5, 2},    {0, 1.0, 1},    {0, 0.5, 2},    {8, 5.25, 9}}};
template <class Run>
constexpr Run nas_group(const nas_run& r, int heads, int head_dim, std::int64_t hidden) {
  using F = families::nemotron_nas;
  const ffns::gated_mlp mlp{F::ffn_width(r.ffn_mult, hidden)};
  if (r.heads_in_group > 0)
    return group(F::block{gqa{.heads = heads, .kv_heads = heads / r.heads_in_group, .head_dim = head_dim}, mlp},
                 r.blocks);
  return group(F::ffn_only_block{{}, mlp}, r.blocks);
}
// Each run is constructed in place (a constant expression may not switch a variant's
// alternative by assignment under every standard library).
template <std::size_t N, std::size_t... I>
constexpr auto nas_groups(const std::array<nas_run, N>& runs, int heads, int head_dim, std::int64_t hidden,
                          std::index_sequence<I...>) {
  using Runs = typename families::nemotron_nas::template static_runs<N>;
  using Run = typename Runs::run_type;
  return groups(Runs{{nas_group<Run>(runs[I], heads, head_dim, hidden)...}});
}
template <std::size_t N>
constexpr auto nas_groups(const std::array<nas_run, N>& runs, int heads, int head_dim, std::int64_t hidden) {
  return nas_groups(runs, heads, head_dim, hidden, std::make_index_sequence<N>{});
}
}  // namespace detail

// --- LLAMA -----------------------------------------------------------------------
inline constexpr model meta_llama_3_1_8b{families::llama{},
                                         detail::llama3("meta-llama/Meta-Llama-3.1-8B", 32, 32, 4096),
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
inline constexpr model qwen3_32b_fp8{families::llama{},
                                     detail::facts("Qwen/Qwen3-32B-FP8", "Qwen3ForCausalLM", 64, 5120, 151936, 40960,
                                                   64, 128, detail::fp8_block_dynamic),
                                     static_stack<64>(group<64>(detail::qwen3_layer(64, 25600)))};
inline constexpr model mimo_7b_base{
    families::llama{}, detail::facts("XiaomiMiMo/MiMo-7B-Base", "MiMoForCausalLM", 36, 4096, 151680, 32768, 32, 128),
    static_stack<36>(group<36>(detail::qwen3_layer(32, 11008, false)))};

// --- MOE -------------------------------------------------------------------------
inline constexpr model qwen3_30b_a3b{
    families::moe{}, detail::facts("Qwen/Qwen3-30B-A3B", "Qwen3MoeForCausalLM", 48, 2048, 151936, 40960, 32, 128),
    static_stack<48>(
        group<48>(detail::moe_layer({.heads = 32, .kv_heads = 4, .head_dim = 128, .qk_norm = true}, 128, 8, 768)))};
inline constexpr model qwen3_235b_a22b{
    families::moe{}, detail::facts("Qwen/Qwen3-235B-A22B", "Qwen3MoeForCausalLM", 94, 4096, 151936, 40960, 64, 128),
    static_stack<94>(
        group<94>(detail::moe_layer({.heads = 64, .kv_heads = 4, .head_dim = 128, .qk_norm = true}, 128, 8, 1536)))};

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
        group<detail::mimo_v2_count(false, true)>(
            families::hybrid_moe::moe_layer{detail::mimo_v2_full, detail::mimo_v2_experts}),
        group<detail::mimo_v2_count(true, true)>(
            families::hybrid_moe::moe_layer{detail::mimo_v2_swa, detail::mimo_v2_experts}),
        group<detail::mimo_v2_count(false, false)>(families::hybrid_moe::dense_layer{detail::mimo_v2_full, {16384}}))};

inline constexpr model llama4_scout{
    families::hybrid_moe{}, detail::llama4("meta-llama/Llama-4-Scout-17B-16E-Instruct", 10485760),
    static_stack<48>(group<detail::llama4_count<1>(false, true)>(
                         families::hybrid_moe::moe_layer{detail::llama4_global, detail::llama4_experts(16)}),
                     group<detail::llama4_count<1>(true, true)>(
                         families::hybrid_moe::moe_layer{detail::llama4_chunked, detail::llama4_experts(16)}))};
inline constexpr model llama4_maverick{
    families::hybrid_moe{}, detail::llama4("meta-llama/Llama-4-Maverick-17B-128E-Instruct", 1048576),
    static_stack<48>(group<detail::llama4_count<2>(false, true)>(
                         families::hybrid_moe::moe_layer{detail::llama4_global, detail::llama4_experts(128)}),
                     group<detail::llama4_count<2>(true, true)>(
                         families::hybrid_moe::moe_layer{detail::llama4_chunked, detail::llama4_experts(128)}),
                     group<detail::llama4_count<2>(true, false)>(
                         families::hybrid_moe::dense_layer{detail::llama4_chunked, {16384}}))};

// --- STEP3P7 ----------------------------------------------------------------------
inline constexpr model step3p7_flash{
    families::step3p7{},
    detail::facts("stepfun-ai/Step-3.7-Flash", "Step3p7FlashForCausalLM", 45, 4096, 128896, 65536, 64, 128),
    static_stack<45>(
        group<detail::step3p7_count(false, true)>(
            families::step3p7::moe_layer{detail::step3p7_full, detail::step3p7_experts}),
        group<detail::step3p7_count(true, true)>(
            families::step3p7::moe_layer{detail::step3p7_swa, detail::step3p7_experts}),
        group<detail::step3p7_count(true, false)>(families::step3p7::dense_layer{detail::step3p7_swa, {11264}}),
        group<detail::step3p7_count(false, false)>(families::step3p7::dense_layer{detail::step3p7_full, {11264}}))};

// --- DEEPSEEK / KIMIK25 / DEEPSEEKV32 (C5: first_k_dense_replace dense layers) ------
inline constexpr model deepseek_v3{
    families::deepseek{}, detail::deepseek_v3("deepseek-ai/DeepSeek-V3"),
    detail::deepseek_stack<61, 3>(detail::deepseek_mla(128), 18432, detail::deepseek_experts(256))};
inline constexpr model deepseek_r1{
    families::deepseek{}, detail::deepseek_v3("deepseek-ai/DeepSeek-R1"),
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
inline constexpr model glm_5{families::deepseek_v32{},
                             detail::facts("zai-org/GLM-5", "GlmMoeDsaForCausalLM", 78, 6144, 154880, 202752, 64, 64),
                             detail::deepseek_stack<78, 3>(detail::glm5_dsa, 12288, detail::deepseek_experts(256))};

// --- MINIMAXM3 (every layer priced as MoE + MSA, as the reference has it) ----------
inline constexpr model minimax_m3{
    families::minimax_m3{},
    detail::facts("MiniMaxAI/MiniMax-M3", "MiniMaxM3ForCausalLM", 60, 6144, 200064, 1048576, 64, 128),
    static_stack<60>(
        group<3>(families::minimax_m3::dense_layer{detail::minimax_m3_dense_attention, {12288}}),
        group<57>(families::minimax_m3::layer_type{detail::minimax_m3_msa(true), detail::minimax_m3_experts}))};
// --- DEEPSEEKV4 --------------------------------------------------------------------
inline constexpr model deepseek_v4_flash{
    families::deepseek_v4{},
    detail::facts("deepseek-ai/DeepSeek-V4-Flash", "DeepseekV4ForCausalLM", 43, 4096, 129280, 1048576, 64, 512,
                  detail::deepseek_v4_quant),
    static_stack<43>(group<2>(detail::flash_layer(0)), group<21>(detail::flash_layer(4)),
                     group<20>(detail::flash_layer(128)))};
inline constexpr model deepseek_v4_pro{
    families::deepseek_v4{},
    detail::facts("deepseek-ai/DeepSeek-V4-Pro", "DeepseekV4ForCausalLM", 61, 7168, 129280, 1048576, 128, 512,
                  detail::deepseek_v4_quant),
    static_stack<61>(group<31>(detail::pro_layer(128)), group<30>(detail::pro_layer(4)))};

// --- NEMOTRONH ---------------------------------------------------------------------
inline constexpr model nemotron_h_56b{
    families::nemotron_h{},
    detail::facts("nvidia/Nemotron-H-56B-Base-8K", "NemotronHForCausalLM", 118, 8192, 131072, 8192, 64, 128),
    static_stack<118>(
        group<count_char(detail::nemotron_h_56b_pattern, 'M')>(
            families::nemotron_h::mamba_layer{detail::nemotron_h_56b_mamba, {}}),
        group<count_char(detail::nemotron_h_56b_pattern, '*')>(
            families::nemotron_h::attention_layer{{.heads = 64, .kv_heads = 8, .head_dim = 128}, {}}),
        group<count_char(detail::nemotron_h_56b_pattern, '-')>(families::nemotron_h::mlp_layer{{}, {32768}}))};
inline constexpr model nemotron_3_nano{
    families::nemotron_h{},
    detail::facts("nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16", "NemotronHForCausalLM", 52, 2688, 131072, 262144, 32,
                  128),
    static_stack<52>(group<count_char(detail::nemotron_3_nano_pattern, 'M')>(
                         families::nemotron_h::mamba_layer{detail::nemotron_3_nano_mamba, {}}),
                     group<count_char(detail::nemotron_3_nano_pattern, '*')>(
                         families::nemotron_h::attention_layer{{.heads = 32, .kv_heads = 2, .head_dim = 128}, {}}),
                     group<count_char(detail::nemotron_3_nano_pattern, 'E')>(
                         families::nemotron_h::moe_layer{{}, detail::nemotron_3_nano_experts}))};

// --- QWEN35 -------------------------------------------------------------------------
inline constexpr model qwen3_5_397b_a17b{
    families::qwen35{},
    detail::facts("Qwen/Qwen3.5-397B-A17B", "Qwen3_5MoeForConditionalGeneration", 60, 4096, 248320, 262144, 32, 256),
    static_stack<60>(group<60 - detail::qwen35_full_layers<60>()>(
                         families::qwen35::gdn_moe_layer{detail::qwen35_gdn(64), detail::qwen35_397b_experts}),
                     group<detail::qwen35_full_layers<60>()>(families::qwen35::full_moe_layer{
                         detail::qwen35_attention(32, 2), detail::qwen35_397b_experts}))};
inline constexpr model qwen3_5_27b{
    families::qwen35{},
    detail::facts("Qwen/Qwen3.5-27B", "Qwen3_5ForConditionalGeneration", 64, 5120, 248320, 262144, 24, 256),
    static_stack<64>(group<64 - detail::qwen35_full_layers<64>()>(
                         families::qwen35::gdn_dense_layer{detail::qwen35_gdn(48), {17408}}),
                     group<detail::qwen35_full_layers<64>()>(
                         families::qwen35::full_dense_layer{detail::qwen35_attention(24, 4), {17408}}))};

// --- KIMIK3 ----------------------------------------------------------------------------
inline constexpr model kimi_k3{
    families::kimi_k3{}, detail::kimi_k3_facts,
    static_stack<93>(group<1>(families::kimi_k3::kda_dense_layer{detail::kimi_k3_kda, {33792}}),
                     group<68>(families::kimi_k3::kda_moe_layer{detail::kimi_k3_kda, detail::kimi_k3_experts}),
                     group<0>(families::kimi_k3::mla_dense_layer{detail::kimi_k3_mla, {33792}}),
                     group<24>(families::kimi_k3::mla_moe_layer{detail::kimi_k3_mla, detail::kimi_k3_experts}))};

inline constexpr model gemma_4_26b_a4b{
    families::gemma4{},
    detail::tied(
        detail::facts("google/gemma-4-26B-A4B", "Gemma4ForConditionalGeneration", 30, 2816, 262144, 262144, 16, 256)),
    static_stack<30>(group<30 - detail::gemma4_26b_global_layers>(
                         families::gemma4::moe_layer{detail::gemma4_26b_sliding, detail::gemma4_26b_ffn}),
                     group<detail::gemma4_26b_global_layers>(
                         families::gemma4::moe_layer{detail::gemma4_26b_global, detail::gemma4_26b_ffn}))};

// --- NEMOTRONNAS (25 runs of identical blocks over 80 layers) -------------------------
inline constexpr model llama_3_3_nemotron_super_49b{
    families::nemotron_nas{},
    detail::facts("nvidia/Llama-3_3-Nemotron-Super-49B-v1", "DeciLMForCausalLM", 80, 8192, 128256, 131072, 64, 128),
    detail::nas_groups(detail::nemotron_super_49b_runs, 64, 128, 8192)};

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
  f(step3p7_flash);
  f(deepseek_v3);
  f(deepseek_r1);
  f(kimi_k2_instruct);
  f(kimi_k2_5);
  f(deepseek_v3_2);
  f(glm_5);
  f(minimax_m3);
  f(deepseek_v4_flash);
  f(deepseek_v4_pro);
  f(nemotron_h_56b);
  f(nemotron_3_nano);
  f(qwen3_5_397b_a17b);
  f(qwen3_5_27b);
  f(kimi_k3);
  f(gemma_4_26b_a4b);
  f(llama_3_3_nemotron_super_49b);
}

}  // namespace strata::catalog
