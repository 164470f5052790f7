// A GPU system described in a small JSON file (`strata estimate --system-file F`):
// every field of cost::gpu_system under the reference's YAML key names, optionally
// starting from a built-in system ("base").
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "strata/cost/system.hpp"
#include "strata/runtime/hf_config.hpp"
#include "strata/runtime/json_node.hpp"

namespace strata {

/// A system read from a file (a `gpu_system` owns its name: the struct is kept for
/// callers that used its `system` member).
struct owned_system {
  cost::gpu_system system;
};

inline owned_system system_from_json(std::string_view text, const std::string& file) {
  using detail::json_node;
  const boost::json::value v = detail::parse_json_text(text, file);
  const json_node root(&v, file, "$");
  // A misspelled key would silently keep the base value: only known keys are accepted.
  static constexpr std::string_view known[] = {
      "name", "base", "mem_bw", "mem_capacity", "bfloat16_tc_flops", "fp8_tc_flops", "int8_tc_flops",
      "fp4_tc_flops", "sm_version", "num_gpus_per_node", "intra_node_bw", "inter_node_bw", "num_gpus_per_rack",
      "inter_rack_bw", "power", "nccl_mem", "other_mem"};
  for (const auto& [key, value] : root.object()) {
    bool ok = false;
    for (auto k : known) ok = ok || k == std::string_view(key);
    if (!ok) {
      std::string names;
      for (auto k : known) names += (names.empty() ? "" : ", ") + std::string(k);
      throw invalid_input(file + ": $." + std::string(key) + ": unknown key; expected one of " + names);
    }
  }
  owned_system out;
  const bool has_base = root.get("base").has_value();
  if (auto base = root.get("base")) {
    const auto* b = cost::find_system(base->string("a built-in system name"));
    if (!b) base->fail("a built-in system name (a100_sxm, h100_sxm, h200_sxm, b200_sxm, b300_sxm, gb200, gb300)");
    out.system = *b;
  }
  const auto name_node = root.at("name", "the system's name");
  const std::string name = name_node.string("a name");
  if (name.empty() || name.size() > 63) name_node.fail("a name of 1 to 63 characters");
  out.system.name = std::string_view(name);
  auto& s = out.system;
  const auto field = [&](std::string_view key, double& target, double lo, double hi, bool required) {
    if (auto n = root.get(key))
      target = n->number(lo, hi);
    else if (required && !has_base)
      root.fail_missing(key, "a number from " + json_node::shortest(lo) + " to " + json_node::shortest(hi));
  };
  field("mem_bw", s.mem_bw, 1e9, 1e15, true);
  field("mem_capacity", s.mem_capacity, 1e9, 1e14, true);
  field("bfloat16_tc_flops", s.bf16_flops, 1e12, 1e18, true);
  field("fp8_tc_flops", s.fp8_flops, 0, 1e18, false);
  field("int8_tc_flops", s.int8_flops, 0, 1e18, false);
  field("fp4_tc_flops", s.fp4_flops, 0, 1e18, false);
  field("intra_node_bw", s.intra_node_bw, 1e8, 1e14, true);
  field("inter_node_bw", s.inter_node_bw, 1e8, 1e14, true);
  field("inter_rack_bw", s.inter_rack_bw, 0, 1e14, false);
  field("power", s.power, 0, 1e5, false);
  field("other_mem", s.other_mem, 0, 1e12, false);
  if (auto n = root.get("sm_version"))
    s.sm_version = int(n->integer(10, 1000));
  else if (!has_base)
    root.fail_missing("sm_version", "the GPU's SM version (e.g. 90 for Hopper, 100 for Blackwell)");
  if (auto n = root.get("num_gpus_per_node"))
    s.gpus_per_node = int(n->integer(1, 1024));
  else if (!has_base)
    root.fail_missing("num_gpus_per_node", "an integer from 1 to 1024");
  if (auto n = root.get("num_gpus_per_rack")) s.gpus_per_rack = int(n->integer(0, 1 << 20));
  if (auto n = root.get("nccl_mem")) {
    auto items = n->array("a list of 4 byte counts for tp 1, 2, 4, 8");
    if (items.size() != 4) n->fail("a list of 4 byte counts for tp 1, 2, 4, 8");
    for (std::size_t i = 0; i < 4; ++i) s.nccl_mem[i] = items[i].number(0, 1e12);
  }
  return out;
}

inline owned_system load_system_file(const std::string& path) {
  return system_from_json(detail::read_text_file(path), path);
}

}  // namespace strata
