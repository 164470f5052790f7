// must not compile: a layer's first part must be a mixer.
#include "strata/families/llama.hpp"
strata::layer<int, strata::ffns::gated_mlp> bad{};
