// Compile-time benchmark: every catalog model's resolved layout, both op lists and
// a KV size evaluated in constant expressions, as a catalog TU pays for them.
#include "strata/strata.hpp"

namespace {
using namespace strata;

template <class Spec>
constexpr double checksum(const Spec& spec) {
  model_config cfg{.tp = 8};
  if (spec.is_moe()) cfg.moe_ep = 8;
  const resolved_config c = spec.resolve(cfg);
  return total_weight_bytes(spec.ops(phase::context, c)) + total_weight_bytes(spec.ops(phase::generation, c)) +
         spec.kv_bytes_per_sequence(4096, c);
}

constexpr double all = [] {
  double sum = 0;
  catalog::for_each_model([&](const auto& spec) { sum += checksum(spec); });
  return sum;
}();
static_assert(all > 0);
}  // namespace

int main() { return all > 0 ? 0 : 1; }
