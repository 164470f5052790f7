// A model's facts (from its config.json), family-independent: dimensions, MoE
// shape, attention variants and the checkpoint's quantization.
#pragma once

#include <cstdint>
#include <string_view>

#include "strata/core/config.hpp"

namespace strata {

/// The reference's model families (names as it prints them).
enum class family { llama, moe, hybrid_moe };

constexpr std::string_view name(family f) {
  switch (f) {
    case family::llama: return "LLAMA";
    case family::moe: return "MOE";
    case family::hybrid_moe: return "HYBRIDMOE";
  }
  return "?";
}

/// `check_is_moe`: true for every family with MoE layers.
constexpr bool is_moe(family f) { return f != family::llama; }

struct model_info {
  std::string_view id{};
  std::string_view architecture{};
  strata::family family = family::llama;
  int layers = 0;
  int num_heads = 0;
  int num_kv_heads = 0;
  int head_dim = 0;
  std::int64_t hidden = 0;
  std::int64_t inter = 0;
  std::int64_t vocab = 0;
  std::int64_t context = 0;
  int topk = 0;
  int num_experts = 0;
  std::int64_t moe_inter = 0;
  bool use_qk_norm = false;
  /// Sliding-window (or chunked-local) attention span of the sliding layers.
  int window = 0;
  // Sliding layers' own attention shape; 0 = the model-level value.
  int swa_num_heads = 0;
  int swa_num_kv_heads = 0;
  int swa_head_dim = 0;
  int swa_v_head_dim = 0;
  /// V head size of full-attention layers when it differs from head_dim; 0 = head_dim.
  int v_head_dim = 0;
  /// Intermediate size of dense FFN layers in hybrid stacks; 0 = inter.
  std::int64_t dense_inter = 0;
  /// Intermediate size of an always-on shared expert in each MoE layer; 0 = none.
  std::int64_t shared_inter = 0;
  checkpoint_quant quant{};
};

/// Resolved attention shape of one layer type on one GPU.
struct attention_shape {
  int q_heads = 0;       // all ranks
  int kv_heads = 0;      // all ranks
  int head_dim = 0;      // Q/K head size
  int v_head_dim = 0;
  int window = 0;        // 0 = full attention
};

constexpr attention_shape full_attention_shape(const model_info& m) {
  return {m.num_heads, m.num_kv_heads, m.head_dim, m.v_head_dim ? m.v_head_dim : m.head_dim, 0};
}
constexpr attention_shape sliding_attention_shape(const model_info& m) {
  const int hd = m.swa_head_dim ? m.swa_head_dim : m.head_dim;
  return {m.swa_num_heads ? m.swa_num_heads : m.num_heads, m.swa_num_kv_heads ? m.swa_num_kv_heads : m.num_kv_heads,
          hd, m.swa_v_head_dim ? m.swa_v_head_dim : m.head_dim, m.window};
}

/// KV heads one GPU holds: ceil(kv / tp); KV heads are replicated when tp > kv.
constexpr int kv_heads_per_gpu(int kv_heads, int tp) { return (kv_heads + tp - 1) / tp; }

}  // namespace strata
