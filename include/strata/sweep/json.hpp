// A sweep result as JSON: the sweep contract of ../shared/DESIGN.md. Needs
// Boost.JSON (link strata::strata). Non-finite numbers are written as null, so the
// output always parses.
#pragma once

#include <boost/json.hpp>
#include <cmath>
#include <string>

#include "strata/sweep/sweep.hpp"

namespace strata::sweep {

namespace detail {
inline boost::json::value number(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}
}  // namespace detail

inline boost::json::object to_json(const layout& l) {
  return {{"tp", l.tp}, {"pp", l.pp}, {"ep", l.moe_ep}, {"moe_tp", l.moe_tp}, {"dp", l.dp}};
}

inline boost::json::object to_json(const stage& s) {
  return {{"layout", to_json(s.par)},
          {"batch", s.batch},
          {"workers", s.workers},
          {"memory_gib", detail::number(s.memory_bytes / double(1 << 30))}};
}

inline boost::json::object to_json(const point& p) {
  using detail::number;
  boost::json::object j;
  j["mode"] = p.kind == mode::agg ? "agg" : "disagg";
  j["tokens_per_s_per_gpu"] = number(p.tokens_per_s_per_gpu);
  j["tokens_per_s_per_user"] = number(p.tokens_per_s_per_user);
  j["ttft_ms"] = number(p.ttft_ms);
  j["tpot_ms"] = number(p.tpot_ms);
  j["request_latency_ms"] = number(p.request_latency_ms);
  j["gpus"] = p.gpus;
  j["replicas"] = p.replicas;
  j["tokens_per_s_per_replica_gpu"] = number(p.tokens_per_s_per_replica_gpu);
  j["seq_per_s"] = number(p.seq_per_s);
  j["concurrency"] = p.concurrency;
  if (p.kind == mode::agg) {
    j["layout"] = to_json(p.agg.par);
    j["batch"] = p.agg.batch;
    j["ctx_tokens"] = p.ctx_tokens;
    j["memory_gib"] = number(p.agg.memory_bytes / double(1 << 30));
  } else {
    j["prefill"] = to_json(p.prefill);
    j["decode"] = to_json(p.decode);
    j["kv_transfer_ms"] = number(p.kv_transfer_ms);
  }
  return j;
}

inline boost::json::value to_json(const std::optional<point>& p) {
  if (!p) return nullptr;
  return to_json(*p);
}

/// The sweep contract's object.
inline boost::json::object to_json(const result& r) {
  boost::json::object j;
  j["model"] = r.model;
  j["system"] = r.system;
  j["total_gpus"] = r.inputs.total_gpus;
  j["isl"] = r.inputs.isl;
  j["osl"] = r.inputs.osl;
  j["sla"] =
      boost::json::object{{"ttft_ms", detail::number(r.inputs.ttft_ms)}, {"tpot_ms", detail::number(r.inputs.tpot_ms)}};
  j["configs_evaluated"] = r.counts.total();
  j["elapsed_ms"] = detail::number(r.elapsed_ms);
  boost::json::object best;
  best["agg"] = to_json(r.best_agg);
  best["disagg"] = to_json(r.best_disagg);
  if (r.chosen)
    best["chosen"] = *r.chosen == mode::agg ? "agg" : "disagg";
  else
    best["chosen"] = nullptr;
  j["best"] = std::move(best);
  boost::json::array pareto;
  for (const point& p : r.pareto) pareto.push_back(to_json(p));
  j["pareto"] = std::move(pareto);
  return j;
}

}  // namespace strata::sweep
