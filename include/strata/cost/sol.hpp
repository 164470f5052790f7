// Speed-of-light (roofline) latency of every op on a GPU system: max(math, memory)
// with the reference's formulas (reference/SOL.md), times the op's scale factor.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>

#include "strata/core/config.hpp"
#include "strata/cost/system.hpp"
#include "strata/ops/op.hpp"

namespace strata::cost {

/// What one op is asked in a step: x tokens for token-major ops, (batch, s, prefix)
/// for attention (s = new tokens in prefill, KV length in decode).
struct op_query {
  std::int64_t x = 0;
  std::int64_t batch = 0;
  std::int64_t s = 0;
  std::int64_t prefix = 0;
};

/// Latency split of one leaf op before the scale factor.
struct sol_parts {
  double math_ms = 0;
  double mem_ms = 0;
  double extra_ms = 0;  // additive terms outside the roofline (context-attention extras)
  constexpr double latency_ms() const { return std::max(math_ms, mem_ms) + extra_ms; }
};

namespace detail {
constexpr double ms(double quantity, double rate) { return quantity / rate * 1000.0; }

constexpr double allreduce_ms(const gpu_system& sys, int gpus, double elements) {
  if (gpus <= 1) return 0;
  return 2.0 * elements * 2.0 / gpus * (gpus - 1) / sys.p2p_bw(gpus) * 1000.0;
}
/// all_gather / reduce_scatter / alltoall of `elements` (bf16 unless said) over n GPUs.
constexpr double gather_ms(const gpu_system& sys, int gpus, double elements, double bytes_per_elem = 2.0) {
  if (gpus <= 1) return 0;
  return bytes_per_elem * elements * (gpus - 1) / gpus / sys.p2p_bw(gpus) * 1000.0;
}

constexpr double moe_dispatch_ms(const ops::moe_dispatch& d, std::int64_t x, const gpu_system& sys) {
  const int gpus = d.num_gpus();
  const int attn_tp = d.attention_tp();
  const int dp = d.attention_dp;
  const double volume = double(x) * double(d.hidden_size);
  switch (d.backend) {
    case backend::vllm: {
      double t = attn_tp > 1 ? allreduce_ms(sys, gpus, volume) : 0.0;
      if (dp > 1) t += gather_ms(sys, gpus, volume * dp);
      return t;
    }
    case backend::sglang: {
      if (attn_tp > 1 && dp > 1)
        return gather_ms(sys, attn_tp, volume) + gather_ms(sys, gpus, volume * dp);
      if (attn_tp > 1) return allreduce_ms(sys, gpus, volume);
      if (dp > 1) return gather_ms(sys, gpus, volume * dp);
      return 0;
    }
    case backend::trtllm: break;
  }
  if (sys.sm_version == 100) {
    if (dp > 1) {
      if (d.moe_tp == 1 && sys.gpus_per_node >= 72)
        throw invalid_input(std::string(sys.name) + ": the TRT-LLM all-to-all MoE dispatch of 72-GPU NVLink domains "
                            "(attention DP with moe tp 1 and num_gpus_per_node >= 72) is not modeled by strata yet");
      if (!d.pre_dispatch) return gather_ms(sys, gpus, volume * dp);
      double per_token = 1.0;
      if (d.quant == moe_quant::nvfp4) per_token = 1.0 / 4 + 1.0 / 32;
      if (d.quant == moe_quant::fp8 || d.quant == moe_quant::fp8_block) per_token = 1.0 / 2;
      return gather_ms(sys, gpus, volume * dp * per_token);
    }
    if (attn_tp > 1) {
      if (sys.gpus_per_node == 72 && gpus > 4) return 2 * gather_ms(sys, gpus, volume);
      return allreduce_ms(sys, gpus, volume);
    }
    return 0;
  }
  if (attn_tp > 1) return allreduce_ms(sys, gpus, volume);
  if (dp > 1) return gather_ms(sys, gpus, volume * dp);
  return 0;
}
}  // namespace detail

constexpr sol_parts sol(const ops::gemm& o, const op_query& q, const gpu_system& sys) {
  return {detail::ms(o.flops(q.x), sys.flops(compute_of(o.quant))), detail::ms(o.bytes(q.x), sys.mem_bw), 0};
}
constexpr sol_parts sol(const ops::elementwise& o, const op_query& q, const gpu_system& sys) {
  return {0, detail::ms(o.bytes(q.x), sys.mem_bw), 0};
}
constexpr sol_parts sol(const ops::embedding& o, const op_query& q, const gpu_system& sys) {
  return {0, detail::ms(o.bytes(q.x), sys.mem_bw), 0};
}
constexpr sol_parts sol(const ops::context_attention& o, const op_query& q, const gpu_system& sys) {
  const auto e = o.extra_bytes();
  const auto m = [&](double bytes) { return detail::ms(bytes, sys.mem_bw); };
  double extra = 2 * m(e.rope) + (m(e.k_write) + m(e.v_write));
  if (o.use_qk_norm) extra += 2 * (2 * m(e.q_norm) + 2 * m(e.k_norm));
  return {detail::ms(o.flops(q.batch, q.s, q.prefix), sys.flops(compute_of(o.fmha))),
          detail::ms(o.bytes(q.batch, q.s, q.prefix), sys.mem_bw), 1.1 * extra};
}
constexpr sol_parts sol(const ops::generation_attention& o, const op_query& q, const gpu_system& sys) {
  const compute_dtype dt = (o.kv == kv_quant::fp8 && sys.sm_version >= 89) ? compute_dtype::fp8 : compute_dtype::bf16;
  return {detail::ms(o.flops(q.batch, q.s), sys.flops(dt)), detail::ms(o.bytes(q.batch, q.s), sys.mem_bw), 0};
}
constexpr sol_parts sol(const ops::moe& o, const op_query& q, const gpu_system& sys) {
  return {detail::ms(o.flops(q.x), sys.flops(compute_of(o.quant))), detail::ms(o.bytes(q.x), sys.mem_bw), 0};
}
constexpr sol_parts sol(const ops::moe_dispatch& o, const op_query& q, const gpu_system& sys) {
  return {0, detail::moe_dispatch_ms(o, q.x, sys), 0};
}
constexpr sol_parts sol(const ops::custom_allreduce& o, const op_query& q, const gpu_system& sys) {
  return {0, detail::allreduce_ms(sys, o.tp_size, double(q.x) * double(o.h)), 0};
}
constexpr sol_parts sol(const ops::nccl& o, const op_query& q, const gpu_system& sys) {
  return {0, o.num_gpus <= 1 ? 0.0 : detail::ms(o.bytes(q.x), sys.p2p_bw(o.num_gpus)), 0};
}
constexpr sol_parts sol(const ops::p2p& o, const op_query& q, const gpu_system& sys) {
  return {0, detail::ms(o.bytes(q.x), sys.inter_node_bw), 0};
}

/// Scaled SOL latency of any op, in milliseconds.
constexpr double latency_ms(const op& o, const op_query& q, const gpu_system& sys) {
  return std::visit([&](const auto& x) { return sol(x, q, sys).latency_ms() * x.scale_factor; }, o);
}

}  // namespace strata::cost
