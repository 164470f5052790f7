// The disaggregated search (sdk/sweep.py sweep_disagg at cb43a2f41): prefill and
// decode worker candidates priced once per layout and batch; for each TPOT target of
// the reference's grid and each decode layout, its busiest decode workers paired with
// the busiest prefill workers, worker counts rate-matched into a legal replica, the
// best pair per decode layout and the 5 best overall kept.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "strata/sweep/detail/reference_order.hpp"
#include "strata/sweep/detail/search.hpp"
#include "strata/sweep/picking.hpp"

namespace strata::sweep::detail {

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

struct disagg_fit {
  bool prefill = false;
  bool decode = false;
};

/// Fills s.res.disagg_rows; says whether some prefill and some decode worker fit.
inline disagg_fit search_disagg(search& s) {
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
  bool prefill_fit = false, decode_fit = false;

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
    r.seq_per_s =
        std::min(l.p_seq * p_workers * knobs::prefill_degradation, l.d_seq * d_workers * knobs::decode_degradation);
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
    s.exact_per_gpu =
        std::min(l.p_seq * wm.prefill * knobs::prefill_degradation, l.d_seq * wm.decode * knobs::decode_degradation) *
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
  std::stable_sort(groups.begin(), groups.end(),
                   [&](std::size_t a, std::size_t b) { return layout_name(cands[a].par) < layout_name(cands[b].par); });
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
  return {prefill_fit, decode_fit};
}

}  // namespace strata::sweep::detail
