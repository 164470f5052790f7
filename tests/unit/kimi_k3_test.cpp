// KIMIK3 (Kimi-K3): KDA + gated MLA layers, a dense first layer, latent MoE with
// full-width shared experts, DSPARK draft-model ops. Expected numbers are hand
// derivations from moonshotai/Kimi-K3's config.json (text_config):
//   hidden 7168, 93 layers, vocab 163840, 96 heads (num_key_value_heads 96)
//   linear_attn_config: num_heads 96, head_dim 128, short_conv_kernel_size 4,
//     kda_layers = 69 ids (1-based); full_attn_layers 4, 8, ..., 92, 93 (24)
//   q_lora 1536, kv_lora 512, qk_nope 128, qk_rope 64, v_head 128, mla_use_output_gate
//   first_k_dense_replace 1, intermediate_size 33792
//   896 experts, top-16, moe_intermediate_size 3072, routed_expert_hidden_size 3584,
//   num_shared_experts 2; attn_res_block_size 12.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "strata/cost/estimate.hpp"
#include "strata/runtime/get_model.hpp"
#include "strata/strata.hpp"

using namespace strata;
using cost::systems::h200_sxm;
using strata::test::layer_counts;
using strata::test::named;

namespace {
const std::filesystem::path shared_dir = STRATA_SHARED_DIR;
const std::filesystem::path k3_config = shared_dir / "hf-configs/moonshotai--Kimi-K3_config.json";

std::vector<std::string> names(const op_list& ops) {
  std::vector<std::string> out;
  for (const auto& o : ops) out.push_back(name_of(o).str());
  return out;
}
bool has(const op_list& ops, std::string_view n) {
  for (const auto& o : ops.all())
    if (name_of(o) == n) return true;
  return false;
}
const ops::gemm& gemm_of(const op_list& ops, std::string_view n) { return std::get<ops::gemm>(named(ops, n)); }
const ops::kda_kernel& kda_of(const op_list& ops, std::string_view n) {
  return std::get<ops::kda_kernel>(named(ops, n));
}
/// Bytes over h200_sxm's 4.8 TB/s, in ms.
double hbm_ms(double bytes) { return bytes / 4.8e12 * 1e3; }

/// A four-layer Kimi-K3 shape written for the refusal tests; `lac` is its
/// linear_attn_config.
std::string tiny(const std::string& lac) {
  return R"({"architectures": ["KimiK3ForConditionalGeneration"], "text_config": {
    "hidden_size": 256, "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 4,
    "vocab_size": 1024, "max_position_embeddings": 4096, "intermediate_size": 512,
    "q_lora_rank": 64, "kv_lora_rank": 32, "qk_nope_head_dim": 32, "qk_rope_head_dim": 16, "v_head_dim": 32,
    "num_experts": 8, "num_experts_per_token": 2, "moe_intermediate_size": 64, "routed_expert_hidden_size": 128,
    "num_shared_experts": 1, "first_k_dense_replace": 1, "mla_use_output_gate": true,
    "linear_attn_config": )" +
         lac + "}}";
}
}  // namespace

TEST_CASE("Kimi-K3 loads by path: 69 KDA and 24 MLA layers, layer 0 dense, the catalog spec the same") {
  if (!std::filesystem::exists(k3_config)) {
    MESSAGE("skipped: " << k3_config << " not found (../shared beside the checkout)");
    return;
  }
  const any_model m = load_hf_model(k3_config);
  CHECK(m.family() == "KIMIK3");
  CHECK(m.is_moe());
  // kda_layers holds 1 (the dense layer 0) and 68 more; the 24 others are MLA, all MoE.
  CHECK(layer_counts(m) == std::map<std::string, int>{{"kda_dense", 1}, {"kda_moe", 68}, {"mla_moe", 24}});
  CHECK(layer_counts(get_model("moonshotai/Kimi-K3")) == layer_counts(m));
}

TEST_CASE("Kimi-K3 at tp 8, ep 8 on SGLang: the reference's context ops, order and shapes") {
  const any_model m = get_model("moonshotai/Kimi-K3");
  const auto c = m.resolve({.tp = 8, .moe_ep = 8, .backend = backend::sglang});
  // The checkpoint quantizes only the routed experts (MXFP4): GEMMs stay bf16.
  CHECK(c.gemm == gemm_quant::bfloat16);
  CHECK(c.moe == moe_quant::w4a16_mxfp4);
  const auto ctx = m.ops(phase::context, c);
  CHECK(names(ctx) == std::vector<std::string>{"context_embedding",
                                               "context_embedding_ar",
                                               "context_kda_norm",
                                               "context_kda_qkvg_gemm",
                                               "context_kda_bfa_gemm",
                                               "context_kda_fb_gemm",
                                               "context_kda_conv1d",
                                               "context_kda_scan",
                                               "context_kda_onorm",
                                               "context_kda_o_gemm",
                                               "context_kda_ar",
                                               "context_mla_norm",
                                               "context_mla_downscale_gemm",
                                               "context_mla_q_b_gemm",
                                               "context_mla_kv_b_gemm",
                                               "context_attention",
                                               "context_mla_gate_gemm",
                                               "context_mla_gate_mul",
                                               "context_mla_o_gemm",
                                               "context_mla_ar",
                                               "context_attn_res",
                                               "context_ffn_norm",
                                               "context_dense_gate_up_gemm",
                                               "context_dense_act_gate",
                                               "context_dense_down_gemm",
                                               "context_dense_ffn_ar",
                                               "context_router_gemm",
                                               "context_latent_down_gemm",
                                               "context_latent_norm",
                                               "context_moe_pre_dispatch",
                                               "context_moe",
                                               "context_moe_post_dispatch",
                                               "context_latent_up_gemm",
                                               "context_shared_gate_up_gemm",
                                               "context_shared_act_gate",
                                               "context_shared_down_gemm",
                                               "context_logits_gemm",
                                               "context_p2p"});
  // KDA, per GPU 96 / 8 = 12 heads of 128, P = 1536: q, k, v and gate 4 x 1536 = 6144;
  // beta over this GPU's heads (96 / 8 = 12, C17; the reference leaves it whole, 96) + the
  // forget gate's low-rank down (128, replicated) = 140; its up 128 -> 1536.
  CHECK(scale_of(named(ctx, "context_kda_qkvg_gemm")) == 69);
  CHECK((gemm_of(ctx, "context_kda_qkvg_gemm").n == 6144 && gemm_of(ctx, "context_kda_qkvg_gemm").k == 7168));
  CHECK(gemm_of(ctx, "context_kda_bfa_gemm").n == 140);
  CHECK((gemm_of(ctx, "context_kda_fb_gemm").n == 1536 && gemm_of(ctx, "context_kda_fb_gemm").k == 128));
  CHECK((gemm_of(ctx, "context_kda_o_gemm").n == 7168 && gemm_of(ctx, "context_kda_o_gemm").k == 1536));
  CHECK(gemm_of(ctx, "context_kda_o_gemm").low_precision_input);
  const auto& scan = kda_of(ctx, "context_kda_scan");
  CHECK(scan.kernel_source == ops::kda_source::chunk_kda);
  CHECK((scan.num_k_heads == 12 && scan.head_k_dim == 128 && scan.num_v_heads == 12 && scan.head_v_dim == 128));
  CHECK((scan.d_conv == 4 && scan.d_model == 7168));
  CHECK(kda_of(ctx, "context_kda_conv1d").kernel_source == ops::kda_source::causal_conv1d_fn_qkv3);
  const auto& onorm = std::get<ops::elementwise>(named(ctx, "context_kda_onorm"));
  CHECK((onorm.dim_in == 3072 && onorm.dim_out == 1536));
  // MLA, 24 layers: q_a + kv_a + rope 1536 + 512 + 64 = 2112; q_b 96 x 192 / 8 = 2304;
  // kv_b 96 x (128 + 128) / 8 = 3072; the gate 7168 -> 96 x 128 / 8 = 1536 and back.
  CHECK(scale_of(named(ctx, "context_mla_downscale_gemm")) == 24);
  CHECK(gemm_of(ctx, "context_mla_downscale_gemm").n == 2112);
  CHECK((gemm_of(ctx, "context_mla_q_b_gemm").n == 2304 && gemm_of(ctx, "context_mla_q_b_gemm").k == 1536));
  CHECK((gemm_of(ctx, "context_mla_kv_b_gemm").n == 3072 && gemm_of(ctx, "context_mla_kv_b_gemm").k == 512));
  CHECK((gemm_of(ctx, "context_mla_gate_gemm").n == 1536 && gemm_of(ctx, "context_mla_gate_gemm").k == 7168));
  CHECK(std::get<ops::elementwise>(named(ctx, "context_mla_gate_mul")).dim_in == 3072);
  CHECK((gemm_of(ctx, "context_mla_o_gemm").n == 7168 && gemm_of(ctx, "context_mla_o_gemm").k == 1536));
  CHECK(std::get<ops::context_mla>(named(ctx, "context_attention")).num_heads == 12);
  // AttnRes: two aggregations per layer, 2 x 93 = 186, 4h -> 2h.
  const auto& res = std::get<ops::elementwise>(named(ctx, "context_attn_res"));
  CHECK((scale_of(named(ctx, "context_attn_res")) == 186 && res.dim_in == 28672 && res.dim_out == 14336));
  CHECK(scale_of(named(ctx, "context_ffn_norm")) == 93);
  // Dense layer 0: 2 x 33792 / 8 = 8448, down from 4224.
  CHECK(scale_of(named(ctx, "context_dense_gate_up_gemm")) == 1);
  CHECK(gemm_of(ctx, "context_dense_gate_up_gemm").n == 8448);
  CHECK(gemm_of(ctx, "context_dense_down_gemm").k == 4224);
  // Latent MoE, 92 layers: router over the hidden state (bf16), 7168 -> 3584 and back
  // (bf16, replicated), experts 3584 wide; shared 2 x 3072 = 6144: 2 x 6144 / 8 = 1536.
  CHECK(scale_of(named(ctx, "context_moe")) == 92);
  CHECK((gemm_of(ctx, "context_router_gemm").n == 896 && gemm_of(ctx, "context_router_gemm").k == 7168));
  CHECK((gemm_of(ctx, "context_latent_down_gemm").n == 3584 && gemm_of(ctx, "context_latent_down_gemm").k == 7168));
  CHECK(gemm_of(ctx, "context_latent_down_gemm").quant == gemm_quant::bfloat16);
  CHECK((gemm_of(ctx, "context_latent_up_gemm").n == 7168 && gemm_of(ctx, "context_latent_up_gemm").k == 3584));
  const auto& experts = std::get<ops::moe>(named(ctx, "context_moe"));
  CHECK(
      (experts.hidden_size == 3584 && experts.inter_size == 3072 && experts.topk == 16 && experts.num_experts == 896));
  CHECK(std::get<ops::moe_dispatch>(named(ctx, "context_moe_pre_dispatch")).hidden_size == 3584);
  CHECK(gemm_of(ctx, "context_shared_gate_up_gemm").n == 1536);
  CHECK((gemm_of(ctx, "context_shared_down_gemm").k == 768 &&
         !gemm_of(ctx, "context_shared_down_gemm").low_precision_input));
  CHECK(gemm_of(ctx, "context_logits_gemm").n == 163840 / 8);
}

TEST_CASE("Kimi-K3 KDA kernels: the reference's byte models") {
  const any_model m = get_model("moonshotai/Kimi-K3");
  const auto c = m.resolve({.tp = 8, .moe_ep = 8, .backend = backend::sglang});
  const auto ctx = m.ops(phase::context, c);
  // Prefill of 1024 tokens, P = 12 x 128 = 1536, fp32 state S = 12 x 128 x 128 x 4 = 786,432 B,
  // 1024 / 64 = 16 chunk states H = 16 x 786,432 = 12,582,912 B:
  //   chunk_kda read  1024 x 4 x 1536 x 2 + S + H = 12,582,912 + 786,432 + 12,582,912 = 25,952,256
  //             write 1024 x 1536 x 2 + S + H     =  3,145,728 + 786,432 + 12,582,912 = 16,515,072
  //   conv (q, k, v): 3 x 1024 x 1536 x (4 + 1) x 2 + 3 x 1024 x 1536 x 2 = 47,185,920 + 9,437,184
  const op_query prefill{1024, 1, 1024, 0};
  CHECK(kda_of(ctx, "context_kda_scan").sol(prefill, h200_sxm).latency_ms() ==
        doctest::Approx(hbm_ms(25952256.0 + 16515072.0)).epsilon(1e-12));
  CHECK(kda_of(ctx, "context_kda_conv1d").sol(prefill, h200_sxm).latency_ms() ==
        doctest::Approx(hbm_ms(47185920.0 + 9437184.0)).epsilon(1e-12));
  const auto r = cost::context_step(ctx, h200_sxm, 1, 1024);
  std::size_t scan_at = 0;
  for (std::size_t i = 0; i < ctx.size(); ++i)
    if (name_of(ctx[i]) == "context_kda_scan") scan_at = i;
  CHECK(r.op_ms[scan_at] == doctest::Approx(hbm_ms(25952256.0 + 16515072.0) * 69).epsilon(1e-12));

  // Decode, 8 requests: packed recurrence read 8 x 4 x 1536 x 2 + 8 S = 98,304 + 6,291,456,
  // write 8 x 1536 x 2 + 8 S = 24,576 + 6,291,456; the KV length plays no part.
  const auto gen = m.ops(phase::generation, c);
  CHECK(kda_of(gen, "generation_kda_recurrent").sol({8, 8, 4096, 0}, h200_sxm).latency_ms() ==
        doctest::Approx(hbm_ms(98304.0 + 6291456.0 + 24576.0 + 6291456.0)).epsilon(1e-12));
  // conv update: 8 x 3 x 1536 x 5 x 2 + 8 x 3 x 1536 x 2 = 368,640 + 73,728.
  CHECK(kda_of(gen, "generation_kda_conv1d").sol({8, 8, 4096, 0}, h200_sxm).latency_ms() ==
        doctest::Approx(hbm_ms(368640.0 + 73728.0)).epsilon(1e-12));

  // DSPARK verify with nextn 3: the step queries 8 x 4 = 32; the kernel prices
  // round(32 / 4) = 8 requests of 4 tokens, x = 32: read 32 x 4 x 1536 x 2 + 8 S =
  // 393,216 + 6,291,456; write 32 x 1536 x 2 + 32 S = 98,304 + 25,165,824.
  const auto spec = m.resolve({.tp = 8, .moe_ep = 8, .nextn = 3, .backend = backend::sglang});
  const auto verify_ops = m.ops(phase::generation, spec);
  const auto& verify = kda_of(verify_ops, "generation_kda_verify");
  CHECK((verify.phase == ops::kda_phase::verify && verify.draft_tokens == 4));
  CHECK(verify.kernel_source == ops::kda_source::fused_sigmoid_gating_delta_rule_update);
  CHECK(verify.sol({32, 32, 4096, 0}, h200_sxm).latency_ms() ==
        doctest::Approx(hbm_ms(393216.0 + 6291456.0 + 98304.0 + 25165824.0)).epsilon(1e-12));
  // Python's round: 10 / 4 = 2.5 -> 2 requests (x = 8), 1 / 4 -> at least 1.
  CHECK(verify.coords(10, 4096) == std::pair<double, double>{2, 4});
  CHECK(verify.coords(1, 4096) == std::pair<double, double>{1, 4});
  CHECK(verify.coords(14, 4096) == std::pair<double, double>{4, 4});  // 3.5 -> 4
}

TEST_CASE("Kimi-K3 decode per backend: SGLang's pair of kernels, vLLM's fused decode, no MTP factor") {
  const any_model m = get_model("moonshotai/Kimi-K3");
  const auto sglang = m.ops(phase::generation, m.resolve({.tp = 8, .moe_ep = 8, .backend = backend::sglang}));
  CHECK(has(sglang, "generation_kda_conv1d"));
  CHECK(has(sglang, "generation_kda_recurrent"));
  CHECK(has(sglang, "generation_kda_onorm"));
  CHECK(has(sglang, "generation_bmm_pre"));
  CHECK(!has(sglang, "generation_mla_kv_b_gemm"));  // absorbed into the BMMs
  CHECK(!has(sglang, "draft_embedding"));
  const auto vllm = m.ops(phase::generation, m.resolve({.tp = 8, .moe_ep = 8, .backend = backend::vllm}));
  CHECK(kda_of(vllm, "generation_kda_fused_decode").kernel_source == ops::kda_source::fused_kda_decode);
  CHECK(!has(vllm, "generation_kda_onorm"));  // fused into the decode kernel
  const auto& attention = std::get<ops::generation_attention>(named(vllm, "generation_attention"));
  CHECK((attention.n == 12 && attention.n_kv == 12 && attention.head_size == 128));
  const auto vllm_ctx = m.ops(phase::context, m.resolve({.tp = 8, .moe_ep = 8, .backend = backend::vllm}));
  CHECK(kda_of(vllm_ctx, "context_kda_scan").kernel_source == ops::kda_source::flashkda_fwd);
  // nextn is DSPARK's block size: the target's ops keep their layer counts.
  const auto spec = m.ops(phase::generation, m.resolve({.tp = 8, .moe_ep = 8, .nextn = 3, .backend = backend::sglang}));
  CHECK(scale_of(named(spec, "generation_kda_qkvg_gemm")) == 69);
  CHECK(scale_of(named(spec, "generation_embedding")) == 1);
  CHECK(spec.nextn() == 3);
}

TEST_CASE("Kimi-K3 DSPARK draft ops, nextn 3, tp 8: SGLang's GQA draft, vLLM's latent draft") {
  const any_model m = get_model("moonshotai/Kimi-K3");
  // The draft forwards 3 tokens of the 4 the step is priced at: 5 layers x 3 / 4 = 3.75;
  // its kv projection runs once per committed token (5 / 4), its logits once (1 / 4).
  const auto sg = m.ops(phase::generation, m.resolve({.tp = 8, .moe_ep = 8, .nextn = 3, .backend = backend::sglang}));
  std::vector<std::string> draft;
  for (const auto& n : names(sg))
    if (n.starts_with("draft_")) draft.push_back(n);
  CHECK(draft == std::vector<std::string>{"draft_embedding", "draft_norm", "draft_qkv_gemm", "draft_attention",
                                          "draft_proj_gemm", "draft_gate_up_gemm", "draft_act_gate", "draft_down_gemm",
                                          "draft_ar", "draft_kv_proj_gemm", "draft_logits_gemm"});
  CHECK(names(sg).back() == "draft_logits_gemm");
  CHECK(scale_of(named(sg, "draft_embedding")) == 0.75);
  CHECK(scale_of(named(sg, "draft_norm")) == 7.5);
  CHECK(scale_of(named(sg, "draft_qkv_gemm")) == 3.75);
  CHECK(scale_of(named(sg, "draft_ar")) == 7.5);
  CHECK(scale_of(named(sg, "draft_kv_proj_gemm")) == 1.25);
  CHECK(scale_of(named(sg, "draft_logits_gemm")) == 0.25);
  // GQA 64 q / 16 kv heads of 64: qkv (4096 + 2 x 1024) / 8 = 768; o from 4096 / 8 = 512;
  // MLP 2 x 14336 / 8 = 3584, down from 1792; kv projection 2 x 16 x 64 / 8 = 256.
  CHECK(gemm_of(sg, "draft_qkv_gemm").n == 768);
  const auto& a = std::get<ops::generation_attention>(named(sg, "draft_attention"));
  CHECK((a.n == 8 && a.n_kv == 2 && a.head_size == 64));
  CHECK(gemm_of(sg, "draft_proj_gemm").k == 512);
  CHECK(gemm_of(sg, "draft_gate_up_gemm").n == 3584);
  CHECK(gemm_of(sg, "draft_down_gemm").k == 1792);
  CHECK(gemm_of(sg, "draft_kv_proj_gemm").n == 256);
  CHECK(gemm_of(sg, "draft_logits_gemm").quant == gemm_quant::bfloat16);

  const auto vl = m.ops(phase::generation, m.resolve({.tp = 8, .moe_ep = 8, .nextn = 3, .backend = backend::vllm}));
  // 64 heads, q_lora 1536 + kv_lora 512 + rope 64 = 2112; q_b 64 x 192 / 8 = 1536;
  // attention 8 / 8 heads of v 128; o from 64 x 128 / 8 = 1024; kv projection 576.
  CHECK(gemm_of(vl, "draft_downscale_gemm").n == 2112);
  CHECK((gemm_of(vl, "draft_q_b_gemm").n == 1536 && gemm_of(vl, "draft_q_b_gemm").k == 1536));
  const auto& va = std::get<ops::generation_attention>(named(vl, "draft_attention"));
  CHECK((va.n == 8 && va.n_kv == 8 && va.head_size == 128));
  CHECK(gemm_of(vl, "draft_proj_gemm").k == 1024);
  CHECK(gemm_of(vl, "draft_kv_proj_gemm").n == 576);
  CHECK(!has(vl, "draft_qkv_gemm"));
}

TEST_CASE("Kimi-K3 cache per sequence: MLA latent per token, KDA state constant, draft KV with DSPARK") {
  const any_model m = get_model("moonshotai/Kimi-K3");
  // MLA: 24 layers x (512 + 64) x 2 B = 27,648 B per token, whole on every GPU.
  // KDA at tp 8, per layer: 12 x 128 x 128 x 4 B = 786,432 B state + (4 - 1) x 3 x 12 x 128
  // x 2 B = 27,648 B conv window = 814,080 B; x 5 radix slots (the reference's) x 69 layers
  // = 280,857,600 B per request.
  const auto c8 = m.resolve({.tp = 8, .moe_ep = 8, .backend = backend::sglang});
  for (std::int64_t s : {1, 4096, 131072}) CHECK(m.kv_bytes_per_sequence(s, c8) == 280857600.0 + 27648.0 * double(s));
  // tp 1: 96 x 128 x 128 x 4 = 6,291,456 + 3 x 3 x 96 x 128 x 2 = 221,184 -> 6,512,640 x 5 x 69.
  const auto c1 = m.resolve({.tp = 1, .moe_ep = 1, .backend = backend::sglang});
  CHECK(m.kv_bytes_per_sequence(0, c1) == 2246860800.0);
  // DSPARK nextn 3: SGLang's GQA draft 5 layers x 2 x max(1, 16 / 8) x 64 x 2 B = 2,560 B per
  // token; vLLM's latent draft 5 x 576 x 2 B = 5,760 B per token.
  const auto sg = m.resolve({.tp = 8, .moe_ep = 8, .nextn = 3, .backend = backend::sglang});
  CHECK(m.kv_bytes_per_sequence(1000, sg) == 280857600.0 + (27648.0 + 2560.0) * 1000);
  const auto vl = m.resolve({.tp = 8, .moe_ep = 8, .nextn = 3, .backend = backend::vllm});
  CHECK(m.kv_bytes_per_sequence(1000, vl) == 280857600.0 + (27648.0 + 5760.0) * 1000);
}

TEST_CASE("Kimi-K3 weights at tp 1 in bf16 are the 2.8T parameters within 1 %") {
  const any_model m = get_model("moonshotai/Kimi-K3");
  const auto c = m.resolve({.tp = 1, .moe_ep = 1, .gemm = gemm_quant::bfloat16, .moe = moe_quant::bfloat16});
  // Parameters, by op (the context list holds every weight once):
  //   embedding and lm_head       2 x 163840 x 7168                                 =     2,348,810,240
  //   KDA x 69: qkvg 4 x 12288 x 7168 + bfa 224 x 7168 + fb 12288 x 128 + o 7168 x 12288
  //             = 443,580,416                                                    =    30,607,048,704
  //   MLA x 24: 2112 x 7168 + 18432 x 1536 + 24576 x 512 + gate 12288 x 7168 + o 7168 x 12288
  //             = 232,194,048                                                    =     5,572,657,152
  //   dense layer 0: 3 x 33792 x 7168                                               =       726,663,168
  //   MoE x 92: router 896 x 7168 + latent 2 x 3584 x 7168 + experts 896 x 3 x 3584 x 3072
  //             + shared 3 x 6144 x 7168 = 29,784,932,352                          = 2,740,213,776,384
  //   total                                                                         = 2,779,468,955,648
  const double params = 2779468955648.0;
  CHECK(total_weight_bytes(m.ops(phase::context, c)) == 2 * params);
  CHECK(params / 2.8e12 == doctest::Approx(1).epsilon(0.01));  // Kimi-K3 is published as 2.8T
}

TEST_CASE("Kimi-K3 activation memory: the MoE table on SGLang, the default elsewhere, no MoE workspace") {
  const auto traits = get_model("moonshotai/Kimi-K3").memory().traits;
  // sglang_backend.py: KIMIK3 {1: 28, 2: 17, 4: 13, 8: 13}; the TRT-LLM table (vLLM's too)
  // has no KIMIK3 entry, so its default {10, 6, 5, 5}; KIMIK3 is not a workspace family.
  CHECK(cost::detail::activation_coefficient(traits.table, backend::sglang, 1) == 28);
  CHECK(cost::detail::activation_coefficient(traits.table, backend::sglang, 8) == 13);
  CHECK(cost::detail::activation_coefficient(traits.table, backend::trtllm, 1) == 10);
  CHECK(cost::detail::activation_coefficient(traits.table, backend::vllm, 8) == 5);
  CHECK(!traits.moe_workspace);
}

TEST_CASE("Kimi-K3 configs: layouts and keys it refuses, the output gate follows the config") {
  const std::string lac = R"({"num_heads": 4, "head_dim": 32, "short_conv_kernel_size": 4, "kda_layers": [1, 2, 3]})";
  const any_model m = model_from_hf_config(tiny(lac));
  CHECK(m.family() == "KIMIK3");
  CHECK(layer_counts(m) == std::map<std::string, int>{{"kda_dense", 1}, {"kda_moe", 2}, {"mla_moe", 1}});
  // tp 3 does not divide the 4 KDA heads.
  CHECK_THROWS_WITH_AS(m.resolve({.tp = 3, .moe_tp = 3, .moe_ep = 1}), doctest::Contains("KDA heads"), invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config(tiny(R"({"num_heads": 4, "head_dim": 32, "kda_layers": [1, 5]})")),
                       doctest::Contains("kda_layers"), invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config(tiny(R"({"num_heads": 4, "head_dim": 32, "kda_layers": []})")),
                       doctest::Contains("kda_layers"), invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config(tiny(R"({"num_heads": 4, "head_dim": 32, "kda_layers": [1],
                                                     "use_full_rank_gate": false})")),
                       doctest::Contains("use_full_rank_gate"), invalid_input);
  CHECK_THROWS_WITH_AS(model_from_hf_config(tiny(R"({"head_dim": 32, "kda_layers": [1]})")),
                       doctest::Contains("num_heads"), invalid_input);
  // Without mla_use_output_gate the MLA layers have no gate ops (C-rule in docs/corrections.md).
  std::string no_gate = tiny(lac);
  no_gate.replace(no_gate.find(R"("mla_use_output_gate": true)"), 27, R"("mla_use_output_gate": false)");
  const auto ops = model_from_hf_config(no_gate).ops(phase::context, m.resolve({.moe_ep = 1}));
  CHECK(!has(ops, "context_mla_gate_gemm"));
  CHECK(has(m.ops(phase::context, m.resolve({.moe_ep = 1})), "context_mla_gate_gemm"));
}
