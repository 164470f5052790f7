// Sweep parity: every case of ../shared/peer/sweep.json (the reference's
// `aiconfigurator cli default`, SOL, trtllm, h200_sxm) is swept again and compared:
// best aggregated and disaggregated tokens/s per GPU within 1 %, the same chosen
// mode, the same amount of work, and frontiers that agree. Exits 77 (skipped) when
// the shared reference data is absent.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "strata/runtime/get_model.hpp"
#include "strata/sweep/pareto.hpp"
#include "strata/sweep/sweep.hpp"

namespace json = boost::json;
using namespace strata;

namespace {

const std::filesystem::path shared_dir = STRATA_SHARED_DIR;
const std::filesystem::path sweep_file = shared_dir / "peer/sweep.json";

json::value read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

double num(const json::value& v) { return v.to_number<double>(); }
int integer(const json::value& v) { return int(v.to_number<std::int64_t>()); }

bool within(double ours, double ref, double rel) { return std::fabs(ours - ref) <= rel * std::fabs(ref); }

/// A frontier point: (tokens/s per user, tokens/s per GPU of the cluster).
struct xy {
  double x = 0, y = 0;
};

/// `a` is covered by `b` within eps: some point of b is at least (1 - eps) times a on
/// both axes, i.e. matches it or dominates it up to eps.
bool covered(const xy& a, const std::vector<xy>& b, double eps) {
  for (const xy& q : b)
    if (q.x >= (1 - eps) * a.x && q.y >= (1 - eps) * a.y) return true;
  return false;
}

std::vector<xy> non_dominated(std::vector<xy> pts) {
  std::vector<xy> out;
  for (const xy& p : pts) {
    bool dominated = false;
    for (const xy& q : pts)
      if ((q.x >= p.x && q.y >= p.y) && (q.x > p.x || q.y > p.y)) dominated = true;
    if (!dominated) out.push_back(p);
  }
  return out;
}

/// The reference's frontier rows of one mode that meet the TPOT target (its frontier
/// spans every TPOT target of its grid; ours holds only points that meet the SLA).
std::vector<xy> reference_front(const json::array& rows, double tpot) {
  std::vector<xy> out;
  for (const auto& r : rows)
    if (num(r.at("tpot")) <= tpot) out.push_back({num(r.at("tokens/s/user")), num(r.at("tokens/s/gpu_cluster"))});
  return out;
}

std::vector<xy> ours(const std::vector<sweep::point>& pts) {
  std::vector<xy> out;
  for (const auto& p : pts) out.push_back({p.tokens_per_s_per_user, p.tokens_per_s_per_gpu});
  return out;
}

/// Frontiers agree when each point of either is covered by the other within 1 %
/// (the multiplicative epsilon indicator is <= 1.01 both ways): a point may be
/// missing only if the other frontier has one as good within 1 % on both axes.
void check_fronts_agree(const std::string& what, const std::vector<xy>& mine, const std::vector<xy>& ref) {
  int exact = 0;
  for (const xy& r : ref) {
    CHECK_MESSAGE(covered(r, mine, 0.01), what << ": reference point (" << r.x << " tok/s/user, " << r.y
                                               << " tok/s/GPU) has no match within 1 %");
    for (const xy& m : mine)
      if (within(m.x, r.x, 1e-4) && within(m.y, r.y, 1e-4)) {
        ++exact;
        break;
      }
  }
  for (const xy& m : mine)
    CHECK_MESSAGE(covered(m, ref, 0.01), what << ": our point (" << m.x << " tok/s/user, " << m.y
                                              << " tok/s/GPU) has no reference match within 1 %");
  MESSAGE(what << ": " << mine.size() << " points (reference " << ref.size() << "), " << exact
               << " reference points matched to 0.01 %");
}

bool same_layout(const sweep::layout& l, const json::object& row, const char* prefix) {
  const auto get = [&](const char* key) { return integer(row.at(std::string(prefix) + key)); };
  return l.tp == get("tp") && l.pp == get("pp") && l.dp == get("dp") && l.moe_tp == get("moe_tp") &&
         l.moe_ep == get("moe_ep");
}

}  // namespace

TEST_CASE("the reference's sweeps reproduce") {
  const auto cases = read_json(sweep_file).at("cases").as_array();
  REQUIRE(!cases.empty());
  for (const auto& cv : cases) {
    const auto& c = cv.as_object();
    const auto& args = c.at("args").as_object();
    const std::string name = json::value_to<std::string>(c.at("name"));
    CAPTURE(name);
    REQUIRE(json::value_to<std::string>(args.at("system")) == "h200_sxm");
    REQUIRE(json::value_to<std::string>(args.at("backend")) == "trtllm");
    sweep::options o;
    o.total_gpus = integer(args.at("total_gpus"));
    o.isl = integer(args.at("isl"));
    o.osl = integer(args.at("osl"));
    o.prefix = integer(args.at("prefix"));
    o.ttft_ms = num(args.at("ttft"));
    o.tpot_ms = num(args.at("tpot"));
    o.base.nextn = integer(args.at("nextn"));
    const auto r =
        sweep::run(get_model(json::value_to<std::string>(args.at("model_path"))), cost::systems::h200_sxm, o);

    // The same work: layouts, points, worker candidates and kept rows.
    const auto& agg_work = c.at("configs_evaluated").at("agg").as_object();
    const auto& dis_work = c.at("configs_evaluated").at("disagg").as_object();
    CHECK(r.counts.layouts == integer(agg_work.at("parallel_configs")));
    CHECK(r.counts.agg_points == integer(agg_work.at("points_evaluated")));
    CHECK(r.counts.agg_rows == integer(agg_work.at("sla_feasible_rows")));
    CHECK(r.counts.prefill_workers == integer(dis_work.at("prefill_points_evaluated")));
    CHECK(r.counts.decode_workers == integer(dis_work.at("decode_points_evaluated")));
    CHECK(r.counts.disagg_rows == integer(dis_work.at("sla_feasible_rows")));

    // Best per mode within 1 %, and the same choice.
    const auto& best = c.at("best_throughputs_tokens_s_gpu_cluster").as_object();
    REQUIRE(r.best_agg);
    REQUIRE(r.best_disagg);
    CHECK(within(r.best_agg->tokens_per_s_per_gpu, num(best.at("agg")), 0.01));
    CHECK(within(r.best_disagg->tokens_per_s_per_gpu, num(best.at("disagg")), 0.01));
    MESSAGE(name << ": best agg " << r.best_agg->tokens_per_s_per_gpu << " (reference " << num(best.at("agg"))
                 << "), best disagg " << r.best_disagg->tokens_per_s_per_gpu << " (reference " << num(best.at("disagg"))
                 << ") tokens/s/GPU");
    REQUIRE(r.chosen);
    CHECK(std::string(sweep::name(*r.chosen)) == json::value_to<std::string>(c.at("chosen_exp")));

    // The same configurations: the best aggregated row, and the best disaggregated
    // row or one tied with it.
    const auto& agg_row = c.at("best").at("agg").as_object();
    CHECK(same_layout(r.best_agg->agg.par, agg_row, ""));
    CHECK(r.best_agg->agg.batch == integer(agg_row.at("bs")));
    CHECK(r.best_agg->ctx_tokens == integer(agg_row.at("ctx_tokens")));
    bool tied = false;
    std::vector<json::value> disagg_rows{c.at("best").at("disagg")};
    for (const auto& t : c.at("best").at("disagg_ties").as_array()) disagg_rows.push_back(t);
    for (const auto& t : disagg_rows) {
      const auto& row = t.as_object();
      tied = tied || (same_layout(r.best_disagg->prefill.par, row, "(p)") &&
                      same_layout(r.best_disagg->decode.par, row, "(d)") &&
                      r.best_disagg->decode.batch == integer(row.at("(d)bs")) &&
                      r.best_disagg->prefill.workers == integer(row.at("(p)workers")) &&
                      r.best_disagg->decode.workers == integer(row.at("(d)workers")));
    }
    CHECK_MESSAGE(tied, "best disagg row is not the reference's nor one tied with it");

    // The top rows of each mode, rank by rank.
    for (auto [key, mine] : {std::pair{"agg_top5", &r.top_agg}, std::pair{"disagg_top5", &r.top_disagg}}) {
      const auto& ref = c.at("best").at(key).as_array();
      REQUIRE(mine->size() == ref.size());
      for (std::size_t i = 0; i < ref.size(); ++i)
        CHECK(within((*mine)[i].tokens_per_s_per_gpu, num(ref[i].at("tokens/s/gpu_cluster")), 0.01));
    }

    // Frontiers, per mode and over both.
    const auto ref_agg = reference_front(c.at("pareto").at("agg").as_array(), o.tpot_ms);
    const auto ref_disagg = reference_front(c.at("pareto").at("disagg").as_array(), o.tpot_ms);
    check_fronts_agree(name + " agg frontier", ours(r.pareto_agg), ref_agg);
    check_fronts_agree(name + " disagg frontier", ours(r.pareto_disagg), ref_disagg);
    // The whole frontiers, every TPOT target of the reference's grid.
    const double any_tpot = 1e9;
    check_fronts_agree(name + " whole agg frontier", ours(sweep::pareto_front(r.agg_rows)),
                       reference_front(c.at("pareto").at("agg").as_array(), any_tpot));
    check_fronts_agree(name + " whole disagg frontier", ours(sweep::pareto_front(r.disagg_rows)),
                       reference_front(c.at("pareto").at("disagg").as_array(), any_tpot));
    std::vector<xy> ref_both = ref_agg;
    ref_both.insert(ref_both.end(), ref_disagg.begin(), ref_disagg.end());
    check_fronts_agree(name + " frontier", ours(r.pareto), non_dominated(ref_both));
  }
}

int main(int argc, char** argv) {
  if (!std::filesystem::exists(sweep_file)) {
    std::printf("SKIPPED: %s not found (sweep parity needs ../shared beside the checkout)\n",
                sweep_file.string().c_str());
    return 77;
  }
  doctest::Context ctx(argc, argv);
  return ctx.run();
}
