// strata::sweep: the reference's search space, its pricing formulas recomposed here
// from the step primitives (cost::context_step / generation_step / request, which
// the SOL parity tests pin), hand-derived cases, the frontier's properties, and
// the outputs (JSON contract, SVG, CSV). Reference figures quoted below come from
// ../shared/peer/sweep.json (aiconfigurator cb43a2f41, SOL, trtllm, h200_sxm).
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <cmath>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "strata/strata.hpp"
#include "strata/sweep/csv.hpp"
#include "strata/sweep/json.hpp"
#include "strata/sweep/svg.hpp"
#include "strata/sweep/sweep.hpp"

using namespace strata;
using cost::systems::h200_sxm;
namespace sw = strata::sweep;

namespace {

const any_model& llama8b() {
  static const any_model m = *catalog::find("meta-llama/Meta-Llama-3.1-8B");
  return m;
}

/// The reference's Llama case (d_llama31_8b): ISL 1024, OSL 256, TTFT 500 ms, TPOT 20 ms.
sw::options llama_case(int gpus) {
  sw::options o;
  o.total_gpus = gpus;
  o.isl = 1024;
  o.osl = 256;
  o.ttft_ms = 500;
  o.tpot_ms = 20;
  return o;
}

bool has_point(const std::vector<sw::point>& pts, double user, double gpu) {
  for (const auto& p : pts)
    if (std::fabs(p.tokens_per_s_per_user - user) < 1e-3 && std::fabs(p.tokens_per_s_per_gpu - gpu) < 1e-3) return true;
  return false;
}

/// A small XML well-formedness check: tags nest and close, attribute values are
/// quoted, entities are the five predefined ones.
bool well_formed_xml(const std::string& s, std::string& why) {
  std::vector<std::string> open;
  std::size_t i = 0;
  if (s.rfind("<?xml", 0) == 0) i = s.find("?>") + 2;
  const auto entity_ok = [&](std::size_t at) {
    for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
      if (s.compare(at, std::strlen(e), e) == 0) return true;
    return false;
  };
  bool root_seen = false;
  while (i < s.size()) {
    if (s[i] == '&' && !entity_ok(i)) return why = "bad entity at " + std::to_string(i), false;
    if (s[i] != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(s[i])))
        return why = "text outside the root at " + std::to_string(i), false;
      ++i;
      continue;
    }
    const std::size_t end = s.find('>', i);
    if (end == std::string::npos) return why = "unclosed tag", false;
    std::string tag = s.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.starts_with("/")) {
      if (open.empty() || open.back() != tag.substr(1)) return why = "mismatched </" + tag.substr(1) + ">", false;
      open.pop_back();
      continue;
    }
    const bool self_closing = tag.ends_with("/");
    if (self_closing) tag.pop_back();
    const std::string name = tag.substr(0, tag.find_first_of(" \n\t"));
    // attributes: name="value" pairs
    std::size_t a = name.size();
    while (a < tag.size()) {
      while (a < tag.size() && std::isspace(static_cast<unsigned char>(tag[a]))) ++a;
      if (a >= tag.size()) break;
      const std::size_t eq = tag.find('=', a);
      if (eq == std::string::npos || eq + 1 >= tag.size() || tag[eq + 1] != '"')
        return why = "unquoted attribute in <" + name + ">", false;
      const std::size_t close = tag.find('"', eq + 2);
      if (close == std::string::npos) return why = "unterminated attribute in <" + name + ">", false;
      if (tag.substr(eq + 2, close - eq - 2).find('<') != std::string::npos) return why = "< in attribute", false;
      a = close + 1;
    }
    if (open.empty() && root_seen) return why = "two roots", false;
    root_seen = true;
    if (!self_closing) open.push_back(name);
  }
  if (!open.empty()) return why = "<" + open.back() + "> never closed", false;
  return root_seen;
}

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("search space: the reference's candidate lists") {
  // Context budgets without chunked prefill: multiples of isl every max(isl, 512)
  // tokens up to 8192, then every ceil(1024 / isl) isl up to max(8192, 2 isl); plus isl, 2 isl.
  CHECK(sw::context_budgets(4000) == std::vector<std::int64_t>{4000, 8000});
  CHECK(sw::context_budgets(1024) == std::vector<std::int64_t>{1024, 2048, 3072, 4096, 5120, 6144, 7168, 8192});
  // isl 100: every 512 up to 8192 (16 values), plus 100 and 200.
  const auto short_isl = sw::context_budgets(100);
  CHECK(short_isl.size() == 18);
  CHECK(short_isl.front() == 100);
  CHECK(short_isl[1] == 200);
  CHECK(short_isl[2] == 512);
  CHECK(short_isl.back() == 8192);
  // isl 6000: 6000, then 12000 = max(8192, 2 * 6000).
  CHECK(sw::context_budgets(6000) == std::vector<std::int64_t>{6000, 12000});
  // Batches: 1-15, 16-28 by 4, 32-56 by 8, 64-240 by 16, 256-480 by 32, 512.
  CHECK(sw::agg_batch_sizes().size() == 15 + 4 + 4 + 12 + 8 + 1);
  CHECK(sw::agg_batch_sizes().back() == 512);
  // Decode batches: 1-15, 16-30 by 2, 32-124 by 4, 128-504 by 8, 512.
  CHECK(sw::decode_batch_sizes().size() == 15 + 8 + 24 + 48 + 1);
  CHECK(sw::tpot_grid().size() == 19 + 56);
  CHECK(sw::replica_sizes(8) == std::vector<int>{1, 2, 4, 8});
  CHECK(sw::replica_sizes(16) == std::vector<int>{1, 2, 4, 8, 16});
  CHECK(sw::replica_sizes(1000).back() == 128);
  // Dense on 8 GPUs: tp 1, 2, 4, 8.
  CHECK(sw::parallel_layouts(false, backend::trtllm, h200_sxm, 8).size() == 4);
  CHECK(sw::parallel_layouts(false, backend::trtllm, cost::systems::gb200, 16).size() == 5);
  // MoE on 16 GPUs with TRT-LLM: tp * dp = w in {1, 2, 4, 8, 16}, tp or dp = 1, and
  // moe_tp * ep = w: 1 + 2*2 + 2*3 + 2*4 + 2*5 = 29 layouts.
  const auto moe = sw::parallel_layouts(true, backend::trtllm, h200_sxm, 16);
  CHECK(moe.size() == 29);
  for (const auto& l : moe) {
    CHECK((l.tp == 1 || l.dp == 1));
    CHECK(l.tp * l.dp == l.moe_tp * l.moe_ep);
  }
  // vLLM allows attention tp with dp but not MoE tp with ep: w = 4 gives (tp, dp) in
  // {(4,1), (2,2), (1,4)} x (moe_tp, ep) in {(1,4), (4,1)}.
  int w4 = 0;
  for (const auto& l : sw::parallel_layouts(true, backend::vllm, h200_sxm, 4))
    if (l.gpus() == 4) ++w4;
  CHECK(w4 == 6);
}

TEST_CASE("Python floor division and numpy's quicksort order") {
  CHECK(sw::py_floor_div(7, 2) == 3);
  CHECK(sw::py_floor_div(-7, 2) == -4);
  // 1 // 0.1 is 9 in Python (0.1 is a little more than 1/10), although 1 / 0.1 rounds to 10.
  CHECK(sw::py_floor_div(1, 0.1) == 9);
  CHECK(std::floor(1 / 0.1) == 10);
  CHECK(sw::round3(1.23449) == 1.234);
  CHECK(sw::round3(2.0004999) == 2.0);

  // Up to 16 equal keys are insertion-sorted: the order stays.
  const std::vector<double> sixteen(16, 1.0);
  const auto order16 = sw::detail::numpy_argsort(sixteen);
  for (std::size_t i = 0; i < 16; ++i) CHECK(order16[i] == i);
  // 17 equal keys go through one partition, by hand: the median of a[0], a[8], a[16]
  // stays at 8 and is parked at 15; the scans stop at every equal key and swap
  // (1,14) (2,13) (3,12) (4,11) (5,10) (6,9) (7,8, where 15 now sits); they cross at
  // 8, the pivot returns to 8 and 7 to 15; both halves (0-7, 9-16) are then
  // insertion-sorted unchanged.
  const std::vector<double> seventeen(17, 1.0);
  CHECK(sw::detail::numpy_argsort(seventeen) ==
        std::vector<std::size_t>{0, 14, 13, 12, 11, 10, 9, 15, 8, 6, 5, 4, 3, 2, 1, 7, 16});
  // pandas sorts descending by argsorting the reversed column and reversing:
  // position 16 - k gets 16 - order[k].
  CHECK(sw::detail::pandas_sort(seventeen, false) ==
        std::vector<std::size_t>{0, 9, 15, 14, 13, 12, 11, 10, 8, 1, 7, 6, 5, 4, 3, 2, 16});
  // Distinct keys sort as any sort would.
  std::vector<double> v;
  for (int i = 0; i < 200; ++i) v.push_back(double((i * 7919) % 211));
  const auto asc = sw::detail::pandas_sort(v, true);
  const auto desc = sw::detail::pandas_sort(v, false);
  for (std::size_t i = 1; i < v.size(); ++i) {
    CHECK(v[asc[i - 1]] <= v[asc[i]]);
    CHECK(v[desc[i - 1]] >= v[desc[i]]);
  }
}

TEST_CASE("rate matching: the legal replica with the most tokens/s per GPU") {
  // Prefill 10 req/s on 1 GPU, decode 30 req/s on 1 GPU, replicas of 1, 2, 4 or 8 GPUs;
  // rate = min(0.9 * 10 p, 0.92 * 30 d) over p + d GPUs. By hand, in the reference's
  // order (d outer, then replica size): d 1 -> (p 1: 9 / 2 = 4.5), (p 3: min(27, 27.6)
  // / 4 = 6.75), (p 7: 27.6 / 8 = 3.45); d 2 -> (p 2: 4.5), (p 6: 54 / 8 = 6.75, not
  // better); ... The first best is 3 prefill + 1 decode.
  const auto m = sw::detail::match_workers(10, 1, 30, 1, {1, 2, 4, 8});
  CHECK(m.prefill == 3);
  CHECK(m.decode == 1);
  // A 4-GPU prefill and an 8-GPU decode worker fit no replica of at most 8 GPUs.
  CHECK(sw::detail::match_workers(10, 4, 30, 8, {1, 2, 4, 8}).prefill == -1);
}

TEST_CASE("an aggregated point: the reference's mixed-step composition") {
  const auto& m = llama8b();
  const auto w = *sw::detail::make_worker(m, {}, 1, 1, 1, 1, 1);
  const auto c = m.resolve({});
  const op_list ctx = m.ops(phase::context, c), gen = m.ops(phase::generation, c);
  const sw::options o = llama_case(8);
  const sw::workload wl = sw::workload::of(o);
  // b 4, context budget 1024 = isl: ceil(4 * 1024 / 1024) = 4 mixed steps, fewer than
  // the 256 decode iterations, so each carries 4 - ceil(1024 / 1024) = 3 decoding
  // requests. A mixed step = every context op but `context_attention` on one
  // sequence of 1024 + 3 tokens (batch 1, so the logits GEMM sees 1 token) +
  // `context_attention` for 1 request of 1024 tokens / ceil(1024 / 1024) +
  // `generation_attention` for 3 requests at KV length 1024 + 256 / 2 + 1.
  const auto pass1 = cost::context_step(ctx, h200_sxm, 1, 1024 + 3);
  const auto pass2 = cost::context_step(ctx, h200_sxm, 1, 1024);
  const auto pass3 = cost::generation_step(gen, h200_sxm, 3, 1153);
  double mix = 0;
  for (std::size_t i = 0; i < ctx.size(); ++i)
    mix += name_of(ctx[i]) == "context_attention" ? pass2.op_ms[i] : pass1.op_ms[i];
  for (std::size_t i = 0; i < gen.size(); ++i)
    if (name_of(gen[i]) == "generation_attention") mix += pass3.op_ms[i];
  const double genonly = cost::generation_step(gen, h200_sxm, 4, 1153).total_ms;
  const auto r = sw::price_agg(w, {}, h200_sxm, wl, sw::backend_policy{}, 32, 4, 1024);
  // TTFT = mixed step x ceil(1024 / 1024) x min(2 + (4 - 3) / 20, 4).
  CHECK(r.p.ttft_ms == doctest::Approx(mix * 2.05));
  // TPOT: TRT-LLM counts max(1, 4 - 3) = 1 mixed step and the 256 - 4 decode-only steps.
  CHECK(r.p.tpot_ms == doctest::Approx((mix * 1 + genonly * 252) / 253));
  // 4 requests x 255 tokens over 4 mixed + 252 decode-only steps.
  CHECK(r.p.tokens_per_s == doctest::Approx(1000.0 * 4 * 255 / (4 * mix + 252 * genonly)));
  CHECK(r.p.tokens_per_s_per_user == doctest::Approx(1000 / r.p.tpot_ms));

  // Memory of the reference's best tp1 row (b 176, 46.645 GiB): weights 16,059,990,016 B
  // + activations of TRT-LLM's 8192-token budget 2 * 8192 * 4096 * 11 = 738,197,504 B
  // + KV 176 x 131,072 B/token x (1024 + 256) = 29,527,900,160 B + 3.5 GiB runtime
  // = 50,084,184,064 B = 46.645 GiB.
  const auto big = sw::price_agg(w, {}, h200_sxm, wl, sw::backend_policy{}, 32, 176, 1024);
  CHECK(big.p.agg.memory_bytes == 50084184064.0);
  CHECK(big.memory.fits());
  CHECK(sw::round3(big.p.tokens_per_s_per_replica_gpu) == 9022.23);  // the reference's row
}

TEST_CASE("prefill and decode workers") {
  const auto& m = llama8b();
  const auto c = m.resolve({});
  const op_list ctx = m.ops(phase::context, c), gen = m.ops(phase::generation, c);
  const auto w = *sw::detail::make_worker(m, {}, 1, 1, 1, 1, 1);
  sw::options o = llama_case(8);
  const sw::workload wl = sw::workload::of(o);
  // Prefill: one pass x 1.1; the reference's disaggregated TTFT is 1.8 x that = 31.653 ms.
  const auto p = sw::price_prefill(w, {}, h200_sxm, wl, sw::backend_policy{}, 1);
  CHECK(p.ttft_ms == sw::round3(cost::context_step(ctx, h200_sxm, 1, 1024).total_ms * 1.1));
  CHECK(sw::round3(p.ttft_ms * 1.8) == 31.653);
  CHECK(p.seq_per_s == sw::round3(1000.0 / (cost::context_step(ctx, h200_sxm, 1, 1024).total_ms * 1.1)));
  // Decode: the request's strided decode steps x 1.08 over its 255 output tokens.
  const auto d = sw::price_decode(w, {}, h200_sxm, wl, sw::backend_policy{}, 64);
  const double generation = cost::request(ctx, gen, h200_sxm, 64, 1024, 256).generation_ms * 1.08;
  CHECK(d.tpot_ms == sw::round3(generation / 255));
  CHECK(d.seq_per_s == sw::round3(64 / generation * 1000));
  // MTP: one draft token, 0.7 accepted on average: each step verifies 2 tokens per
  // request; the reference then divides TPOT by 1.7 (rounded before and after).
  o.base.nextn = 1;
  o.nextn_accepted = 0.7;
  const auto mtp_worker = *sw::detail::make_worker(m, o.base, 1, 1, 1, 1, 1);
  const auto cm = m.resolve({.nextn = 1});
  const double mtp_generation =
      cost::request(m.ops(phase::context, cm), m.ops(phase::generation, cm), h200_sxm, 64, 1024, 256)
          .generation_ms *
      1.08;
  const auto dm = sw::price_decode(mtp_worker, {}, h200_sxm, sw::workload::of(o), sw::backend_policy{}, 64);
  CHECK(dm.tpot_ms == sw::round3(sw::round3(mtp_generation / 255) / 1.7));
}

TEST_CASE("one GPU: the frontier holds the reference's tp1 frontier points") {
  // On one GPU only tp1 exists, aggregated (disaggregation needs two). In the
  // reference's 8-GPU sweep a tp1 row's throughput per GPU of the cluster is its own
  // (8 whole replicas), as it is here (1 replica); a tp1 row on that frontier is beaten
  // by no row of any layout, so by no tp1 row: it is on the 1-GPU frontier, unchanged.
  // The reference's tp1 frontier points with TPOT <= 20 ms (tokens/s/user, tokens/s/GPU):
  const double tp1[][2] = {{51.613, 9022.23},  {56.334, 8944.775}, {61.904, 8837.572},
                           {68.571, 8691.541}, {76.69, 8493.716},  {86.791, 8224.924}};
  sw::options o = llama_case(1);
  const auto r = sw::run(llama8b(), h200_sxm, o);
  CHECK(r.disagg_rows.empty());
  CHECK(!r.notes.empty());  // disaggregation was not searched, and says why
  for (const auto& q : tp1) CHECK(has_point(r.pareto_agg, q[0], q[1]));
  for (const auto& p : r.pareto_agg) CHECK(p.agg.par == sw::layout{});
  // The best is the reference's best tp1 row: batch 176, context budget 1024.
  REQUIRE(r.best_agg);
  CHECK(r.best_agg->tokens_per_s_per_gpu == doctest::Approx(9022.23));
  CHECK(r.best_agg->agg.batch == 176);
  CHECK(r.best_agg->replicas == 1);
  // The fastest row per user is never beaten: it ends the frontier. (It is not batch
  // 1: like the reference, a row is kept only when it is among the 10 busiest under
  // some TPOT target of the grid, and under 4 ms, the first target batch 1 meets,
  // larger batches are busier.)
  double fastest = 0;
  bool batch1 = false;
  for (const auto& p : r.agg_rows) {
    if (p.tpot_ms <= 20) fastest = std::max(fastest, p.tokens_per_s_per_user);
    batch1 = batch1 || p.agg.batch == 1;
  }
  CHECK(r.pareto_agg.back().tokens_per_s_per_user == fastest);
  CHECK(!batch1);
  // Points the tp2-tp8 layouts dominated at 8 GPUs now join: the 1-GPU frontier is longer.
  CHECK(r.pareto_agg.size() > std::size(tp1));
}

TEST_CASE("two GPUs: a disaggregated replica is one tp1 prefill worker and one tp1 decode worker") {
  // Replicas may use 1 or 2 GPUs and each role needs a worker of at least one GPU, so
  // every disaggregated row is 1 x tp1 prefill + 1 x tp1 decode, whose rate is
  // min(0.9 x prefill, 0.92 x decode) requests/s and tokens/s per GPU = rate x 256 / 2.
  const sw::options o = llama_case(2);
  const auto r = sw::run(llama8b(), h200_sxm, o);
  REQUIRE(!r.disagg_rows.empty());
  const auto w = *sw::detail::make_worker(llama8b(), {}, 1, 1, 1, 1, 1);
  const sw::workload wl = sw::workload::of(o);
  const auto pre = sw::price_prefill(w, {}, h200_sxm, wl, sw::backend_policy{}, 1);
  for (const auto& p : r.disagg_rows) {
    CHECK(p.gpus == 2);
    CHECK(p.replicas == 1);
    CHECK(p.prefill.workers == 1);
    CHECK(p.decode.workers == 1);
    CHECK(p.prefill.par == sw::layout{});
    CHECK(p.decode.par == sw::layout{});
    const auto d = sw::price_decode(w, {}, h200_sxm, wl, sw::backend_policy{}, p.decode.batch);
    const double rate = std::min(pre.seq_per_s * 0.9, d.seq_per_s * 0.92);
    CHECK(p.tokens_per_s_per_gpu == doctest::Approx(sw::round3(rate * 256 / 2)));
    CHECK(p.ttft_ms == doctest::Approx(pre.ttft_ms * 1.8).epsilon(1e-6));
  }
  // The aggregated side has tp1 (2 replicas) and tp2 (1 replica).
  std::set<int> tps;
  for (const auto& p : r.agg_rows) {
    tps.insert(p.agg.par.tp);
    CHECK(p.replicas * p.gpus == 2);
  }
  CHECK(tps == std::set<int>{1, 2});
}

TEST_CASE("frontier: every point meets the SLA, none dominates another, sorted by tokens/s per user") {
  const auto r = sw::run(llama8b(), h200_sxm, llama_case(8));
  for (const auto* front : {&r.pareto, &r.pareto_agg, &r.pareto_disagg}) {
    REQUIRE(!front->empty());
    for (std::size_t i = 0; i < front->size(); ++i) {
      const auto& p = (*front)[i];
      CHECK(p.tpot_ms <= 20);
      CHECK(p.ttft_ms <= 500);
      if (i > 0) CHECK((*front)[i - 1].tokens_per_s_per_user < p.tokens_per_s_per_user);
      for (const auto& q : *front)
        if (&q != &p) CHECK(!sw::dominates(q, p));
    }
  }
  // Brute force: the frontier is exactly the rows that meet the SLA and that no such
  // row beats on both axes.
  std::vector<sw::point> rows = r.agg_rows;
  rows.insert(rows.end(), r.disagg_rows.begin(), r.disagg_rows.end());
  int expected = 0;
  for (const auto& p : rows) {
    if (p.tpot_ms > 20) continue;
    bool beaten = false;
    for (const auto& q : rows)
      if (q.tpot_ms <= 20 && sw::dominates(q, p) &&
          (q.tokens_per_s_per_gpu > p.tokens_per_s_per_gpu || q.tokens_per_s_per_user > p.tokens_per_s_per_user))
        beaten = true;
    if (!beaten) {
      ++expected;
      CHECK(has_point(r.pareto, p.tokens_per_s_per_user, p.tokens_per_s_per_gpu));
    }
  }
  CHECK(int(r.pareto.size()) <= expected);  // exact duplicates count once
}

TEST_CASE("no configuration meets the SLA: no best, an empty frontier, no error") {
  // Prefill alone needs 2 x 8.03e9 parameters x 1024 tokens / (8 x 989e12 FLOP/s) = 2.1 ms
  // on 8 H200s, the fastest layout: a 1 ms TTFT is out of reach.
  sw::options o = llama_case(8);
  o.ttft_ms = 1;
  o.tpot_ms = 1;
  const auto r = sw::run(llama8b(), h200_sxm, o);
  CHECK(!r.best_agg);
  CHECK(!r.best_disagg);
  CHECK(!r.chosen);
  CHECK(r.pareto.empty());
  REQUIRE(r.lowest_ttft_ms);
  CHECK(*r.lowest_ttft_ms > 2.1);
  const auto j = sw::to_json(r);
  CHECK(j.at("best").at("agg").is_null());
  CHECK(j.at("best").at("disagg").is_null());
  CHECK(j.at("best").at("chosen").is_null());
  CHECK(j.at("pareto").as_array().empty());
}

TEST_CASE("disaggregation loses, and wins") {
  // The reference's Llama case: aggregated wins (chosen_exp "agg", 9022.23 vs 6779.178).
  const auto loses = sw::run(llama8b(), h200_sxm, llama_case(8));
  REQUIRE(loses.chosen);
  CHECK(*loses.chosen == sw::mode::agg);
  // A 4000-token prompt under a 100 ms TTFT: an aggregated engine's TTFT is its mixed
  // step (prefill plus the decoding requests riding along) times a queueing factor of
  // about 2, so it must run small batches on wide layouts; prefill workers at batch 1
  // meet the TTFT and the decode workers batch freely.
  sw::options o = llama_case(8);
  o.isl = 4000;
  o.osl = 500;
  o.ttft_ms = 100;
  o.tpot_ms = 10;
  const auto wins = sw::run(llama8b(), h200_sxm, o);
  REQUIRE(wins.chosen);
  CHECK(*wins.chosen == sw::mode::disagg);
  REQUIRE(wins.best_agg);
  CHECK(wins.best_disagg->tokens_per_s_per_gpu > wins.best_agg->tokens_per_s_per_gpu);
}

TEST_CASE("bad input is rejected with the value named") {
  const auto rejects = [](sw::options o, const char* text) {
    CHECK_THROWS_WITH_AS(sw::run(llama8b(), h200_sxm, o), doctest::Contains(text), invalid_input);
  };
  sw::options o = llama_case(8);
  o.total_gpus = 0;
  rejects(o, "total GPUs = 0");
  o = llama_case(8);
  o.ttft_ms = 0;
  rejects(o, "TTFT target = 0");
  o = llama_case(8);
  o.tpot_ms = -5;
  rejects(o, "TPOT target = -5");
  o = llama_case(8);
  o.isl = 0;
  rejects(o, "isl = 0");
  o = llama_case(8);
  o.osl = 1;
  rejects(o, "osl = 1");
  o = llama_case(8);
  o.prefix = 1024;
  rejects(o, "prefix = 1024");
  o = llama_case(8);
  o.nextn_accepted = 0.5;
  rejects(o, "accepted draft tokens");
  o = llama_case(1);
  o.modes = sw::mode::disagg;
  rejects(o, "needs at least 2 GPUs");
}

TEST_CASE("a model that fits no layout says what it needs and what a GPU has") {
  // Llama-3.1-405B in bf16 holds 2 B x 405e9 parameters = 754 GiB of weights: one
  // H200 (141 GiB) cannot hold them.
  sw::options o = llama_case(1);
  const any_model big = *catalog::find("meta-llama/Meta-Llama-3.1-405B");
  CHECK_THROWS_WITH_AS(sw::run(big, h200_sxm, o), doctest::Contains("does not fit 1 x h200_sxm"), invalid_input);
  try {
    sw::run(big, h200_sxm, o);
  } catch (const invalid_input& e) {
    const std::string msg = e.what();
    CHECK(msg.find("weights 7") != std::string::npos);  // 75x GiB
    CHECK(msg.find("a GPU has 141.0 GiB") != std::string::npos);
  }
}

TEST_CASE("JSON follows the sweep contract") {
  const auto r = sw::run(llama8b(), h200_sxm, llama_case(8));
  const auto j = boost::json::parse(boost::json::serialize(sw::to_json(r))).as_object();
  std::set<std::string> keys;
  for (const auto& kv : j) keys.insert(std::string(kv.key()));
  CHECK(keys == std::set<std::string>{"model", "system", "total_gpus", "isl", "osl", "sla", "configs_evaluated",
                                      "elapsed_ms", "best", "pareto"});
  CHECK(j.at("model") == "meta-llama/Meta-Llama-3.1-8B");
  CHECK(j.at("system") == "h200_sxm");
  CHECK(j.at("sla").at("ttft_ms").to_number<double>() == 500);
  CHECK(j.at("configs_evaluated").to_number<std::int64_t>() == r.counts.total());
  CHECK(j.at("best").at("chosen") == "agg");
  const auto& agg = j.at("best").at("agg").as_object();
  for (const char* k : {"mode", "tokens_per_s_per_gpu", "tokens_per_s_per_user", "ttft_ms", "tpot_ms",
                        "request_latency_ms", "gpus", "layout", "batch", "replicas"})
    CHECK_MESSAGE(agg.contains(k), k);
  for (const char* k : {"tp", "pp", "ep", "moe_tp", "dp"}) CHECK(agg.at("layout").as_object().contains(k));
  const auto& dis = j.at("best").at("disagg").as_object();
  CHECK(dis.at("mode") == "disagg");
  for (const char* role : {"prefill", "decode"})
    for (const char* k : {"layout", "batch", "workers"}) CHECK(dis.at(role).as_object().contains(k));
  const auto& pareto = j.at("pareto").as_array();
  REQUIRE(pareto.size() == r.pareto.size());
  for (std::size_t i = 1; i < pareto.size(); ++i)
    CHECK(pareto[i - 1].at("tokens_per_s_per_user").to_number<double>() <
          pareto[i].at("tokens_per_s_per_user").to_number<double>());
  // Non-finite numbers become null, so the output always parses.
  CHECK(sw::detail::number(std::nan("")).is_null());
  CHECK(sw::detail::number(INFINITY).is_null());
}

TEST_CASE("SVG: well-formed, one marker per frontier point, axes and target labelled") {
  const auto r = sw::run(llama8b(), h200_sxm, llama_case(8));
  const std::string svg = sw::to_svg(r);
  std::string why;
  CHECK_MESSAGE(well_formed_xml(svg, why), why);
  CHECK(count(svg, "class=\"marker agg\"") == int(r.pareto_agg.size()));
  CHECK(count(svg, "class=\"marker disagg\"") == int(r.pareto_disagg.size()));
  CHECK(svg.find(">tokens/s per user</text>") != std::string::npos);
  CHECK(svg.find(">tokens/s per GPU</text>") != std::string::npos);
  CHECK(count(svg, "class=\"tpot-target\"") == 1);
  CHECK(svg.find("class=\"best-label\"") != std::string::npos);
  CHECK(svg.find("best: agg tp1, batch 176") != std::string::npos);
  // Names that are not XML-safe are escaped.
  sw::result odd = r;
  odd.model = "a&b <c>";
  CHECK(well_formed_xml(sw::to_svg(odd), why));
  // Nothing meets the SLA: still a valid plot, saying so.
  sw::options o = llama_case(8);
  o.ttft_ms = 1;
  const std::string empty = sw::to_svg(sw::run(llama8b(), h200_sxm, o));
  CHECK(well_formed_xml(empty, why));
  CHECK(empty.find("no configuration meets the SLA") != std::string::npos);
  CHECK(count(empty, "class=\"marker") == 0);
}

TEST_CASE("CSV: every priced configuration") {
  sw::options o = llama_case(2);
  o.keep_evaluated = true;
  const auto r = sw::run(llama8b(), h200_sxm, o);
  std::ostringstream out;
  sw::write_csv(out, r);
  const std::string csv = out.str();
  CHECK(csv.rfind("kind,layout,batch,ctx_tokens,", 0) == 0);
  const int lines = count(csv, "\n");
  CHECK(lines == int(r.all.size()) + 1);
  CHECK(count(csv, "\nagg,") == r.counts.agg_points);
  CHECK(count(csv, "\nprefill_worker,") == r.counts.prefill_workers);
  CHECK(count(csv, "\ndecode_worker,") == r.counts.decode_workers);
  CHECK(count(csv, "\ndisagg,") > 0);
  // Without keep_evaluated nothing is kept.
  CHECK(sw::run(llama8b(), h200_sxm, llama_case(2)).all.empty());
}

TEST_CASE("KV-cache transfer (an option): TTFT grows by the KV bytes over the link") {
  // Llama-3.1-8B keeps 131,072 B of KV per token on one GPU (tp 1): a 1024-token
  // prompt is 134,217,728 B; a tp1 prefill and a tp1 decode worker share a node, so
  // it moves over NVLink at 450e9 B/s: 0.298 ms.
  sw::options o = llama_case(2);
  const auto plain = sw::run(llama8b(), h200_sxm, o);
  o.price_kv_transfer = true;
  const auto priced = sw::run(llama8b(), h200_sxm, o);
  REQUIRE(plain.best_disagg);
  REQUIRE(priced.best_disagg);
  CHECK(plain.best_disagg->kv_transfer_ms == 0);
  CHECK(priced.best_disagg->kv_transfer_ms == doctest::Approx(134217728.0 / 450e9 * 1e3).epsilon(2e-3));
  CHECK(priced.best_disagg->ttft_ms == doctest::Approx(plain.best_disagg->ttft_ms + 0.298).epsilon(1e-4));
  // The default is the reference's: the aggregated side does not change at all.
  CHECK(priced.best_agg->tokens_per_s_per_gpu == plain.best_agg->tokens_per_s_per_gpu);
}
