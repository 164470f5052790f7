// A project that found strata with find_package(strata): compile-time and run-time use.
#include <strata/runtime/get_model.hpp>
#include <strata/strata.hpp>

static_assert(strata::catalog::mimo_v2_flash.is_moe());

int main() {
  const auto m = strata::get_model("meta-llama/Meta-Llama-3.1-8B");
  return m.ops(strata::phase::context, m.resolve({})).size() == 14 ? 0 : 1;
}
