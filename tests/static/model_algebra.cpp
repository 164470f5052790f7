// Compile-only tests: this file compiling is the test. Expected numbers come from
// the models' config.json files and hand derivations in the comments.
#include <type_traits>

#include "strata/catalog/models.hpp"
#include "strata/model/pattern.hpp"

namespace {

using namespace strata;
using namespace strata::layers;

// --- Static and dynamic counts ---------------------------------------------------
static_assert(is_static_v<static_int<3>>);
static_assert(!is_static_v<int>);
static_assert(std::is_same_v<decltype(int_c<2> + int_c<3>), static_int<5>>);
static_assert(value_of(int_c<4> * int_c<3>) == 12);

// --- Patterns as written in configs count at compile time ------------------------
static_assert(count_char("M-M*E-ME*", 'M') == 3 && count_char("M-M*E-ME*", '*') == 2);
static_assert(count_equal(std::array<int, 6>{0, 1, 1, 0, 1, 1}, 1) == 4);
using counted = static_group<full_moe, count_char("EE*EE*", 'E')>;
static_assert(std::is_same_v<counted::count_type, static_int<4>>);

// --- MiMo-V2-Flash per-type counts (config.json hybrid_layer_pattern has nine 0s =
// full attention at layers 0,5,11,...,47; moe_layer_freq is 0 only at layer 0) -----
constexpr auto& mimo = catalog::mimo_v2_flash;
using mimo_groups = std::remove_cvref_t<decltype(mimo.groups)>;
static_assert(std::is_same_v<std::remove_cvref_t<decltype(boost::hana::at_c<0>(mimo.groups))>,
                             layer_group<full_moe, static_int<8>>>);
static_assert(std::is_same_v<std::remove_cvref_t<decltype(boost::hana::at_c<1>(mimo.groups))>,
                             layer_group<sliding_moe, static_int<39>>>);
static_assert(std::is_same_v<std::remove_cvref_t<decltype(boost::hana::at_c<2>(mimo.groups))>,
                             layer_group<full_dense, static_int<1>>>);
static_assert(count_of<full_moe>(mimo.groups) + count_of<full_dense>(mimo.groups) == 9);
static_assert(count_of<sliding_moe>(mimo.groups) + count_of<sliding_dense>(mimo.groups) == 39);
static_assert(count_of<full_moe>(mimo.groups) + count_of<sliding_moe>(mimo.groups) == 47);
static_assert(total_layers(mimo.groups) == 48);

// Scale factors per type, tp 8 / ep 4 (moe tp = 8 / 4 = 2).
constexpr auto mimo_cfg = mimo.resolve(model_config{.tp = 8, .moe_ep = 4});
static_assert(mimo_cfg.moe_tp == 2 && mimo_cfg.moe_ep == 4);
static_assert(mimo_cfg.gemm == gemm_quant::fp8_block && mimo_cfg.kv == kv_quant::fp8);  // fp8 block checkpoint
constexpr auto mimo_ctx = mimo.ops(phase::context, mimo_cfg);
constexpr double scale_named(const op_list& ops, std::string_view n) {
  for (const auto& o : ops)
    if (name_of(o) == n) return scale_of(o);
  return -1;
}
static_assert(scale_named(mimo_ctx, "context_global_qkv_gemm") == 8);
static_assert(scale_named(mimo_ctx, "context_swa_qkv_gemm") == 39);
static_assert(scale_named(mimo_ctx, "context_global_dense_qkv_gemm") == 1);
static_assert(scale_named(mimo_ctx, "context_swa_moe") == 39);
static_assert(scale_named(mimo_ctx, "context_swa_dense_qkv_gemm") == -1);  // no such layer
// SWA qkv width: 64 heads * 192 / 8 + ceil(8 / 8) * (192 + 128) = 1536 + 320 = 1856.
constexpr const op& find(const op_list& ops, std::string_view n) {
  for (const auto& o : ops)
    if (name_of(o) == n) return o;
  return ops[0];
}
static_assert(std::get<ops::gemm>(find(mimo_ctx, "context_swa_qkv_gemm")).n == 1856);
// The sliding layers attend to a 128-token window; the full ones have none.
static_assert(std::get<ops::context_attention>(mimo_ctx[12]).window_size == 128);
static_assert(std::get<ops::context_attention>(mimo_ctx[3]).window_size == 0);
// KV per sequence at 4096 tokens, fp8, one KV head per GPU on every layer:
// 9 full * 320 B * 4096 + 39 SWA * 320 B * 128 = 11,796,480 + 1,597,440.
static_assert(mimo.kv_bytes_per_sequence(4096, mimo_cfg) == 13393920.0);

// --- Llama-3.1-8B op list (config.json: 32 layers, 32 heads, 8 KV heads, hidden
// 4096, intermediate 14336, vocab 128256), tp 1 ---------------------------------
constexpr auto& l8 = catalog::meta_llama_3_1_8b;
constexpr auto l8_cfg = l8.resolve(model_config{});
constexpr auto l8_ctx = l8.ops(phase::context, l8_cfg);
static_assert(l8_ctx.size() == 14);
static_assert(name_of(l8_ctx[0]) == "context_embedding" && name_of(l8_ctx[13]) == "context_p2p");
static_assert(std::get<ops::gemm>(l8_ctx[2]).n == 4096 + 2 * 128 * 8);  // q + k + v = 6144
static_assert(std::get<ops::gemm>(l8_ctx[6]).n == 2 * 14336);            // gate + up
static_assert(std::get<ops::gemm>(l8_ctx[8]).k == 14336);                // down
static_assert(std::get<ops::gemm>(l8_ctx[9]).n == 128256);               // logits
static_assert(scale_of(l8_ctx[2]) == 32 && scale_of(l8_ctx[9]) == 1 && scale_of(l8_ctx[13]) == 0);
// Weights: 2 * vocab * hidden (embedding + lm_head) + 32 layers of
// (6144 + 4096 + 28672 + 14336) * 4096 bf16 weights = 16,060,522,496 B.
static_assert(total_weight_bytes(l8_ctx) == 2.0 * 2 * 128256 * 4096 + 32.0 * 2 * 4096 * (6144 + 4096 + 28672 + 14336));

// --- MTP: generation per-layer ops x (L + nextn) / L, context untouched ----------
constexpr auto l8_mtp = l8.resolve(model_config{.nextn = 2});
static_assert(scale_of(l8.ops(phase::generation, l8_mtp)[2]) == 32.0 * 34 / 32);
static_assert(scale_of(l8.ops(phase::generation, l8_mtp)[0]) == 34.0 / 32);
static_assert(scale_of(l8.ops(phase::context, l8_mtp)[2]) == 32);
constexpr auto mimo_mtp = mimo.resolve(model_config{.tp = 8, .moe_ep = 8, .nextn = 1});
static_assert(scale_named(mimo.ops(phase::generation, mimo_mtp), "generation_swa_moe") == 39.0 * 49 / 48);

// --- Invalid specs do not compile ------------------------------------------------
// A layer group needs a layer type and a non-negative count.
template <class L, class C>
concept makes_group = requires { typename layer_group<L, C>; };
static_assert(makes_group<full_moe, static_int<3>>);
static_assert(!makes_group<int, static_int<3>>);
static_assert(!makes_group<full_moe, static_int<-1>>);
static_assert(!makes_group<full_moe, double>);
// A static stack must add up to the model's layer count, with static counts only.
template <int Layers, class... Groups>
concept makes_stack = requires { typename static_stack<Layers, Groups...>; };
static_assert(makes_stack<48, static_group<full_moe, 40>, static_group<sliding_moe, 8>>);
static_assert(!makes_stack<48, static_group<full_moe, 40>>);
static_assert(!makes_stack<48, layer_group<full_moe, int>>);
// A layout whose tp does not divide the heads cannot be resolved in a constant
// expression: `constexpr auto bad = l8.resolve({.tp = 3});` fails to compile with
// "call to non-constexpr function 'strata::detail::invalid(...)'" pointing at
// "tp = 3 does not divide the 32 attention heads"; tests/unit checks the message.

}  // namespace
