// Property: a model with compile-time counts and the same model with run-time counts
// produce identical op lists and KV sizes, for every catalog model and many layouts.
#include <doctest/doctest.h>

#include "strata/strata.hpp"

using namespace strata;

namespace {

template <class Groups>
auto dynamic_twin(const model_spec<Groups>& s) {
  auto count = [&](auto layer) { return count_of<decltype(layer)>(s.groups); };
  using namespace layers;
  switch (s.info.family) {
    case family::llama: return any_model(model_spec{s.info, dense_groups{{count(full_dense{})}}});
    case family::moe: return any_model(model_spec{s.info, moe_groups{{count(sliding_moe{})}, {count(full_moe{})}}});
    case family::hybrid_moe:
      return any_model(model_spec{s.info, hybrid_groups{{count(full_moe{})}, {count(sliding_moe{})},
                                                        {count(sliding_dense{})}, {count(full_dense{})}}});
  }
  throw std::logic_error("family");
}

bool same_ops(const op_list& a, const op_list& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (name_of(a[i]).str() != name_of(b[i]).str() || class_of(a[i]) != class_of(b[i]) ||
        scale_of(a[i]) != scale_of(b[i]) || weight_bytes_of(a[i]) != weight_bytes_of(b[i]))
      return false;
  return true;
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
          if (spec.is_moe()) in.moe_ep = std::min(tp, spec.info.num_experts);
          if (spec.info.num_heads % tp != 0) continue;
          resolved_config c;
          try {
            c = spec.resolve(in);
          } catch (const invalid_input&) {
            CHECK_THROWS_AS(dyn.resolve(in), invalid_input);
            continue;
          }
          CAPTURE(spec.info.id);
          CAPTURE(tp);
          for (phase p : {phase::context, phase::generation}) CHECK(same_ops(spec.ops(p, c), dyn.ops(p, c)));
          for (std::int64_t s : {1, 127, 128, 129, 8192, 131072})
            CHECK(spec.kv_bytes_per_sequence(s, c) == dyn.kv_bytes_per_sequence(s, c));
          ++checked;
        }
  });
  CHECK(checked > 300);
}
