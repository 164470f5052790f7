// What a sweep returns: its candidate rows, the best configurations per mode, the
// frontiers, what it evaluated and how much work that was.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "strata/sweep/options.hpp"
#include "strata/sweep/point.hpp"

namespace strata::sweep {

/// How much work a sweep did.
struct counts {
  std::int64_t layouts = 0;          // parallel layouts the model accepts
  std::int64_t agg_points = 0;       // (layout, batch, context budget) points priced
  std::int64_t prefill_workers = 0;  // (layout, batch) prefill candidates priced
  std::int64_t decode_workers = 0;   // (layout, batch) decode candidates priced
  std::int64_t disagg_pairs = 0;     // distinct (prefill, decode) worker pairs whose worker counts were searched
  std::int64_t agg_rows = 0;         // rows the reference would keep (TTFT met, some TPOT target)
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

}  // namespace strata::sweep
