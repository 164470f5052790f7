// BM_Sweep/<model>: a whole `strata sweep` (aggregated and disaggregated, every
// layout, batch, context budget and worker pairing) in the library, the reference's
// SOL sweep settings. Counters per sweep: `configs` (agg points + prefill and decode
// workers + prefill/decode pairs whose worker counts were searched: the JSON's
// configs_evaluated), `points` (those priced from op lists: agg points and workers),
// and their rates.
//   Qwen3-32B and Meta-Llama-3.1-8B: the cases of ../shared/peer/sweep.json
//   (8 x h200_sxm); MiMo-V2-Flash: 16 x h200_sxm, ISL 4000, OSL 1000.
#include <benchmark/benchmark.h>

#include "strata/strata.hpp"
#include "strata/sweep/sweep.hpp"

namespace {

using namespace strata;

void sweep_case(benchmark::State& state, const char* id, int gpus, std::int64_t isl, std::int64_t osl, double ttft,
                double tpot) {
  const any_model m = *catalog::find(id);
  sweep::options o;
  o.total_gpus = gpus;
  o.isl = isl;
  o.osl = osl;
  o.ttft_ms = ttft;
  o.tpot_ms = tpot;
  std::int64_t configs = 0, points = 0;
  for (auto _ : state) {
    const sweep::result r = sweep::run(m, cost::systems::h200_sxm, o);
    configs = r.counts.total();
    points = r.counts.agg_points + r.counts.prefill_workers + r.counts.decode_workers;
    benchmark::DoNotOptimize(r.pareto.data());
  }
  using benchmark::Counter;
  state.counters["configs"] = double(configs);
  state.counters["configs/s"] = Counter(double(configs), Counter::kIsIterationInvariantRate);
  state.counters["points"] = double(points);
  state.counters["points/s"] = Counter(double(points), Counter::kIsIterationInvariantRate);
}

BENCHMARK_CAPTURE(sweep_case, Qwen3-32B, "Qwen/Qwen3-32B", 8, 4000, 1000, 2000.0, 30.0)
    ->Name("BM_Sweep/Qwen3-32B")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(sweep_case, Meta-Llama-3.1-8B, "meta-llama/Meta-Llama-3.1-8B", 8, 1024, 256, 500.0, 20.0)
    ->Name("BM_Sweep/Meta-Llama-3.1-8B")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(sweep_case, MiMo-V2-Flash, "XiaomiMiMo/MiMo-V2-Flash", 16, 4000, 1000, 2000.0, 30.0)
    ->Name("BM_Sweep/MiMo-V2-Flash")->Unit(benchmark::kMillisecond);

}  // namespace
