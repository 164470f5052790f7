#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/quant.hpp"
#include "strata/cost/roofline.hpp"
#include "strata/ops/op_name.hpp"

namespace strata::ops {

/// Tensor-parallel all-reduce of `h` bf16 elements per token over `tp_size` GPUs
/// (free when tp_size is 1).
struct custom_allreduce {
  static constexpr std::string_view class_name = "CustomAllReduce";
  op_name name{};
  double scale_factor = 0;
  std::int64_t h = 0;
  int tp_size = 1;

  constexpr double weight_bytes() const { return 0; }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {0, cost::detail::allreduce_ms(sys, tp_size, double(q.x) * double(h)), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("h", h);
    f("tp_size", tp_size);
  }
  std::string describe() const { return "h " + std::to_string(h) + "  tp " + std::to_string(tp_size); }
};

enum class nccl_kind { all_gather, reduce_scatter, alltoall, all_reduce };

constexpr std::string_view name(nccl_kind k) {
  switch (k) {
    case nccl_kind::all_gather: return "all_gather";
    case nccl_kind::reduce_scatter: return "reduce_scatter";
    case nccl_kind::alltoall: return "alltoall";
    case nccl_kind::all_reduce: return "all_reduce";
  }
  return "?";
}

/// A collective over `num_gpus` GPUs on `elements_per_token` elements per token.
struct nccl {
  static constexpr std::string_view class_name = "NCCL";
  op_name name{};
  double scale_factor = 0;
  nccl_kind kind = nccl_kind::all_gather;
  double elements_per_token = 0;
  int num_gpus = 1;
  comm_quant quant = comm_quant::half;

  constexpr double weight_bytes() const { return 0; }
  constexpr double bytes(std::int64_t x) const {
    if (num_gpus <= 1) return 0;
    const double v = bytes_per_element(quant) * double(x) * elements_per_token * (num_gpus - 1) / num_gpus;
    return kind == nccl_kind::all_reduce ? 2 * v : v;
  }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {0, num_gpus <= 1 ? 0.0 : cost::detail::ms(bytes(q.x), sys.p2p_bw(num_gpus)), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("nccl_op", kind);
    f("num_elements_per_token", elements_per_token);
    f("num_gpus", num_gpus);
    f("comm_quant_mode", quant);
  }
  std::string describe() const { return std::string(ops::name(kind)) + " over " + std::to_string(num_gpus); }
};

/// Pipeline-stage hand-off of `h` bf16 activations per token (free when pp is 1).
struct p2p {
  static constexpr std::string_view class_name = "P2P";
  op_name name{};
  double scale_factor = 0;
  std::int64_t h = 0;
  int pp_size = 1;

  constexpr double weight_bytes() const { return 0; }
  constexpr double bytes(std::int64_t x) const { return pp_size <= 1 ? 0 : double(x) * double(h) * 2.0; }
  /// Always over the inter-node link, even between stages of one node (reference).
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {0, cost::detail::ms(bytes(q.x), sys.inter_node_bw), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("h", h);
    f("pp_size", pp_size);
    f("bytes_per_element", 2);
  }
  std::string describe() const { return "h " + std::to_string(h) + "  pp " + std::to_string(pp_size); }
};

}  // namespace strata::ops
