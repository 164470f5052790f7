// Every configuration a sweep priced, one CSV row each (run with
// options::keep_evaluated): aggregated points, prefill and decode worker
// candidates, and rate-matched disaggregated pairs.
#pragma once

#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>

#include "strata/sweep/sweep.hpp"

namespace strata::sweep {

inline void write_csv(std::ostream& out, const result& r) {
  out << "kind,layout,batch,ctx_tokens,prefill_layout,prefill_batch,prefill_workers,decode_layout,decode_batch,"
         "decode_workers,gpus,ttft_ms,tpot_ms,request_latency_ms,seq_per_s,tokens_per_s_per_replica_gpu,"
         "tokens_per_s_per_user,memory_gib,fits_memory,meets_ttft,meets_tpot\n";
  const auto num = [](double v) {
    if (!std::isfinite(v)) return std::string();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return std::string(buf);
  };
  const auto gib = [&](double bytes) { return num(bytes / double(1 << 30)); };
  for (const evaluated& e : r.all) {
    const point& p = e.p;
    out << name(e.kind) << ',';
    switch (e.kind) {
      case evaluated_kind::agg:
        out << layout_name(p.agg.par) << ',' << p.agg.batch << ',' << p.ctx_tokens << ",,,,,,,";
        break;
      case evaluated_kind::prefill_worker:
        out << ",,," << layout_name(p.prefill.par) << ',' << p.prefill.batch << ",1,,,,";
        break;
      case evaluated_kind::decode_worker:
        out << ",,,,,," << layout_name(p.decode.par) << ',' << p.decode.batch << ",1,";
        break;
      case evaluated_kind::disagg:
        out << ",,," << layout_name(p.prefill.par) << ',' << p.prefill.batch << ',' << p.prefill.workers << ','
            << layout_name(p.decode.par) << ',' << p.decode.batch << ',' << p.decode.workers << ',';
        break;
    }
    double memory = std::max(p.prefill.memory_bytes, p.decode.memory_bytes);  // per GPU, the larger role
    if (e.kind == evaluated_kind::agg) memory = p.agg.memory_bytes;
    out << p.gpus << ',' << num(p.ttft_ms) << ',' << num(p.tpot_ms) << ',' << num(p.request_latency_ms) << ','
        << num(p.seq_per_s) << ',' << num(p.tokens_per_s_per_replica_gpu) << ',' << num(p.tokens_per_s_per_user)
        << ',' << gib(memory) << ',' << (e.fits_memory ? "yes" : "no") << ',' << (e.meets_ttft ? "yes" : "no")
        << ',' << (e.meets_tpot ? "yes" : "no") << '\n';
  }
}

}  // namespace strata::sweep
