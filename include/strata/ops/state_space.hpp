// State-space and linear-attention kernels: Mamba2's causal conv1d and chunked scan
// / state update (Nemotron-H), Mamba-1's conv1d and selective scan / state update
// (Mamba, FalconMamba, Jamba), and Gated DeltaNet's conv1d and chunked delta rule /
// fused recurrent update (Qwen3.5), and Kimi Delta Attention's (Kimi-K3) conv, chunked
// scan, decode and DSPARK verify kernels. Memory-bound: their speed-of-light latency is the
// bytes they move over HBM bandwidth (reference/aic-model-layer.md §5.6,
// reference/SOL.md). No weights of their own (the projections are GEMMs).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "strata/cost/roofline.hpp"
#include "strata/ops/op_name.hpp"

namespace strata::ops {

/// Which kernel a state-space op stands for (the reference's `kernel_source`).
enum class state_space_kernel {
  causal_conv1d_fn,                       // prefill conv over the whole sequence
  causal_conv1d_update,                   // decode: one step of the conv window
  mamba_chunk_scan_combined,              // Mamba2 prefill: chunked SSD scan
  selective_state_update,                 // Mamba2 / Mamba-1 decode: one SSM state update
  selective_scan_fn,                      // Mamba-1 prefill: the selective scan over the sequence
  chunk_gated_delta_rule,                 // GDN prefill: chunked gated delta rule
  fused_sigmoid_gating_delta_rule_update  // GDN decode: fused recurrent update
};

constexpr std::string_view name(state_space_kernel k) {
  switch (k) {
    case state_space_kernel::causal_conv1d_fn: return "causal_conv1d_fn";
    case state_space_kernel::causal_conv1d_update: return "causal_conv1d_update";
    case state_space_kernel::mamba_chunk_scan_combined: return "mamba_chunk_scan_combined";
    case state_space_kernel::selective_state_update: return "selective_state_update";
    case state_space_kernel::selective_scan_fn: return "selective_scan_fn";
    case state_space_kernel::chunk_gated_delta_rule: return "chunk_gated_delta_rule";
    case state_space_kernel::fused_sigmoid_gating_delta_rule_update: return "fused_sigmoid_gating_delta_rule_update";
  }
  return "?";
}

constexpr bool is_conv(state_space_kernel k) {
  return k == state_space_kernel::causal_conv1d_fn || k == state_space_kernel::causal_conv1d_update;
}

namespace detail {
/// Positions a kernel touches: every new token of every request in a prefill, one
/// per request in a decode step.
constexpr double positions(strata::phase p, std::int64_t batch, std::int64_t s) {
  return p == strata::phase::context ? double(batch) * double(s) : double(batch);
}
}  // namespace detail

/// One Mamba2 kernel over `nheads` heads of `head_dim` with `n_groups` B/C groups of
/// `d_state` (per GPU: the kernel runs on the heads this GPU holds).
struct mamba2_kernel {
  static constexpr std::string_view class_name = "Mamba2Kernel";
  op_name name{};
  double scale_factor = 0;
  state_space_kernel kernel_source = state_space_kernel::causal_conv1d_fn;
  strata::phase phase = strata::phase::context;
  std::int64_t hidden_size = 0;
  int nheads = 0;
  int head_dim = 0;
  int d_state = 0;
  int d_conv = 0;
  int n_groups = 0;
  int chunk_size = 0;

  constexpr double weight_bytes() const { return 0; }
  constexpr double d_inner() const { return double(nheads) * head_dim; }
  /// Channels of the conv: x, B and C (the SSM input and its two projections).
  constexpr double conv_dim() const { return d_inner() + 2.0 * n_groups * d_state; }
  /// bf16 traffic: the conv reads its window (d_conv taps + the input) and writes the
  /// output; the scan reads x, B, C and dt and writes y.
  constexpr double bytes(std::int64_t batch, std::int64_t s) const {
    const double x = detail::positions(phase, batch, s);
    if (is_conv(kernel_source)) return x * conv_dim() * (d_conv + 1) * 2 + x * conv_dim() * 2;
    return x * (d_inner() + 2.0 * n_groups * d_state + nheads) * 2 + x * d_inner() * 2;
  }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {0, cost::detail::mem_ms(bytes(q.batch, q.s), sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("kernel_source", kernel_source);
    f("phase", phase);
    f("hidden_size", hidden_size);
    f("nheads", nheads);
    f("head_dim", head_dim);
    f("d_state", d_state);
    f("d_conv", d_conv);
    f("n_groups", n_groups);
    f("chunk_size", chunk_size);
  }
  std::string describe() const {
    return std::string(ops::name(kernel_source)) + "  heads " + std::to_string(nheads) + "x" +
           std::to_string(head_dim) + "  groups " + std::to_string(n_groups) + "  state " + std::to_string(d_state);
  }
};

/// One Mamba-1 kernel over this GPU's `d_inner` channels (d_inner / tp) with a
/// `d_state`-wide state per channel: the causal conv1d (prefill) / conv update
/// (decode), or the selective scan (prefill) / selective state update (decode).
///
/// Speed of light, memory-bound like the Mamba2 kernels (C = d_inner on this GPU,
/// N = d_state, x positions, b requests, activations bf16):
/// * conv: reads its window (d_conv taps + the input) and writes the output,
///   x * C * (d_conv + 1) * 2 + x * C * 2, as the Mamba2 conv; plus its weights once,
///   C * (d_conv + bias) * 2.
/// * scan / state update: per position it reads u, dt and the gate z (C each) and
///   B, C (N each), and writes y (C): x * (4C + 2N) * 2. Once per call it reads A
///   (C x N, fp32 in vLLM) and D (C). The state (C x N per request, `state_bytes`
///   each) is read and written back by every decode step, 2 * b * C * N * state_bytes,
///   and written once at the end of a prefill, b * C * N * state_bytes.
/// The recurrence itself is about 7 flops per (position, channel, state) element
/// (exp, the state multiply-add, the output multiply-add): 14 flops per byte for
/// mamba-2.8b in a prefill, on CUDA cores. It is left out as the Mamba2 kernels
/// leave theirs: the roofline here has no CUDA-core peak.
struct mamba1_kernel {
  static constexpr std::string_view class_name = "Mamba1Kernel";
  op_name name{};
  double scale_factor = 0;
  state_space_kernel kernel_source = state_space_kernel::causal_conv1d_fn;
  strata::phase phase = strata::phase::context;
  std::int64_t d_inner = 0;  // channels on this GPU
  int d_state = 0;
  int d_conv = 0;
  bool conv_bias = false;
  int state_bytes = 2;

  /// The conv's taps and bias (bf16); the scan's A (fp32: vLLM keeps it so) and D.
  constexpr double weight_bytes() const {
    if (is_conv(kernel_source)) return double(d_inner) * (d_conv + (conv_bias ? 1 : 0)) * 2;
    return double(d_inner) * d_state * 4 + double(d_inner) * 2;
  }
  constexpr double bytes(std::int64_t batch, std::int64_t s) const {
    const double x = detail::positions(phase, batch, s);
    const double c = double(d_inner);
    if (is_conv(kernel_source)) return x * c * (d_conv + 1) * 2 + x * c * 2 + weight_bytes();
    const double state = c * d_state * state_bytes * double(batch);
    const double state_traffic = kernel_source == state_space_kernel::selective_state_update ? 2 * state : state;
    return x * (4 * c + 2.0 * d_state) * 2 + weight_bytes() + state_traffic;
  }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {0, cost::detail::mem_ms(bytes(q.batch, q.s), sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("kernel_source", kernel_source);
    f("phase", phase);
    f("d_inner", d_inner);
    f("d_state", d_state);
    f("d_conv", d_conv);
    f("state_bytes", state_bytes);
  }
  std::string describe() const {
    return std::string(ops::name(kernel_source)) + "  channels " + std::to_string(d_inner) + "  state " +
           std::to_string(d_state);
  }
};

/// One Gated DeltaNet kernel over this GPU's `num_k_heads` key heads of `head_k_dim`
/// and `num_v_heads` value heads of `head_v_dim`.
struct gdn_kernel {
  static constexpr std::string_view class_name = "GDNKernel";
  /// flash-linear-attention's chunk length for chunk_gated_delta_rule.
  static constexpr std::int64_t chunk = 64;
  op_name name{};
  double scale_factor = 0;
  state_space_kernel kernel_source = state_space_kernel::causal_conv1d_fn;
  strata::phase phase = strata::phase::context;
  std::int64_t d_model = 0;
  int num_k_heads = 0;
  int head_k_dim = 0;
  int num_v_heads = 0;
  int head_v_dim = 0;
  int d_conv = 0;

  constexpr double weight_bytes() const { return 0; }
  /// Packed q, k, v width (2K + V), what the conv runs over.
  constexpr double qkv_width() const {
    return 2.0 * num_k_heads * head_k_dim + double(num_v_heads) * head_v_dim;
  }
  /// The recurrent state of one sequence: a head_k x head_v matrix per value head.
  constexpr double state_elements() const { return double(num_v_heads) * head_k_dim * head_v_dim; }
  /// bf16 activations, fp32 state (Qwen3.5 pins mamba_ssm_dtype float32). The chunked
  /// prefill also writes and re-reads one bf16 state per 64-token chunk.
  constexpr double bytes(std::int64_t batch, std::int64_t s) const {
    const double x = detail::positions(phase, batch, s);
    const double out = double(num_v_heads) * head_v_dim;
    const double state = state_elements() * 4 * double(batch);
    switch (kernel_source) {
      case state_space_kernel::causal_conv1d_fn:
      case state_space_kernel::causal_conv1d_update:
        return x * qkv_width() * (d_conv + 1) * 2 + x * qkv_width() * 2;
      case state_space_kernel::chunk_gated_delta_rule: {
        const double chunks = state_elements() * 2 * double(batch) * double(s / chunk);
        return (x * qkv_width() * 2 + state + chunks) + (x * out * 2 + state + chunks);
      }
      case state_space_kernel::fused_sigmoid_gating_delta_rule_update:
        return (x * qkv_width() * 2 + state) + (x * out * 2 + state);
      case state_space_kernel::mamba_chunk_scan_combined:
      case state_space_kernel::selective_state_update:
      case state_space_kernel::selective_scan_fn: break;
    }
    return x * double(d_model) * 2 * 2;  // the reference's catch-all for other sources
  }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {0, cost::detail::mem_ms(bytes(q.batch, q.s), sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("kernel_source", kernel_source);
    f("phase", phase);
    f("d_model", d_model);
    f("num_k_heads", num_k_heads);
    f("head_k_dim", head_k_dim);
    f("num_v_heads", num_v_heads);
    f("head_v_dim", head_v_dim);
    f("d_conv", d_conv);
  }
  std::string describe() const {
    return std::string(ops::name(kernel_source)) + "  k " + std::to_string(num_k_heads) + "x" +
           std::to_string(head_k_dim) + "  v " + std::to_string(num_v_heads) + "x" + std::to_string(head_v_dim);
  }
};

/// Which kernel a KDA op stands for (the reference's `kernel_source` strings).
enum class kda_source {
  causal_conv1d_fn_qkv3,                   // prefill: the q, k and v short convs
  chunk_kda,                               // prefill: chunked delta rule (SGLang)
  flashkda_fwd,                            // prefill: FlashKDA (vLLM), chunk_kda's bytes
  causal_conv1d_update,                    // decode / verify: one step of the conv window
  fused_recurrent_kda_packed_decode,       // decode: recurrent update (SGLang)
  fused_kda_decode,                        // decode: conv + recurrence + gated norm (vLLM)
  fused_sigmoid_gating_delta_rule_update,  // verify: chain verify (SGLang)
  fused_recurrent_kda                      // verify: chain verify (vLLM), the same bytes
};

constexpr std::string_view name(kda_source k) {
  switch (k) {
    case kda_source::causal_conv1d_fn_qkv3:
      return "causal_conv1d_fn_qkv3";
    case kda_source::chunk_kda:
      return "chunk_kda";
    case kda_source::flashkda_fwd:
      return "flashkda_fwd";
    case kda_source::causal_conv1d_update:
      return "causal_conv1d_update";
    case kda_source::fused_recurrent_kda_packed_decode:
      return "fused_recurrent_kda_packed_decode";
    case kda_source::fused_kda_decode:
      return "fused_kda_decode";
    case kda_source::fused_sigmoid_gating_delta_rule_update:
      return "fused_sigmoid_gating_delta_rule_update";
    case kda_source::fused_recurrent_kda:
      return "fused_recurrent_kda";
  }
  return "?";
}

/// A KDA kernel's phase: a prefill, a decode step, or the verify of a DSPARK block.
enum class kda_phase { context, generation, verify };

constexpr std::string_view name(kda_phase p) {
  switch (p) {
    case kda_phase::context:
      return "context";
    case kda_phase::generation:
      return "generation";
    case kda_phase::verify:
      return "verify";
  }
  return "?";
}

/// One Kimi Delta Attention kernel over this GPU's heads (q, k, v and the per-channel
/// gate are num_heads x head_dim each; the state is head_k x head_v per value head).
///
/// Speed of light as the reference computes it (operators/mamba.rs `KdaOp`), bytes over
/// HBM bandwidth, P = num_v_heads * head_v_dim, S = num_v_heads * head_k * head_v * 4
/// (fp32), x = b * s in a prefill or verify, b in decode:
/// * conv (prefill): three convs over P channels, 3 (x P (d_conv + 1) 2 + x P 2);
///   conv update: x 3P (d_conv + 1) 2 + x 3P 2;
/// * chunk_kda / flashkda_fwd: x 4P 2 + S b + H and x P 2 + S b + H, H = floor(s / 64) S b;
/// * packed decode / fused_kda_decode: x 4P 2 + S b and x P 2 + S b;
/// * verify: x 4P 2 + S b and x P 2 + S x (one fp32 state per draft token).
/// A verify op is queried at the decode batch scaled by nextn + 1; it prices
/// max(1, round-half-even(batch / draft_tokens)) requests of draft_tokens tokens.
struct kda_kernel {
  static constexpr std::string_view class_name = "KDAKernel";
  static constexpr std::int64_t chunk = 64;
  op_name name{};
  double scale_factor = 0;
  kda_source kernel_source = kda_source::causal_conv1d_fn_qkv3;
  kda_phase phase = kda_phase::context;
  std::int64_t d_model = 0;
  int num_k_heads = 0;
  int head_k_dim = 0;
  int num_v_heads = 0;
  int head_v_dim = 0;
  int d_conv = 0;
  int draft_tokens = 0;  // verify: nextn + 1

  constexpr double weight_bytes() const { return 0; }
  /// (requests, tokens each) the kernel runs over for a query of (batch, s).
  constexpr std::pair<double, double> coords(std::int64_t batch, std::int64_t s) const {
    if (phase == kda_phase::context) return {double(batch), double(s)};
    if (phase == kda_phase::generation) return {double(batch), 0};
    if (draft_tokens <= 0) return {double(batch), 0};
    // Python's round(): half to even.
    const double q = double(batch) / draft_tokens;
    double r = double(std::int64_t(q));
    const double frac = q - r;
    if (frac > 0.5 || (frac == 0.5 && std::int64_t(r) % 2 != 0)) r += 1;
    return {r < 1 ? 1.0 : r, double(draft_tokens)};
  }
  constexpr double bytes(std::int64_t batch, std::int64_t seq) const {
    const auto [b, s] = coords(batch, seq);
    const double x = phase != kda_phase::generation && s > 0 ? b * s : b;
    const double p = double(num_v_heads) * head_v_dim;
    const double state = double(num_v_heads) * head_k_dim * head_v_dim * 4;
    switch (kernel_source) {
      case kda_source::causal_conv1d_fn_qkv3:
        return 3 * (x * p * (d_conv + 1) * 2) + 3 * (x * p * 2);
      case kda_source::causal_conv1d_update:
        return x * 3 * p * (d_conv + 1) * 2 + x * 3 * p * 2;
      case kda_source::chunk_kda:
      case kda_source::flashkda_fwd: {
        const double chunks = s > 0 ? double(std::int64_t(s) / chunk) : 0;
        const double h = chunks * state * b;
        return (x * 4 * p * 2 + state * b + h) + (x * p * 2 + state * b + h);
      }
      case kda_source::fused_recurrent_kda_packed_decode:
      case kda_source::fused_kda_decode:
        return (x * 4 * p * 2 + state * b) + (x * p * 2 + state * b);
      case kda_source::fused_sigmoid_gating_delta_rule_update:
      case kda_source::fused_recurrent_kda:
        return (x * 4 * p * 2 + state * b) + (x * p * 2 + state * x);
    }
    return x * double(d_model) * 2 * 2;
  }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {0, cost::detail::mem_ms(bytes(q.batch, q.s), sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("kernel_source", kernel_source);
    f("phase", phase);
    f("d_model", d_model);
    f("num_k_heads", num_k_heads);
    f("head_k_dim", head_k_dim);
    f("num_v_heads", num_v_heads);
    f("head_v_dim", head_v_dim);
    f("d_conv", d_conv);
    f("draft_tokens", draft_tokens);
  }
  std::string describe() const {
    return std::string(ops::name(kernel_source)) + "  heads " + std::to_string(num_v_heads) + "x" +
           std::to_string(head_v_dim) + (draft_tokens > 0 ? "  draft " + std::to_string(draft_tokens) : "");
  }
};

}  // namespace strata::ops
