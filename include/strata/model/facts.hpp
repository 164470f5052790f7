// What a model is beyond its layers: names, sizes every family uses, and the
// checkpoint's quantization.
#pragma once

#include <cstdint>
#include <string_view>

#include "strata/core/config.hpp"

namespace strata {

struct model_facts {
  std::string_view id{};
  std::string_view architecture{};
  int layers = 0;
  std::int64_t hidden = 0;
  std::int64_t vocab = 0;
  std::int64_t context = 0;
  /// The attention width the reference's activation-memory model uses (N * d, with
  /// d = head_dim, or hidden / heads when the config has none).
  int num_heads = 0;
  int head_dim = 0;
  checkpoint_quant quant{};
  /// The output projection (lm_head) is the token embedding's matrix
  /// (`tie_word_embeddings`): its weights are held once, the logits GEMM still runs.
  bool tied_embeddings = false;
  /// Attention and FFN read the same normed input and add to one residual (GPT-J,
  /// Falcon, Phi-2, Command-R): one norm per layer instead of two.
  bool parallel_block = false;
  /// Kimi-K3's AttnRes (attn_res_block_size): residuals aggregated across blocks of
  /// this many layers, two elementwise aggregations per layer; 0 = a plain residual.
  int attn_res_block = 0;
};

}  // namespace strata

namespace strata {

/// How the reference's memory model (§8) treats a family's activations: which
/// coefficient table, and whether an MoE workspace is added.
/// `sglang_moe`: the MoE table on SGLang, the default one on TensorRT-LLM and vLLM
/// (KIMIK3 is only in SGLang's table).
enum class activation_table { gpt, llama, moe, sglang_moe, other };

struct memory_traits {
  activation_table table = activation_table::other;
  bool moe_workspace = false;
  /// The workspace is N * d wide (DeepSeek on TRT-LLM / vLLM) rather than hidden.
  bool workspace_attention_width = false;
};

/// What the memory model needs of a model.
struct memory_facts {
  memory_traits traits{};
  std::int64_t attention_width = 0;  // N * d
  std::int64_t hidden = 0;
  int experts = 0;  // routed experts of the widest MoE layer; 0 = dense
  int topk = 0;
};

}  // namespace strata
