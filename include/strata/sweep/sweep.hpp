// strata::sweep::run: search aggregated and disaggregated serving configurations of
// a model on a GPU system under a TTFT and a TPOT target, the way the reference's
// `aiconfigurator cli default` does (sdk/sweep.py sweep_agg / sweep_disagg and
// sdk/picking.py pick_default at cb43a2f41; ../shared/reference/sweep.md), and
// return every candidate row, the best configurations per mode and the frontier.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "strata/sweep/agg_search.hpp"
#include "strata/sweep/detail/model_access.hpp"
#include "strata/sweep/detail/search.hpp"
#include "strata/sweep/disagg_search.hpp"
#include "strata/sweep/options.hpp"
#include "strata/sweep/picking.hpp"
#include "strata/sweep/result.hpp"

namespace strata::sweep {

namespace detail {

inline std::string gib(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / double(1 << 30));
  return buf;
}

inline std::string describe(const layout& l, bool is_moe) {
  std::string s = "tp " + std::to_string(l.tp);
  if (l.pp > 1) s += ", pp " + std::to_string(l.pp);
  if (l.dp > 1) s += ", dp " + std::to_string(l.dp);
  if (is_moe) s += ", moe tp " + std::to_string(l.moe_tp) + ", ep " + std::to_string(l.moe_ep);
  return s;
}

/// The error for a model that fits no layout: the smallest footprint (one request
/// on a decode worker of the layout that needs least) against what a GPU has.
[[noreturn]] inline void throw_fits_nowhere(const search& s) {
  const cost::gpu_system& sys = s.sys;
  const options& opt = s.opt;
  const backend_policy& pol = s.pol;
  const detail::model_facts& facts = s.facts;
  const std::vector<candidate>& cands = s.cands;
  const candidate* smallest = nullptr;
  detail::memory_use need;
  for (const candidate& c : cands) {
    detail::memory_use u = detail::memory(c.w, sys, 1, opt.isl + opt.osl, 1);
    u.activations *= opt.base.nextn + 1;
    if (!smallest || u.total() < need.total()) {
      smallest = &c;
      need = u;
    }
  }
  std::string msg = facts.id + " does not fit " + std::to_string(opt.total_gpus) + " x " + std::string(sys.name) +
                    ": one request of " + std::to_string(opt.isl) + " + " + std::to_string(opt.osl) +
                    " tokens needs at least " + detail::gib(need.total()) + " per GPU (at " +
                    detail::describe(smallest->par, facts.is_moe) + ": weights " + detail::gib(need.weights) +
                    ", KV cache " + detail::gib(need.kv_cache) + ", activations and runtime " +
                    detail::gib(need.activations + need.nccl + need.other) + ")";
  const kv_budget_rule rule = pol.static_kv_rule(sys, smallest->par.tp, smallest->par.pp, smallest->par.dp);
  if (need.total() < sys.mem_capacity)
    msg += "; that is under the " + detail::gib(sys.mem_capacity) + " a GPU has, but the KV cache exceeds the " +
           detail::gib(std::max(0.0, rule.budget(sys.mem_capacity, need.total() - need.kv_cache))) +
           " the engine leaves it";
  else
    msg += ", and a GPU has " + detail::gib(sys.mem_capacity) + " (" + std::string(sys.name) +
           "); give more GPUs or a smaller quantization";
  throw invalid_input(msg);
}

}  // namespace detail

/// Sweeps `m` on `sys` (see the header comment); throws invalid_input for impossible
/// inputs and for a model that fits no layout of the GPUs given.
inline result run(const any_model& m, const cost::gpu_system& sys, const options& opt) {
  const auto start = std::chrono::steady_clock::now();
  validate(opt);
  result res;
  detail::search s{sys, opt, backend_policy{opt.base.backend}, workload::of(opt), detail::facts(m), {}, res};
  res.model = s.facts.id;
  res.system = std::string(sys.name);
  res.inputs = opt;
  res.inputs.progress = {};

  // One worker (op lists built once) per layout the model accepts.
  std::string first_rejection;
  for (const layout& l : parallel_layouts(s.facts.is_moe, opt.base.backend, sys, opt.total_gpus)) {
    std::string why;
    if (auto w = detail::make_worker(m, opt.base, l.tp, l.pp, l.dp, l.moe_tp, l.moe_ep, &why))
      s.cands.push_back({l, std::move(*w)});
    else if (first_rejection.empty())
      first_rejection = "(" + detail::describe(l, s.facts.is_moe) + ") " + why;
  }
  if (s.cands.empty())
    throw invalid_input(s.facts.id + " accepts no parallel layout on " + std::to_string(opt.total_gpus) +
                        " GPUs: " + first_rejection);
  res.counts.layouts = std::int64_t(s.cands.size());

  const bool do_agg = covers(opt.modes, mode::agg);
  const bool do_disagg = covers(opt.modes, mode::disagg) && opt.total_gpus >= 2;
  if (covers(opt.modes, mode::disagg) && !do_disagg)
    res.notes.push_back("disagg: not searched, it needs at least 2 GPUs (one prefill and one decode worker)");
  s.work_units = double(s.cands.size()) * ((do_agg ? 1 : 0) + (do_disagg ? 1 : 0));

  const bool agg_fit = do_agg && detail::search_agg(s);
  const detail::disagg_fit disagg_fit = do_disagg ? detail::search_disagg(s) : detail::disagg_fit{};
  if (!agg_fit && !(disagg_fit.prefill && disagg_fit.decode)) detail::throw_fits_nowhere(s);
  if (do_agg && !agg_fit) res.notes.push_back("agg: the model fits no aggregated layout on these GPUs");
  if (do_disagg && !(disagg_fit.prefill && disagg_fit.decode))
    res.notes.push_back("disagg: the model fits no prefill or no decode worker on these GPUs");

  pick(res, opt);
  if (agg_fit && res.agg_rows.empty()) res.notes.push_back("agg: no configuration meets the TTFT target");
  res.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return res;
}

}  // namespace strata::sweep
