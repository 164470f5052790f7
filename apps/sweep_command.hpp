// `strata sweep`: search aggregated and disaggregated serving configurations of a
// model on N GPUs under a TTFT and a TPOT target (the sweep contract of
// ../shared/DESIGN.md); a table, --json, --csv FILE, --svg FILE.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "strata/runtime/get_model.hpp"
#include "strata/runtime/system_file.hpp"
#include "strata/sweep/csv.hpp"
#include "strata/sweep/json.hpp"
#include "strata/sweep/svg.hpp"
#include "strata/sweep/sweep.hpp"

namespace strata::cli {

namespace detail {

template <class E>
std::optional<E> sweep_quant(const parsed_args& a, std::string_view flag) {
  auto it = a.values.find(flag);
  if (it == a.values.end()) return std::nullopt;
  if (auto q = parse_quant<E>(it->second)) return q;
  throw invalid_input(std::string(flag) + " = '" + it->second + "': expected one of " + quant_names<E>());
}

inline double parse_ms(std::string_view flag, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0')
    throw invalid_input(std::string(flag) + " = '" + text + "': expected a number of milliseconds");
  if (!(v > 0) || v > 1e9)
    throw invalid_input(std::string(flag) + " = " + text + ": expected a positive number of milliseconds");
  return v;
}

inline std::string layout_text(const sweep::layout& l, bool is_moe) {
  std::string s = "tp" + std::to_string(l.tp) + " pp" + std::to_string(l.pp);
  if (is_moe || l.dp > 1) s += " dp" + std::to_string(l.dp);
  if (is_moe) s += " ep" + std::to_string(l.moe_ep) + " moe_tp" + std::to_string(l.moe_tp);
  return s;
}

inline void print_table(const sweep::result& r, bool is_moe, const cost::gpu_system& sys) {
  const auto& in = r.inputs;
  std::printf("strata sweep: %s on %d x %s (%s), ISL %lld, OSL %lld%s\n", r.model.c_str(), in.total_gpus,
              r.system.c_str(), std::string(name(in.base.backend)).c_str(), static_cast<long long>(in.isl),
              static_cast<long long>(in.osl), in.prefix > 0 ? (", prefix " + std::to_string(in.prefix)).c_str() : "");
  std::printf("SLA: TTFT <= %g ms, TPOT <= %g ms (speed-of-light latencies: a lower bound)\n", in.ttft_ms, in.tpot_ms);
  if (in.base.nextn > 0)
    std::printf("MTP: %d draft tokens per step, %.2f accepted on average\n", in.base.nextn, in.nextn_accepted);
  const auto& c = r.counts;
  std::printf(
      "searched %lld layouts: %lld aggregated points, %lld prefill + %lld decode workers, %lld prefill/decode "
      "pairs = %lld configurations in %.1f ms\n",
      static_cast<long long>(c.layouts), static_cast<long long>(c.agg_points),
      static_cast<long long>(c.prefill_workers), static_cast<long long>(c.decode_workers),
      static_cast<long long>(c.disagg_pairs), static_cast<long long>(c.total()), r.elapsed_ms);
  const int gpus = in.total_gpus;
  if (sweep::covers(in.modes, sweep::mode::agg)) {
    std::printf("\naggregated (in-flight batching): best per layout under the SLA\n");
    if (r.top_agg.empty()) {
      std::printf("  none\n");
    } else {
      std::printf("  %-2s %-24s %6s %8s %9s %11s %11s %9s %9s %10s\n", "#", "layout (per replica)", "batch", "ctx tok",
                  "replicas", "tok/s/GPU", "tok/s/user", "TTFT ms", "TPOT ms", "GiB/GPU");
      int i = 1;
      for (const auto& p : r.top_agg)
        std::printf("  %-2d %-24s %6lld %8lld %4d x %-2d %11.1f %11.1f %9.1f %9.2f %10.1f\n", i++,
                    layout_text(p.agg.par, is_moe).c_str(), static_cast<long long>(p.agg.batch),
                    static_cast<long long>(p.ctx_tokens), p.replicas, p.gpus, p.tokens_per_s_per_gpu,
                    p.tokens_per_s_per_user, p.ttft_ms, p.tpot_ms, p.agg.memory_bytes / double(1 << 30));
    }
  }
  if (sweep::covers(in.modes, sweep::mode::disagg)) {
    std::printf(
        "\ndisaggregated (prefill workers + decode workers per replica): best per decode layout under the SLA\n");
    if (r.top_disagg.empty()) {
      std::printf("  none\n");
    } else {
      std::printf("  %-2s %-36s %-38s %9s %11s %11s %9s %9s\n", "#", "prefill workers x layout (batch)",
                  "decode workers x layout (batch)", "replicas", "tok/s/GPU", "tok/s/user", "TTFT ms", "TPOT ms");
      int i = 1;
      for (const auto& p : r.top_disagg) {
        const std::string pre = std::to_string(p.prefill.workers) + " x " + layout_text(p.prefill.par, is_moe) + " (" +
                                std::to_string(p.prefill.batch) + ")";
        const std::string dec = std::to_string(p.decode.workers) + " x " + layout_text(p.decode.par, is_moe) + " (" +
                                std::to_string(p.decode.batch) + ")";
        std::printf("  %-2d %-36s %-38s %4d x %-2d %11.1f %11.1f %9.1f %9.2f\n", i++, pre.c_str(), dec.c_str(),
                    p.replicas, p.gpus, p.tokens_per_s_per_gpu, p.tokens_per_s_per_user, p.ttft_ms, p.tpot_ms);
      }
      if (in.price_kv_transfer)
        std::printf("  (TTFT includes the KV-cache transfer, %.2f ms for the best)\n",
                    r.top_disagg.front().kv_transfer_ms);
    }
  }
  std::printf("\n");
  for (const auto& n : r.notes) std::printf("note: %s\n", n.c_str());
  if (!r.chosen) {
    std::printf("no configuration meets TTFT <= %g ms and TPOT <= %g ms on %d x %s.\n", in.ttft_ms, in.tpot_ms, gpus,
                std::string(sys.name).c_str());
    if (r.lowest_ttft_ms) std::printf("  lowest TTFT of any configuration that fits: %.1f ms\n", *r.lowest_ttft_ms);
    if (r.lowest_tpot_ms)
      std::printf("  lowest TPOT of the configurations that meet the TTFT target: %.2f ms\n", *r.lowest_tpot_ms);
    std::printf("  relax --ttft / --tpot, or give more or faster GPUs.\n");
    return;
  }
  const bool agg = *r.chosen == sweep::mode::agg;
  const sweep::point& best = agg ? *r.best_agg : *r.best_disagg;
  const std::string replicas = std::to_string(best.replicas) + (best.replicas == 1 ? " replica" : " replicas");
  const std::string what =
      agg ? "aggregated, " + replicas + " of " + layout_text(best.agg.par, is_moe) + " at batch " +
                std::to_string(best.agg.batch)
          : "disaggregated, " + replicas + " of " + std::to_string(best.prefill.workers) + " x " +
                layout_text(best.prefill.par, is_moe) + " prefill + " + std::to_string(best.decode.workers) + " x " +
                layout_text(best.decode.par, is_moe) + " decode at batch " + std::to_string(best.decode.batch);
  std::printf("best: %s: %.1f tokens/s per GPU (%.0f tokens/s on %d GPUs) at %.1f tokens/s per user\n", what.c_str(),
              best.tokens_per_s_per_gpu, best.tokens_per_s_per_gpu * gpus, gpus, best.tokens_per_s_per_user);
  const std::optional<sweep::point>& other = agg ? r.best_disagg : r.best_agg;
  if (other && other->tokens_per_s_per_gpu > 0)
    std::printf("      %s beats the best %s (%.1f tokens/s per GPU) by %.1f%%\n", agg ? "aggregated" : "disaggregated",
                agg ? "disaggregated" : "aggregated", other->tokens_per_s_per_gpu,
                (best.tokens_per_s_per_gpu / other->tokens_per_s_per_gpu - 1) * 100);
  if (!r.pareto.empty())
    std::printf(
        "frontier: %zu configurations meet the SLA without being beaten on both tokens/s per GPU and per "
        "user (%.1f to %.1f tokens/s per user); --svg FILE plots it\n",
        r.pareto.size(), r.pareto.front().tokens_per_s_per_user, r.pareto.back().tokens_per_s_per_user);
}

}  // namespace detail

inline int cmd_sweep(const std::vector<std::string>& argv) {
  using namespace strata;
  const auto a = parse(argv,
                       {"--model", "--system", "--system-file", "--total-gpus", "--isl", "--osl", "--prefix", "--ttft",
                        "--tpot", "--backend", "--mode", "--nextn", "--nextn-accepted", "--gemm-quant", "--moe-quant",
                        "--kv-quant", "--fmha-quant", "--csv", "--svg"},
                       {"--json", "--kv-transfer"});
  const auto need = [&](const char* flag) -> const std::string& {
    auto it = a.values.find(flag);
    if (it == a.values.end()) throw invalid_input(std::string("sweep needs ") + flag + " (see strata help sweep)");
    return it->second;
  };
  const any_model model = get_model(need("--model"));

  // The system: a built-in name or a file.
  cost::gpu_system sys;
  const auto s = a.values.find("--system");
  const auto f = a.values.find("--system-file");
  if (s != a.values.end() && f != a.values.end()) throw invalid_input("give --system or --system-file, not both");
  if (f != a.values.end()) {
    sys = load_system_file(f->second).system;
  } else {
    const std::string& n = need("--system");
    const auto* found = cost::find_system(n);
    if (!found) {
      std::string names;
      for (const auto* x : cost::systems::all) names += (names.empty() ? "" : ", ") + std::string(x->name);
      throw invalid_input("--system = '" + n + "': unknown system; expected one of " + names);
    }
    sys = *found;
  }

  sweep::options o;
  constexpr long long max_len = 1LL << 24;
  o.total_gpus = int(parse_int("--total-gpus", need("--total-gpus"), 1, 4096));
  o.isl = parse_int("--isl", need("--isl"), 1, max_len);
  o.osl = parse_int("--osl", need("--osl"), 2, max_len);
  if (auto it = a.values.find("--prefix"); it != a.values.end())
    o.prefix = parse_int("--prefix", it->second, 0, o.isl - 1);
  if (auto it = a.values.find("--ttft"); it != a.values.end()) o.ttft_ms = detail::parse_ms("--ttft", it->second);
  if (auto it = a.values.find("--tpot"); it != a.values.end()) o.tpot_ms = detail::parse_ms("--tpot", it->second);
  if (auto it = a.values.find("--mode"); it != a.values.end()) {
    if (it->second == "agg")
      o.modes = sweep::mode::agg;
    else if (it->second == "disagg")
      o.modes = sweep::mode::disagg;
    else if (it->second == "both")
      o.modes = sweep::mode::both;
    else
      throw invalid_input("--mode = '" + it->second + "': expected agg, disagg or both");
  }
  if (auto it = a.values.find("--backend"); it != a.values.end()) {
    auto b = parse_backend(it->second);
    if (!b) throw invalid_input("--backend = '" + it->second + "': expected trtllm, vllm or sglang");
    o.base.backend = *b;
  }
  if (auto it = a.values.find("--nextn"); it != a.values.end())
    o.base.nextn = int(parse_int("--nextn", it->second, 0, 16));
  if (auto it = a.values.find("--nextn-accepted"); it != a.values.end()) {
    char* end = nullptr;
    o.nextn_accepted = std::strtod(it->second.c_str(), &end);
    if (it->second.empty() || *end != '\0' || !(o.nextn_accepted >= 0 && o.nextn_accepted <= o.base.nextn))
      throw invalid_input("--nextn-accepted = '" + it->second +
                          "': expected a number from 0 to --nextn = " + std::to_string(o.base.nextn));
  }
  o.base.gemm = detail::sweep_quant<gemm_quant>(a, "--gemm-quant");
  o.base.moe = detail::sweep_quant<moe_quant>(a, "--moe-quant");
  o.base.kv = detail::sweep_quant<kv_quant>(a, "--kv-quant");
  o.base.fmha = detail::sweep_quant<fmha_quant>(a, "--fmha-quant");
  o.price_kv_transfer = a.switches.contains("--kv-transfer");
  const auto csv = a.values.find("--csv");
  const auto svg = a.values.find("--svg");
  o.keep_evaluated = csv != a.values.end();

  // Progress only when a sweep runs long and someone watches stderr.
  const auto start = std::chrono::steady_clock::now();
  bool shown = false;
  if (isatty(STDERR_FILENO))
    o.progress = [&](double done) {
      if (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(500)) return;
      std::fprintf(stderr, "\rsweeping: %3.0f%%", done * 100);
      shown = true;
    };
  const sweep::result r = sweep::run(model, sys, o);
  if (shown) std::fprintf(stderr, "\r              \r");

  if (csv != a.values.end()) {
    std::ofstream out(csv->second);
    if (!out) throw invalid_input("--csv = '" + csv->second + "': cannot write that file");
    sweep::write_csv(out, r);
  }
  if (svg != a.values.end()) {
    std::ofstream out(svg->second);
    if (!out) throw invalid_input("--svg = '" + svg->second + "': cannot write that file");
    out << sweep::to_svg(r);
  }
  if (a.switches.contains("--json")) {
    std::cout << boost::json::serialize(sweep::to_json(r)) << "\n";
    return 0;
  }
  detail::print_table(r, sweep::detail::facts(model).is_moe, sys);
  return 0;
}

}  // namespace strata::cli
