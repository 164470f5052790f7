// Picking from the candidate rows as the reference's pick_default does
// (sdk/picking.py, sdk/pareto_analysis.py at cb43a2f41): throughput over the
// cluster, the best row per layout under the TPOT target, the chosen mode and the
// frontiers of the rows that meet the SLA.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "strata/sweep/backend_policy.hpp"
#include "strata/sweep/detail/reference_order.hpp"
#include "strata/sweep/pareto.hpp"
#include "strata/sweep/result.hpp"
#include "strata/sweep/search_space.hpp"

namespace strata::sweep {

namespace detail {

/// Cluster view of a row: whole replicas in the GPUs given and throughput per GPU
/// over all of them (sdk/picking.py pick_default: tokens/s/gpu_cluster).
inline void place(point& p, int total_gpus) {
  p.replicas = total_gpus / p.gpus;
  p.tokens_per_s_per_gpu = p.tokens_per_s_per_replica_gpu * double(p.replicas) * double(p.gpus) / double(total_gpus);
}

inline void round_row(point& p) {
  for (double* v : {&p.ttft_ms, &p.tpot_ms, &p.request_latency_ms, &p.seq_per_s, &p.tokens_per_s,
                    &p.tokens_per_s_per_replica_gpu, &p.tokens_per_s_per_user, &p.kv_transfer_ms})
    *v = round3(*v);
}

/// Rows in the order the reference's frame holds them after a one-column sort.
inline std::vector<point> sorted_by(std::vector<point> rows, double point::*key, bool ascending) {
  std::vector<double> keys;
  for (const point& p : rows) keys.push_back(p.*key);
  std::vector<point> out;
  for (std::size_t i : pandas_sort(keys, ascending)) out.push_back(rows[i]);
  return out;
}

/// Best rows under the TPOT target, one per layout group (agg: the layout; disagg:
/// the decode layout), best first, at most 5 (sdk/pareto_analysis.py
/// _get_best_configs_under_constraint): per group the first row of the frame with
/// the most tokens/s per GPU, groups in key order, then a stable sort by tokens/s
/// per GPU and tokens/s per user.
template <class Key>
std::vector<point> best_per_group(const std::vector<point>& frame, double tpot_target, Key key) {
  std::vector<point> best;
  std::vector<std::string> keys;
  for (const point& p : frame) {
    if (!(p.tpot_ms <= tpot_target)) continue;
    const std::string k = key(p);
    const auto it = std::find(keys.begin(), keys.end(), k);
    if (it == keys.end()) {
      keys.push_back(k);
      best.push_back(p);
    } else if (p.tokens_per_s_per_gpu > best[std::size_t(it - keys.begin())].tokens_per_s_per_gpu) {
      best[std::size_t(it - keys.begin())] = p;
    }
  }
  std::vector<std::size_t> order(best.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  std::vector<point> grouped;
  for (std::size_t i : order) grouped.push_back(best[i]);
  std::stable_sort(grouped.begin(), grouped.end(), [](const point& a, const point& b) {
    if (a.tokens_per_s_per_gpu != b.tokens_per_s_per_gpu) return a.tokens_per_s_per_gpu > b.tokens_per_s_per_gpu;
    return a.tokens_per_s_per_user > b.tokens_per_s_per_user;
  });
  if (grouped.size() > std::size_t(knobs::top_n)) grouped.resize(knobs::top_n);
  return grouped;
}

}  // namespace detail

/// Fills the cluster view, the best rows per mode, the chosen mode and the frontiers
/// of `res` from its candidate rows.
inline void pick(result& res, const options& opt) {
  for (point& p : res.agg_rows) detail::place(p, opt.total_gpus);
  for (point& p : res.disagg_rows) detail::place(p, opt.total_gpus);
  res.counts.agg_rows = std::int64_t(res.agg_rows.size());
  res.counts.disagg_rows = std::int64_t(res.disagg_rows.size());
  res.top_agg =
      detail::best_per_group(res.agg_rows, opt.tpot_ms, [](const point& p) { return layout_name(p.agg.par); });
  res.top_disagg =
      detail::best_per_group(res.disagg_rows, opt.tpot_ms, [](const point& p) { return layout_name(p.decode.par); });
  if (!res.top_agg.empty()) res.best_agg = res.top_agg.front();
  if (!res.top_disagg.empty()) res.best_disagg = res.top_disagg.front();
  if (res.best_agg && (!res.best_disagg || res.best_agg->tokens_per_s_per_gpu >= res.best_disagg->tokens_per_s_per_gpu))
    res.chosen = mode::agg;
  else if (res.best_disagg)
    res.chosen = mode::disagg;

  // Frontiers over every row, as the reference draws them, then the points that meet
  // the SLA: the same points as a frontier of the SLA-meeting rows (a point that
  // beats one with TPOT <= target is at least as fast per user, so meets it too).
  const auto meeting = [&](const std::vector<point>& front) {
    std::vector<point> out;
    for (const point& p : front)
      if (p.tpot_ms <= opt.tpot_ms) out.push_back(p);
    return out;
  };
  res.pareto_agg = meeting(pareto_front(res.agg_rows));
  res.pareto_disagg = meeting(pareto_front(res.disagg_rows));
  std::vector<point> all = res.agg_rows;
  all.insert(all.end(), res.disagg_rows.begin(), res.disagg_rows.end());
  res.pareto = meeting(pareto_front(all));
}

}  // namespace strata::sweep
