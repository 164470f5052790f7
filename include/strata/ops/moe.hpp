#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/core/quant.hpp"
#include "strata/cost/roofline.hpp"
#include "strata/ops/op_name.hpp"

namespace strata::ops {

__extension__ using int128 = __int128;  // GCC and Clang; constexpr-capable

/// Routed-expert compute. `inter_size` is the full per-expert intermediate size; the
/// op shards it by moe_tp and the experts by moe_ep. Tokens = x * attention_dp
/// (experts serve every attention-DP rank).
struct moe {
  static constexpr std::string_view class_name = "MoE";
  op_name name{};
  double scale_factor = 0;
  std::int64_t hidden_size = 0;
  std::int64_t inter_size = 0;
  int topk = 0;
  int num_experts = 0;
  int moe_tp = 1;
  int moe_ep = 1;
  moe_quant quant = moe_quant::bfloat16;
  int attention_dp = 1;
  bool is_context = true;
  bool is_gated = true;
  /// Bytes per expert weight a group-quantized checkpoint stores beside the packed
  /// weights (scales and zero points); 0 for the fixed-byte modes.
  float scale_bytes = 0;

  constexpr int gemms() const { return is_gated ? 3 : 2; }
  /// Scale bytes of the expert slices one GPU reads or holds: `experts` experts of
  /// inter/moe_tp columns.
  constexpr double expert_scale_bytes(double experts) const {
    if (scale_bytes == 0) return 0.0;  // the common case skips the division
    return double(scale_bytes) * experts * double(hidden_size) * double(inter_size / moe_tp) * gemms();
  }
  constexpr double weight_bytes() const {
    const double all = double(hidden_size) * double(inter_size) * num_experts * bytes_per_element(quant) * gemms();
    // Two floor divisions; the values are non-negative and far below 2^53, so
    // truncation through int64 is floor (and constexpr, unlike std::floor on clang).
    const auto floor = [](double v) { return double(std::int64_t(v)); };
    return floor(floor(all / moe_ep) / moe_tp) + expert_scale_bytes(double(num_experts / moe_ep));
  }
  /// Integer arithmetic as in the reference (Python integers): T = tokens * topk and
  /// floor divisions. Products are 128-bit (a million-token prefill of a wide MoE passes
  /// 2^63); divisions take the 64-bit path whenever the value fits, which it does for
  /// every realistic step (a 128-bit division costs ~10x more).
  constexpr double flops(std::int64_t x) const {
    const int128 total = int128(x) * attention_dp * topk * hidden_size * inter_size * gemms() * 2;
    return double(div(div(total, moe_ep), moe_tp));
  }
  constexpr double bytes(std::int64_t x) const {
    const int128 per_ep = div(int128(x) * attention_dp * topk, moe_ep);
    const int128 touched = std::min<int128>(num_experts / moe_ep, per_ep);
    const int128 elems = per_ep * hidden_size * 2 + div(per_ep * inter_size * gemms(), moe_tp) +
                         div(int128(hidden_size) * inter_size * gemms(), moe_tp) * touched;
    return bytes_per_element(quant) * double(elems) + expert_scale_bytes(double(touched));
  }
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {cost::detail::ms(flops(q.x), sys.flops(compute_of(quant))), cost::detail::mem_ms(bytes(q.x), sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("hidden_size", hidden_size);
    f("inter_size", inter_size);
    f("topk", topk);
    f("num_experts", num_experts);
    f("moe_tp_size", moe_tp);
    f("moe_ep_size", moe_ep);
    f("attention_dp_size", attention_dp);
    f("quant_mode", quant);
    f("is_context", is_context);
    f("is_gated", is_gated);
  }
  std::string describe() const {
    return "E " + std::to_string(num_experts) + " top" + std::to_string(topk) + "  inter " +
           std::to_string(inter_size) + "  tp " + std::to_string(moe_tp) + " ep " + std::to_string(moe_ep) + "  " +
           std::string(strata::name(quant)) +
           (scale_bytes > 0 ? " +" + std::to_string(scale_bytes).substr(0, 6) + " B/w scales" : std::string()) +
           (is_gated ? "" : "  non-gated");
  }

private:
  static constexpr int128 div(int128 a, int b) {
    constexpr int128 lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
    return (a >= lo && a <= hi) ? int128(std::int64_t(a) / b) : a / b;
  }
};

/// The communication around the expert compute: before (`pre_dispatch`) or after it,
/// including the attention-output TP all-reduce of MoE layers. No weights.
struct moe_dispatch {
  static constexpr std::string_view class_name = "MoEDispatch";
  op_name name{};
  double scale_factor = 0;
  std::int64_t hidden_size = 0;
  int topk = 0;
  int num_experts = 0;
  int moe_tp = 1;
  int moe_ep = 1;
  int attention_dp = 1;
  bool pre_dispatch = true;
  std::optional<moe_quant> quant{};  // none: dispatched in bf16
  bool is_context = true;
  strata::backend backend = backend::trtllm;  // which framework's collectives are modeled
  /// The family prices the attention-output all-reduce with its own op, so vLLM's
  /// pre-dispatch all-reduce (which otherwise stands for it) is not counted again.
  bool attn_ar_modeled = false;
  /// Token divisor of SGLang's DeepEP paths (reported; the modeled paths ignore it).
  int scale_num_tokens = 1;

  constexpr double weight_bytes() const { return 0; }
  constexpr int num_gpus() const { return moe_tp * moe_ep; }
  constexpr int attention_tp() const { return num_gpus() / attention_dp; }

  /// The three frameworks' collectives (reference §5.5), over x tokens.
  constexpr double latency_ms(std::int64_t x, const cost::gpu_system& sys) const {
    using cost::detail::allreduce_ms;
    using cost::detail::gather_ms;
    const int gpus = num_gpus();
    const int attn_tp = attention_tp();
    const int dp = attention_dp;
    const double volume = double(x) * double(hidden_size);
    switch (backend) {
      case backend::vllm: {
        double t = attn_tp > 1 && !(pre_dispatch && attn_ar_modeled) ? allreduce_ms(sys, gpus, volume) : 0.0;
        if (dp > 1) t += gather_ms(sys, gpus, volume * dp);
        return t;
      }
      case backend::sglang: {
        if (attn_tp > 1 && dp > 1) return gather_ms(sys, attn_tp, volume) + gather_ms(sys, gpus, volume * dp);
        if (attn_tp > 1) return allreduce_ms(sys, gpus, volume);
        if (dp > 1) return gather_ms(sys, gpus, volume * dp);
        return 0;
      }
      case backend::trtllm: break;
    }
    if (sys.sm_version == 100) {
      if (dp > 1) {
        if (moe_tp == 1 && sys.gpus_per_node >= 72)
          throw invalid_input(std::string(sys.name) +
                              ": the TRT-LLM all-to-all MoE dispatch of 72-GPU NVLink domains "
                              "(attention DP with moe tp 1 and num_gpus_per_node >= 72) is not modeled by strata yet");
        if (!pre_dispatch) return gather_ms(sys, gpus, volume * dp);
        double per_token = 1.0;
        if (quant == moe_quant::nvfp4) per_token = 1.0 / 4 + 1.0 / 32;
        if (quant == moe_quant::fp8 || quant == moe_quant::fp8_block) per_token = 1.0 / 2;
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
  constexpr cost::sol_parts sol(const op_query& q, const cost::gpu_system& sys) const {
    return {0, latency_ms(q.x, sys), 0};
  }
  template <class F>
  constexpr void fields(F&& f) const {
    f("hidden_size", hidden_size);
    f("topk", topk);
    f("num_experts", num_experts);
    f("moe_tp_size", moe_tp);
    f("moe_ep_size", moe_ep);
    f("attention_dp_size", attention_dp);
    f("pre_dispatch", pre_dispatch);
    f("num_gpus", num_gpus());
    f("attention_tp_size", attention_tp());
    f("quant_mode", quant);
    f("is_context", is_context);
    f("scale_num_tokens", scale_num_tokens);
    f("attn_ar_modeled", attn_ar_modeled);
  }
  std::string describe() const {
    return std::string(pre_dispatch ? "pre" : "post") + "  over " + std::to_string(num_gpus()) + " GPUs";
  }
};

}  // namespace strata::ops
