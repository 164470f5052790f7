// GPU systems: the peak numbers the SOL formulas divide by. Values are the
// reference's system defaults (aiconfigurator systems/*.yaml); sources per field in
// docs/systems.md. Users add their own with a JSON file (`--system-file`).
#pragma once

#include <array>
#include <limits>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/core/fixed_string.hpp"
#include "strata/core/quant.hpp"

namespace strata::cost {

struct gpu_system {
  fixed_string<63> name{};  // owned: a copy of a system outlives whatever it was read from
  double mem_bw = 0;        // B/s
  double mem_capacity = 0;  // B per GPU
  // Dense tensor-core peaks, FLOP/s; 0 = the GPU has no such path.
  double bf16_flops = 0;
  double fp8_flops = 0;
  double int8_flops = 0;
  double fp4_flops = 0;
  int sm_version = 0;
  int gpus_per_node = 8;
  double intra_node_bw = 0;  // B/s per GPU, one direction
  double inter_node_bw = 0;
  int gpus_per_rack = 0;     // 0 = no rack tier
  double inter_rack_bw = 0;  // 0 = inter_node_bw
  double power = 0;          // W
  std::array<double, 4> nccl_mem{};  // B, for tp 1, 2, 4, 8
  double other_mem = 0;              // B

  /// Peak of a compute dtype; a GPU without it cannot run the quant mode.
  constexpr double flops(compute_dtype d) const {
    double v = 0;
    switch (d) {
      case compute_dtype::bf16: v = bf16_flops; break;
      case compute_dtype::fp8: v = fp8_flops; break;
      case compute_dtype::int8: v = int8_flops; break;
      case compute_dtype::fp4: v = fp4_flops; break;
      case compute_dtype::none: break;
    }
    if (!(v > 0) || !(v < std::numeric_limits<double>::infinity()))
      strata::detail::invalid(std::string(name) + " has no " + std::string(strata::name(d)) +
                              " tensor-core peak: a quant mode that computes in " + std::string(strata::name(d)) +
                              " cannot run there (e.g. nvfp4 needs Blackwell; use nvfp4_wo or fp8)");
    return v;
  }
  /// Bandwidth of a collective over n GPUs: NVLink within a node, then the node
  /// network, then the rack network.
  constexpr double p2p_bw(int n) const {
    if (n <= gpus_per_node) return intra_node_bw;
    if (gpus_per_rack == 0 || n <= gpus_per_rack) return inter_node_bw;
    return inter_rack_bw > 0 ? inter_rack_bw : inter_node_bw;
  }
  constexpr double nccl_memory(int tp) const {
    const int key = tp <= 1 ? 0 : tp <= 2 ? 1 : tp <= 4 ? 2 : 3;
    return nccl_mem[std::size_t(key)];
  }
};

namespace systems {
// Figures of the reference's system files; per-field sources in docs/systems.md.
inline constexpr std::array<double, 4> nccl_mem_default{0, 358612992, 411041792, 411041792};
inline constexpr double other_mem_default = 3758096384;  // 3.5 GiB

//                                     name        HBM B/s  HBM B         bf16      fp8       int8      fp4     sm
inline constexpr gpu_system a100_sxm{"a100_sxm", 2.039e12, 85899345920, 3.12e14, 0, 6.24e14, 0, 80,
                                     8, 3.0e11, 2.5e10, 0, 0, 400, nccl_mem_default, other_mem_default};
inline constexpr gpu_system h100_sxm{"h100_sxm", 3.35e12, 85899345920, 9.89e14, 1.978e15, 1.978e15, 0, 90,
                                     8, 4.5e11, 5.0e10, 0, 0, 700, nccl_mem_default, other_mem_default};
inline constexpr gpu_system h200_sxm{"h200_sxm", 4.8e12, 151397597184, 9.89e14, 1.978e15, 1.978e15, 0, 90,
                                     8, 4.5e11, 5.0e10, 0, 0, 700, nccl_mem_default, other_mem_default};
inline constexpr gpu_system b200_sxm{"b200_sxm", 7.7e12, 193273528320, 2.25e15, 4.5e15, 4.5e15, 9.0e15, 100,
                                     8, 9.0e11, 1.0e11, 0, 0, 1000, nccl_mem_default, other_mem_default};
inline constexpr gpu_system b300_sxm{"b300_sxm", 7.75e12, 288400343040, 2.25e15, 4.5e15, 1.535e14, 1.4e16, 103,
                                     8, 9.0e11, 1.0e11, 0, 0, 1100, nccl_mem_default, other_mem_default};
inline constexpr gpu_system gb200{"gb200", 8.0e12, 198674743296, 2.5e15, 5.0e15, 5.0e15, 1.0e16, 100,
                                  4, 9.0e11, 9.0e11, 72, 1.0e11, 1200, nccl_mem_default, other_mem_default};
inline constexpr gpu_system gb300{"gb300", 8.0e12, 298013687808, 2.5e15, 5.0e15, 1.65e14, 1.5e16, 103,
                                  4, 9.0e11, 9.0e11, 72, 1.0e11, 1400, nccl_mem_default, other_mem_default};

inline constexpr std::array<const gpu_system*, 7> all{&a100_sxm, &h100_sxm, &h200_sxm, &b200_sxm,
                                                      &b300_sxm, &gb200,    &gb300};
}  // namespace systems

/// The built-in system called `name`, or nullptr.
constexpr const gpu_system* find_system(std::string_view name) {
  for (const auto* s : systems::all)
    if (s->name == name) return s;
  return nullptr;
}

}  // namespace strata::cost
