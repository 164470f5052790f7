// must not compile: the LLAMA family has no way to price latent-attention layers.
#include "strata/families/deepseek.hpp"
#include "strata/families/llama.hpp"
using mla_layer = strata::layer<strata::mixers::mla, strata::ffns::gated_mlp>;
using bad = strata::model<strata::families::llama,
                          decltype(strata::groups(strata::group(mla_layer{}, 1)))>;
bad* unused = nullptr;
constexpr auto size = sizeof(bad);
