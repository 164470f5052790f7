// Builds one phase's op list in the reference's construction order: op names, scale
// factors (MTP-scaled in decode), and composite ops with their children.
#pragma once

#include <string_view>
#include <type_traits>

#include "strata/core/config.hpp"
#include "strata/ops/op.hpp"

namespace strata {

/// MTP: per-layer and once-per-step generation ops run (L + nextn) / L times.
constexpr double mtp_factor(int nextn, int layers) {
  return nextn <= 0 ? 1.0 : double(nextn + layers) / double(layers);
}

class emitter {
 public:
  /// Emits into `out`, an empty list made for the phase (`op_list(phase, nextn)`), for
  /// a model whose checkpoint is `ck` (its group scales, if any, go on the ops of its format).
  /// `mtp_scaled` false: nextn does not scale the ops (Kimi-K3's DSPARK draft model is
  /// its own ops, not target-shaped layers).
  constexpr emitter(op_list& out, const resolved_config& c, int layers, const checkpoint_quant& ck = {},
                    bool mtp_scaled = true)
      : config_(&c),
        mtp_(out.phase() == strata::phase::generation && mtp_scaled ? mtp_factor(c.nextn, layers) : 1.0),
        gemm_scales_(scales_for(ck, c, false)),
        moe_scales_(scales_for(ck, c, true)),
        ops_(out) {}

  constexpr const resolved_config& config() const { return *config_; }
  constexpr strata::phase phase() const { return ops_.phase(); }
  constexpr bool context() const { return phase() == strata::phase::context; }
  /// Scale factor of an op that runs `count` times per forward pass.
  constexpr double scale(double count) const { return count * mtp_; }
  constexpr op_name name(std::string_view base) const { return {.phase = phase(), .base = base}; }
  constexpr op_name name(std::string_view group, std::string_view base) const {
    return {.phase = phase(), .group = group, .base = base};
  }
  /// A name without the phase prefix (ops of a separate draft model).
  constexpr op_name bare_name(std::string_view base) const {
    return {.phase = phase(), .unprefixed = true, .base = base};
  }

  /// Adds an op. A GEMM or expert op in the checkpoint's group-quantized format
  /// carries the format's scales (one place, so no mixer or family can forget them).
  template <class Op>
  constexpr void add(const Op& o) {
    if constexpr (std::is_same_v<Op, ops::gemm>) {
      if (gemm_scales_.any() && o.quant == config_->gemm && o.scale_bytes == 0) {
        ops::gemm g = o;
        g.scale_bytes = float(gemm_scales_.per_weight(o.n, o.k));
        return push(g);
      }
    } else if constexpr (std::is_same_v<Op, ops::moe>) {
      if (moe_scales_.any() && o.quant == config_->moe && o.scale_bytes == 0) {
        // Per weight over an expert's slice: gate/up (inter/moe_tp outputs over hidden)
        // and down (hidden outputs over inter/moe_tp).
        const std::int64_t local = o.inter_size / o.moe_tp, h = o.hidden_size;
        const auto& s = moe_scales_;
        const double weights = double(o.gemms()) * double(h) * double(local);
        ops::moe m = o;
        m.scale_bytes = float(((o.gemms() - 1) * s.of_matrix(local, h) + s.of_matrix(h, local)) / weights);
        return push(m);
      }
    }
    push(o);
  }

  /// Two op sequences on two streams: `a()` and `b()` emit them.
  template <class A, class B>
  constexpr void overlap(op_name name, A&& a, B&& b) {
    const std::size_t header = open(ops::overlap{.name = name});
    const std::size_t start = ops_.total();
    a();
    const std::size_t mid = ops_.total();
    b();
    close(header, ops::overlap{.name = name, .group_a = narrow(mid - start), .group_b = narrow(ops_.total() - mid)});
  }
  /// A primary op (emitted by `primary()`, exactly one) and its granular fallback.
  template <class P, class F>
  constexpr void fallback(op_name name, P&& primary, F&& rest) {
    const std::size_t header = open(ops::fallback{.name = name});
    const std::size_t start = ops_.total();
    primary();
    if (ops_.total() != start + 1) detail::invalid("strata: a fallback op has exactly one primary op");
    rest();
    close(header, ops::fallback{.name = name, .fallbacks = narrow(ops_.total() - start - 1)});
  }

 private:
  template <class Op>
  constexpr void push(const Op& o) {
    if (nesting_ > 0)
      ops_.add_child(o);
    else
      ops_.add(o);
  }
  constexpr std::size_t open(const op& header) {
    if (nesting_ > 0) detail::invalid("strata: composite ops do not nest");
    ops_.push_back(header);
    ++nesting_;
    return ops_.total() - 1;
  }
  constexpr void close(std::size_t header, const op& done) {
    --nesting_;
    ops_.replace(header, done);
  }
  static constexpr std::uint8_t narrow(std::size_t n) {
    if (n > 255) detail::invalid("strata: a composite op holds at most 255 ops");
    return static_cast<std::uint8_t>(n);
  }

  const resolved_config* config_;
  double mtp_ = 1.0;
  group_scales gemm_scales_{};
  group_scales moe_scales_{};
  int nesting_ = 0;
  op_list& ops_;
};

}  // namespace strata
