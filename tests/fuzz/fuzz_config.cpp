// libFuzzer target: config.json (+ hf_quant_config.json) text -> model -> everything
// downstream. Any input must either be rejected with invalid_input or give op lists,
// cache sizes and estimates that are finite and non-negative; anything else (a crash,
// undefined behaviour, another exception, a NaN) is a finding.
//
// Input: the config text, optionally followed by "\n#hf_quant_config\n" and the text of
// an hf_quant_config.json.
#include <boost/json/src.hpp>  // compiled into the target, so it is instrumented too
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "strata/cost/estimate.hpp"
#include "strata/cost/memory.hpp"
#include "strata/io/json.hpp"
#include "strata/runtime/hf_config.hpp"

namespace {
using namespace strata;

void require(bool ok) {
  if (!ok) __builtin_trap();
}
void finite_non_negative(double v) { require(std::isfinite(v) && v >= 0); }

void exercise(const any_model& m, const model_config& in) {
  resolved_config c;
  try {
    c = m.resolve(in);
  } catch (const invalid_input&) {
    return;  // an impossible layout for this model: rejected, as it should be
  }
  const auto& sys = cost::systems::b200_sxm;  // has every tensor-core dtype
  for (phase p : {phase::context, phase::generation}) {
    const op_list ops = m.ops(p, c);
    finite_non_negative(total_weight_bytes(ops));
    (void)io::serialize(io::to_json(ops));  // every op writes valid JSON
  }
  for (std::int64_t tokens : {1, 128, 4097}) finite_non_negative(m.kv_bytes_per_sequence(tokens, c));
  try {
    const op_list ctx = m.ops(phase::context, c), gen = m.ops(phase::generation, c);
    const auto r = cost::request(ctx, gen, sys, 2, 256, 33, 64, 8, 0);
    for (double v : {r.ttft_ms, r.tpot_ms, r.latency_ms}) finite_non_negative(v);
    for (double v : cost::context_step(ctx, sys, 1, 1000).op_ms) finite_non_negative(v);
    for (double v : cost::generation_step(gen, sys, 3, 5000).op_ms) finite_non_negative(v);
    const double w = cost::weights_per_gpu(ctx, c);
    const auto mem = cost::memory(m.memory(), c, sys, w, m.kv_bytes_per_sequence(289, c), 2, 512);
    finite_non_negative(mem.total());
    require(cost::max_batch_that_fits(m.memory(), c, sys, w, m.kv_bytes_per_sequence(289, c), 256) >= 0);
  } catch (const invalid_input&) {
    // e.g. a quant mode this GPU cannot run, or a 72-GPU dispatch strata does not model
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view separator = "\n#hf_quant_config\n";
  const auto cut = input.find(separator);
  std::optional<std::string_view> quant;
  if (cut != std::string_view::npos) quant = input.substr(cut + separator.size());
  try {
    const any_model m = model_from_hf_config(input.substr(0, cut), "fuzz_config.json", quant);
    require(!m.id().empty() && m.layers() >= 1);
    for (const auto& g : m.groups()) require(g.count > 0);
    const int experts = m.is_moe() ? 1 : 0;
    for (int tp : {1, 2, 8}) {
      model_config in{.tp = tp};
      if (experts) in.moe_ep = tp;
      exercise(m, in);
    }
    exercise(m, {.tp = 1, .pp = 2, .moe_ep = experts ? std::optional<int>(4) : std::nullopt, .attention_dp = 4,
                 .nextn = 2, .backend = backend::sglang});
    exercise(m, {.tp = 4, .moe_tp = experts ? std::optional<int>(2) : std::nullopt,
                 .moe_ep = experts ? std::optional<int>(2) : std::nullopt, .backend = backend::vllm});
  } catch (const invalid_input&) {
    // a bad config: rejected with a message, as it should be
  }
  return 0;
}
