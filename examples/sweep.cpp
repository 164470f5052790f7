// Searching serving configurations from the library: how should Qwen3-32B be served
// on eight H200s for 4000-token prompts and 1000-token answers, with the first token
// within 2 s and then one token every 30 ms?
#include <cstdio>

#include "strata/runtime/get_model.hpp"
#include "strata/sweep/sweep.hpp"

int main(int argc, char** argv) {
  using namespace strata;
  const any_model model = get_model(argc > 1 ? argv[1] : "Qwen/Qwen3-32B");
  sweep::options options;
  options.total_gpus = 8;
  options.isl = 4000;
  options.osl = 1000;
  options.ttft_ms = 2000;
  options.tpot_ms = 30;
  const sweep::result r = sweep::run(model, cost::systems::h200_sxm, options);

  std::printf("%s on 8 x h200_sxm: %lld configurations priced in %.1f ms\n", r.model.c_str(),
              static_cast<long long>(r.counts.total()), r.elapsed_ms);
  if (r.best_agg)
    std::printf("best aggregated:    %d x tp%d, batch %lld: %.1f tokens/s per GPU\n", r.best_agg->replicas,
                r.best_agg->agg.par.tp, static_cast<long long>(r.best_agg->agg.batch),
                r.best_agg->tokens_per_s_per_gpu);
  if (r.best_disagg)
    std::printf("best disaggregated: %d x tp%d prefill + %d x tp%d decode (batch %lld): %.1f tokens/s per GPU\n",
                r.best_disagg->prefill.workers, r.best_disagg->prefill.par.tp, r.best_disagg->decode.workers,
                r.best_disagg->decode.par.tp, static_cast<long long>(r.best_disagg->decode.batch),
                r.best_disagg->tokens_per_s_per_gpu);
  std::printf("chosen: %s; %zu frontier points meet the SLA\n",
              r.chosen ? std::string(sweep::name(*r.chosen)).c_str() : "none", r.pareto.size());
  for (const sweep::point& p : r.pareto)
    std::printf("  %7.1f tokens/s per user  %7.1f tokens/s per GPU  (%s)\n", p.tokens_per_s_per_user,
                p.tokens_per_s_per_gpu, std::string(sweep::name(p.kind)).c_str());
  return r.chosen ? 0 : 1;
}
