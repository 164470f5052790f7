// must not compile: a layer's second part must be an FFN.
#include "strata/families/llama.hpp"
strata::layer<strata::mixers::gqa, strata::mixers::gqa> bad{};
