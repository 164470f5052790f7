// Multi-head latent attention (DeepSeek-V3/R1, Kimi-K2): the attention kernels of
// the latent cache, the absorbed per-head BMMs of decode, and the whole measured
// attention block (reference/aic-model-layer.md §5.4, reference/SOL.md).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/quant.hpp"
#include "strata/cost/roofline.hpp"
#include "strata/ops/op_name.hpp"

namespace strata::ops {

/// Per-head widths of latent attention. The reference writes DeepSeek-V3's numbers
/// as literals (192 + 128, 1088, 576, 640, 128 x 512); every MLA model it prices has
/// exactly these widths, so the formulas below reproduce its numbers while staying
/// right for a model that differs.
struct mla_dims {
  int kv_lora = 512;
  int qk_nope = 128;
  int qk_rope = 64;
  int v_head = 128;
  constexpr int qk_head() const { return qk_nope + qk_rope; }
  constexpr int latent() const { return kv_lora + qk_rope; }  // cached per token per layer
  constexpr bool operator==(const mla_dims&) const = default;
};

namespace detail {
/// Prefill MLA roofline of (b, s, prefix) over `heads` local heads: causal QK^T and
/// PV over the full key length, reading the cached latent and writing the new Q/O.
constexpr cost::sol_parts context_mla_sol(const mla_dims& d, int heads, kv_quant kv, fmha_quant fmha,
                                          const op_query& q, const cost::gpu_system& sys) {
  const std::int64_t full = q.s + q.prefix;
  const double width = d.qk_head() + d.v_head;
  const double flops = double(q.batch * heads * 2) / 2 * width * double(full * full - q.prefix * q.prefix);
  const double bytes =
      double(q.batch * heads) * (bytes_per_element(kv) * double(full) * width + 2.0 * double(q.s) * width);
  return {cost::detail::ms(flops, sys.flops(compute_of(fmha))), cost::detail::mem_ms(bytes, sys), 0};
}
/// One decode step of MLA over the latent cache at KV length s.
constexpr cost::sol_parts generation_mla_sol(const mla_dims& d, int heads, kv_quant kv, const op_query& q,
                                             const cost::gpu_system& sys) {
  const double per_head = 2.0 * d.kv_lora + d.qk_rope;
  const double flops = 2.0 * double(q.batch) * heads * per_head * double(q.s);
  const double bytes = double(q.batch) * (heads * per_head * 2 + double(q.s - 1) * d.latent() * bytes_per_element(kv));
  return {cost::detail::ms(flops, sys.flops(cost::detail::decode_attention_dtype(kv, sys))),
          cost::detail::mem_ms(bytes, sys), 0};
}
/// The absorbed per-head BMM of decode: `width` -> kv_lora (before attention, q_nope)
/// or kv_lora -> `width` (after, v); t tokens.
constexpr double mla_bmm_flops(int width, int kv_lora, int heads, std::int64_t t) {
  return 2.0 * double(t) * heads * width * kv_lora;
}
constexpr double mla_bmm_bytes(int width, int kv_lora, int heads, std::int64_t t, double elem) {
  return double(heads) * (double(t) * (width + kv_lora) + double(width) * kv_lora) * elem;
}
}  // namespace detail

/// Prefill MLA attention kernel (no projections).
struct context_mla {
  static constexpr std::string_view class_name = "ContextMLA";
  op_name name{};
  double scale_factor = 0;
  int num_heads = 0;  // local
  kv_quant kv = kv_quant::bfloat16;
  fmha_quant fmha = fmha_quant::bfloat16;
  int cp_size = 1;
  mla_dims dims{};

  constexpr double weight_bytes() const { return 0; }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return detail::context_mla_sol(dims, num_heads, kv, fmha, q, sys);
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("num_heads", num_heads);
    f("kvcache_quant_mode", kv);
    f("fmha_quant_mode", fmha);
    f("cp_size", cp_size);
  }
  std::string describe() const {
    return "heads " + std::to_string(num_heads) + "  latent " + std::to_string(dims.latent()) + "  kv " +
           std::string(strata::name(kv));
  }
};

/// Decode MLA attention kernel over the latent cache.
struct generation_mla {
  static constexpr std::string_view class_name = "GenerationMLA";
  op_name name{};
  double scale_factor = 0;
  int num_heads = 0;
  kv_quant kv = kv_quant::bfloat16;
  mla_dims dims{};

  constexpr double weight_bytes() const { return 0; }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return detail::generation_mla_sol(dims, num_heads, kv, q, sys);
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("num_heads", num_heads);
    f("kv_cache_dtype", kv);
  }
  std::string describe() const {
    return "heads " + std::to_string(num_heads) + "  latent " + std::to_string(dims.latent()) + "  kv " +
           std::string(strata::name(kv));
  }
};

/// Absorbed per-head BMM around decode attention; its token axis is the batch.
struct mla_bmm {
  static constexpr std::string_view class_name = "MLABmm";
  op_name name{};
  double scale_factor = 0;
  int num_heads = 0;
  gemm_quant quant = gemm_quant::bfloat16;
  bool if_pre = true;
  mla_dims dims{};

  constexpr int width() const { return if_pre ? dims.qk_nope : dims.v_head; }
  constexpr double weight_bytes() const { return 0; }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {cost::detail::ms(detail::mla_bmm_flops(width(), dims.kv_lora, num_heads, q.batch),
                             sys.flops(compute_of(quant))),
            cost::detail::mem_ms(
                detail::mla_bmm_bytes(width(), dims.kv_lora, num_heads, q.batch, bytes_per_element(quant)), sys),
            0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("num_heads", num_heads);
    f("quant_mode", quant);
    f("if_pre", if_pre);
  }
  std::string describe() const {
    return std::string(if_pre ? "pre" : "post") + "  heads " + std::to_string(num_heads) + "  " +
           std::string(strata::name(quant));
  }
};

/// The whole measured MLA attention block. Its roofline is the attention kernel's
/// (plus, in decode, the two absorbed BMMs): the projection GEMMs are not in it, as
/// in the reference; their weights are carried by the granular ops beside it.
struct mla_module {
  static constexpr std::string_view class_name = "MLAModule";
  op_name name{};
  double scale_factor = 0;
  bool is_context = true;
  int num_heads = 0;         // local
  int native_num_heads = 0;  // the model's
  kv_quant kv = kv_quant::bfloat16;
  fmha_quant fmha = fmha_quant::bfloat16;
  gemm_quant gemm = gemm_quant::bfloat16;
  mla_dims dims{};

  constexpr double weight_bytes() const { return 0; }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    if (is_context) return detail::context_mla_sol(dims, num_heads, kv, fmha, q, sys);
    cost::sol_parts p = detail::generation_mla_sol(dims, num_heads, kv, q, sys);
    const double elem = bytes_per_element(gemm);
    const double bmm_flops = detail::mla_bmm_flops(dims.qk_nope, dims.kv_lora, num_heads, q.batch) +
                             detail::mla_bmm_flops(dims.v_head, dims.kv_lora, num_heads, q.batch);
    const double bmm_bytes = detail::mla_bmm_bytes(dims.qk_nope, dims.kv_lora, num_heads, q.batch, elem) +
                             detail::mla_bmm_bytes(dims.v_head, dims.kv_lora, num_heads, q.batch, elem);
    p.math_ms += cost::detail::ms(bmm_flops, sys.flops(compute_of(gemm)));
    p.mem_ms += cost::detail::mem_ms(bmm_bytes, sys);
    return p;
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("is_context", is_context);
    f("num_heads", num_heads);
    f("native_num_heads", native_num_heads);
    f("kvcache_quant_mode", kv);
    f("fmha_quant_mode", fmha);
    f("gemm_quant_mode", gemm);
  }
  std::string describe() const {
    return "heads " + std::to_string(num_heads) + " of " + std::to_string(native_num_heads) + "  latent " +
           std::to_string(dims.latent()) + "  kv " + std::string(strata::name(kv));
  }
};

}  // namespace strata::ops
