// A vision encoder (ViT + patch-merger projector), listed as the reference lists
// Qwen3-VL's (reference/aic-model-layer.md §6.7; its blocks/vit.py): per block a norm,
// the fused q/k/v GEMM, bidirectional attention, the output GEMM, an all-reduce, a
// norm, a plain MLP and an all-reduce, each op once with the depth as its scale; the
// 2-D rotary embedding as one elementwise pass over q and k; then the merger MLP once
// per instance (the main merger and one per deepstack level). Encoder data
// parallelism, the reference's default: every GPU of the tp group holds the whole
// encoder (the all-reduces are over 1 GPU) and encodes its share of the images, and
// one all-gather hands every GPU all the merged embeddings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/core/config.hpp"
#include "strata/model/emitter.hpp"

namespace strata::encoders {

struct vit {
  int depth = 0;
  std::int64_t hidden = 0;
  int heads = 0;
  std::int64_t inter = 0;
  std::int64_t out_hidden = 0;  // the language model's hidden size
  int spatial_merge = 1;        // merge x merge patches become one token
  int deepstack = 0;            // extra mergers feeding deepstack levels
  bool rotary = true;           // 2-D rotary position embedding on q and k

  constexpr int head_dim() const { return heads > 0 ? int(hidden / heads) : 0; }
  /// The merger's input width: merge^2 patches concatenated.
  constexpr std::int64_t merged() const { return hidden * spatial_merge * spatial_merge; }
  constexpr int mergers() const { return 1 + deepstack; }

  constexpr void validate(std::string_view where) const {
    if (depth < 1 || hidden < 1 || heads < 1 || inter < 1 || out_hidden < 1 || spatial_merge < 1 || deepstack < 0)
      detail::invalid(std::string(where) + ": the vision encoder needs a positive depth, widths, heads and merge size");
    if (hidden % heads != 0)
      detail::invalid(std::string(where) + ": the vision hidden size " + detail::str(hidden) + " does not split into " +
                      detail::str(heads) + " heads");
  }

  /// The encoder's ops for layout `c` (tp = the encoder-DP degree).
  constexpr op_list ops(const resolved_config& c) const {
    op_list out(phase::encoder, 0);
    emitter e(out, c, depth);
    const double d = depth;
    const std::int64_t h = hidden, qkv = std::int64_t(heads) * head_dim();
    const auto bf16 = gemm_quant::bfloat16;
    e.add(ops::elementwise{.name = e.name("add_norm_1"), .scale_factor = d, .dim_in = 2 * h, .dim_out = 2 * h});
    e.add(ops::gemm{.name = e.name("qkv_gemm"), .scale_factor = d, .n = 3 * qkv, .k = h, .quant = bf16});
    e.add(ops::encoder_attention{.name = e.name("attention"),
                                 .scale_factor = d,
                                 .n = heads,
                                 .head_size = head_dim(),
                                 .fmha = fmha_quant::bfloat16});
    e.add(ops::gemm{
        .name = e.name("proj_gemm"), .scale_factor = d, .n = h, .k = qkv, .quant = bf16, .low_precision_input = true});
    e.add(ops::custom_allreduce{.name = e.name("ar_1"), .scale_factor = d, .h = h, .tp_size = 1});
    e.add(ops::elementwise{.name = e.name("add_norm_2"), .scale_factor = d, .dim_in = 2 * h, .dim_out = 2 * h});
    e.add(ops::gemm{.name = e.name("ffn1_gemm"), .scale_factor = d, .n = inter, .k = h, .quant = bf16});
    e.add(ops::elementwise{.name = e.name("act"), .scale_factor = d, .dim_in = inter, .dim_out = inter});
    e.add(ops::gemm{.name = e.name("ffn2_gemm"),
                    .scale_factor = d,
                    .n = h,
                    .k = inter,
                    .quant = bf16,
                    .low_precision_input = true});
    e.add(ops::custom_allreduce{.name = e.name("ar_2"), .scale_factor = d, .h = h, .tp_size = 1});
    // The rotary tables cover the whole head (cos and sin concatenated), so q and k
    // are rotated in full: 6 x heads x head_dim elements read and written per patch.
    if (rotary)
      e.add(ops::elementwise{.name = e.name("rope_apply"), .scale_factor = d, .dim_in = 6 * qkv, .dim_out = 6 * qkv});
    const double n = mergers();
    const std::int64_t m = merged();
    e.add(ops::gemm{.name = e.name("projector_fc0_gemm"), .scale_factor = n, .n = m, .k = m, .quant = bf16});
    e.add(ops::elementwise{.name = e.name("projector_fc0_act"), .scale_factor = n, .dim_in = m, .dim_out = m});
    e.add(ops::gemm{.name = e.name("projector_fc1_gemm"), .scale_factor = n, .n = out_hidden, .k = m, .quant = bf16});
    e.add(ops::custom_allreduce{.name = e.name("projector_ar"), .scale_factor = n, .h = out_hidden, .tp_size = 1});
    if (c.tp > 1)
      e.add(ops::nccl{.name = e.name("dp_all_gather"),
                      .scale_factor = 1,
                      .kind = ops::nccl_kind::all_gather,
                      .elements_per_token = double(out_hidden * mergers() * c.tp),
                      .num_gpus = c.tp,
                      .quant = comm_quant::half});
    return out;
  }

  std::string describe() const {
    return "ViT " + std::to_string(depth) + " blocks of " + std::to_string(hidden) + " (" + std::to_string(heads) +
           " heads, MLP " + std::to_string(inter) + "), " + std::to_string(mergers()) + " mergers to " +
           std::to_string(out_hidden);
  }
};

}  // namespace strata::encoders
