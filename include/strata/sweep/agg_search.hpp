// The aggregated search (sdk/sweep.py sweep_agg / _sweep_one_parallel_agg at
// cb43a2f41): every layout, batch and context budget priced once, then for each TPOT
// target of the reference's grid the 10 rows per layout with the most requests/s;
// their union, in the reference's frame order, is the aggregated candidate set.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "strata/sweep/detail/reference_order.hpp"
#include "strata/sweep/detail/search.hpp"
#include "strata/sweep/picking.hpp"

namespace strata::sweep::detail {

/// Fills s.res.agg_rows; true when some point fits memory.
inline bool search_agg(search& s) {
  const cost::gpu_system& sys = s.sys;
  const options& opt = s.opt;
  const backend_policy& pol = s.pol;
  const workload& wl = s.wl;
  const std::vector<candidate>& cands = s.cands;
  const std::vector<double>& grid = s.grid;
  result& res = s.res;
  const auto keep = [&s](evaluated_kind k, const point& p, bool fits, bool ttft_ok, bool tpot_ok) {
    s.keep(k, p, fits, ttft_ok, tpot_ok);
  };
  const auto tick = [&s] { s.tick(); };
  const auto lower = search::lower;
  const detail::model_facts& facts = s.facts;
  bool agg_fit = false;

  const std::vector<int> batches = agg_batch_sizes(knobs::agg_max_batch);
  const std::vector<std::int64_t> budgets = context_budgets(opt.isl);
  std::vector<std::vector<point>> agg_feasible;                // per layout
  std::vector<std::pair<std::ptrdiff_t, std::size_t>> concat;  // (layout, row) kept per target
  for (const candidate& c : cands) {
    std::vector<point> feasible;     // TTFT met, rounded
    std::vector<double> exact_tpot;  // the reference compares unrounded TPOT with each target
    std::vector<double> capped;      // decode-slice sizes already priced
    for (int b : batches) {
      for (std::int64_t ctx : budgets) {
        const std::int64_t ctx_requests = ceil_div(ctx, opt.isl);
        if (b - ctx_requests < 0 || (b > 1 && b - ctx_requests < 1)) break;
        if (!wl.speculative()) {
          // Batches whose mixed steps carry the same capped decode slice price alike.
          const double balance = double(opt.isl * b) / double(ctx) / double(opt.osl);
          if (balance > 1) {
            const double slice = py_floor_div(double(b), balance);
            if (slice > 1 && std::find(capped.begin(), capped.end(), slice) != capped.end()) continue;
            capped.push_back(slice);
          }
        }
        agg_price r = price_agg(c.w, c.par, sys, wl, pol, facts.layers, b, ctx);
        ++res.counts.agg_points;
        const bool ttft_ok = r.p.ttft_ms <= opt.ttft_ms;
        keep(evaluated_kind::agg, r.p, r.memory.fits(), ttft_ok, r.p.tpot_ms <= opt.tpot_ms);
        if (!r.memory.fits()) break;  // a larger context budget needs no less memory
        agg_fit = true;
        lower(res.lowest_ttft_ms, r.p.ttft_ms);
        if (!ttft_ok) continue;
        lower(res.lowest_tpot_ms, r.p.tpot_ms);
        exact_tpot.push_back(r.p.tpot_ms);
        detail::round_row(r.p);
        feasible.push_back(r.p);
      }
    }
    // Per TPOT target: the 10 rows with the most requests/s among those with
    // TPOT <= target, in the frame's order; an unchanged subset gives the same rows.
    std::size_t last_size = std::size_t(-1);
    for (double target : grid) {
      std::vector<std::size_t> subset;
      for (std::size_t i = 0; i < feasible.size(); ++i)
        if (exact_tpot[i] <= target) subset.push_back(i);
      if (subset.size() == last_size) continue;
      last_size = subset.size();
      std::vector<double> keys;
      for (std::size_t i : subset) keys.push_back(feasible[i].seq_per_s);
      const std::vector<std::size_t> order = detail::pandas_sort(keys, false);
      for (std::size_t k = 0; k < order.size() && k < std::size_t(knobs::agg_top_k_per_target); ++k)
        concat.push_back({&c - cands.data(), subset[order[k]]});
    }
    agg_feasible.push_back(std::move(feasible));
    tick();
  }
  // Rows kept for any target, first occurrence first, then sorted by tokens/s/GPU.
  std::vector<point> rows;
  std::vector<std::vector<bool>> seen;
  for (const auto& f : agg_feasible) seen.emplace_back(f.size(), false);
  for (const auto& [layout_index, row] : concat)
    if (!seen[std::size_t(layout_index)][row]) {
      seen[std::size_t(layout_index)][row] = true;
      rows.push_back(agg_feasible[std::size_t(layout_index)][row]);
    }
  res.agg_rows = detail::sorted_by(std::move(rows), &point::tokens_per_s_per_replica_gpu, false);
  return agg_fit;
}

}  // namespace strata::sweep::detail
