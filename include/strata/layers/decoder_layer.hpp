// Layer types: what attention a decoder layer runs and what FFN follows it. A layer
// type is an empty tag type; the family it belongs to turns it into ops.
#pragma once

#include <string_view>
#include <type_traits>

namespace strata::layers {

/// `sliding` covers sliding-window and chunked-local attention: both attend to at most
/// `window` keys and keep at most `window` tokens of KV per sequence.
enum class attention_kind { full, sliding };
enum class ffn_kind { dense, moe };

template <attention_kind A, ffn_kind F>
struct decoder_layer {
  static constexpr attention_kind attention = A;
  static constexpr ffn_kind ffn = F;
};

using full_dense = decoder_layer<attention_kind::full, ffn_kind::dense>;
using full_moe = decoder_layer<attention_kind::full, ffn_kind::moe>;
using sliding_dense = decoder_layer<attention_kind::sliding, ffn_kind::dense>;
using sliding_moe = decoder_layer<attention_kind::sliding, ffn_kind::moe>;

template <class T>
struct is_layer_type : std::false_type {};
template <attention_kind A, ffn_kind F>
struct is_layer_type<decoder_layer<A, F>> : std::true_type {};

template <class T>
concept LayerType = is_layer_type<T>::value;

/// The op-name prefix of a layer type in hybrid families (the reference's names).
template <LayerType T>
constexpr std::string_view hybrid_prefix() {
  if constexpr (T::attention == attention_kind::full)
    return T::ffn == ffn_kind::moe ? "global" : "global_dense";
  else
    return T::ffn == ffn_kind::moe ? "swa" : "swa_dense";
}

}  // namespace strata::layers
