// Compile-time specs of known models. Every number is a fact from the model's
// published config.json (HF hub); per-type layer counts are computed here from the
// config's own layer patterns.
#pragma once

#include <array>

#include "strata/model/model_spec.hpp"
#include "strata/model/pattern.hpp"

namespace strata::catalog {

using namespace strata::layers;

namespace detail {
constexpr checkpoint_quant fp8_block_dynamic{checkpoint_algo::fp8_block, true, checkpoint_kv::none, 128};
constexpr checkpoint_quant mxfp4_experts{checkpoint_algo::mxfp4, std::nullopt, checkpoint_kv::none, 128};

constexpr model_info llama3(std::string_view id, int layers, int heads, std::int64_t hidden, std::int64_t inter) {
  model_info m;
  m.id = id;
  m.architecture = "LlamaForCausalLM";
  m.family = family::llama;
  m.layers = layers;
  m.num_heads = heads;
  m.num_kv_heads = 8;
  m.head_dim = int(hidden / heads);  // no head_dim key: hidden / heads
  m.hidden = hidden;
  m.inter = inter;
  m.vocab = 128256;
  m.context = 131072;
  m.moe_inter = inter;
  return m;
}

constexpr model_info qwen3(std::string_view id, int layers, int heads, std::int64_t hidden, std::int64_t inter) {
  model_info m;
  m.id = id;
  m.architecture = "Qwen3ForCausalLM";
  m.family = family::llama;
  m.layers = layers;
  m.num_heads = heads;
  m.num_kv_heads = 8;
  m.head_dim = 128;
  m.hidden = hidden;
  m.inter = inter;
  m.vocab = 151936;
  m.context = 40960;
  m.moe_inter = inter;
  m.use_qk_norm = true;  // Qwen3 attention RMS-normalises q and k per head
  return m;
}

constexpr model_info qwen3_moe(std::string_view id, int layers, int heads, std::int64_t hidden, std::int64_t inter,
                               std::int64_t moe_inter) {
  model_info m = qwen3(id, layers, heads, hidden, inter);
  m.architecture = "Qwen3MoeForCausalLM";
  m.family = family::moe;
  m.num_kv_heads = 4;
  m.topk = 8;
  m.num_experts = 128;
  m.moe_inter = moe_inter;
  return m;
}

constexpr model_info mixtral(std::string_view id, int layers, int heads, std::int64_t hidden, std::int64_t inter,
                             std::int64_t context) {
  model_info m;
  m.id = id;
  m.architecture = "MixtralForCausalLM";
  m.family = family::moe;
  m.layers = layers;
  m.num_heads = heads;
  m.num_kv_heads = 8;
  m.head_dim = int(hidden / heads);
  m.hidden = hidden;
  m.inter = inter;
  m.vocab = 32000;
  m.context = context;
  m.topk = 2;
  m.num_experts = 8;
  m.moe_inter = inter;  // no moe_intermediate_size: experts are intermediate_size wide
  return m;
}

constexpr model_info gpt_oss(std::string_view id, int layers, int experts) {
  model_info m;
  m.id = id;
  m.architecture = "GptOssForCausalLM";
  m.family = family::moe;
  m.layers = layers;
  m.num_heads = 64;
  m.num_kv_heads = 8;
  m.head_dim = 64;
  m.hidden = 2880;
  m.inter = 2880;
  m.vocab = 201088;
  m.context = 131072;
  m.topk = 4;
  m.num_experts = experts;
  m.moe_inter = 2880;
  m.window = 128;
  m.quant = mxfp4_experts;
  return m;
}

constexpr model_info minimax_m2(std::string_view id, std::int64_t context) {
  model_info m;
  m.id = id;
  m.architecture = "MiniMaxM2ForCausalLM";
  m.family = family::moe;
  m.layers = 62;
  m.num_heads = 48;
  m.num_kv_heads = 8;
  m.head_dim = 128;
  m.hidden = 3072;
  m.inter = 1536;
  m.vocab = 200064;
  m.context = context;
  m.topk = 8;
  m.num_experts = 256;
  m.moe_inter = 1536;
  m.use_qk_norm = true;
  m.quant = fp8_block_dynamic;
  return m;
}

// MiMo-V2-Flash config.json: hybrid_layer_pattern (1 = sliding window, 0 = full, C1)
// and moe_layer_freq (1 = MoE, 0 = dense).
constexpr std::array<int, 48> mimo_v2_attention{0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0,
                                                1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0};
constexpr std::array<int, 48> mimo_v2_moe{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                          1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

constexpr int mimo_v2_count(attention_kind a, ffn_kind f) {
  return count_layers<48>(
      [](std::size_t i) { return mimo_v2_attention[i] == 1 ? attention_kind::sliding : attention_kind::full; },
      [](std::size_t i) { return mimo_v2_moe[i] == 1 ? ffn_kind::moe : ffn_kind::dense; }, a, f);
}

// Llama-4: a NoPE full-attention layer every no_rope_layer_interval (4) layers,
// chunked attention elsewhere; MoE every interleave_moe_layer_step layers (C2).
template <int Step>
constexpr int llama4_count(attention_kind a, ffn_kind f) {
  return count_layers<48>(
      [](std::size_t i) { return (i + 1) % 4 == 0 ? attention_kind::full : attention_kind::sliding; },
      [](std::size_t i) { return (i + 1) % Step == 0 ? ffn_kind::moe : ffn_kind::dense; }, a, f);
}

constexpr model_info llama4(std::string_view id, int experts, std::int64_t context) {
  model_info m;
  m.id = id;
  m.architecture = "Llama4ForConditionalGeneration";
  m.family = family::hybrid_moe;
  m.layers = 48;
  m.num_heads = 40;
  m.num_kv_heads = 8;
  m.head_dim = 128;
  m.hidden = 5120;
  m.inter = 8192;
  m.vocab = 202048;
  m.context = context;
  m.topk = 1;
  m.num_experts = experts;
  m.moe_inter = 8192;
  m.window = 8192;         // attention_chunk_size
  m.dense_inter = 16384;   // intermediate_size_mlp
  m.shared_inter = 8192;   // the shared expert is intermediate_size wide
  return m;
}
}  // namespace detail

inline constexpr model_spec meta_llama_3_1_8b{detail::llama3("meta-llama/Meta-Llama-3.1-8B", 32, 32, 4096, 14336),
                                              static_stack<32, static_group<full_dense, 32>>{}};
inline constexpr model_spec meta_llama_3_1_70b{detail::llama3("meta-llama/Meta-Llama-3.1-70B", 80, 64, 8192, 28672),
                                               static_stack<80, static_group<full_dense, 80>>{}};
inline constexpr model_spec meta_llama_3_1_405b{
    detail::llama3("meta-llama/Meta-Llama-3.1-405B", 126, 128, 16384, 53248),
    static_stack<126, static_group<full_dense, 126>>{}};

inline constexpr model_spec qwen3_8b{detail::qwen3("Qwen/Qwen3-8B", 36, 32, 4096, 12288),
                                     static_stack<36, static_group<full_dense, 36>>{}};
inline constexpr model_spec qwen3_32b{detail::qwen3("Qwen/Qwen3-32B", 64, 64, 5120, 25600),
                                      static_stack<64, static_group<full_dense, 64>>{}};
inline constexpr model_spec qwen3_32b_fp8{[] {
                                            auto m = detail::qwen3("Qwen/Qwen3-32B-FP8", 64, 64, 5120, 25600);
                                            m.quant = detail::fp8_block_dynamic;
                                            return m;
                                          }(),
                                          static_stack<64, static_group<full_dense, 64>>{}};

inline constexpr model_spec mimo_7b_base{[] {
                                           auto m = detail::qwen3("XiaomiMiMo/MiMo-7B-Base", 36, 32, 4096, 11008);
                                           m.architecture = "MiMoForCausalLM";
                                           m.vocab = 151680;
                                           m.context = 32768;
                                           m.use_qk_norm = false;
                                           return m;
                                         }(),
                                         static_stack<36, static_group<full_dense, 36>>{}};

inline constexpr model_spec qwen3_30b_a3b{detail::qwen3_moe("Qwen/Qwen3-30B-A3B", 48, 32, 2048, 6144, 768),
                                          static_stack<48, static_group<full_moe, 48>>{}};
inline constexpr model_spec qwen3_235b_a22b{detail::qwen3_moe("Qwen/Qwen3-235B-A22B", 94, 64, 4096, 12288, 1536),
                                            static_stack<94, static_group<full_moe, 94>>{}};

inline constexpr model_spec mixtral_8x7b{detail::mixtral("mistralai/Mixtral-8x7B-v0.1", 32, 32, 4096, 14336, 32768),
                                         static_stack<32, static_group<full_moe, 32>>{}};
inline constexpr model_spec mixtral_8x22b{
    detail::mixtral("mistralai/Mixtral-8x22B-v0.1", 56, 48, 6144, 16384, 65536),
    static_stack<56, static_group<full_moe, 56>>{}};

// gpt-oss: layer_types alternate sliding (window 128) and full, starting sliding.
inline constexpr model_spec gpt_oss_120b{detail::gpt_oss("openai/gpt-oss-120b", 36, 128),
                                         static_stack<36, static_group<sliding_moe, 18>, static_group<full_moe, 18>>{}};
inline constexpr model_spec gpt_oss_20b{detail::gpt_oss("openai/gpt-oss-20b", 24, 32),
                                        static_stack<24, static_group<sliding_moe, 12>, static_group<full_moe, 12>>{}};

inline constexpr model_spec minimax_m2_5{detail::minimax_m2("MiniMaxAI/MiniMax-M2.5", 196608),
                                         static_stack<62, static_group<full_moe, 62>>{}};
inline constexpr model_spec minimax_m2_7{detail::minimax_m2("MiniMaxAI/MiniMax-M2.7", 204800),
                                         static_stack<62, static_group<full_moe, 62>>{}};

inline constexpr model_spec mimo_v2_flash{
    [] {
      model_info m;
      m.id = "XiaomiMiMo/MiMo-V2-Flash";
      m.architecture = "MiMoV2FlashForCausalLM";
      m.family = family::hybrid_moe;
      m.layers = 48;
      m.num_heads = 64;
      m.num_kv_heads = 4;
      m.head_dim = 192;
      m.v_head_dim = 128;
      m.hidden = 4096;
      m.inter = 16384;
      m.vocab = 152576;
      m.context = 262144;
      m.topk = 8;
      m.num_experts = 256;
      m.moe_inter = 2048;
      m.window = 128;
      m.swa_num_heads = 64;
      m.swa_num_kv_heads = 8;
      m.swa_head_dim = 192;
      m.swa_v_head_dim = 128;
      m.quant = detail::fp8_block_dynamic;
      return m;
    }(),
    static_stack<48, static_group<full_moe, detail::mimo_v2_count(attention_kind::full, ffn_kind::moe)>,
                 static_group<sliding_moe, detail::mimo_v2_count(attention_kind::sliding, ffn_kind::moe)>,
                 static_group<full_dense, detail::mimo_v2_count(attention_kind::full, ffn_kind::dense)>>{}};

inline constexpr model_spec llama4_scout{
    detail::llama4("meta-llama/Llama-4-Scout-17B-16E-Instruct", 16, 10485760),
    static_stack<48, static_group<full_moe, detail::llama4_count<1>(attention_kind::full, ffn_kind::moe)>,
                 static_group<sliding_moe, detail::llama4_count<1>(attention_kind::sliding, ffn_kind::moe)>>{}};
inline constexpr model_spec llama4_maverick{
    detail::llama4("meta-llama/Llama-4-Maverick-17B-128E-Instruct", 128, 1048576),
    static_stack<48, static_group<full_moe, detail::llama4_count<2>(attention_kind::full, ffn_kind::moe)>,
                 static_group<sliding_moe, detail::llama4_count<2>(attention_kind::sliding, ffn_kind::moe)>,
                 static_group<sliding_dense, detail::llama4_count<2>(attention_kind::sliding, ffn_kind::dense)>>{}};

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
}

}  // namespace strata::catalog
