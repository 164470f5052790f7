// NEMOTRONH: NemotronHForCausalLM (Nemotron-H, Nemotron-3 Nano / Super / Ultra).
#pragma once

#include <string>

#include "strata/families/nemotron_h.hpp"
#include "strata/model/pattern.hpp"
#include "strata/runtime/readers/common.hpp"
#include "strata/runtime/readers/layer_types.hpp"

namespace strata::readers {

namespace detail {
/// The block pattern, one mark per layer: hybrid_override_pattern ("M-M*E..."), else
/// layers_block_type (["mamba", "moe", "attention", "mlp", ...] or the marks).
inline std::string nemotron_h_pattern(const config_reader& r) {
  const int L = r.facts.layers;
  const std::string marks = "a string of " + std::to_string(L) + " block marks (M Mamba, * attention, E MoE, - MLP)";
  if (auto p = r.cfg.get("hybrid_override_pattern")) {
    const std::string s = p->string(marks);
    if (int(s.size()) != L || s.find_first_not_of("M*E-") != std::string::npos) p->fail(marks);
    return s;
  }
  if (auto list = r.cfg.get("layers_block_type")) {
    const std::string expected = "a list of " + std::to_string(L) + " block types";
    const auto items = list->array(expected);
    if (int(items.size()) != L) list->fail(expected);
    std::string s;
    for (const auto& item : items) {
      const std::string t = item.string("mamba, attention, moe or mlp");
      if (t == "mamba" || t == "M")
        s += 'M';
      else if (t == "attention" || t == "*")
        s += '*';
      else if (t == "moe" || t == "E")
        s += 'E';
      else if (t == "mlp" || t == "dense" || t == "ffn" || t == "-")
        s += '-';
      else
        item.fail("mamba, attention, moe or mlp");
    }
    return s;
  }
  r.cfg.fail_missing("hybrid_override_pattern", marks);
}
}  // namespace detail

inline any_model read_nemotron_h(config_reader& r) {
  using F = families::nemotron_h;
  const std::string pattern = detail::nemotron_h_pattern(r);
  const int mamba = count_char(pattern, 'M'), attention = count_char(pattern, '*'), moe = count_char(pattern, 'E'),
            mlp = count_char(pattern, '-');
  mixers::mamba2 m2{};
  if (mamba > 0)
    m2 = {.heads = int(r.required("mamba_num_heads", 1, 1 << 16)),
          .head_dim = int(r.required("mamba_head_dim", 1, 1 << 16)),
          .d_state = int(r.required("ssm_state_size", 1, 1 << 16)),
          .d_conv = int(r.required("conv_kernel", 1, 64)),
          .n_groups = int(r.required("n_groups", 1, 1 << 16)),
          .chunk_size = int(r.required("chunk_size", 1, 1 << 20)),
          // vLLM keeps the SSM state in the config's mamba_ssm_cache_dtype, float32 when
          // the config has none (NemotronHForCausalLMConfig in models/config.py).
          .state_bytes = detail::state_dtype_bytes(r, "mamba_ssm_cache_dtype", 4)};
  mixers::gqa attn{};
  if (attention > 0)
    attn = {.heads = r.facts.num_heads,
            .kv_heads = kv_heads(r),
            .head_dim = r.facts.head_dim,
            .window = int(r.optional("sliding_window", 1, 1 << 30).value_or(0))};
  ffns::routed_moe experts{};
  if (moe > 0) {
    experts = routed_experts(r);
    experts.gated = false;  // ReLU² experts: up and down projections only
    // vLLM NemotronHMoE: the shared experts are n_shared_experts x
    // moe_shared_expert_intermediate_size wide.
    experts.shared_inter = r.optional("moe_shared_expert_intermediate_size", 0, 1 << 24).value_or(0) *
                           r.optional("n_shared_experts", 0, 64).value_or(1);
    experts.latent = r.optional("moe_latent_size", 1, 1 << 20).value_or(0);
  }
  const std::int64_t mlp_width = mlp > 0 ? dense_width(r) : 0;
  return r.make(F{}, groups(group(F::mamba_layer{m2, {}}, mamba), group(F::attention_layer{attn, {}}, attention),
                            group(F::moe_layer{{}, experts}, moe), group(F::mlp_layer{{}, {mlp_width}}, mlp)));
}

}  // namespace strata::readers
