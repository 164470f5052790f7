// Microbenchmarks (Google Benchmark). Names follow the benchmark contract:
//   BM_StepEstimate/{static,runtime}/<model>/{context,generation}
//   BM_LoadConfig/<model>
#include <benchmark/benchmark.h>

#include "strata/cost/estimate.hpp"
#include "strata/strata.hpp"

namespace {

using namespace strata;
const cost::gpu_system& h200 = cost::systems::h200_sxm;

// One SOL step estimate: every op's latency computed and summed. Context: batch 1,
// isl 4096; generation: batch 8 at KV length 4096.
template <class Spec>
void step_static(benchmark::State& state, const Spec& spec, model_config cfg, phase p) {
  const resolved_config c = spec.resolve(cfg);
  const op_list ops = spec.ops(p, c);
  for (auto _ : state) {
    auto r = p == phase::context ? cost::context_step(ops, h200, 1, 4096) : cost::generation_step(ops, h200, 8, 4096);
    benchmark::DoNotOptimize(r);
  }
}

void step_runtime(benchmark::State& state, const char* id, model_config cfg, phase p) {
  const any_model m = *catalog::find(id);
  const resolved_config c = m.resolve(cfg);
  const op_list ops = m.ops(p, c);
  for (auto _ : state) {
    auto r = p == phase::context ? cost::context_step(ops, h200, 1, 4096) : cost::generation_step(ops, h200, 8, 4096);
    benchmark::DoNotOptimize(r);
  }
}

// Building the op list as well: what a configuration search pays per candidate.
void build_and_step(benchmark::State& state, const char* id, model_config cfg) {
  const any_model m = *catalog::find(id);
  for (auto _ : state) {
    const resolved_config c = m.resolve(cfg);
    auto r = cost::generation_step(m.ops(phase::generation, c), h200, 8, 4096);
    benchmark::DoNotOptimize(r);
  }
}

struct bench_case {
  const char* label;
  const char* id;
  model_config cfg;
};

int register_all() {
  const bench_case cases[] = {
      {"Meta-Llama-3.1-8B", "meta-llama/Meta-Llama-3.1-8B", {.tp = 1}},
      {"Qwen3-30B-A3B", "Qwen/Qwen3-30B-A3B", {.tp = 2, .moe_ep = 2}},
      {"MiMo-V2-Flash", "XiaomiMiMo/MiMo-V2-Flash", {.tp = 8, .moe_ep = 4}},
  };
  for (const auto& bc : cases) {
    for (phase p : {phase::context, phase::generation}) {
      const std::string ph(name(p));
      catalog::for_each_model([&](const auto& spec) {
        if (spec.info.id == bc.id)
          benchmark::RegisterBenchmark(("BM_StepEstimate/static/" + std::string(bc.label) + "/" + ph).c_str(),
                                       [&spec, cfg = bc.cfg, p](benchmark::State& s) { step_static(s, spec, cfg, p); });
      });
      benchmark::RegisterBenchmark(("BM_StepEstimate/runtime/" + std::string(bc.label) + "/" + ph).c_str(),
                                   [id = bc.id, cfg = bc.cfg, p](benchmark::State& s) { step_runtime(s, id, cfg, p); });
    }
    benchmark::RegisterBenchmark(("BM_BuildAndStep/" + std::string(bc.label) + "/generation").c_str(),
                                 [id = bc.id, cfg = bc.cfg](benchmark::State& s) { build_and_step(s, id, cfg); });
  }
  return 0;
}

const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
