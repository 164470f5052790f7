// Microbenchmarks (Google Benchmark). Names follow the benchmark contract:
//   BM_StepEstimate/{static,runtime}/<model>/{context,generation}
//   BM_LoadConfig/<model>
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "strata/cost/estimate.hpp"
#include "strata/runtime/hf_config.hpp"
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

// config.json text already in memory -> ready model (parse + build the spec).
void load_config(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    any_model m = model_from_hf_config(text);
    benchmark::DoNotOptimize(m);
  }
}

// ...and the op lists a search would then price.
void load_config_and_ops(benchmark::State& state, const std::string& text, model_config cfg) {
  for (auto _ : state) {
    any_model m = model_from_hf_config(text);
    const resolved_config c = m.resolve(cfg);
    auto ops = m.ops(phase::generation, c);
    benchmark::DoNotOptimize(ops);
  }
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int register_all() {
  const bench_case cases[] = {
      {"Meta-Llama-3.1-8B", "meta-llama/Meta-Llama-3.1-8B", {.tp = 1}},
      {"Qwen3-30B-A3B", "Qwen/Qwen3-30B-A3B", {.tp = 2, .moe_ep = 2}},
      {"DeepSeek-V3", "deepseek-ai/DeepSeek-V3", {.tp = 8, .moe_ep = 8}},
      {"MiMo-V2-Flash", "XiaomiMiMo/MiMo-V2-Flash", {.tp = 8, .moe_ep = 4}},
      {"Qwen3.5-397B-A17B", "Qwen/Qwen3.5-397B-A17B", {.tp = 8, .moe_ep = 8}},
  };
  for (const auto& bc : cases) {
    for (phase p : {phase::context, phase::generation}) {
      const std::string ph(name(p));
      catalog::for_each_model([&](const auto& spec) {
        if (spec.facts.id == bc.id)
          benchmark::RegisterBenchmark(("BM_StepEstimate/static/" + std::string(bc.label) + "/" + ph).c_str(),
                                       [&spec, cfg = bc.cfg, p](benchmark::State& s) { step_static(s, spec, cfg, p); });
      });
      benchmark::RegisterBenchmark(("BM_StepEstimate/runtime/" + std::string(bc.label) + "/" + ph).c_str(),
                                   [id = bc.id, cfg = bc.cfg, p](benchmark::State& s) { step_runtime(s, id, cfg, p); });
    }
    benchmark::RegisterBenchmark(("BM_BuildAndStep/" + std::string(bc.label) + "/generation").c_str(),
                                 [id = bc.id, cfg = bc.cfg](benchmark::State& s) { build_and_step(s, id, cfg); });
    // The public config.json files live beside the checkout (../shared/hf-configs).
    std::string file(bc.id);
    file.replace(file.find('/'), 1, "--");
    const auto path = std::filesystem::path(STRATA_SHARED_DIR) / "hf-configs" / (file + "_config.json");
    if (std::filesystem::exists(path)) {
      const std::string text = slurp(path);
      benchmark::RegisterBenchmark(("BM_LoadConfig/" + std::string(bc.label)).c_str(),
                                   [text](benchmark::State& s) { load_config(s, text); });
      benchmark::RegisterBenchmark(("BM_LoadConfigAndOps/" + std::string(bc.label)).c_str(),
                                   [text, cfg = bc.cfg](benchmark::State& s) { load_config_and_ops(s, text, cfg); });
    }
  }
  return 0;
}

const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
