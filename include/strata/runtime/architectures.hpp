// The architectures strata reads, each with its family and reader. Adding an
// architecture is one entry here (plus its reader, when it brings a new one).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "strata/runtime/readers/deepseek.hpp"
#include "strata/runtime/readers/hybrid_moe.hpp"
#include "strata/runtime/readers/llama.hpp"
#include "strata/runtime/readers/moe.hpp"
#include "strata/runtime/readers/gemma4.hpp"
#include "strata/runtime/readers/nemotron_h.hpp"
#include "strata/runtime/readers/nemotron_nas.hpp"
#include "strata/runtime/readers/qwen35.hpp"

namespace strata {

using config_reader_fn = any_model (*)(config_reader&);

struct architecture_entry {
  std::string_view architecture;
  std::string_view family;
  bool nested_text_config;  // the LLM fields live under "text_config"
  config_reader_fn read;
};

inline constexpr std::array<architecture_entry, 21> architectures{{
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
    {"DeepseekV32ForCausalLM", families::deepseek_v32::name, false, &readers::read_deepseek_v32},
    {"GlmMoeDsaForCausalLM", families::deepseek_v32::name, false, &readers::read_deepseek_v32},
    {"NemotronHForCausalLM", families::nemotron_h::name, false, &readers::read_nemotron_h},
    {"Qwen3_5ForConditionalGeneration", families::qwen35::name, true, &readers::read_qwen35},
    {"Qwen3_5MoeForConditionalGeneration", families::qwen35::name, true, &readers::read_qwen35},
    {"Gemma4ForConditionalGeneration", families::gemma4::name, true, &readers::read_gemma4},
    {"DeciLMForCausalLM", families::nemotron_nas::name, false, &readers::read_nemotron_nas},
}};

inline const architecture_entry* find_architecture(std::string_view arch) {
  for (const auto& a : architectures)
    if (a.architecture == arch) return &a;
  return nullptr;
}

inline std::string supported_architectures() {
  std::string out;
  for (const auto& a : architectures) out += (out.empty() ? "" : ", ") + std::string(a.architecture);
  return out;
}

}  // namespace strata
