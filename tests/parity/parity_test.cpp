// Reference parity through the library (not the CLI): every catalog case of
// ../shared/peer/{ops,sol}.json is rebuilt and compared op by op; each difference
// must be explained by a rule of docs/corrections.json. Exits 77 (skipped) when the
// shared reference data is absent.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "strata/catalog/models.hpp"
#include "strata/cost/estimate.hpp"
#include "strata/io/json.hpp"
#include "strata/runtime/get_model.hpp"

namespace json = boost::json;
using namespace strata;

namespace {

const std::filesystem::path shared_dir = STRATA_SHARED_DIR;

json::value read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

struct rule {
  std::string id;
  std::regex model, op;
  std::set<std::string> what;
  std::set<std::string> attrs;  // when given, the only op parameters the rule may excuse
};

struct ledger {
  std::vector<rule> rules;
  int differences = 0, unexplained = 0;
  std::map<std::string, int> used;
  /// The same counts per family group, so that adding a family cannot move the
  /// counts of the earlier ones unnoticed.
  std::string group;
  std::map<std::string, std::map<std::string, int>> used_by_group;

  explicit ledger(const json::array& a) {
    for (const auto& r : a) {
      rule x{json::value_to<std::string>(r.at("id")),
             std::regex(json::value_to<std::string>(r.at("model"))),
             std::regex(json::value_to<std::string>(r.at("op"))),
             {},
             {}};
      for (const auto& w : r.at("what").as_array()) x.what.insert(json::value_to<std::string>(w));
      if (const auto* a = r.as_object().if_contains("attrs"))
        for (const auto& w : a->as_array()) x.attrs.insert(json::value_to<std::string>(w));
      rules.push_back(std::move(x));
    }
  }
  /// `attr` names the op parameter of an "attrs" difference. Stricter than parity.py:
  /// a rule that lists `attrs` excuses only those parameters (C1/C2 change how many
  /// layers each type has, never a layer's shapes).
  void report(const std::string& model, const std::string& op, const std::string& kind, const std::string& text,
              const std::string& attr = {}) {
    ++differences;
    for (const auto& r : rules)
      if (std::regex_search(model, r.model) && std::regex_search(op, r.op) && r.what.contains(kind) &&
          (attr.empty() || r.attrs.empty() || r.attrs.contains(attr))) {
        ++used[r.id];
        ++used_by_group[group][r.id];
        return;
      }
    ++unexplained;
    MESSAGE(model << ": " << text);
  }
};

bool close(double a, double b, double rtol) {
  return std::fabs(a - b) <= std::max(rtol * std::max(std::fabs(a), std::fabs(b)), 1e-12);
}

bool same_value(const json::value& a, const json::value& b) {
  if ((a.is_number()) && b.is_number()) return close(a.to_number<double>(), b.to_number<double>(), 1e-9);
  return a == b;
}

const std::set<std::string> supported_families{"LLAMA",     "MOE",         "HYBRIDMOE", "DEEPSEEK",
                                               "KIMIK25",   "DEEPSEEKV32", "NEMOTRONH", "QWEN35",
                                               "GEMMA4MIX", "NEMOTRONNAS", "STEP3P7", "MINIMAXM3", "DEEPSEEKV4"};
const std::set<std::string> compared{"n", "k", "quant_mode", "low_precision_input", "dim_in", "dim_out", "row_size",
                                     "column_size", "n_kv", "head_size", "window_size", "kvcache_quant_mode",
                                     "fmha_quant_mode", "hidden_size", "inter_size", "topk", "num_experts",
                                     "moe_tp_size", "moe_ep_size", "attention_dp_size", "h", "tp_size", "pp_size",
                                     "weights", "num_gpus", "is_gated", "pre_dispatch", "scale_num_tokens",
                                     // state-space kernels (parity.py compares none of these)
                                     "kernel_source", "phase", "nheads", "head_dim", "d_state", "d_conv", "n_groups",
                                     "chunk_size", "d_model", "num_k_heads", "head_k_dim", "num_v_heads", "head_v_dim"};

model_config config_of(const json::object& c, const std::string& be) {
  model_config m;
  auto num = [&](const char* k) -> std::optional<int> {
    if (auto* v = c.if_contains(k); v && !v->is_null()) return int(v->to_number<int64_t>());
    return std::nullopt;
  };
  auto str = [&](const char* k) -> std::optional<std::string> {
    if (auto* v = c.if_contains(k); v && !v->is_null()) return json::value_to<std::string>(*v);
    return std::nullopt;
  };
  m.tp = num("tp_size").value_or(1);
  m.pp = num("pp_size").value_or(1);
  m.moe_tp = num("moe_tp_size");
  m.moe_ep = num("moe_ep_size");
  m.attention_dp = num("attention_dp_size").value_or(1);
  m.nextn = num("nextn").value_or(0);
  if (auto q = str("gemm_quant_mode")) m.gemm = parse_quant<gemm_quant>(*q);
  if (auto q = str("moe_quant_mode")) m.moe = parse_quant<moe_quant>(*q);
  if (auto q = str("kvcache_quant_mode")) m.kv = parse_quant<kv_quant>(*q);
  if (auto q = str("fmha_quant_mode")) m.fmha = parse_quant<fmha_quant>(*q);
  m.backend = *parse_backend(be);
  return m;
}

/// Leaf ops in order: a composite contributes its children (a fallback its primary
/// and, stricter than parity.py, its granular ops too).
std::vector<json::object> leaves(const json::array& ops) {
  std::vector<json::object> out;
  for (const auto& v : ops) {
    const auto& o = v.as_object();
    const auto* ch = o.if_contains("children");
    if (!ch) {
      out.push_back(o);
      continue;
    }
    const auto& c = ch->as_object();
    if (const auto* p = c.if_contains("primary")) out.push_back(p->as_object());
    for (const char* key : {"fallback", "group_a", "group_b"})
      if (const auto* list = c.if_contains(key))
        for (const auto& x : list->as_array()) out.push_back(x.as_object());
  }
  return out;
}

ledger load_ledger() { return ledger(read_json(STRATA_SOURCE_DIR "/docs/corrections.json").as_array()); }

/// The family groups whose parity counts are asserted separately.
std::string family_group(std::string_view family) {
  if (family == "LLAMA" || family == "MOE" || family == "HYBRIDMOE") return "llama-moe-hybrid";
  if (family == "DEEPSEEK" || family == "KIMIK25" || family == "DEEPSEEKV32") return "deepseek";
  if (family == "NEMOTRONH" || family == "QWEN35" || family == "GEMMA4MIX" || family == "NEMOTRONNAS")
    return "hybrid-state-space";
  if (family == "STEP3P7") return "step37";
  if (family == "MINIMAXM3") return "minimax-m3";
  if (family == "DEEPSEEKV4") return "deepseek-v4";
  return std::string(family);
}

/// A golden case of a family strata has: its model and resolved configuration.
struct golden_case {
  std::string model_id;
  any_model model;
  resolved_config config;
};

std::optional<golden_case> supported_case(const json::object& c) {
  if (c.contains("error") || !supported_families.contains(json::value_to<std::string>(c.at("model_family"))))
    return std::nullopt;
  auto id = json::value_to<std::string>(c.at("model"));
  any_model m = get_model(id);
  const auto cfg = m.resolve(config_of(c.at("config").as_object(), json::value_to<std::string>(c.at("backend"))));
  return golden_case{std::move(id), std::move(m), cfg};
}

/// Calls f(case object, golden_case) for every case of a supported family in `file`;
/// returns how many there were.
template <class F>
int for_each_supported_case(const std::filesystem::path& file, F&& f) {
  const auto goldens = read_json(file);
  int cases = 0;
  for (const auto& cv : goldens.at("cases").as_array())
    if (const auto gc = supported_case(cv.as_object())) {
      ++cases;
      f(cv.as_object(), *gc);
    }
  return cases;
}

}  // namespace

TEST_CASE("op lists, KV and families match the reference up to recorded corrections") {
  ledger led = load_ledger();
  const int cases = for_each_supported_case(shared_dir / "peer/ops.json", [&](const json::object& c,
                                                                              const golden_case& gc) {
    const auto& [model_id, m, cfg] = gc;
    led.group = family_group(m.family());
    if (m.family() != std::string_view(c.at("model_family").as_string())) led.report(model_id, "", "family", "family");
    if (m.is_moe() != c.at("check_is_moe").as_bool()) led.report(model_id, "", "family", "is_moe");
    for (const auto& [len, v] : c.at("kvcache").at("bytes_per_sequence").as_object())
      if (!close(m.kv_bytes_per_sequence(std::stoll(std::string(len)), cfg), v.to_number<double>(), 1e-9))
        led.report(model_id, "", "kv", "kv bytes at " + std::string(len));
    for (auto [key, ph] : {std::pair{"context_ops", phase::context}, std::pair{"generation_ops", phase::generation}}) {
      const auto ref = leaves(c.at(key).as_array());
      const op_list ops = m.ops(ph, cfg);
      const auto mine = leaves(io::to_json(ops));
      std::multiset<std::string> rn, mn;
      for (const auto& o : ref) rn.insert(json::value_to<std::string>(o.at("name")));
      for (const auto& o : mine) mn.insert(json::value_to<std::string>(o.at("name")));
      for (const auto& n : std::set<std::string>(rn.begin(), rn.end()))
        if (!mn.contains(n)) led.report(model_id, n, "structure", key + std::string(": missing ") + n);
      for (const auto& n : std::set<std::string>(mn.begin(), mn.end()))
        if (!rn.contains(n)) led.report(model_id, n, "structure", key + std::string(": extra ") + n);
      // pair by (name, occurrence)
      std::map<std::pair<std::string, int>, const json::object*> index;
      std::map<std::string, int> seen;
      for (const auto& o : mine) {
        auto n = json::value_to<std::string>(o.at("name"));
        index[{n, seen[n]++}] = &o;
      }
      seen.clear();
      for (const auto& r : ref) {
        auto n = json::value_to<std::string>(r.at("name"));
        auto it = index.find({n, seen[n]++});
        if (it == index.end()) continue;
        const auto& o = *it->second;
        if (o.at("class") != r.at("class")) led.report(model_id, n, "structure", n + ": class");
        if (!same_value(o.at("scale_factor"), r.at("scale_factor")))
          led.report(model_id, n, "attrs", n + ": scale_factor", "scale_factor");
        for (const auto& [k, v] : r)
          if (compared.contains(std::string(k)) && o.contains(k) && !same_value(o.at(k), v))
            led.report(model_id, n, "attrs", n + ": " + std::string(k), std::string(k));
      }
    }
  });
  for (const auto& [id, n] : led.used) MESSAGE("correction " << id << " explains " << n << " differences");
  MESSAGE("ops parity: " << cases << " cases, " << led.differences << " differences, " << led.unexplained
                         << " unexplained");
  CHECK(cases >= 56);
  CHECK(led.unexplained == 0);
  // The counts ../shared/tools/parity.py reports for the same ledger (docs/corrections.md):
  // a correction that starts to explain more (or fewer) differences is a change to look at.
  CHECK(led.used_by_group["llama-moe-hybrid"] ==
        std::map<std::string, int>{{"C1", 334}, {"C2", 96}, {"C3", 22}, {"C4", 16}, {"C6", 20}});
  for (const auto& [id, n] : led.used_by_group["deepseek"]) MESSAGE("deepseek families: " << id << " x" << n);
  CHECK(led.used_by_group["deepseek"] == std::map<std::string, int>{{"C10", 24}, {"C5", 212}});
  for (const auto& [id, n] : led.used_by_group["hybrid-state-space"])
    MESSAGE("state-space families: " << id << " x" << n);
  // C3: the KV of 5 Nemotron-H / NAS cases at 4 lengths; C7: the per-GPU head and group
  // counts of the Mamba kernels of the 3 cases with tp > 1 (2 kernels x 2 phases x 2 attrs);
  // C12: the `weights` of the tied logits GEMM of the one gemma-4 case (2 phases).
  CHECK(led.used_by_group["hybrid-state-space"] == std::map<std::string, int>{{"C12", 2}, {"C3", 20}, {"C7", 24}});
  // C6: the all-reduces after attention and after the FFN of Step-3.7's 3 dense layers
  // (one full, two sliding), in both phases. Its KV (sliding layers capped at the
  // window) is the reference's own.
  CHECK(led.used_by_group["step37"] == std::map<std::string, int>{{"C6", 8}});
  // C3: MiniMax-M3's MSA index keys, at the 4 lengths of its one case. C14: its 3 dense
  // layers, per phase 9 extra dense ops and 10 MoE-layer ops (the MoE block's children
  // in decode) at 57 layers instead of 60.
  CHECK(led.used_by_group["minimax-m3"] == std::map<std::string, int>{{"C14", 38}, {"C3", 4}});
  // DeepSeek-V4-Flash: ops, attributes and KV are the reference's own.
  CHECK(led.used_by_group["deepseek-v4"].empty());
}

TEST_CASE("SOL step latencies match the reference up to recorded corrections") {
  ledger led = load_ledger();
  const int cases =
      for_each_supported_case(shared_dir / "peer/sol.json", [&](const json::object& c, const golden_case& gc) {
        const auto& [model_id, m, cfg] = gc;
        led.group = family_group(m.family());
        const auto* sys = cost::find_system(json::value_to<std::string>(c.at("system")));
        REQUIRE(sys);
        for (const auto& sv : c.at("steps").as_array()) {
          const auto& st = sv.as_object();
          const bool ctx = st.at("phase").as_string() == "context";
          const op_list ops = m.ops(ctx ? phase::context : phase::generation, cfg);
          const auto batch = st.at("batch").to_number<std::int64_t>();
          const auto r = ctx ? cost::context_step(ops, *sys, batch, st.at("isl").to_number<std::int64_t>(),
                                                  st.at("prefix").to_number<std::int64_t>())
                             : cost::generation_step(ops, *sys, batch, st.at("kv_len").to_number<std::int64_t>());
          std::map<std::string, std::vector<double>> mine;
          double logits_ms = 0, mamba_ms = 0, ref_mamba_ms = 0;
          for (std::size_t i = 0; i < ops.size(); ++i) {
            mine[name_of(ops[i]).str()].push_back(r.op_ms[i]);
            if (name_of(ops[i]) == "context_logits_gemm") logits_ms = r.op_ms[i];
            if (std::holds_alternative<ops::mamba2_kernel>(ops[i])) mamba_ms += r.op_ms[i];
          }
          std::map<std::string, std::size_t> used;
          for (const auto& ov : st.at("ops").as_array()) {
            const auto n = json::value_to<std::string>(ov.at("name"));
            if (ov.at("class") == "Mamba2Kernel") ref_mamba_ms += ov.at("latency_ms").to_number<double>();
            const auto i = used[n]++;
            if (i >= mine[n].size()) {
              led.report(model_id, n, "structure", "missing " + n);
              continue;
            }
            if (!close(mine[n][i], ov.at("latency_ms").to_number<double>(), 1e-6))
              led.report(model_id, n, "latency", n + " latency");
          }
          for (const auto& [n, v] : mine)
            if (v.size() > used[n]) led.report(model_id, n, "structure", "extra " + n);
          const double ref_total = st.at("total_ms").to_number<double>();
          if (!close(r.total_ms, ref_total, 1e-6)) {
            led.report(model_id, ".*total", "latency", "total");
            // C4 explains a total only by the logits GEMM it adds: the rest must match.
            if (m.family() == "MOE" && ctx) CHECK(close(r.total_ms - logits_ms, ref_total, 1e-6));
            // C7 explains a total only by the Mamba kernels it shards: the rest must match.
            if (m.family() == "NEMOTRONH") CHECK(close(r.total_ms - mamba_ms, ref_total - ref_mamba_ms, 1e-6));
          }
        }
      });
  for (const auto& [id, n] : led.used) MESSAGE("correction " << id << " explains " << n << " differences");
  MESSAGE("sol parity: " << cases << " cases, " << led.differences << " differences, " << led.unexplained
                         << " unexplained");
  CHECK(cases >= 23);
  CHECK(led.unexplained == 0);
  CHECK(led.used_by_group["llama-moe-hybrid"] ==
        std::map<std::string, int>{{"C1", 272}, {"C2", 200}, {"C4", 20}, {"C6", 16}});
  for (const auto& [id, n] : led.used_by_group["deepseek"]) MESSAGE("deepseek families: " << id << " x" << n);
  CHECK(led.used_by_group["deepseek"] == std::map<std::string, int>{{"C10", 6}, {"C5", 316}});
  for (const auto& [id, n] : led.used_by_group["hybrid-state-space"])
    MESSAGE("state-space families: " << id << " x" << n);
  CHECK(led.used_by_group["hybrid-state-space"] == std::map<std::string, int>{{"C7", 48}});
  // No SOL golden has Step-3.7.
  CHECK(led.used_by_group["step37"].empty());
  // The reference's SOL goldens have no MiniMax-M3 case.
  CHECK(led.used_by_group["minimax-m3"].empty());
  // No SOL golden has DeepSeek-V4 (its module SOLs are checked in unit/deepseek_test.cpp).
  CHECK(led.used_by_group["deepseek-v4"].empty());
}

TEST_CASE("every catalog model read from its config.json equals the compile-time spec") {
  int compared_models = 0;
  catalog::for_each_model([&](const auto& spec) {
    std::string file(spec.facts.id);
    file.replace(file.find('/'), 1, "--");
    const auto path = shared_dir / "hf-configs" / (file + "_config.json");
    if (!std::filesystem::exists(path)) {
      MESSAGE("no config.json in ../shared/hf-configs for " << spec.facts.id
                                                            << " (facts from the reference's model_info)");
      return;
    }
    CAPTURE(spec.facts.id);
    const any_model from_config = load_hf_model(path);
    CHECK(from_config.family() == spec.family_name());
    CHECK(from_config.is_moe() == spec.is_moe());
    CHECK(from_config.architecture() == spec.facts.architecture);
    CHECK(from_config.layers() == spec.facts.layers);
    for (int tp : {1, 2, 4, 8}) {
      if (spec.facts.num_heads % tp) continue;
      model_config in{.tp = tp};
      if (spec.is_moe()) in.moe_ep = tp;
      resolved_config a, b;
      try {
        a = spec.resolve(in);
      } catch (const invalid_input&) {
        CHECK_THROWS_AS(from_config.resolve(in), invalid_input);
        continue;
      }
      b = from_config.resolve(in);
      CHECK((a.gemm == b.gemm && a.moe == b.moe && a.kv == b.kv && a.fmha == b.fmha));
      for (phase p : {phase::context, phase::generation})
        CHECK(io::to_json(spec.ops(p, a)) == io::to_json(from_config.ops(p, b)));
      for (std::int64_t len : {1, 128, 4096, 131072})
        CHECK(spec.kv_bytes_per_sequence(len, a) == from_config.kv_bytes_per_sequence(len, b));
      const auto ma = spec.memory(), mb = from_config.memory();
      CHECK((ma.attention_width == mb.attention_width && ma.experts == mb.experts && ma.topk == mb.topk));
    }
    ++compared_models;
  });
  MESSAGE(compared_models << " catalog models compared with their config.json");
  CHECK(compared_models >= 28);
}

TEST_CASE("a supported-family model outside the catalog loads from its config") {
  const any_model m = load_hf_model(shared_dir / "hf-configs/Qwen--Qwen3-Coder-480B-A35B-Instruct_config.json");
  CHECK(m.family() == "MOE");
  const auto c = m.resolve({.tp = 8, .moe_ep = 8});
  // config.json: 62 layers, 96 heads / 8 KV heads of 128, hidden 6144, 160 experts of 2560, top 8.
  const auto ctx = m.ops(phase::context, c);
  CHECK(scale_of(ctx[1]) == 62);
  CHECK(std::get<ops::gemm>(ctx[2]).n == 96 * 128 / 8 + 2 * 128 * 1);
  bool saw_moe = false;
  for (const auto& o : ctx)
    if (const auto* e = std::get_if<ops::moe>(&o)) {
      saw_moe = true;
      CHECK(e->num_experts == 160);
      CHECK(e->inter_size == 2560);
      CHECK(e->topk == 8);
    }
  CHECK(saw_moe);
}

TEST_CASE("every config.json of ../shared/hf-configs loads and builds both phases") {
  // Every config loads (with its hf_quant_config.json) and prices both phases at the
  // first layout of tp 8, 4, 2, 1 (ep = tp for MoE models) it accepts.
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(shared_dir / "hf-configs")) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with("_config.json") || name.ends_with("_hf_quant_config.json")) continue;
    CAPTURE(name);
    const any_model m = load_hf_model(entry.path());
    bool priced = false;
    for (int tp : {8, 4, 2, 1}) {
      model_config in{.tp = tp};
      if (m.is_moe()) in.moe_ep = tp;
      resolved_config c;
      try {
        c = m.resolve(in);
      } catch (const invalid_input&) {
        continue;
      }
      CHECK(m.ops(phase::context, c).size() > 3);
      CHECK(m.ops(phase::generation, c).size() > 3);
      CHECK(m.kv_bytes_per_sequence(4096, c) > 0);
      priced = true;
      break;
    }
    CHECK(priced);
    ++loaded;
  }
  MESSAGE(loaded << " configs loaded and priced");
  // 113 files: 86 config.json and 27 hf_quant_config.json beside them.
  CHECK(loaded == 86);
}

int main(int argc, char** argv) {
  if (!std::filesystem::exists(shared_dir / "peer/ops.json")) {
    std::printf("SKIPPED: reference data not found at %s (parity needs ../shared beside the checkout)\n",
                shared_dir.string().c_str());
    return 77;
  }
  doctest::Context ctx(argc, argv);
  return ctx.run();
}
