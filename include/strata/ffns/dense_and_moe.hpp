// A dense MLP and routed experts side by side in one layer, their outputs summed
// (Gemma-4's MoE layers: Gemma4TextMLP of intermediate_size on the normed residual
// plus Gemma4TextExperts of moe_intermediate_size, both on every layer).
#pragma once

#include <string>
#include <string_view>

#include "strata/ffns/dense.hpp"
#include "strata/ffns/moe.hpp"

namespace strata::ffns {

struct dense_and_moe {
  static constexpr std::string_view kind = "MLP + MoE";
  static constexpr std::string_view key = "mlp_moe";
  static constexpr bool routed = true;
  gated_mlp dense{};
  routed_moe moe{};

  constexpr void validate(std::string_view where) const {
    dense.validate(where);
    moe.validate(where);
  }
  constexpr void check(const resolved_config& c, const model_facts& m) const {
    dense.check(c, m);
    moe.check(c, m);
  }
  /// The routed part (what the memory model's MoE workspace is sized by).
  constexpr const routed_moe& routed_part() const { return moe; }
  std::string describe() const { return dense.describe() + " + " + moe.describe(); }
  constexpr bool operator==(const dense_and_moe&) const = default;
};

}  // namespace strata::ffns
