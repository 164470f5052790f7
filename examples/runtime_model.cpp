// The runtime side: a model picked by id (or read from a config.json) is a plain
// value; pricing a decode step needs no templates.
#include <cstdio>

#include "strata/cost/estimate.hpp"
#include "strata/runtime/get_model.hpp"

int main(int argc, char** argv) {
  using namespace strata;
  const any_model model = get_model(argc > 1 ? argv[1] : "Qwen/Qwen3-30B-A3B");
  model_config cfg;
  cfg.tp = 2;
  if (model.is_moe()) cfg.moe_ep = 2;
  const resolved_config layout = model.resolve(cfg);
  const op_list decode = model.ops(phase::generation, layout);
  const auto step = cost::generation_step(decode, cost::systems::h200_sxm, 32, 4096);
  std::printf("%s, tp 2: one decode step of 32 requests at 4096 tokens of KV = %.3f ms on h200_sxm\n",
              std::string(model.id()).c_str(), step.total_ms);
  for (std::size_t i = 0; i < decode.size(); ++i)
    std::printf("  %-36s %10.4f ms\n", name_of(decode[i]).str().c_str(), step.op_ms[i]);
}
