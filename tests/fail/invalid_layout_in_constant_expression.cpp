// must not compile: tp 3 does not divide Llama-3.1-8B's 32 heads; in a constant
// expression the rejected layout is a compile error naming the values.
#include "strata/catalog/models.hpp"
constexpr auto bad = strata::catalog::meta_llama_3_1_8b.resolve({.tp = 3});
