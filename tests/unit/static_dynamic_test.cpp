// Property: a model with compile-time counts and the same model with run-time counts
// produce identical op lists and KV sizes, for every catalog model and many layouts.
#include <doctest/doctest.h>

#include <boost/hana/transform.hpp>

#include "strata/strata.hpp"

using namespace strata;

namespace {

/// The same model with run-time counts: every group's count becomes an int, and runs
/// of groups (block-wise models) move from a fixed array to a vector.
template <class F, class Groups>
any_model dynamic_twin(const model<F, Groups>& s) {
  auto dynamic = boost::hana::transform(s.groups, [](const auto& g) {
    using G = std::remove_cvref_t<decltype(g)>;
    if constexpr (is_layer_runs<G>::value) {
      using Run = typename G::run_type;
      return layer_runs<std::vector<Run>>{std::vector<Run>(g.runs.begin(), g.runs.end())};
    } else {
      static_assert(std::is_same_v<typename decltype(group(g.layer, g.n()))::count_type, int>);
      return group(g.layer, g.n());
    }
  });
  return any_model(model{F{}, s.facts, dynamic});
}

/// Same ops, composites' children included, with the same names, scales and weights.
bool same_ops(const op_list& a, const op_list& b) {
  if (a.size() != b.size() || a.total() != b.total()) return false;
  for (std::size_t i = 0; i < a.total(); ++i) {
    const op &x = a.all()[i], &y = b.all()[i];
    if (name_of(x).str() != name_of(y).str() || class_of(x) != class_of(y) || scale_of(x) != scale_of(y) ||
        weight_bytes_of(x) != weight_bytes_of(y) || children_count(x) != children_count(y))
      return false;
  }
  return total_weight_bytes(a) == total_weight_bytes(b);
}

}  // namespace

TEST_CASE("static and dynamic specs agree") {
  int checked = 0;
  catalog::for_each_model([&](const auto& spec) {
    const any_model dyn = dynamic_twin(spec);
    for (int tp : {1, 2, 4, 8})
      for (int nextn : {0, 1, 3})
        for (backend be : {backend::trtllm, backend::vllm}) {
          model_config in{.tp = tp, .nextn = nextn, .backend = be};
          if (spec.is_moe()) in.moe_ep = tp;
          if (spec.facts.num_heads % tp != 0) continue;
          resolved_config c;
          try {
            c = spec.resolve(in);
          } catch (const invalid_input&) {
            CHECK_THROWS_AS(dyn.resolve(in), invalid_input);
            continue;
          }
          CAPTURE(spec.facts.id);
          CAPTURE(tp);
          for (phase p : {phase::context, phase::generation}) CHECK(same_ops(spec.ops(p, c), dyn.ops(p, c)));
          for (std::int64_t s : {1, 127, 128, 129, 8192, 131072})
            CHECK(spec.kv_bytes_per_sequence(s, c) == dyn.kv_bytes_per_sequence(s, c));
          ++checked;
        }
  });
  CHECK(checked > 300);
}
