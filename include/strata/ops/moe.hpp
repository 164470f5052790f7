#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/core/quant.hpp"
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

  constexpr int gemms() const { return is_gated ? 3 : 2; }
  constexpr double weight_bytes() const {
    const double all = double(hidden_size) * double(inter_size) * num_experts * bytes_per_element(quant) * gemms();
    // Two floor divisions; the values are non-negative and far below 2^53, so
    // truncation through int64 is floor (and constexpr, unlike std::floor on clang).
    const auto floor = [](double v) { return double(std::int64_t(v)); };
    return floor(floor(all / moe_ep) / moe_tp);
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
    return bytes_per_element(quant) * double(elems);
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

  constexpr double weight_bytes() const { return 0; }
  constexpr int num_gpus() const { return moe_tp * moe_ep; }
  constexpr int attention_tp() const { return num_gpus() / attention_dp; }
};

}  // namespace strata::ops
