// NEMOTRONNAS: DeciLMForCausalLM (Llama-3.3-Nemotron-Super-49B and other Puzzle
// models): `block_configs`, one entry per layer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "strata/families/nemotron_nas.hpp"
#include "strata/runtime/readers/common.hpp"

namespace strata::readers {

namespace detail {
/// One block as its config entry has it; consecutive equal blocks form one run (the
/// reference groups on the same four fields).
struct nas_block {
  bool attention = true;
  int heads_in_group = 0;
  int window = 0;
  bool ffn = true;
  double ffn_mult = 0;
  bool operator==(const nas_block&) const = default;
};

inline nas_block read_nas_block(const strata::detail::json_node& b, int heads) {
  b.object();
  nas_block out;
  const auto flag = [](const std::optional<strata::detail::json_node>& part, std::string_view key) {
    if (!part) return false;
    const auto v = part->get(key);
    return v && v->boolean();
  };
  const auto attention = b.get("attention");
  if (attention) attention->object();
  if (flag(attention, "replace_with_linear"))
    attention->at("replace_with_linear", "").fail("false: attention replaced by a linear layer is not modeled");
  out.attention = !flag(attention, "no_op");
  if (out.attention) {
    if (!attention) b.fail_missing("attention", "an object with n_heads_in_group");
    const auto g = attention->at("n_heads_in_group", "the query heads per KV head");
    out.heads_in_group = int(g.integer(1, heads));
    if (heads % out.heads_in_group != 0) g.fail("a divisor of the " + std::to_string(heads) + " attention heads");
    if (auto w = attention->get("window_length")) out.window = int(w->integer(1, 1 << 30));
  }
  const auto ffn = b.get("ffn");
  if (ffn) ffn->object();
  if (flag(ffn, "replace_with_linear"))
    ffn->at("replace_with_linear", "").fail("false: an FFN replaced by a linear layer is not modeled");
  out.ffn = !flag(ffn, "no_op");
  if (out.ffn) {
    out.ffn_mult = 3.5;  // the reference's default when a block gives none
    if (ffn)
      if (auto m = ffn->get("ffn_mult")) out.ffn_mult = m->number(0.01, 1000, "an FFN multiplier");
  }
  return out;
}
}  // namespace detail

inline any_model read_nemotron_nas(config_reader& r) {
  using F = families::nemotron_nas;
  const int L = r.facts.layers;
  const int heads = r.facts.num_heads;
  const std::string expected = "a list of " + std::to_string(L) + " block configs (one per layer)";
  const auto list = r.cfg.at("block_configs", expected);  // outlives its elements (their paths)
  const auto blocks = list.array(expected);
  if (int(blocks.size()) != L) list.fail(expected);
  F::dynamic_runs runs;
  std::optional<detail::nas_block> previous;
  for (const auto& node : blocks) {
    const detail::nas_block b = detail::read_nas_block(node, heads);
    if (previous && *previous == b) {
      std::visit([](auto& g) { ++g.count; }, runs.runs.back());
      continue;
    }
    previous = b;
    const mixers::gqa attention{
        .heads = heads, .kv_heads = b.attention ? heads / b.heads_in_group : 0, .head_dim = r.facts.head_dim, .window = b.window};
    const ffns::gated_mlp mlp{b.ffn ? F::ffn_width(b.ffn_mult, r.facts.hidden) : 0};
    if (b.attention && b.ffn)
      runs.runs.emplace_back(group(F::block{attention, mlp}, 1));
    else if (b.attention)
      runs.runs.emplace_back(group(F::attention_only_block{attention, {}}, 1));
    else if (b.ffn)
      runs.runs.emplace_back(group(F::ffn_only_block{{}, mlp}, 1));
    else
      runs.runs.emplace_back(group(F::empty_block{}, 1));
  }
  return r.make(F{}, groups(runs));
}

}  // namespace strata::readers
