// `strata`: op lists, step and request estimates for a model, a GPU system and a
// parallel layout. See `strata --help`.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "sweep_command.hpp"
#include "strata/cost/estimate.hpp"
#include "strata/cost/memory.hpp"
#include "strata/io/json.hpp"
#include "strata/runtime/architectures.hpp"
#include "strata/runtime/get_model.hpp"
#include "strata/runtime/system_file.hpp"
#include "strata/strata.hpp"

namespace {

using namespace strata;
using cli::parsed_args;

constexpr const char* version = "0.1.0";

constexpr const char* usage = R"(strata - price LLM inference before renting a GPU

usage:
  strata                         estimate the built-in default (MiMo-V2-Flash, tp 8, ep 4, h200_sxm)
  strata ops      --model M [layout] [quant] [--json]
  strata estimate --model M --system S [layout] [quant] [request | step] [--json]
  strata sweep    --model M --system S --total-gpus N --isl S --osl S [--ttft MS] [--tpot MS] [...]
                                 search serving configurations under an SLA (below)
  strata models                  list the catalog models
  strata models --architectures  list the config.json architectures strata reads, with their families
  strata systems                 list the built-in GPU systems
  strata help [ops|estimate]     this text, or a command's

model (--model M):
  a catalog id (see `strata models`), a config.json path, or a directory holding
  config.json (and optionally hf_quant_config.json)

layout:
  --tp N          tensor parallel size (default 1)
  --pp N          pipeline stages (default 1)
  --ep N          MoE expert parallel size
  --moe-tp N      MoE tensor parallel size (MoE models need --ep or --moe-tp;
                  moe-tp * ep must equal tp * dp)
  --dp N          attention data parallel size (default 1)
  --nextn N       MTP draft tokens (default 0)
  --backend B     trtllm (default), vllm or sglang

quant (default: what the checkpoint declares, else bfloat16):
  --gemm-quant Q  bfloat16 int8_wo int4_wo fp8 fp8_static sq fp8_block fp8_ootb nvfp4 nvfp4_wo w4a16_nvfp4
  --moe-quant Q   bfloat16 fp8 int4_wo fp8_block w4afp8 nvfp4 nvfp4_wo w4a16_mxfp4 w4a8_mxfp4_mxfp8 ...
  --kv-quant Q    bfloat16 int8 fp8
  --fmha-quant Q  bfloat16 float16 fp8 fp8_block

estimate:
  --system S          a built-in system (see `strata systems`)
  --system-file F     or a JSON file describing one (docs/systems.md)
  request (default):  --batch B (1) --isl S (4096) --osl S (1024) [--prefix P] [--stride N (32)]
                      [--nextn-accepted A]  (MTP: draft tokens kept per step, 0 to --nextn; default 0)
  step:               --phase context --batch B --isl S [--prefix P]
                      --phase generation --batch B --kv-len L

sweep (aggregated and disaggregated serving, as aiconfigurator's `cli default`):
  --system S | --system-file F, --total-gpus N, --isl S, --osl S   (required)
  --prefix P          cached prefix tokens of each request (default 0)
  --ttft MS --tpot MS the SLA (default 2000 and 30 ms)
  --mode M            agg, disagg or both (default)
  --backend B, --nextn N --nextn-accepted A, quant flags as above (fixed for every layout)
  --kv-transfer       also price moving each request's KV cache from its prefill to its
                      decode worker over the network (not in the reference; docs/sweep.md)
  --csv FILE          every configuration priced;  --svg FILE  the Pareto plot

  --json          one JSON object on stdout
Errors go to stderr; bad input exits with status 2.
)";

const std::set<std::string, std::less<>> model_flags{"--model", "--backend", "--tp", "--pp", "--ep", "--moe-tp",
                                                     "--dp", "--nextn", "--gemm-quant", "--moe-quant", "--kv-quant",
                                                     "--fmha-quant"};

std::set<std::string, std::less<>> with(std::set<std::string, std::less<>> base,
                                        std::initializer_list<const char*> more) {
  for (const char* m : more) base.insert(m);
  return base;
}

template <class E>
std::optional<E> quant_flag(const parsed_args& a, std::string_view flag) {
  auto it = a.values.find(flag);
  if (it == a.values.end()) return std::nullopt;
  if (auto q = parse_quant<E>(it->second)) return q;
  throw invalid_input(std::string(flag) + " = '" + it->second + "': expected one of " + quant_names<E>());
}

int int_flag(const parsed_args& a, std::string_view flag, int fallback, long long lo = 1, long long hi = max_parallel) {
  auto it = a.values.find(flag);
  return it == a.values.end() ? fallback : int(cli::parse_int(flag, it->second, lo, hi));
}

std::optional<int> optional_int_flag(const parsed_args& a, std::string_view flag) {
  auto it = a.values.find(flag);
  if (it == a.values.end()) return std::nullopt;
  return int(cli::parse_int(flag, it->second, 1, max_parallel));
}

model_config config_from(const parsed_args& a) {
  model_config c;
  c.tp = int_flag(a, "--tp", 1);
  c.pp = int_flag(a, "--pp", 1);
  c.moe_ep = optional_int_flag(a, "--ep");
  c.moe_tp = optional_int_flag(a, "--moe-tp");
  c.attention_dp = int_flag(a, "--dp", 1);
  c.nextn = int_flag(a, "--nextn", 0, 0, 16);
  if (auto it = a.values.find("--backend"); it != a.values.end()) {
    auto b = parse_backend(it->second);
    if (!b) throw invalid_input("--backend = '" + it->second + "': expected trtllm, vllm or sglang");
    c.backend = *b;
  }
  c.gemm = quant_flag<gemm_quant>(a, "--gemm-quant");
  c.moe = quant_flag<moe_quant>(a, "--moe-quant");
  c.kv = quant_flag<kv_quant>(a, "--kv-quant");
  c.fmha = quant_flag<fmha_quant>(a, "--fmha-quant");
  return c;
}

any_model model_from(const parsed_args& a) {
  auto it = a.values.find("--model");
  if (it == a.values.end()) throw invalid_input("--model is required (a catalog id or a config.json path)");
  any_model m = get_model(it->second);
  if (!m.is_moe())
    for (const char* flag : {"--ep", "--moe-tp", "--moe-quant"})
      if (a.values.contains(flag))
        std::fprintf(stderr, "strata: note: %s has no effect: %s has no MoE layers\n", flag,
                     std::string(m.id()).c_str());
  return m;
}

constexpr std::int64_t kv_lengths[] = {1, 128, 4096, 131072};

/// Layers per layer type ("full_moe", "mla_dense", ...); types that share a key add up.
boost::json::object groups_json(const any_model& m) {
  boost::json::object layers;
  for (const auto& g : m.groups()) {
    auto& slot = layers[g.key];
    slot = (slot.is_int64() ? slot.as_int64() : 0) + g.count;
  }
  return layers;
}

/// KV bytes per sequence at the contract's lengths, in total and per layer type.
boost::json::object kv_json(const any_model& m, const resolved_config& c) {
  boost::json::object total, by_type;
  const auto groups = m.groups();
  for (const auto& g : groups) by_type[g.key] = boost::json::object{};
  for (auto L : kv_lengths) {
    total[std::to_string(L)] = m.kv_bytes_per_sequence(L, c);
    const auto parts = m.kv_bytes_by_group(L, c);
    for (std::size_t i = 0; i < groups.size(); ++i) {
      auto& slot = by_type[groups[i].key].as_object()[std::to_string(L)];
      slot = (slot.is_number() ? slot.to_number<double>() : 0.0) + parts[i];
    }
  }
  return {{"bytes_per_sequence", total}, {"bytes_per_sequence_by_layer_type", by_type}};
}

void print_header(const any_model& m, const resolved_config& c) {
  std::printf("model     %s  (%s, %s%s)\n", std::string(m.id()).c_str(), std::string(m.family()).c_str(),
              std::string(m.architecture()).c_str(), m.is_moe() ? ", MoE" : "");
  std::printf("layout    tp %d, pp %d", c.tp, c.pp);
  if (m.is_moe()) std::printf(", moe tp %d, ep %d", c.moe_tp, c.moe_ep);
  std::printf(", dp %d, nextn %d, backend %s\n", c.attention_dp, c.nextn, std::string(name(c.backend)).c_str());
  std::printf("quant     gemm %s, moe %s, kv %s, fmha %s\n", std::string(name(c.gemm)).c_str(),
              std::string(name(c.moe)).c_str(), std::string(name(c.kv)).c_str(), std::string(name(c.fmha)).c_str());
  const auto kv_4096 = m.kv_bytes_by_group(4096, c);
  std::size_t gi = 0;
  for (const auto& g : m.groups()) {
    std::printf("%s %3d x %s  [cache at 4096 tok: %s]\n", gi == 0 ? "layers   " : "         ", g.count,
                g.description.c_str(), cli::bytes(kv_4096[gi]).c_str());
    ++gi;
  }
  std::printf("KV cache  per sequence per GPU:");
  for (auto L : kv_lengths)
    std::printf(" %lld tok %s%s", static_cast<long long>(L), cli::bytes(m.kv_bytes_per_sequence(L, c)).c_str(),
                L == 131072 ? "" : ",");
  std::printf("\n");
}

std::string shape(const op& o) {
  return std::visit([](const auto& x) { return x.describe(); }, o);
}

void print_ops(const char* title, const op_list& ops, const double* latencies = nullptr) {
  std::printf("\n%s\n", title);
  std::printf("  %-2s %-38s %-20s %9s  %-44s %12s%s\n", "#", "op", "class", "scale", "shape (per GPU)", "weights",
              latencies ? "   latency ms" : "");
  const auto row = [&](const std::string& index, const op& o, double weights) {
    std::printf("  %-2s %-38s %-20s %9s  %-44s %12s", index.c_str(), name_of(o).str().c_str(),
                std::string(class_of(o)).c_str(), cli::number(scale_of(o)).c_str(), shape(o).c_str(),
                weights > 0 ? cli::bytes(weights).c_str() : "-");
  };
  int i = 0;
  for (const auto& o : ops) {
    row(std::to_string(i), o, scaled_weight_bytes(ops, o));
    if (latencies) std::printf(" %12.6f", latencies[i]);
    std::printf("\n");
    // A composite's children, indented: the overlap's two streams, or the fallback's
    // primary (what speed-of-light prices) and granular ops.
    const auto children = ops.children(o);
    const std::size_t split = std::holds_alternative<ops::overlap>(o) ? std::get<ops::overlap>(o).group_a : 1;
    for (std::size_t k = 0; k < children.size(); ++k) {
      const char* mark = std::holds_alternative<ops::overlap>(o) ? (k < split ? "  a" : "  b")
                                                                 : (k == 0 ? "  primary" : "  else");
      std::printf("     %-9s", mark);
      std::printf(" %-28s %-20s %9s  %-44s %12s\n", name_of(children[k]).str().c_str(),
                  std::string(class_of(children[k])).c_str(), cli::number(scale_of(children[k])).c_str(),
                  shape(children[k]).c_str(),
                  weight_bytes_of(children[k]) > 0
                      ? cli::bytes(weight_bytes_of(children[k]) * scale_of(children[k])).c_str()
                      : "-");
    }
    ++i;
  }
}

int cmd_ops(const std::vector<std::string>& argv) {
  const auto a = cli::parse(argv, model_flags, {"--json"});
  const any_model m = model_from(a);
  const resolved_config c = m.resolve(config_from(a));
  const op_list ctx = m.ops(phase::context, c);
  const op_list gen = m.ops(phase::generation, c);
  if (a.switches.contains("--json")) {
    boost::json::object j;
    j["model"] = io::valid_utf8(m.id());
    j["family"] = io::sv(m.family());
    j["architecture"] = io::sv(m.architecture());
    j["is_moe"] = m.is_moe();
    j["config"] = io::to_json(c, m.is_moe());
    j["layers"] = groups_json(m);
    j["kv_cache"] = kv_json(m, c);
    j["weights_per_gpu"] = cost::weights_per_gpu(ctx, c);
    j["context_ops"] = io::to_json(ctx);
    j["generation_ops"] = io::to_json(gen);
    // A vision model's encoder: listed, not part of the estimate (docs/architecture.md).
    if (m.encoder()) j["encoder_ops"] = io::to_json(m.encoder_ops(c));
    std::cout << io::serialize(j) << "\n";
    return 0;
  }
  print_header(m, c);
  std::printf("weights   %s per GPU\n", cli::bytes(cost::weights_per_gpu(ctx, c)).c_str());
  print_ops("context (prefill) ops", ctx);
  print_ops("generation (decode) ops", gen);
  if (const auto* v = m.encoder()) {
    const op_list enc = m.encoder_ops(c);
    std::printf("\nencoder   %s; encoder DP over %d GPUs, bf16; weights %s per GPU (not in the estimate)\n",
                v->describe().c_str(), c.tp, cli::bytes(total_weight_bytes(enc)).c_str());
    print_ops("encoder (vision) ops, per image batch, not in the estimate", enc);
  }
  return 0;
}

struct system_choice {
  cost::gpu_system sys;
};

system_choice system_from(const parsed_args& a) {
  const auto s = a.values.find("--system");
  const auto f = a.values.find("--system-file");
  if (s != a.values.end() && f != a.values.end()) throw invalid_input("give --system or --system-file, not both");
  if (f != a.values.end()) {
    return {load_system_file(f->second).system};
  }
  if (s == a.values.end()) throw invalid_input("--system is required (see `strata systems`)");
  const auto* sys = cost::find_system(s->second);
  if (!sys) {
    std::string names;
    for (const auto* x : cost::systems::all) names += (names.empty() ? "" : ", ") + std::string(x->name);
    throw invalid_input("--system = '" + s->second + "': unknown system; expected one of " + names);
  }
  return {*sys};
}

/// Prints and returns the request estimate of `m` under `c` on `sys`.
int report_request(const any_model& m, const resolved_config& c, const cost::gpu_system& sys, std::int64_t batch,
                   std::int64_t isl, std::int64_t osl, std::int64_t prefix, int stride, double accepted, bool json) {
  const op_list ctx = m.ops(phase::context, c);
  const op_list gen = m.ops(phase::generation, c);
  const auto r = cost::request(ctx, gen, sys, batch, isl, osl, prefix, stride, accepted);
  const double weights = cost::weights_per_gpu(ctx, c);
  const double kv_seq = m.kv_bytes_per_sequence(isl + osl, c);
  const memory_facts facts = m.memory();
  const auto mem = cost::memory(facts, c, sys, weights, kv_seq, batch, batch * (isl - prefix));
  const std::int64_t lo = cost::max_batch_that_fits(facts, c, sys, weights, kv_seq, isl - prefix);
  const std::int64_t gpus = std::int64_t(c.tp) * c.pp * c.attention_dp;  // at most max_layout_gpus
  const double seq_per_s = double(batch * c.attention_dp) / r.latency_ms * 1000.0 * c.pp;
  const double tok_per_s = seq_per_s * double(osl);
  const double tok_per_user = r.tpot_ms > 0 ? 1000.0 / r.tpot_ms : 0.0;
  if (json) {
    boost::json::object j;
    j["model"] = io::valid_utf8(m.id());
    j["system"] = io::sv(sys.name);
    j["config"] = io::to_json(c, m.is_moe());
    j["batch"] = batch;
    j["isl"] = isl;
    j["osl"] = osl;
    j["prefix"] = prefix;
    j["nextn_accepted"] = accepted;
    j["ttft_ms"] = r.ttft_ms;
    j["tpot_ms"] = r.tpot_ms;
    j["request_latency_ms"] = r.latency_ms;
    j["tokens_per_s_per_user"] = tok_per_user;
    j["tokens_per_s"] = tok_per_s;
    j["tokens_per_s_per_gpu"] = tok_per_s / gpus;
    j["memory_bytes"] = boost::json::object{{"weights", mem.weights},         {"kv_cache", mem.kv_cache},
                                            {"activations", mem.activations}, {"nccl", mem.nccl},
                                            {"other", mem.other},             {"total", mem.total()},
                                            {"capacity", sys.mem_capacity}};
    j["fits"] = mem.total() <= sys.mem_capacity;
    j["max_batch"] = lo;
    std::cout << io::serialize(j) << "\n";
    return 0;
  }
  print_header(m, c);
  std::printf("system    %s: %s HBM at %.2f TB/s, %lld GPUs used\n", std::string(sys.name).c_str(),
              cli::bytes(sys.mem_capacity).c_str(), sys.mem_bw / 1e12, static_cast<long long>(gpus));
  std::printf("request   batch %lld, isl %lld, osl %lld, prefix %lld (speed-of-light: no kernel inefficiency)\n",
              static_cast<long long>(batch), static_cast<long long>(isl), static_cast<long long>(osl),
              static_cast<long long>(prefix));
  if (c.nextn > 0)
    std::printf("MTP       %d draft tokens per step, %.2f accepted on average (--nextn-accepted)\n", c.nextn,
                accepted);
  std::printf("\n");
  std::printf("  TTFT                 %12s ms\n", cli::fixed(r.ttft_ms).c_str());
  std::printf("  TPOT                 %12s ms\n", cli::fixed(r.tpot_ms, 4).c_str());
  std::printf("  request latency      %12s ms\n", cli::fixed(r.latency_ms).c_str());
  std::printf("  tokens/s per user    %12s\n", cli::fixed(tok_per_user, 1).c_str());
  std::printf("  tokens/s per GPU     %12s\n", cli::fixed(tok_per_s / gpus, 1).c_str());
  std::printf("\n  memory per GPU       weights %s + KV %s + activations %s + other %s = %s of %s: %s\n",
              cli::bytes(mem.weights).c_str(), cli::bytes(mem.kv_cache).c_str(), cli::bytes(mem.activations).c_str(),
              cli::bytes(mem.nccl + mem.other).c_str(), cli::bytes(mem.total()).c_str(),
              cli::bytes(sys.mem_capacity).c_str(), mem.total() <= sys.mem_capacity ? "fits" : "DOES NOT FIT");
  std::printf("  largest batch that fits at isl+osl = %lld: %lld\n", static_cast<long long>(isl + osl),
              static_cast<long long>(lo));
  return 0;
}

int cmd_estimate(const std::vector<std::string>& argv) {
  const auto a = cli::parse(argv,
                            with(model_flags, {"--system", "--system-file", "--phase", "--batch", "--isl", "--osl",
                                               "--prefix", "--kv-len", "--stride", "--nextn-accepted"}),
                            {"--json"});
  const any_model m = model_from(a);
  const resolved_config c = m.resolve(config_from(a));
  const auto choice = system_from(a);
  const auto& sys = choice.sys;
  const bool json = a.switches.contains("--json");
  const auto get = [&](std::string_view flag, long long fallback, long long lo, long long hi) -> std::int64_t {
    auto it = a.values.find(flag);
    return it == a.values.end() ? fallback : cli::parse_int(flag, it->second, lo, hi);
  };
  constexpr long long max_len = 1LL << 26, max_batch = 1 << 20;
  const auto phase_it = a.values.find("--phase");
  if (phase_it == a.values.end()) {
    if (a.values.contains("--kv-len")) throw invalid_input("--kv-len needs --phase generation");
    const auto isl = get("--isl", 4096, 1, max_len);
    double accepted = 0;
    if (auto it = a.values.find("--nextn-accepted"); it != a.values.end()) {
      char* end = nullptr;
      accepted = std::strtod(it->second.c_str(), &end);
      if (it->second.empty() || *end != '\0' || !(accepted >= 0 && accepted <= c.nextn))
        throw invalid_input("--nextn-accepted = '" + it->second + "': expected a number from 0 to --nextn = " +
                            std::to_string(c.nextn));
    }
    return report_request(m, c, sys, get("--batch", 1, 1, max_batch), isl, get("--osl", 1024, 1, max_len),
                          get("--prefix", 0, 0, isl - 1), int(get("--stride", cost::default_decode_stride, 1, 1 << 20)),
                          accepted, json);
  }
  const std::string& ph = phase_it->second;
  if (ph != "context" && ph != "generation")
    throw invalid_input("--phase = '" + ph + "': expected context or generation");
  const bool context = ph == "context";
  const auto need = [&](const char* flag) {
    if (!a.values.contains(flag)) throw invalid_input("--phase " + ph + " needs " + flag);
  };
  need("--batch");
  need(context ? "--isl" : "--kv-len");
  const std::vector<const char*> not_for_context{"--kv-len", "--osl", "--stride", "--nextn-accepted"};
  const std::vector<const char*> not_for_generation{"--isl", "--prefix", "--osl", "--stride", "--nextn-accepted"};
  for (const char* f : context ? not_for_context : not_for_generation)
    if (a.values.contains(f)) throw invalid_input(std::string(f) + " does not apply to --phase " + ph);
  const auto batch = get("--batch", 1, 1, max_batch);
  const op_list ops = m.ops(context ? phase::context : phase::generation, c);
  cost::step_result r;
  if (context) {
    const auto isl = get("--isl", 0, 1, max_len);
    const auto prefix = get("--prefix", 0, 0, max_len);
    if (prefix >= isl)
      throw invalid_input("--prefix = " + std::to_string(prefix) + ": expected 0 <= prefix < isl = " +
                          std::to_string(isl));
    r = cost::context_step(ops, sys, batch, isl, prefix);
  } else {
    r = cost::generation_step(ops, sys, batch, get("--kv-len", 0, 1, max_len));
  }
  if (json) {
    boost::json::object j;
    j["model"] = io::valid_utf8(m.id());
    j["system"] = io::sv(sys.name);
    j["phase"] = ph;
    j["total_ms"] = r.total_ms;
    boost::json::array arr;
    for (std::size_t i = 0; i < ops.size(); ++i)
      arr.push_back(boost::json::object{
          {"name", name_of(ops[i]).str()}, {"class", io::sv(class_of(ops[i]))}, {"latency_ms", r.op_ms[i]}});
    j["ops"] = std::move(arr);
    std::cout << io::serialize(j) << "\n";
    return 0;
  }
  print_header(m, c);
  std::printf("system    %s\n", std::string(sys.name).c_str());
  print_ops(context ? "context step (SOL)" : "generation step (SOL)", ops, r.op_ms.begin());
  std::printf("\n  total %.6f ms\n", r.total_ms);
  return 0;
}

/// `strata models --architectures`: every config.json architecture strata reads, with
/// the family that prices it.
int list_architectures(bool json) {
  const auto each = [](auto&& f) {
    for (const auto& e : architectures) f(e, true);
    for (const auto& e : decoder_architectures) f(e, false);
  };
  if (json) {
    boost::json::array arr;
    each([&](const architecture_entry& e, bool reference) {
      arr.push_back(boost::json::object{{"architecture", io::sv(e.architecture)},
                                        {"family", io::sv(e.family)},
                                        {"text_config", e.nested_text_config},
                                        {"reference_family", reference}});
    });
    std::cout << io::serialize(boost::json::object{{"architectures", arr}}) << "\n";
    return 0;
  }
  std::printf("%-40s %-12s %s\n", "architecture", "family", "priced as");
  each([](const architecture_entry& e, bool reference) {
    std::printf("%-40s %-12s %s\n", std::string(e.architecture).c_str(), std::string(e.family).c_str(),
                reference ? "the reference's family (its quirks reproduced, corrections in docs/corrections.md)"
                          : "strata's own family (not in the reference)");
  });
  return 0;
}

int cmd_models(const std::vector<std::string>& argv) {
  const auto a = cli::parse(argv, {}, {"--json", "--architectures"});
  if (a.switches.contains("--architectures")) return list_architectures(a.switches.contains("--json"));
  if (a.switches.contains("--json")) {
    boost::json::array arr;
    catalog::for_each_model([&](const auto& spec) {
      arr.push_back(boost::json::object{{"id", io::sv(spec.facts.id)},
                                        {"family", io::sv(spec.family_name())},
                                        {"architecture", io::sv(spec.facts.architecture)},
                                        {"is_moe", spec.is_moe()},
                                        {"layers", spec.facts.layers}});
    });
    std::cout << io::serialize(boost::json::object{{"models", arr}}) << "\n";
    return 0;
  }
  std::printf("%-48s %-12s %-32s %6s %s\n", "id", "family", "architecture", "layers", "MoE");
  catalog::for_each_model([&](const auto& spec) {
    std::printf("%-48s %-12s %-32s %6d %s\n", std::string(spec.facts.id).c_str(),
                std::string(spec.family_name()).c_str(), std::string(spec.facts.architecture).c_str(),
                spec.facts.layers, spec.is_moe() ? "yes" : "no");
  });
  return 0;
}

int cmd_systems(const std::vector<std::string>& argv) {
  cli::parse(argv, {}, {});
  std::printf("%-10s %10s %10s %12s %12s %12s %4s %9s %12s\n", "system", "HBM", "HBM B/s", "bf16 FLOP/s",
              "fp8 FLOP/s", "fp4 FLOP/s", "sm", "GPUs/node", "NVLink B/s");
  for (const auto* s : cost::systems::all)
    std::printf("%-10s %10s %10.3g %12.3g %12.3g %12s %4d %9d %12.3g\n", std::string(s->name).c_str(),
                cli::bytes(s->mem_capacity).c_str(), s->mem_bw, s->bf16_flops, s->fp8_flops,
                s->fp4_flops > 0 ? cli::number(s->fp4_flops).c_str() : "-", s->sm_version, s->gpus_per_node,
                s->intra_node_bw);
  return 0;
}

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    // The embedded default: a hybrid model priced per layer type on a known system.
    const any_model m = *catalog::find("XiaomiMiMo/MiMo-V2-Flash");
    model_config cfg;
    cfg.tp = 8;
    cfg.moe_ep = 4;
    std::printf("strata %s: default estimate (run `strata --help` for more)\n\n", version);
    return report_request(m, m.resolve(cfg), cost::systems::h200_sxm, 16, 4096, 1024, 0, cost::default_decode_stride,
                          0, false);
  }
  const std::string cmd = args.front();
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(usage, stdout);
    return 0;
  }
  if (cmd == "--version") {
    std::printf("strata %s\n", version);
    return 0;
  }
  for (const auto& r : rest)
    if (r == "--help" || r == "-h") {
      std::fputs(usage, stdout);
      return 0;
    }
  if (cmd == "ops") return cmd_ops(rest);
  if (cmd == "estimate") return cmd_estimate(rest);
  if (cmd == "sweep") return cli::cmd_sweep(rest);
  if (cmd == "models") return cmd_models(rest);
  if (cmd == "systems") return cmd_systems(rest);
  throw invalid_input("unknown command '" + cmd + "': expected ops, estimate, sweep, models, systems or help");
}

/// Output that could not be written is an error, not a silent success.
int finish(int status) {
  std::cout.flush();
  const bool failed = !std::cout || std::fflush(stdout) != 0 || std::ferror(stdout);
  if (failed) {
    std::fprintf(stderr, "strata: error: could not write the output (%s)\n", std::strerror(errno));
    return status == 0 ? 1 : status;
  }
  return status;
}

}  // namespace

/// The whole command: parse, run, report errors (exit 2 for bad input, 1 for a bug or
/// output that could not be written). A fuzz target links it without `main`.
int strata_cli_main(int argc, char** argv) {
  try {
    return finish(run(argc, argv));
  } catch (const strata::invalid_input& e) {
    std::fprintf(stderr, "strata: error: %s\n", e.what());
    return finish(2);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "strata: internal error: %s\n", e.what());
    return 1;
  }
}

#ifndef STRATA_CLI_NO_MAIN
int main(int argc, char** argv) { return strata_cli_main(argc, argv); }
#endif
