// must not compile: the static counts of a stack must add up to the model's layers.
#include "strata/families/llama.hpp"
constexpr auto bad = strata::static_stack<32>(strata::group<30>(strata::families::llama::layer_type{}));
