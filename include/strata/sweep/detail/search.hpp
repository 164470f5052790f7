// What the aggregated and the disaggregated searches share: the inputs, the
// engine's policy, one worker per accepted layout and the result being filled.
#pragma once

#include <optional>
#include <vector>

#include "strata/sweep/backend_policy.hpp"
#include "strata/sweep/detail/model_access.hpp"
#include "strata/sweep/options.hpp"
#include "strata/sweep/pricing.hpp"
#include "strata/sweep/result.hpp"
#include "strata/sweep/search_space.hpp"

namespace strata::sweep::detail {

/// A layout the model accepts, with its op lists built once.
struct candidate {
  layout par;
  worker w;
};

struct search {
  const cost::gpu_system& sys;
  const options& opt;
  backend_policy pol;
  workload wl;
  model_facts facts;
  std::vector<candidate> cands;
  result& res;
  std::vector<double> grid = tpot_grid();
  double work_units = 1;  // layouts x modes, for progress
  double done_units = 0;

  void tick() {
    done_units += 1;
    if (opt.progress) opt.progress(done_units / work_units);
  }
  /// Records a priced configuration when the caller asked for all of them.
  void keep(evaluated_kind k, const point& p, bool fits, bool ttft_ok, bool tpot_ok) {
    if (opt.keep_evaluated) res.all.push_back({k, p, fits, ttft_ok, tpot_ok});
  }
  static void lower(std::optional<double>& slot, double v) {
    if (!slot || v < *slot) slot = v;
  }
};

}  // namespace strata::sweep::detail
