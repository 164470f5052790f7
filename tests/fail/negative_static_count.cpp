// must not compile: a layer count cannot be negative.
#include "strata/families/llama.hpp"
strata::layer_group<strata::families::llama::layer_type, strata::static_int<-1>> bad{};
