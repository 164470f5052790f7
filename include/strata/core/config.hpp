// What the user chooses (parallel layout, quant modes, backend, MTP) and how it is
// resolved against a model: unset quant modes come from the checkpoint, unset MoE
// sizes from the layout (reference/aic-model-layer.md §2.5, §3.2, §3.4).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "strata/core/error.hpp"
#include "strata/core/quant.hpp"

namespace strata {

enum class backend { trtllm, vllm, sglang };

constexpr std::string_view name(backend b) {
  switch (b) {
    case backend::trtllm: return "trtllm";
    case backend::vllm: return "vllm";
    case backend::sglang: return "sglang";
  }
  return "?";
}

constexpr std::optional<backend> parse_backend(std::string_view text) {
  if (text == "trtllm") return backend::trtllm;
  if (text == "vllm") return backend::vllm;
  if (text == "sglang") return backend::sglang;
  return std::nullopt;
}

/// The user's choices; everything optional is resolved by `resolve()`.
struct model_config {
  int tp = 1;
  int pp = 1;
  std::optional<int> moe_tp{};
  std::optional<int> moe_ep{};
  int attention_dp = 1;
  int nextn = 0;
  std::optional<gemm_quant> gemm{};
  std::optional<moe_quant> moe{};
  std::optional<kv_quant> kv{};
  std::optional<fmha_quant> fmha{};
  comm_quant comm = comm_quant::half;
  strata::backend backend = backend::trtllm;
};

/// The quantization a checkpoint declares (its `quantization_config` /
/// `hf_quant_config.json`), reduced to what picks the default quant modes.
enum class checkpoint_algo {
  none, fp8, fp8_block, nvfp4, mxfp4, compressed_tensors,
  weight_only,  // AWQ, GPTQ, bitsandbytes: int4 / int8 weights with group scales (`scheme` names it)
  mixed         // ModelOpt MIXED_PRECISION: a mode per layer, folded into one GEMM and one MoE mode
};
enum class checkpoint_kv { none, fp8, bfloat16 };

/// What a checkpoint keeps unquantized (its exclude / ignore module patterns).
struct checkpoint_exclusions {
  // Attention projection groups of latent attention (q_a/q_b, kv_a/kv_b, o_proj, indexer).
  bool q = false;
  bool kv = false;
  bool o = false;
  bool indexer = false;
  // Layer categories of a compressed-tensors `ignore` list.
  bool attention = false;
  bool routed_experts = false;
  bool shared_experts = false;
  bool dense_mlp = false;
  bool lm_head = false;
};

struct checkpoint_quant {
  checkpoint_algo algo = checkpoint_algo::none;
  std::optional<bool> dynamic{};  // activation scheme: dynamic / static / not said
  checkpoint_kv kv = checkpoint_kv::none;
  int weight_block = 128;         // quantization_config.weight_block_size[0]
  // compressed-tensors: the weight format of the first config group, as a dense-GEMM
  // and as a routed-expert mode (absent when the format has no such mode).
  std::optional<gemm_quant> ct_gemm{};
  std::optional<moe_quant> ct_moe{};
  checkpoint_exclusions excluded{};
  /// The routed experts are FP4 while the rest follows `algo` (DeepSeek-V4's
  /// `expert_dtype: fp4`).
  bool fp4_experts = false;
  /// The group scales stored with the weights of ct_gemm / ct_moe (none for formats
  /// priced at the reference's fixed bytes per element).
  group_scales scales{};
  /// The checkpoint's own name for its format ("awq", "gptq", ...), for messages.
  std::string_view scheme{};
};

/// A fully resolved configuration: what every op is built from.
struct resolved_config {
  int tp = 1;
  int pp = 1;
  int moe_tp = 1;
  int moe_ep = 1;
  bool moe_sizes = false;  // false for dense models: moe_tp/moe_ep are not meaningful
  int attention_dp = 1;
  int nextn = 0;
  gemm_quant gemm = gemm_quant::bfloat16;
  moe_quant moe = moe_quant::bfloat16;
  kv_quant kv = kv_quant::bfloat16;
  fmha_quant fmha = fmha_quant::bfloat16;
  comm_quant comm = comm_quant::half;
  strata::backend backend = backend::trtllm;
  /// The user chose the GEMM mode: parts the checkpoint keeps unquantized follow it
  /// too, instead of staying bf16.
  bool gemm_explicit = false;
};

/// The group scales a GEMM (`moe` false) or expert op of the resolved mode carries: the
/// checkpoint's, when that mode is the checkpoint's own format (`--gemm-quant fp8` on an
/// AWQ checkpoint has none).
constexpr group_scales scales_for(const checkpoint_quant& ck, const resolved_config& c, bool moe) {
  if (!ck.scales.any()) return {};
  if (moe) return ck.ct_moe && c.moe == *ck.ct_moe ? ck.scales : group_scales{};
  return ck.ct_gemm && c.gemm == *ck.ct_gemm ? ck.scales : group_scales{};
}

namespace detail {
/// Not constexpr on purpose: reaching it during constant evaluation makes the
/// compiler print this call, with its message, as the reason a spec is rejected.
[[noreturn]] inline void invalid(const std::string& message) { throw invalid_input(message); }

inline std::string str(long long v) { return std::to_string(v); }
}  // namespace detail

/// Quant defaults a checkpoint implies, filling only what the user left unset
/// (reference §2.5, including its fp8-KV coupling and the vLLM fmha guard).
constexpr void apply_quant_defaults(resolved_config& out, const model_config& in, const checkpoint_quant& ck) {
  std::optional<gemm_quant> gemm = in.gemm;
  std::optional<moe_quant> moe = in.moe;
  std::optional<kv_quant> kv = in.kv;
  std::optional<fmha_quant> fmha = in.fmha;
  const bool fmha_was_set = fmha.has_value();
  switch (ck.algo) {
    case checkpoint_algo::fp8:
      if (!gemm) gemm = (ck.dynamic == true) ? gemm_quant::fp8 : gemm_quant::fp8_static;
      if (!moe) moe = moe_quant::fp8;
      break;
    case checkpoint_algo::fp8_block:
      if (!gemm) gemm = gemm_quant::fp8_block;
      if (!moe) moe = moe_quant::fp8_block;
      break;
    case checkpoint_algo::nvfp4:
      if (!gemm) gemm = gemm_quant::nvfp4;
      if (!moe) moe = moe_quant::nvfp4;
      break;
    case checkpoint_algo::mxfp4:
      if (!gemm) gemm = gemm_quant::bfloat16;
      if (!moe) moe = moe_quant::w4a16_mxfp4;
      break;
    case checkpoint_algo::mixed:
      // The reference's fold of the per-layer modes (ct_gemm / ct_moe, read by
      // parse_quant); fp8 dense layers are static unless the checkpoint says dynamic.
      if (!gemm && ck.ct_gemm)
        gemm = *ck.ct_gemm == gemm_quant::fp8_static && ck.dynamic == true ? gemm_quant::fp8 : *ck.ct_gemm;
      if (!moe) moe = ck.ct_moe;
      break;
    case checkpoint_algo::compressed_tensors:
    case checkpoint_algo::weight_only:
      // Only the categories the checkpoint quantizes take its format.
      if (!gemm && !ck.excluded.attention) gemm = ck.ct_gemm;
      if (!moe && !ck.excluded.routed_experts) moe = ck.ct_moe;
      break;
    case checkpoint_algo::none: break;
  }
  // FP4 routed experts run as MXFP4 weights with MXFP8 activations, whatever the
  // rest of the checkpoint is (the reference's DeepSeek-V4 rule).
  if (!in.moe && ck.fp4_experts) moe = moe_quant::w4a8_mxfp4_mxfp8;
  if (!kv) {
    if (ck.kv == checkpoint_kv::fp8) kv = kv_quant::fp8;
    if (ck.kv == checkpoint_kv::bfloat16) kv = kv_quant::bfloat16;
  }
  const bool fp8_family = ck.algo == checkpoint_algo::fp8 || ck.algo == checkpoint_algo::fp8_block ||
                          ck.algo == checkpoint_algo::nvfp4;
  if (ck.algo != checkpoint_algo::none && (fp8_family || ck.kv == checkpoint_kv::fp8)) {
    if (!fmha) fmha = fmha_quant::fp8;
    // The reference sets an fp8 KV cache here even when the checkpoint declares bf16 KV;
    // an explicit user choice still wins.
    if (!in.kv) kv = kv_quant::fp8;
  }
  out.gemm = gemm.value_or(gemm_quant::bfloat16);
  out.moe = moe.value_or(moe_quant::bfloat16);
  out.kv = kv.value_or(kv_quant::bfloat16);
  out.fmha = fmha.value_or(fmha_quant::bfloat16);
  if (!fmha_was_set && in.backend == backend::vllm && out.fmha == fmha_quant::fp8) out.fmha = fmha_quant::bfloat16;
}

/// Upper bound on any parallel size; larger values are typos, not deployments.
inline constexpr int max_parallel = 4096;

constexpr void check_size(const char* what, int v) {
  if (v < 1 || v > max_parallel)
    detail::invalid(std::string(what) + " = " + detail::str(v) + ": expected an integer from 1 to " +
                    detail::str(max_parallel));
}

/// The most GPUs one layout (tp * pp * dp) may span: larger products are typos, and
/// keeping them bounded keeps every count in range.
inline constexpr long long max_layout_gpus = 1 << 20;

/// The checks and defaults every layout shares: sizes in range, quant modes from
/// the checkpoint. MoE sizes are left for `resolve_moe_grid`.
constexpr resolved_config resolve_base(const model_config& in, const checkpoint_quant& ck) {
  check_size("tp", in.tp);
  check_size("pp", in.pp);
  check_size("attention dp", in.attention_dp);
  if (const long long gpus = 1LL * in.tp * in.pp * in.attention_dp; gpus > max_layout_gpus)
    detail::invalid("tp * pp * dp = " + detail::str(in.tp) + " * " + detail::str(in.pp) + " * " +
                    detail::str(in.attention_dp) + " = " + detail::str(gpus) + " GPUs: expected at most " +
                    detail::str(max_layout_gpus));
  if (in.nextn < 0 || in.nextn > 16)
    detail::invalid("nextn = " + detail::str(in.nextn) + ": expected an integer from 0 to 16");
  resolved_config out;
  out.tp = in.tp;
  out.pp = in.pp;
  out.attention_dp = in.attention_dp;
  out.nextn = in.nextn;
  out.comm = in.comm;
  out.backend = in.backend;
  out.moe_tp = in.moe_tp.value_or(1);
  out.moe_ep = in.moe_ep.value_or(1);
  out.gemm_explicit = in.gemm.has_value();
  apply_quant_defaults(out, in, ck);
  return out;
}

/// resolve_moe_parallelism (reference §3.2): the MoE grid must cover tp * dp GPUs
/// exactly; an unset size follows from the other. (The reference also asks for one on
/// a single GPU, where 1 x 1 is the only grid; strata takes it.)
constexpr void resolve_moe_grid(resolved_config& out, const model_config& in) {
  const int width = in.tp * in.attention_dp;
  // On one GPU the grid has a single layout (moe tp 1, ep 1): nothing to choose.
  if (!in.moe_tp && !in.moe_ep && width == 1) {
    out.moe_sizes = true;
    out.moe_tp = out.moe_ep = 1;
    return;
  }
  if (!in.moe_tp && !in.moe_ep)
    detail::invalid("MoE model needs --ep (expert parallel) or --moe-tp: with tp * dp = " + detail::str(width) +
                    " GPUs, e.g. --ep " + detail::str(width));
  if (in.moe_ep) check_size("moe ep", *in.moe_ep);
  if (in.moe_tp) check_size("moe tp", *in.moe_tp);
  int ep = 0;
  int mtp = 0;
  if (in.moe_ep && !in.moe_tp) {
    ep = *in.moe_ep;
    if (width % ep != 0)
      detail::invalid("ep = " + detail::str(ep) + " does not divide tp * dp = " + detail::str(width));
    mtp = width / ep;
  } else if (in.moe_tp && !in.moe_ep) {
    mtp = *in.moe_tp;
    if (width % mtp != 0)
      detail::invalid("moe tp = " + detail::str(mtp) + " does not divide tp * dp = " + detail::str(width));
    ep = width / mtp;
  } else {
    ep = *in.moe_ep;
    mtp = *in.moe_tp;
  }
  if (mtp * ep != width)
    detail::invalid("moe tp * ep = " + detail::str(mtp) + " * " + detail::str(ep) + " = " + detail::str(mtp * ep) +
                    " but tp * dp = " + detail::str(in.tp) + " * " + detail::str(in.attention_dp) + " = " +
                    detail::str(width) + ": they must be equal");
  out.moe_sizes = true;
  out.moe_tp = mtp;
  out.moe_ep = ep;
}

}  // namespace strata
