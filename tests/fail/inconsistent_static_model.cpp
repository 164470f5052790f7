// must not compile: a constexpr model whose groups hold 30 layers but whose facts say
// 32 is rejected when it is built.
#include "strata/families/llama.hpp"
constexpr strata::model bad{strata::families::llama{},
                            strata::model_facts{.id = "bad", .layers = 32, .hidden = 4096, .vocab = 1000},
                            strata::groups(strata::group<30>(strata::families::llama::layer_type{
                                strata::mixers::gqa{.heads = 32, .kv_heads = 8, .head_dim = 128}, {14336}}))};
