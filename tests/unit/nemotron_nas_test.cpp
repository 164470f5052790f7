// NEMOTRONNAS: a run-time number of block groups, op lists longer than the inline
// buffer, per-block KV (C3). Expected numbers are hand derivations from the model's
// config.json (block_configs).
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "strata/cost/estimate.hpp"
#include "strata/runtime/get_model.hpp"
#include "strata/strata.hpp"

using namespace strata;
using cost::systems::h200_sxm;

namespace {
std::map<std::string, int> layer_counts(const any_model& m) {
  std::map<std::string, int> out;
  for (const auto& g : m.groups()) out[g.key] += g.count;
  return out;
}
/// A DeciLM config of `n` blocks, block i with attention (8 query heads per KV head)
/// when i is even and an FFN of ffn_mult 0.5 + i / 8 (every block its own width).
std::string distinct_blocks(int n) {
  std::string blocks;
  for (int i = 0; i < n; ++i) {
    if (i) blocks += ",";
    blocks += i % 2 == 0 ? R"({"attention": {"n_heads_in_group": 8, "no_op": false}, )"
                         : R"({"attention": {"no_op": true, "n_heads_in_group": null}, )";
    blocks += R"("ffn": {"ffn_mult": )" + std::to_string(0.5 + i / 8.0) + "}}";
  }
  return R"({"architectures": ["DeciLMForCausalLM"], "num_hidden_layers": )" + std::to_string(n) +
         R"(, "hidden_size": 1024, "num_attention_heads": 16, "num_key_value_heads": null, "vocab_size": 1000,
         "max_position_embeddings": 4096, "block_configs": [)" + blocks + "]}";
}
}  // namespace

TEST_CASE("Llama-3.3-Nemotron-Super-49B: 25 runs of blocks, 158 ops per phase, per-block KV (C3)") {
  const any_model m = get_model("nvidia/Llama-3_3-Nemotron-Super-49B-v1");
  CHECK(m.family() == "NEMOTRONNAS");
  // 80 blocks: 49 with attention and an FFN, 31 with an FFN only.
  CHECK(layer_counts(m) == std::map<std::string, int>{{"full_dense", 49}, {"dense", 31}});
  CHECK(m.groups().size() == 25);
  const auto c = m.resolve({.tp = 8});
  const auto ctx = m.ops(phase::context, c);
  // 1 embedding + 6 runs x 10 ops (attention and FFN) + 19 runs x 5 (FFN) + P2P + logits.
  CHECK(ctx.size() == 1 + 6 * 10 + 19 * 5 + 2);
  CHECK(ctx.spilled());  // longer than the inline buffer of 96 ops
  CHECK(name_of(ctx[3]) == "context_attention");
  // Block 0: ffn_mult 2.625 -> int(2 x 2.625 x 8192 / 3) = 14336 (a multiple of 256),
  // gate + up 2 x 14336 / 8 = 3584.
  CHECK(std::get<ops::gemm>(ctx[7]).n == 3584);
  // ffn_mult 0.5 -> int(2730.67) = 2730, rounded up to 2816; gate + up 2 x 2816 / 8 = 704.
  CHECK(families::nemotron_nas::ffn_width(0.5, 8192) == 2816);
  // KV: 64 / 8 = 8 KV heads per attention block, ceil(8 / 8) = 1 per GPU, (128 + 128) x 2 B,
  // on the 49 attention blocks only (the reference charges none: its config has no
  // num_key_value_heads).
  CHECK(m.kv_bytes_per_sequence(1, c) == 49.0 * 256 * 2);
  CHECK(m.kv_bytes_per_sequence(4096, m.resolve({})) == 49.0 * 8 * 256 * 2 * 4096);
  // A step prices every one of the 158 top-level ops.
  const auto r = cost::generation_step(m.ops(phase::generation, c), h200_sxm, 8, 4096);
  CHECK(r.op_ms.size() == 158);
  double sum = 0;
  for (double t : r.op_ms) sum += t;
  CHECK(sum == doctest::Approx(r.total_ms).epsilon(1e-12));
  // No MTP layers.
  CHECK_THROWS_WITH_AS(m.resolve({.tp = 8, .nextn = 1}), doctest::Contains("no MTP layers"), invalid_input);
}

TEST_CASE("a block-wise config with 80 distinct blocks: 80 groups, an op list of 603 ops") {
  const any_model m = model_from_hf_config(distinct_blocks(80));
  CHECK(m.groups().size() == 80);
  CHECK(layer_counts(m) == std::map<std::string, int>{{"full_dense", 40}, {"dense", 40}});
  const auto c = m.resolve({.tp = 2});
  const op_list ctx = m.ops(phase::context, c);
  CHECK(ctx.size() == 1 + 40 * 10 + 40 * 5 + 2);
  // A copy of a spilled list is a deep copy with the same ops.
  const op_list copy = ctx;
  CHECK(copy.size() == ctx.size());
  CHECK(copy.all().data() != ctx.all().data());
  CHECK(name_of(copy[602]) == "context_logits_gemm");
  CHECK(cost::context_step(copy, h200_sxm, 1, 1024).total_ms == cost::context_step(ctx, h200_sxm, 1, 1024).total_ms);
  // The last block: ffn_mult 0.5 + 79 / 8 = 10.375 -> int(2 x 10.375 x 1024 / 3) = 7082 -> 7168.
  CHECK(std::get<ops::gemm>(ctx[ctx.size() - 6]).n == 2 * 7168 / 2);
}

TEST_CASE("NAS block configs: unmodeled replacements are refused, naming the block") {
  std::string cfg = distinct_blocks(2);
  const std::string no_op = R"("no_op": true)";
  cfg.replace(cfg.find(no_op), no_op.size(), no_op + R"(, "replace_with_linear": true)");
  CHECK_THROWS_WITH_AS(model_from_hf_config(cfg, "nas.json"),
                       doctest::Contains("nas.json: $.block_configs[1].attention.replace_with_linear: expected false"),
                       invalid_input);
  std::string missing = distinct_blocks(2);
  const std::string group = R"("n_heads_in_group": 8, )";
  missing.replace(missing.find(group), group.size(), "");
  CHECK_THROWS_WITH_AS(model_from_hf_config(missing, "nas.json"),
                       doctest::Contains("$.block_configs[0].attention.n_heads_in_group: missing"), invalid_input);
}
