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

/// Mamba2ForCausalLM (Mamba-Codestral-7B, state-spaces/mamba2-*): every block is one
/// Mamba2 mixer with no FFN, the block Nemotron-H calls M (transformers'
/// modeling_mamba2.py: Mamba2Block = RMSNorm + Mamba2Mixer). Keys as Mamba2Config
/// writes them (num_heads, head_dim, state_size, n_groups, conv_kernel, chunk_size);
/// the SSM state is kept in the model dtype unless the config names
/// `mamba_ssm_cache_dtype` (vLLM's MambaStateDtypeCalculator: "auto" follows the
/// conv state, i.e. the model dtype).
inline any_model read_mamba2(config_reader& r) {
  using F = families::nemotron_h;
  const mixers::mamba2 m2{.heads = int(r.required("num_heads", 1, 1 << 16)),
                          .head_dim = int(r.required("head_dim", 1, 1 << 16)),
                          .d_state = int(r.required("state_size", 1, 1 << 16)),
                          .d_conv = int(r.optional("conv_kernel", 1, 64).value_or(4)),
                          .n_groups = int(r.optional("n_groups", 1, 1 << 16).value_or(1)),
                          .chunk_size = int(r.optional("chunk_size", 1, 1 << 20).value_or(256)),
                          .state_bytes = detail::state_dtype_bytes(r, "mamba_ssm_cache_dtype", 2)};
  // d_inner = expand * hidden must be what the heads hold (Mamba2Mixer splits the
  // in_proj output on num_heads * head_dim).
  const std::int64_t expand = r.optional("expand", 1, 64).value_or(2);
  if (expand * r.facts.hidden != std::int64_t(m2.heads) * m2.head_dim)
    r.cfg.at("num_heads", "")
        .fail("num_heads x head_dim = expand x hidden_size (" + std::to_string(expand) + " x " +
              std::to_string(r.facts.hidden) + ")");
  if (m2.heads % m2.n_groups != 0)
    r.cfg.at("n_groups", "").fail("a divisor of num_heads (" + std::to_string(m2.heads) + ")");
  // The width the activation-memory model uses: the mixer's inner width.
  r.facts.num_heads = m2.heads;
  r.facts.head_dim = m2.head_dim;
  return r.make(F{}, groups(group(F::mamba_layer{m2, {}}, r.facts.layers), group(F::attention_layer{{}, {}}, 0),
                            group(F::moe_layer{{}, {}}, 0), group(F::mlp_layer{{}, {0}}, 0)));
}

}  // namespace strata::readers
