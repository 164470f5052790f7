// Quantization modes under the reference's enum names, with bytes per element and
// the compute dtype whose tensor-core peak prices their math (reference/SOL.md).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata {

/// Which tensor-core peak a quant mode's math runs at; `none` for storage-only modes.
enum class compute_dtype { bf16, fp8, int8, fp4, none };

enum class gemm_quant {
  bfloat16, int8_wo, int4_wo, fp8, fp8_static, sq, fp8_block, fp8_ootb, nvfp4, nvfp4_wo, w4a16_nvfp4
};
enum class moe_quant {
  bfloat16, fp8, int4_wo, fp8_block, w4afp8, nvfp4, nvfp4_wo, w4a16_mxfp4, w4a8_mxfp4_mxfp8,
  w4a8_mxfp4_mxfp8_trtllm, w4a16_mxfp4_cutlass, w4a16_nvfp4
};
enum class fmha_quant { bfloat16, float16, fp8, fp8_block };
enum class kv_quant { bfloat16, int8, fp8 };
enum class comm_quant { half, int8, fp8 };

struct quant_info {
  std::string_view name;
  double bytes;  // memory bytes per element; nvfp4's 9/16 = 0.5 B + one fp8 scale per 16
  compute_dtype compute;
};

namespace detail {
using enum compute_dtype;
inline constexpr std::array<quant_info, 11> gemm_table{{
    {"bfloat16", 2, bf16}, {"int8_wo", 1, bf16}, {"int4_wo", 0.5, bf16}, {"fp8", 1, fp8},
    {"fp8_static", 1, fp8}, {"sq", 1, int8}, {"fp8_block", 1, fp8}, {"fp8_ootb", 1, fp8},
    {"nvfp4", 0.5625, fp4}, {"nvfp4_wo", 0.5625, bf16}, {"w4a16_nvfp4", 0.5625, bf16}}};
inline constexpr std::array<quant_info, 12> moe_table{{
    {"bfloat16", 2, bf16}, {"fp8", 1, fp8}, {"int4_wo", 0.5, bf16}, {"fp8_block", 1, fp8},
    {"w4afp8", 0.5, fp8}, {"nvfp4", 0.5625, fp4}, {"nvfp4_wo", 0.5625, bf16},
    {"w4a16_mxfp4", 0.5, bf16}, {"w4a8_mxfp4_mxfp8", 0.5, fp8}, {"w4a8_mxfp4_mxfp8_trtllm", 0.5, fp8},
    {"w4a16_mxfp4_cutlass", 0.5, bf16}, {"w4a16_nvfp4", 0.5625, bf16}}};
inline constexpr std::array<quant_info, 4> fmha_table{
    {{"bfloat16", 2, bf16}, {"float16", 2, bf16}, {"fp8", 1, fp8}, {"fp8_block", 1, fp8}}};
inline constexpr std::array<quant_info, 3> kv_table{{{"bfloat16", 2, none}, {"int8", 1, none}, {"fp8", 1, none}}};
inline constexpr std::array<quant_info, 3> comm_table{{{"half", 2, none}, {"int8", 1, none}, {"fp8", 1, none}}};

template <class E> constexpr const auto& table_of();
template <> constexpr const auto& table_of<gemm_quant>() { return gemm_table; }
template <> constexpr const auto& table_of<moe_quant>() { return moe_table; }
template <> constexpr const auto& table_of<fmha_quant>() { return fmha_table; }
template <> constexpr const auto& table_of<kv_quant>() { return kv_table; }
template <> constexpr const auto& table_of<comm_quant>() { return comm_table; }
}  // namespace detail

template <class E>
concept QuantMode = requires { detail::table_of<E>(); };

template <QuantMode E>
constexpr const quant_info& info(E q) { return detail::table_of<E>()[static_cast<std::size_t>(q)]; }
template <QuantMode E>
constexpr std::string_view name(E q) { return info(q).name; }
template <QuantMode E>
constexpr double bytes_per_element(E q) { return info(q).bytes; }
template <QuantMode E>
constexpr compute_dtype compute_of(E q) { return info(q).compute; }

/// The scales (and zero points) a group-quantized weight-only checkpoint (AWQ, GPTQ,
/// compressed-tensors pack-quantized, bitsandbytes) stores beside its packed weights:
/// `bytes` for each group of `group` consecutive input features of one output feature
/// (`group` -1: one group per output feature, i.e. per-channel). {0, 0}: none, as the
/// reference's fixed bytes per element assume.
struct group_scales {
  int group = 0;
  double bytes = 0;

  constexpr bool any() const { return group != 0 && bytes > 0; }
  /// Scale bytes of an `out` x `in` matrix (`in` = the reduction axis, split in groups).
  constexpr double of_matrix(std::int64_t out, std::int64_t in) const {
    if (!any()) return 0;
    const std::int64_t groups = group < 0 ? 1 : (in + group - 1) / group;
    return double(out) * double(groups) * bytes;
  }
  /// The same, per weight of the matrix: what an op adds to its mode's bytes per element.
  constexpr double per_weight(std::int64_t out, std::int64_t in) const {
    return any() && out > 0 && in > 0 ? of_matrix(out, in) / (double(out) * double(in)) : 0.0;
  }
  constexpr bool operator==(const group_scales&) const = default;
};

/// The quant mode called `text`, or nothing.
template <QuantMode E>
constexpr std::optional<E> parse_quant(std::string_view text) {
  const auto& table = detail::table_of<E>();
  for (std::size_t i = 0; i < table.size(); ++i)
    if (table[i].name == text) return static_cast<E>(i);
  return std::nullopt;
}

/// "bfloat16, fp8, ..." for error messages.
template <QuantMode E>
std::string quant_names() {
  std::string out;
  for (const auto& q : detail::table_of<E>()) {
    if (!out.empty()) out += ", ";
    out += q.name;
  }
  return out;
}

constexpr std::string_view name(compute_dtype d) {
  switch (d) {
    case compute_dtype::bf16: return "bfloat16";
    case compute_dtype::fp8: return "fp8";
    case compute_dtype::int8: return "int8";
    case compute_dtype::fp4: return "fp4";
    case compute_dtype::none: break;
  }
  return "none";
}

}  // namespace strata
