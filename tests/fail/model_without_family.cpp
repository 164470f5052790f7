// must not compile: a model's first part is a family policy.
#include "strata/families/llama.hpp"
struct not_a_family {};
using bad = decltype(strata::model{not_a_family{}, strata::model_facts{},
                                   strata::groups(strata::group(strata::families::llama::layer_type{}, 1))});
bad* unused = nullptr;
