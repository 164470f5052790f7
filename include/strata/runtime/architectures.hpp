// The architectures strata reads, each with its family and reader. Adding an
// architecture is one entry here (plus its reader, when it brings a new one).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "strata/runtime/readers/decoder.hpp"
#include "strata/runtime/readers/deepseek.hpp"
#include "strata/runtime/readers/gemma4.hpp"
#include "strata/runtime/readers/gpt.hpp"
#include "strata/runtime/readers/hybrid_moe.hpp"
#include "strata/runtime/readers/kimi_k3.hpp"
#include "strata/runtime/readers/llama.hpp"
#include "strata/runtime/readers/mamba.hpp"
#include "strata/runtime/readers/minimax_m3.hpp"
#include "strata/runtime/readers/moe.hpp"
#include "strata/runtime/readers/nemotron_h.hpp"
#include "strata/runtime/readers/nemotron_nas.hpp"
#include "strata/runtime/readers/qwen35.hpp"
#include "strata/runtime/readers/qwen3vl.hpp"

namespace strata {

using config_reader_fn = any_model (*)(config_reader&);

struct architecture_entry {
  std::string_view architecture;
  std::string_view family;
  bool nested_text_config;  // the LLM fields live under "text_config"
  config_reader_fn read;
};

inline constexpr std::array<architecture_entry, 32> architectures{{
    {"LlamaForCausalLM", families::llama::name, false, &readers::read_llama},
    {"Qwen2ForCausalLM", families::llama::name, false, &readers::read_llama},
    {"Qwen3ForCausalLM", families::llama::name, false, &readers::read_llama},
    {"MiMoForCausalLM", families::llama::name, false, &readers::read_llama},
    {"MixtralForCausalLM", families::moe::name, false, &readers::read_moe},
    {"GptOssForCausalLM", families::moe::name, false, &readers::read_moe},
    {"Qwen2MoeForCausalLM", families::moe::name, false, &readers::read_moe},
    {"Qwen3MoeForCausalLM", families::moe::name, false, &readers::read_moe},
    {"MiniMaxM2ForCausalLM", families::moe::name, false, &readers::read_moe},
    {"MiMoV2FlashForCausalLM", families::hybrid_moe::name, false, &readers::read_mimo_v2},
    {"Llama4ForConditionalGeneration", families::hybrid_moe::name, true, &readers::read_llama4},
    {"DeepSeekForCausalLM", families::deepseek::name, false, &readers::read_deepseek<families::deepseek>},
    {"DeepseekV3ForCausalLM", families::deepseek::name, false, &readers::read_deepseek<families::deepseek>},
    {"KimiK25ForConditionalGeneration", families::kimi_k25::name, true, &readers::read_deepseek<families::kimi_k25>},
    {"KimiK3ForConditionalGeneration", families::kimi_k3::name, true, &readers::read_kimi_k3},
    {"DeepseekV32ForCausalLM", families::deepseek_v32::name, false, &readers::read_deepseek_v32},
    {"GlmMoeDsaForCausalLM", families::deepseek_v32::name, false, &readers::read_deepseek_v32},
    {"DeepseekV4ForCausalLM", families::deepseek_v4::name, false, &readers::read_deepseek_v4},
    {"NemotronHForCausalLM", families::nemotron_h::name, false, &readers::read_nemotron_h},
    {"Qwen3_5ForConditionalGeneration", families::qwen35::name, true, &readers::read_qwen35},
    {"Qwen3_5MoeForConditionalGeneration", families::qwen35::name, true, &readers::read_qwen35},
    {"Gemma4ForConditionalGeneration", families::gemma4::name, true, &readers::read_gemma4},
    {"DeciLMForCausalLM", families::nemotron_nas::name, false, &readers::read_nemotron_nas},
    {"Step3p7FlashForCausalLM", families::step3p7::name, true, &readers::read_step3p7},
    {"Step3p7ForConditionalGeneration", families::step3p7::name, true, &readers::read_step3p7},
    {"Step3p5FlashForCausalLM", families::step3p7::name, false, &readers::read_step3p7},
    {"Step3p5ForCausalLM", families::step3p7::name, false, &readers::read_step3p7},
    {"MiniMaxM3ForCausalLM", families::minimax_m3::name, false, &readers::read_minimax_m3},
    {"MiniMaxM3SparseForConditionalGeneration", families::minimax_m3::name, true, &readers::read_minimax_m3},
    {"Qwen3VLForConditionalGeneration", families::qwen3vl::name, true, &readers::read_qwen3vl},
    {"Qwen3VLMoeForConditionalGeneration", families::qwen3vl_moe::name, true, &readers::read_qwen3vl_moe},
    // The reference maps no HF architecture to GPT; it is reached by the family name.
    {"GPT", families::gpt::name, false, &readers::read_gpt},
}};

/// Architectures the reference does not read: strata's own DECODER / DECODER_MOE
/// families (one reader each, runtime/readers/decoder.hpp), the Mamba-1 models' MAMBA /
/// JAMBA (runtime/readers/mamba.hpp), and DeepSeek-V2, which is
/// the DeepSeek-V3 block (MLA, shared experts, dense-first layers) and reads as one.
/// Their core keys may be spelled the older ways (`num_layers`, `n_head`,
/// `seq_length`, ...), see `model_from_hf_config`.
inline constexpr auto decoder_family = families::decoder::name;
inline constexpr auto decoder_moe_family = families::decoder_moe::name;
inline constexpr std::array<architecture_entry, 31> decoder_architectures{{
    {"MistralForCausalLM", decoder_family, false, &readers::read_mistral},
    {"GemmaForCausalLM", decoder_family, false, &readers::read_gemma},
    {"Gemma2ForCausalLM", decoder_family, false, &readers::read_gemma2},
    {"Gemma3ForCausalLM", decoder_family, false, &readers::read_gemma3},
    {"PhiForCausalLM", decoder_family, false, &readers::read_phi},
    {"Phi3ForCausalLM", decoder_family, false, &readers::read_phi3},
    {"DeepseekV2ForCausalLM", families::deepseek::name, false, &readers::read_deepseek<families::deepseek>},
    {"DeepseekForCausalLM", decoder_moe_family, false, &readers::read_llama_like},
    {"Glm4MoeForCausalLM", decoder_moe_family, false, &readers::read_llama_like},
    {"ChatGLMModel", decoder_family, false, &readers::read_chatglm},
    {"ChatGLMForConditionalGeneration", decoder_family, false, &readers::read_chatglm},
    {"Olmo2ForCausalLM", decoder_family, false, &readers::read_llama_like},
    {"OlmoeForCausalLM", decoder_moe_family, false, &readers::read_llama_like},
    {"InternLM2ForCausalLM", decoder_family, false, &readers::read_llama_like},
    {"CohereForCausalLM", decoder_family, false, &readers::read_cohere},
    {"Cohere2ForCausalLM", decoder_family, false, &readers::read_cohere2},
    {"Starcoder2ForCausalLM", decoder_family, false, &readers::read_starcoder2},
    {"StableLmForCausalLM", decoder_family, false, &readers::read_stablelm},
    {"BaichuanForCausalLM", decoder_family, false, &readers::read_llama_like},
    {"Exaone4ForCausalLM", decoder_family, false, &readers::read_llama_like},
    {"GraniteForCausalLM", decoder_family, false, &readers::read_tied_llama_like},
    {"GraniteMoeForCausalLM", decoder_moe_family, false, &readers::read_tied_llama_like},
    {"FalconForCausalLM", decoder_family, false, &readers::read_falcon},
    {"YiForCausalLM", decoder_family, false, &readers::read_llama_like},
    {"MiniCPMForCausalLM", decoder_family, false, &readers::read_tied_llama_like},
    {"HunYuanMoEV1ForCausalLM", decoder_moe_family, false, &readers::read_hunyuan_moe},
    {"Qwen3NextForCausalLM", families::qwen35::name, false, &readers::read_qwen3_next},
    {"Mamba2ForCausalLM", families::nemotron_h::name, false, &readers::read_mamba2},
    {"MambaForCausalLM", families::mamba::name, false, &readers::read_mamba},
    {"FalconMambaForCausalLM", families::mamba::name, false, &readers::read_mamba},
    {"JambaForCausalLM", families::jamba::name, false, &readers::read_jamba},
}};

/// Architectures without attention heads or a positional limit: their configs have no
/// `num_attention_heads` or `max_position_embeddings`, and their readers set the
/// width the activation-memory model uses.
inline bool is_attention_free(std::string_view arch) {
  return arch == "MambaForCausalLM" || arch == "FalconMambaForCausalLM" || arch == "Mamba2ForCausalLM";
}

inline bool is_decoder_architecture(const architecture_entry* e) {
  return e >= decoder_architectures.data() && e < decoder_architectures.data() + decoder_architectures.size();
}

inline const architecture_entry* find_architecture(std::string_view arch) {
  for (const auto& a : architectures)
    if (a.architecture == arch) return &a;
  for (const auto& a : decoder_architectures)
    if (a.architecture == arch) return &a;
  return nullptr;
}

inline std::string supported_architectures() {
  std::string out;
  for (const auto& a : architectures) out += (out.empty() ? "" : ", ") + std::string(a.architecture);
  for (const auto& a : decoder_architectures) out += ", " + std::string(a.architecture);
  return out;
}

}  // namespace strata
