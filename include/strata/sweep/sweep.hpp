// strata::sweep::run: search aggregated and disaggregated serving configurations of
// a model on a GPU system under a TTFT and a TPOT target, the way the reference's
// `aiconfigurator cli default` does (sdk/sweep.py sweep_agg / sweep_disagg and
// sdk/picking.py pick_default at cb43a2f41; ../shared/reference/sweep.md), and
// return every candidate row, the best configurations per mode and the frontier.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "strata/sweep/backend_policy.hpp"
#include "strata/sweep/detail/model_access.hpp"
#include "strata/sweep/detail/reference_order.hpp"
#include "strata/sweep/options.hpp"
#include "strata/sweep/pareto.hpp"
#include "strata/sweep/point.hpp"
#include "strata/sweep/pricing.hpp"
#include "strata/sweep/search_space.hpp"

namespace strata::sweep {

/// How much work a sweep did.
struct counts {
  std::int64_t layouts = 0;           // parallel layouts the model accepts
  std::int64_t agg_points = 0;        // (layout, batch, context budget) points priced
  std::int64_t prefill_workers = 0;   // (layout, batch) prefill candidates priced
  std::int64_t decode_workers = 0;    // (layout, batch) decode candidates priced
  std::int64_t disagg_pairs = 0;      // distinct (prefill, decode) worker pairs whose worker counts were searched
  std::int64_t agg_rows = 0;          // rows the reference would keep (TTFT met, some TPOT target)
  std::int64_t disagg_rows = 0;
  std::int64_t total() const { return agg_points + prefill_workers + decode_workers + disagg_pairs; }
};

struct result {
  std::string model;
  std::string system;
  options inputs{};
  /// The reference's candidate rows per mode: TTFT met, kept for some TPOT target of
  /// its grid (sdk/task_v2.py _LEGACY_TPOT_SWEEP), metrics rounded as it ranks them.
  std::vector<point> agg_rows, disagg_rows;
  /// Under the TPOT target: the best row of each layout (disagg: of each decode
  /// layout), best first, at most 5 per mode.
  std::vector<point> top_agg, top_disagg;
  std::optional<point> best_agg, best_disagg;
  std::optional<mode> chosen;
  /// Frontier of the rows that meet the SLA, over both modes and per mode.
  std::vector<point> pareto, pareto_agg, pareto_disagg;
  std::vector<evaluated> all;  // every priced configuration, with options::keep_evaluated
  sweep::counts counts{};
  std::vector<std::string> notes;  // why a mode has no rows, ...
  /// What came closest when nothing meets the SLA: the lowest TTFT of any priced
  /// configuration that fits, and the lowest TPOT of those that meet the TTFT target.
  std::optional<double> lowest_ttft_ms, lowest_tpot_ms;
  double elapsed_ms = 0;
};

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

/// Worker counts (prefill, decode) of one replica that maximize the rate-matched
/// throughput per GPU, with the replica a legal size (sdk/sweep.py _match_workers:
/// the same candidates in the same order, found without trying every pair).
struct worker_match {
  int prefill = -1;
  int decode = -1;
};
inline worker_match match_workers(double p_seq, int p_gpus, double d_seq, int d_gpus, const std::vector<int>& sizes) {
  worker_match best;
  if (sizes.empty()) return best;
  double best_per_gpu = 0;
  for (int d = 1; d <= knobs::max_workers && d_gpus * d < sizes.back(); ++d)
    for (int n : sizes) {
      const int rest = n - d_gpus * d;
      if (rest <= 0 || rest % p_gpus != 0 || rest / p_gpus > knobs::max_workers) continue;
      const int p = rest / p_gpus;
      const double rate = std::min(p_seq * p * knobs::prefill_degradation, d_seq * d * knobs::decode_degradation);
      const double per_gpu = rate / n;
      if (per_gpu > best_per_gpu) {
        best_per_gpu = per_gpu;
        best = {p, d};
      }
    }
  return best;
}

}  // namespace detail

/// Sweeps `m` on `sys` (see the header comment); throws invalid_input for impossible
/// inputs and for a model that fits no layout of the GPUs given.
inline result run(const any_model& m, const cost::gpu_system& sys, const options& opt) {
  const auto start = std::chrono::steady_clock::now();
  validate(opt);
  const detail::model_facts facts = detail::facts(m);
  const backend_policy pol{opt.base.backend};
  const workload wl = workload::of(opt);
  result res;
  res.model = facts.id;
  res.system = std::string(sys.name);
  res.inputs = opt;
  res.inputs.progress = {};

  // One worker (op lists built once) per layout the model accepts.
  struct candidate {
    layout par;
    detail::worker w;
  };
  std::vector<candidate> cands;
  std::string first_rejection;
  for (const layout& l : parallel_layouts(facts.is_moe, opt.base.backend, sys, opt.total_gpus)) {
    std::string why;
    if (auto w = detail::make_worker(m, opt.base, l.tp, l.pp, l.dp, l.moe_tp, l.moe_ep, &why))
      cands.push_back({l, std::move(*w)});
    else if (first_rejection.empty())
      first_rejection = "(" + detail::describe(l, facts.is_moe) + ") " + why;
  }
  if (cands.empty())
    throw invalid_input(facts.id + " accepts no parallel layout on " + std::to_string(opt.total_gpus) +
                        " GPUs: " + first_rejection);
  res.counts.layouts = std::int64_t(cands.size());

  const bool do_agg = covers(opt.modes, mode::agg);
  const bool do_disagg = covers(opt.modes, mode::disagg) && opt.total_gpus >= 2;
  if (covers(opt.modes, mode::disagg) && !do_disagg)
    res.notes.push_back("disagg: not searched, it needs at least 2 GPUs (one prefill and one decode worker)");
  const std::vector<double> grid = tpot_grid();
  const double work_units = double(cands.size()) * ((do_agg ? 1 : 0) + (do_disagg ? 1 : 0));
  double done_units = 0;
  const auto tick = [&] {
    done_units += 1;
    if (opt.progress) opt.progress(done_units / work_units);
  };
  const auto keep = [&](evaluated_kind k, const point& p, bool fits, bool ttft_ok, bool tpot_ok) {
    if (opt.keep_evaluated) res.all.push_back({k, p, fits, ttft_ok, tpot_ok});
  };
  bool agg_fit = false, prefill_fit = false, decode_fit = false;
  const auto lower = [](std::optional<double>& slot, double v) {
    if (!slot || v < *slot) slot = v;
  };

  // ---- Aggregated (sdk/sweep.py _sweep_one_parallel_agg, for every TPOT target) ----
  if (do_agg) {
    const std::vector<int> batches = agg_batch_sizes(knobs::agg_max_batch);
    const std::vector<std::int64_t> budgets = context_budgets(opt.isl);
    std::vector<std::vector<point>> agg_feasible;                 // per layout
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
  }

  // ---- Disaggregated (sdk/sweep.py sweep_disagg) ----
  if (do_disagg) {
    std::vector<worker_row> prefill, decode;
    std::vector<std::size_t> group_start;  // decode rows of candidate i: [group_start[i], group_start[i + 1])
    const auto worker_point = [&](const worker_row& w, bool is_prefill) {
      point p;
      p.kind = mode::disagg;
      p.gpus = w.gpus();
      (is_prefill ? p.prefill : p.decode) = {w.par, w.batch, 1, w.memory_bytes};
      p.ttft_ms = w.ttft_ms;
      p.tpot_ms = w.tpot_ms;
      p.request_latency_ms = is_prefill ? w.ttft_ms : w.tpot_ms * double(opt.osl - 1);
      p.seq_per_s = w.seq_per_s;
      // The reference's worker rows: a prefill worker makes the first token of each
      // request, a decode worker the other osl - 1.
      p.tokens_per_s_per_replica_gpu = w.seq_per_s_per_gpu * (is_prefill ? 1.0 : double(opt.osl - 1));
      p.tokens_per_s_per_user = w.tokens_per_s_per_user;
      p.concurrency = w.global_batch();
      return p;
    };
    for (const candidate& c : cands) {
      for (int b = 1; b <= knobs::prefill_max_batch; ++b) {
        worker_row r = price_prefill(c.w, c.par, sys, wl, pol, b);
        ++res.counts.prefill_workers;
        keep(evaluated_kind::prefill_worker, worker_point(r, true), r.memory.fits(),
             r.ttft_ms * knobs::ttft_correction < opt.ttft_ms, true);
        if (!r.memory.fits()) break;
        prefill.push_back(r);
      }
      group_start.push_back(decode.size());
      for (int b : decode_batch_sizes(knobs::decode_max_batch)) {
        worker_row r = price_decode(c.w, c.par, sys, wl, pol, b);
        ++res.counts.decode_workers;
        keep(evaluated_kind::decode_worker, worker_point(r, false), r.memory.fits(), true, r.tpot_ms <= opt.tpot_ms);
        if (!r.memory.fits()) break;
        decode.push_back(r);
      }
      tick();
    }
    group_start.push_back(decode.size());
    prefill_fit = !prefill.empty();
    decode_fit = !decode.empty();

    // Prefill candidates: corrected TTFT under target, best requests/s per GPU first.
    std::vector<std::size_t> pre;
    for (std::size_t i = 0; i < prefill.size(); ++i) {
      lower(res.lowest_ttft_ms, prefill[i].ttft_ms * knobs::ttft_correction);
      if (prefill[i].ttft_ms * knobs::ttft_correction < opt.ttft_ms) pre.push_back(i);
    }
    if (!pre.empty())
      for (const worker_row& d : decode) lower(res.lowest_tpot_ms, d.tpot_ms);
    std::stable_sort(pre.begin(), pre.end(), [&](std::size_t a, std::size_t b) {
      if (prefill[a].seq_per_s_per_gpu != prefill[b].seq_per_s_per_gpu)
        return prefill[a].seq_per_s_per_gpu > prefill[b].seq_per_s_per_gpu;
      return prefill[a].global_batch() < prefill[b].global_batch();
    });
    if (pre.size() > std::size_t(knobs::prefill_candidates)) pre.resize(knobs::prefill_candidates);
    if (pre.empty() && prefill_fit)
      res.notes.push_back("disagg: no prefill worker meets the TTFT target (prefill time x 1.8 for queueing)");

    const std::vector<int> sizes = replica_sizes(opt.total_gpus);
    // A pair's match does not depend on the TPOT target: computed once, on demand,
    // kept compact (a row is built only for pairs that are output).
    struct pair_link {  // what a prefill worker and a decode worker achieve together
      double p_seq = 0, d_seq = 0, ttft = 0, transfer = 0;
      bool ok = true;
    };
    const auto link = [&](const worker_row& p, const worker_row& d) {
      pair_link l{p.seq_per_s, d.seq_per_s, p.ttft_ms * knobs::ttft_correction, 0, true};
      if (pol.requires_same_tp() && p.par.tp != d.par.tp) l.ok = false;
      if (l.ok && opt.price_kv_transfer) {
        // Each decode GPU receives its share of the request's KV cache (the per-
        // layer-type footprint at the decode layout); NVLink when a prefill and a
        // decode worker share a node, else the node network. A link that cannot keep
        // up caps the rate of the worker on its side.
        const double bw = sys.p2p_bw(p.gpus() + d.gpus());
        l.transfer = d.kv_bytes_isl / bw * 1000.0;
        l.ttft += l.transfer;
        l.ok = l.ttft < opt.ttft_ms;
        l.p_seq = std::min(l.p_seq, bw / p.kv_bytes_isl * p.par.dp);
        l.d_seq = std::min(l.d_seq, bw / d.kv_bytes_isl * d.par.dp);
      }
      return l;
    };
    const auto make_row = [&](std::size_t pi, std::size_t di, int p_workers, int d_workers) {
      const worker_row& p = prefill[pre[pi]];
      const worker_row& d = decode[di];
      const pair_link l = link(p, d);
      point r;
      r.kind = mode::disagg;
      r.gpus = p.gpus() * p_workers + d.gpus() * d_workers;
      r.prefill = {p.par, p.batch, p_workers, p.memory_bytes};
      r.decode = {d.par, d.batch, d_workers, d.memory_bytes};
      r.seq_per_s = std::min(l.p_seq * p_workers * knobs::prefill_degradation,
                             l.d_seq * d_workers * knobs::decode_degradation);
      r.tokens_per_s = r.seq_per_s * double(opt.osl);
      r.tokens_per_s_per_replica_gpu = r.tokens_per_s / double(r.gpus);
      r.ttft_ms = l.ttft;
      r.tpot_ms = d.tpot_ms;
      r.request_latency_ms = l.ttft + d.tpot_ms * double(opt.osl - 1);
      r.tokens_per_s_per_user = d.tokens_per_s_per_user;
      r.concurrency = d.global_batch() * d_workers;
      r.kv_transfer_ms = l.transfer;
      detail::round_row(r);
      return r;
    };
    struct pair_state {
      double exact_per_gpu = 0;  // unrounded tokens/s per GPU: how the reference picks per layout
      std::int16_t gpus = 0;
      std::int8_t p_workers = 0, d_workers = 0;
      std::int8_t status = 0;  // 0 not yet matched, 1 no legal replica, 2 matched
      bool ok() const { return status == 2; }
    };
    std::vector<pair_state> pairs(pre.size() * decode.size());
    const auto pair_row = [&](std::size_t pi, std::size_t di) -> const pair_state& {
      pair_state& s = pairs[pi * decode.size() + di];
      if (s.status != 0) return s;
      s.status = 1;
      const worker_row& p = prefill[pre[pi]];
      const worker_row& d = decode[di];
      const pair_link l = link(p, d);
      if (!l.ok) return s;
      const detail::worker_match wm = detail::match_workers(l.p_seq, p.gpus(), l.d_seq, d.gpus(), sizes);
      ++res.counts.disagg_pairs;
      if (wm.prefill < 0) return s;
      s.status = 2;
      s.p_workers = std::int8_t(wm.prefill);
      s.d_workers = std::int8_t(wm.decode);
      s.gpus = std::int16_t(p.gpus() * wm.prefill + d.gpus() * wm.decode);
      s.exact_per_gpu = std::min(l.p_seq * wm.prefill * knobs::prefill_degradation,
                                 l.d_seq * wm.decode * knobs::decode_degradation) *
                        double(opt.osl) / double(s.gpus);
      if (opt.keep_evaluated) {
        const point r = make_row(pi, di, wm.prefill, wm.decode);
        keep(evaluated_kind::disagg, r, true, r.ttft_ms < opt.ttft_ms, r.tpot_ms <= opt.tpot_ms);
      }
      return s;
    };
    const auto row_of = [&](std::size_t k) {
      const pair_state& s = pairs[k];
      return make_row(k / decode.size(), k % decode.size(), s.p_workers, s.d_workers);
    };

    // Per TPOT target (sdk/sweep.py _find_best_disagg_under_constraint): per decode
    // layout, in the order pandas groups them (by name), its 16 rows with the most
    // requests/s per GPU among those with TPOT < target, paired with every prefill
    // candidate; the pair with the most tokens/s per GPU (then fewer GPUs) wins the
    // layout; the 5 best winners are kept.
    std::vector<std::size_t> groups(cands.size());
    for (std::size_t i = 0; i < groups.size(); ++i) groups[i] = i;
    std::stable_sort(groups.begin(), groups.end(), [&](std::size_t a, std::size_t b) {
      return layout_name(cands[a].par) < layout_name(cands[b].par);
    });
    std::vector<std::size_t> last_size(cands.size(), std::size_t(-1));
    std::vector<std::optional<std::size_t>> last_best(cands.size());  // pair index
    std::vector<std::size_t> concat;
    for (double target : grid) {
      std::vector<std::size_t> winners;  // pair indices, one per decode layout
      for (std::size_t g : groups) {
        std::vector<std::size_t> subset;
        for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i)
          if (decode[i].tpot_ms < target && decode[i].tpot_ms > 0) subset.push_back(i);
        if (subset.size() != last_size[g]) {  // the subset only grows with the target
          last_size[g] = subset.size();
          std::vector<double> keys;
          for (std::size_t i : subset) keys.push_back(decode[i].seq_per_s_per_gpu);
          const std::vector<std::size_t> order = detail::pandas_sort(keys, false);
          last_best[g].reset();
          double best_per_gpu = 0;
          int best_gpus = 0;
          for (std::size_t k = 0; k < order.size() && k < std::size_t(knobs::decode_candidates_per_layout); ++k) {
            const std::size_t di = subset[order[k]];
            for (std::size_t pi = 0; pi < pre.size(); ++pi) {
              const pair_state& s = pair_row(pi, di);
              if (!s.ok()) continue;
              if (!last_best[g] || s.exact_per_gpu > best_per_gpu ||
                  (s.exact_per_gpu == best_per_gpu && s.gpus < best_gpus)) {
                last_best[g] = pi * decode.size() + di;
                best_per_gpu = s.exact_per_gpu;
                best_gpus = s.gpus;
              }
            }
          }
        }
        if (last_best[g]) winners.push_back(*last_best[g]);
      }
      std::vector<double> keys;
      for (std::size_t k : winners) keys.push_back(row_of(k).tokens_per_s_per_replica_gpu);
      const std::vector<std::size_t> order = detail::pandas_sort(keys, false);
      for (std::size_t k = 0; k < order.size() && k < std::size_t(knobs::disagg_top_k_per_target); ++k)
        concat.push_back(winners[order[k]]);
    }
    std::vector<bool> seen(pairs.size(), false);
    std::vector<point> rows;
    for (std::size_t k : concat)
      if (!seen[k]) {
        seen[k] = true;
        rows.push_back(row_of(k));
      }
    res.disagg_rows = detail::sorted_by(std::move(rows), &point::tokens_per_s_per_replica_gpu, false);
  }

  // ---- Nothing fits: say what the model needs and what a GPU has ----
  const bool fits_somewhere = (do_agg && agg_fit) || (do_disagg && prefill_fit && decode_fit);
  if (!fits_somewhere) {
    // The smallest footprint: one request on a decode worker of each layout.
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
  if (do_agg && !agg_fit) res.notes.push_back("agg: the model fits no aggregated layout on these GPUs");
  if (do_disagg && !(prefill_fit && decode_fit))
    res.notes.push_back("disagg: the model fits no prefill or no decode worker on these GPUs");

  // ---- Picking (sdk/picking.py pick_default) ----
  for (point& p : res.agg_rows) detail::place(p, opt.total_gpus);
  for (point& p : res.disagg_rows) detail::place(p, opt.total_gpus);
  res.counts.agg_rows = std::int64_t(res.agg_rows.size());
  res.counts.disagg_rows = std::int64_t(res.disagg_rows.size());
  res.top_agg = detail::best_per_group(res.agg_rows, opt.tpot_ms, [](const point& p) { return layout_name(p.agg.par); });
  res.top_disagg =
      detail::best_per_group(res.disagg_rows, opt.tpot_ms, [](const point& p) { return layout_name(p.decode.par); });
  if (!res.top_agg.empty()) res.best_agg = res.top_agg.front();
  if (!res.top_disagg.empty()) res.best_disagg = res.top_disagg.front();
  if (res.best_agg && (!res.best_disagg || res.best_agg->tokens_per_s_per_gpu >= res.best_disagg->tokens_per_s_per_gpu))
    res.chosen = mode::agg;
  else if (res.best_disagg)
    res.chosen = mode::disagg;

  const auto meeting = [&](const std::vector<point>& rows) {
    std::vector<point> out;
    for (const point& p : rows)
      if (p.tpot_ms <= opt.tpot_ms) out.push_back(p);
    return out;
  };
  res.pareto_agg = pareto_front(meeting(res.agg_rows));
  res.pareto_disagg = pareto_front(meeting(res.disagg_rows));
  std::vector<point> both = res.pareto_agg;
  both.insert(both.end(), res.pareto_disagg.begin(), res.pareto_disagg.end());
  res.pareto = pareto_front(std::move(both));
  if (do_agg && agg_fit && res.agg_rows.empty())
    res.notes.push_back("agg: no configuration meets the TTFT target");
  res.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return res;
}

}  // namespace strata::sweep
