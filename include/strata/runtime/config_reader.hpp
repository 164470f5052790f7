// What every architecture reader shares: the parsed config (with nested
// text_config), typed access that names the file and JSON path of a bad key, the
// fields every family reads (reference/aic-model-layer.md §2.2) and the checkpoint's
// quantization (§2.4, §2.5).
#pragma once

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/model/model.hpp"
#include "strata/runtime/any_model.hpp"
#include "strata/runtime/json_node.hpp"
#include "strata/runtime/json_text.hpp"

namespace strata {

/// Input limits: the largest real config here (MiniMax-M3 with per-layer quant
/// metadata) is 3 MiB and nests 6 deep. A parsed document takes up to ~26x its text
/// (one long array of small numbers), so 8 MiB keeps a hostile file near 200 MB.
inline constexpr std::size_t max_config_bytes = 8u << 20;
inline constexpr unsigned max_config_depth = 64;

namespace detail {

/// Parses into `storage` (a monotonic arena per config: a parse allocates a few
/// hundred small nodes that all die together). Errors name the line and column;
/// Infinity / NaN literals load (json_text.hpp).
inline boost::json::value parse_json_text(std::string_view text, const std::string& file,
                                          boost::json::storage_ptr storage = {}) {
  if (text.size() > max_config_bytes)
    throw invalid_input(file + ": " + std::to_string(text.size()) + " bytes; expected at most " +
                        std::to_string(max_config_bytes) + " bytes of JSON");
  boost::json::parse_options opts;
  opts.max_depth = max_config_depth;
  boost::json::value v = parse_json_document(text, file, std::move(storage), opts);
  if (!v.is_object())
    throw invalid_input(file + ": expected a JSON object at the top level, got " + json_node::show(v));
  return v;
}

inline std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

inline std::optional<std::string> string_at(const std::optional<json_node>& n, std::string_view key) {
  if (!n || !n->is_object()) return std::nullopt;
  auto v = n->get(key);
  if (!v) return std::nullopt;
  return v->string();
}

/// The module patterns a checkpoint keeps unquantized: quantization_config's
/// modules_to_not_convert / exclude_modules / ignore and hf_quant_config's
/// exclude_modules / ignore.
inline std::vector<std::string> exclusion_patterns(const std::optional<json_node>& qc,
                                                   const std::optional<json_node>& hqq) {
  std::vector<std::string> out;
  const auto collect = [&](const std::optional<json_node>& n, std::initializer_list<const char*> keys) {
    if (!n || !n->is_object()) return;
    for (const char* k : keys)
      if (auto list = n->get(k))
        for (const auto& p : list->array("a list of module name patterns")) out.push_back(p.string("a module pattern"));
  };
  collect(qc, {"modules_to_not_convert", "exclude_modules", "ignore"});
  collect(hqq, {"exclude_modules", "ignore"});
  return out;
}

/// Which parts the patterns cover. A pattern naming the whole attention block
/// (`self_attn` without a projection name) covers every projection group.
inline checkpoint_exclusions categorize(const std::vector<std::string>& patterns) {
  checkpoint_exclusions e;
  const auto has = [](const std::string& p, std::initializer_list<std::string_view> words) {
    for (auto w : words)
      if (p.find(w) != std::string::npos) return true;
    return false;
  };
  for (const std::string& raw : patterns) {
    const std::string p = lower(raw);
    const bool q = has(p, {"q_a_proj", "q_b_proj", "q_proj"});
    const bool kv = has(p, {"kv_a_proj", "kv_b_proj", "kv_proj", "k_proj", "v_proj"});
    const bool o = has(p, {"o_proj"});
    const bool idx = has(p, {"indexer"});
    if (p.find("self_attn") != std::string::npos && !q && !kv && !o && !idx) e.q = e.kv = e.o = e.indexer = true;
    e.q = e.q || q;
    e.kv = e.kv || kv;
    e.o = e.o || o;
    e.indexer = e.indexer || idx;
    e.attention = e.attention || has(p, {"self_attn", "q_proj", "k_proj", "v_proj", "o_proj"});
    if (p.find("shared_expert") != std::string::npos)
      e.shared_experts = true;
    else if (p.find("expert") != std::string::npos)
      e.routed_experts = true;
    e.lm_head = e.lm_head || p.find("lm_head") != std::string::npos;
    if (p.find("mlp") != std::string::npos && p.find("_proj") != std::string::npos &&
        p.find("expert") == std::string::npos)
      e.dense_mlp = true;
  }
  return e;
}

/// compressed-tensors: the weight format of the first config group that declares one
/// (int4 / int8 weight-only, fp8 per tensor or per block, mxfp4).
inline void read_compressed_tensors(const json_node& qc, checkpoint_quant& out) {
  auto groups = qc.get("config_groups");
  if (!groups) return;
  for (const auto& [name, g] : groups->object()) {
    const json_node group(&g, qc.file(), qc.path() + ".config_groups." + std::string(name));
    if (!group.is_object()) continue;
    auto w = group.get("weights");
    if (!w || !w->is_object()) continue;
    auto bits = w->get("num_bits");
    if (!bits) continue;
    const long long b = bits->integer(1, 64);
    const std::string type = lower(string_at(w, "type").value_or(""));
    const std::string strategy = lower(string_at(w, "strategy").value_or(""));
    const bool block = strategy == "block" || w->get("block_structure").has_value();
    const bool is_int = type.find("int") != std::string::npos, is_float = type.find("float") != std::string::npos;
    if (is_int && (b == 4 || b == 8)) {
      // pack-quantized: a bf16 scale per group (strategy "group", group_size input
      // features) or per output channel ("channel"), plus a zero point packed at the
      // weight's width when the scheme is asymmetric.
      const std::string q_strategy = strategy.empty() ? "group" : strategy;
      int group = 0;
      if (q_strategy == "group") {
        group = int(w->at("group_size", "the group size of a group-quantized scheme").integer(1, 1 << 20));
      } else if (q_strategy == "channel") {
        group = -1;
      } else {
        w->at("strategy", "").fail("group or channel for int weights (the strategies strata prices)");
      }
      const bool symmetric = !w->get("symmetric") || w->get("symmetric")->boolean();
      out.scales = {group, 2.0 + (symmetric ? 0.0 : double(b) / 8)};
      out.ct_gemm = b == 4 ? gemm_quant::int4_wo : gemm_quant::int8_wo;
      if (b == 4) out.ct_moe = moe_quant::int4_wo;  // experts have no int8 weight-only mode
    } else if (b == 8 && is_float) {
      out.ct_gemm = block ? gemm_quant::fp8_block : gemm_quant::fp8;
      out.ct_moe = block ? moe_quant::fp8_block : moe_quant::fp8;
    } else if (b == 4 && is_float) {
      out.ct_moe = moe_quant::w4a16_mxfp4;  // dense GEMMs have no mxfp4 mode
    } else {
      w->at("num_bits", "").fail("a weight format strata models (int4, int8, fp8 or fp4 weights)");
    }
    return;
  }
}

/// AWQ and GPTQ (quant_method "awq" / "gptq"): int4 or int8 weights packed in int32
/// words, an fp16 scale per group of `group_size` input features of each output
/// feature (-1: one per output feature), and a zero point per group packed at the
/// weight's width (AWQ's qzeros when zero_point is on; GPTQ stores qzeros always).
/// GPTQ's g_idx (one int32 per input feature, under 0.1 % of a layer) is not counted.
inline void read_awq_gptq(const json_node& qc, const std::string& method, checkpoint_quant& out) {
  const bool awq = method == "awq";
  std::string_view bits_key = "bits";
  if (!qc.get("bits") && qc.get("w_bit")) bits_key = "w_bit";
  const json_node bits_node = qc.at(bits_key, "the weight width in bits");
  const long long bits = bits_node.integer(1, 64);
  if (bits != 4 && bits != 8) bits_node.fail("4 or 8 (" + method + " with other widths has no strata quant mode)");
  std::string_view group_key = "group_size";
  if (!qc.get("group_size") && qc.get("q_group_size")) group_key = "q_group_size";
  const json_node group_node = qc.at(group_key, "the group size (input features per scale, or -1)");
  const long long group = group_node.integer(-1, 1 << 20);
  if (group == 0) group_node.fail("a positive group size or -1 (one scale per output feature)");
  const bool zeros = !awq || !qc.get("zero_point") || qc.get("zero_point")->boolean();
  out.algo = checkpoint_algo::weight_only;
  out.scheme = awq ? "awq" : "gptq";
  out.scales = {int(group), 2.0 + (zeros ? double(bits) / 8 : 0.0)};
  out.ct_gemm = bits == 4 ? gemm_quant::int4_wo : gemm_quant::int8_wo;
  if (bits == 4) out.ct_moe = moe_quant::int4_wo;
}

/// bitsandbytes (quant_method "bitsandbytes"), as vLLM and SGLang serve it. 4-bit
/// (nf4 / fp4): an absmax per block of 64 weights, fp32, or with double quantization
/// 8-bit plus an fp32 scale per 256 blocks. 8-bit (LLM.int8): an fp32 scale per row.
inline void read_bitsandbytes(const json_node& qc, checkpoint_quant& out) {
  const auto flag = [&](std::string_view key) { return qc.get(key) && qc.get(key)->boolean(); };
  out.algo = checkpoint_algo::weight_only;
  out.scheme = "bitsandbytes";
  if (flag("load_in_4bit")) {
    out.scales = {64, flag("bnb_4bit_use_double_quant") ? 1.0 + 4.0 / 256 : 4.0};
    out.ct_gemm = gemm_quant::int4_wo;
    out.ct_moe = moe_quant::int4_wo;
  } else if (flag("load_in_8bit")) {
    out.scales = {-1, 4.0};
    out.ct_gemm = gemm_quant::int8_wo;
  } else {
    qc.fail("load_in_4bit or load_in_8bit set (a bitsandbytes checkpoint strata can price)");
  }
}

/// ModelOpt MIXED_PRECISION: every listed layer names its own algorithm
/// (`quantized_layers`: "<module path>": {"quant_algo": ...}, in hf_quant_config.json or
/// quantization_config; or quantization_config.config_groups with their targets).
/// As the reference folds them: routed-expert layers (".experts." in the path, not a
/// shared expert) give the MoE mode, nvfp4 before fp8; every other layer gives the GEMM
/// mode, MXFP8 (as fp8_block: block-scaled 8-bit, 32-wide blocks priced like 128-wide
/// ones, as the reference's later releases map it) before fp8 (static unless dynamic)
/// before nvfp4; for experts MXFP8 comes after nvfp4 and before fp8. Other per-layer algorithms
/// (W4A16_NVFP4, ...) do not set a mode, so those layers are priced in the mode the
/// rest of their category has, or bf16.
inline void read_mixed_precision(const std::optional<json_node>& qc, const std::optional<json_node>& hqq,
                                 checkpoint_quant& out) {
  bool gemm_fp8 = false, gemm_fp4 = false, gemm_mx8 = false, moe_fp8 = false, moe_fp4 = false, moe_mx8 = false;
  const auto add = [&](std::string_view target, std::string algo) {
    algo = lower(algo);
    const bool fp8 = algo == "fp8" || algo == "e4m3" || algo == "e5m2";
    const bool fp4 = algo == "nvfp4" || algo == "fp4";
    const bool mx8 = algo == "mxfp8";
    const std::string t = lower(std::string(target));
    const bool expert = t.find("shared_expert") == std::string::npos &&
                        (t.find(".experts.") != std::string::npos || t.find("routing_expert") != std::string::npos);
    (expert ? moe_fp8 : gemm_fp8) |= fp8;
    (expert ? moe_fp4 : gemm_fp4) |= fp4;
    (expert ? moe_mx8 : gemm_mx8) |= mx8;
  };
  const auto layers = [&](const std::optional<json_node>& section) {
    if (!section) return;
    const auto list = section->get("quantized_layers");
    if (!list || !list->is_object()) return;
    for (const auto& [target, meta] : list->value().get_object()) {
      if (meta.is_string()) {
        add(target, std::string(meta.get_string()));
      } else if (meta.is_object()) {
        for (const char* k : {"quant_algo", "quantization_algo", "quant_method"})
          if (auto* a = meta.get_object().if_contains(k); a && a->is_string()) {
            add(target, std::string(a->get_string()));
            break;
          }
      }
    }
  };
  layers(hqq);
  layers(qc);
  if (qc)
    if (auto groups = qc->get("config_groups"); groups && groups->is_object())
      for (const auto& [name, g] : groups->value().get_object()) {
        const auto* w = g.is_object() ? g.get_object().if_contains("weights") : nullptr;
        if (!w || !w->is_object()) continue;
        std::string algo;
        for (const char* k : {"quant_algo", "quantization_algo", "quant_method"})
          if (auto* a = w->get_object().if_contains(k); a && a->is_string()) {
            algo = std::string(a->get_string());
            break;
          }
        if (algo.empty()) {
          const auto* bits = w->get_object().if_contains("num_bits");
          const auto* type = w->get_object().if_contains("type");
          const bool is_float =
              type && type->is_string() && lower(std::string(type->get_string())).find("float") != std::string::npos;
          if (bits && bits->is_int64() && is_float)
            algo = bits->get_int64() == 8 ? "fp8" : bits->get_int64() == 4 ? "nvfp4" : "";
        }
        if (algo.empty()) continue;
        if (auto* targets = g.get_object().if_contains("targets"); targets && targets->is_array())
          for (const auto& t : targets->get_array())
            if (t.is_string()) add(t.get_string(), algo);
      }
  out.algo = checkpoint_algo::mixed;
  out.scheme = "MIXED_PRECISION";
  if (gemm_mx8)
    out.ct_gemm = gemm_quant::fp8_block;
  else if (gemm_fp8)
    out.ct_gemm = gemm_quant::fp8_static;
  else if (gemm_fp4)
    out.ct_gemm = gemm_quant::nvfp4;
  if (moe_fp4)
    out.ct_moe = moe_quant::nvfp4;
  else if (moe_mx8)
    out.ct_moe = moe_quant::fp8_block;
  else if (moe_fp8)
    out.ct_moe = moe_quant::fp8;
}

/// Checkpoint quantization from quantization_config and hf_quant_config.json (§2.4).
inline checkpoint_quant parse_quant(const std::optional<json_node>& qc, const std::optional<json_node>& hq) {
  checkpoint_quant out;
  std::optional<json_node> hqq;
  if (hq) hqq = hq->get("quantization");
  if (qc) qc->object();
  std::optional<std::string> algo = string_at(hqq, "quant_algo");
  std::string algo_key = "quant_algo";
  for (const char* k : {"quant_algo", "quant_method", "quantization_method"}) {
    if (algo) break;
    algo = string_at(qc, k);
    algo_key = k;
  }
  if (algo) {
    const std::string a = lower(*algo);
    if (a == "fp8")
      out.algo = checkpoint_algo::fp8;
    else if (a == "fp8_block")
      out.algo = checkpoint_algo::fp8_block;
    else if (a == "nvfp4")
      out.algo = checkpoint_algo::nvfp4;
    else if (a == "mxfp4" || a == "w4a16_mxfp4")
      out.algo = checkpoint_algo::mxfp4;
    else if (a == "mixed_precision" || a == "mixed-precision" || a == "mixedprecision")
      read_mixed_precision(qc, hqq, out);
    else if (a == "compressed-tensors" && qc) {
      out.algo = checkpoint_algo::compressed_tensors;
      out.scheme = "compressed-tensors";
      read_compressed_tensors(*qc, out);
    } else if ((a == "awq" || a == "gptq") && qc && !string_at(hqq, "quant_algo")) {
      read_awq_gptq(*qc, a, out);
    } else if (a == "bitsandbytes" && qc && !string_at(hqq, "quant_algo")) {
      read_bitsandbytes(*qc, out);
    } else if ((a == "w4a16_awq" || a == "w8a16") && hqq && string_at(hqq, "quant_algo")) {
      // ModelOpt (hf_quant_config.json), as TensorRT-LLM serves it: W4A16_AWQ keeps an
      // fp16 scale per group of group_size (default 128), a zero point only with
      // has_zero_point; W8A16 an fp16 scale per output channel.
      const bool int4 = a == "w4a16_awq";
      const long long group = int4 ? hqq->get("group_size") ? hqq->get("group_size")->integer(1, 1 << 20) : 128 : -1;
      const bool zeros = int4 && hqq->get("has_zero_point") && hqq->get("has_zero_point")->boolean();
      out.algo = checkpoint_algo::weight_only;
      out.scheme = int4 ? "W4A16_AWQ" : "W8A16";
      out.scales = {int(group), zeros ? 2.5 : 2.0};
      out.ct_gemm = int4 ? gemm_quant::int4_wo : gemm_quant::int8_wo;
      if (int4) out.ct_moe = moe_quant::int4_wo;
    } else {
      const json_node& where = hqq && string_at(hqq, "quant_algo") ? *hqq : *qc;
      where.at(string_at(hqq, "quant_algo") ? "quant_algo" : algo_key, "a quantization algorithm")
          .fail(
              "a quantization algorithm strata models (fp8, fp8_block, nvfp4, mxfp4, mixed_precision, "
              "compressed-tensors, awq, gptq, bitsandbytes, w4a16_awq, w8a16)");
    }
  }
  if (qc) {
    if (auto wb = qc->get("weight_block_size")) {
      auto items = wb->array("a list of block sizes");
      if (!items.empty()) {
        out.weight_block = int(items[0].integer(1, 1 << 20));
        if (out.algo == checkpoint_algo::fp8) out.algo = checkpoint_algo::fp8_block;
      }
    }
    if (auto s = string_at(qc, "activation_scheme")) {
      if (lower(*s) == "dynamic") out.dynamic = true;
      if (lower(*s) == "static") out.dynamic = false;
    } else if (auto groups = qc->get("config_groups"); groups && groups->is_object()) {
      for (const auto& [name, g] : groups->object()) {
        if (!g.is_object()) continue;
        for (const char* part : {"input_activations", "weights"})
          if (auto* p = g.get_object().if_contains(part); p && p->is_object())
            if (auto* d = p->get_object().if_contains("dynamic"); d && d->is_bool())
              out.dynamic = out.dynamic.value_or(false) || d->get_bool();
      }
    }
  }
  std::optional<std::string> kv = string_at(hqq, "kv_cache_quant_algo");
  for (const char* k : {"kv_cache_quant_algo", "kv_cache_quant_method", "kv_cache_dtype"}) {
    if (kv) break;
    kv = string_at(qc, k);
  }
  if (kv) {
    const std::string k = lower(*kv);
    if (k == "fp8" || k == "e4m3" || k == "e5m2")
      out.kv = checkpoint_kv::fp8;
    else if (k == "fp16" || k == "float16" || k == "bf16" || k == "bfloat16")
      out.kv = checkpoint_kv::bfloat16;
    else
      throw invalid_input((hqq ? hqq->file() : qc->file()) + ": KV-cache quantization '" + *kv +
                          "' is not one strata models (fp8, bfloat16)");
  } else if (qc) {
    if (auto scheme = qc->get("kv_cache_scheme"); scheme && scheme->is_object()) {
      auto type = string_at(scheme, "type");
      auto bits = scheme->get("num_bits");
      if (type && lower(*type).find("fp8") != std::string::npos) out.kv = checkpoint_kv::fp8;
      if (type && lower(*type) == "float" && bits)
        out.kv = bits->integer(1, 64) <= 8 ? checkpoint_kv::fp8 : checkpoint_kv::bfloat16;
    }
  }
  if (out.algo != checkpoint_algo::none) out.excluded = categorize(exclusion_patterns(qc, hqq));
  return out;
}

/// A 0/1 list of exactly `layers` entries.
inline std::vector<int> bit_pattern(const json_node& n, int layers) {
  const std::string expected = "a list of " + std::to_string(layers) + " zeros and ones (one per layer)";
  auto items = n.array(expected);
  if (int(items.size()) != layers) n.fail(expected);
  std::vector<int> out;
  out.reserve(items.size());
  for (const auto& i : items) out.push_back(int(i.integer(0, 1)));
  return out;
}

}  // namespace detail

/// One architecture reader's view of a config: the (text) config, its quantization,
/// the facts every family has, and typed accessors whose errors name the key.
struct config_reader {
  detail::json_node cfg;
  detail::json_node root;         // the whole config.json (cfg is its text_config when nested)
  std::string_view architecture;  // a literal: the registry's spelling
  model_facts facts{};
  std::shared_ptr<const void> strings;  // owns facts.id / facts.architecture

  long long required(std::string_view key, long long lo, long long hi) const {
    if (auto v = optional(key, lo, hi)) return *v;
    cfg.fail_missing(key, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  /// A boolean key, or nothing when absent or null. Looked up without building the
  /// key's JSON path (config loading is benchmarked), which only an error needs.
  std::optional<bool> boolean(std::string_view key) const { return boolean_in(cfg, key); }
  static std::optional<bool> boolean_in(const detail::json_node& n, std::string_view key) {
    const auto* v = n.object().if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_bool()) return v->get_bool();
    return n.get(key)->boolean();  // not a boolean: the error names the key
  }
  /// An integer key in [lo, hi], or nothing when absent or null. The common case (a
  /// plain in-range integer) builds no JSON path; anything else takes json_node's
  /// checks, whose error names the key.
  std::optional<long long> optional(std::string_view key, long long lo, long long hi) const {
    const auto* v = cfg.object().if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_int64() && v->get_int64() >= lo && v->get_int64() <= hi) return v->get_int64();
    return cfg.get(key)->integer(lo, hi);
  }
  /// The first of several spellings of a key that the config has.
  std::optional<long long> first_of(std::initializer_list<std::string_view> keys, long long lo, long long hi,
                                    std::string_view* found = nullptr) const {
    for (auto k : keys)
      if (auto v = optional(k, lo, hi)) {
        if (found) *found = k;
        return v;
      }
    return std::nullopt;
  }
  /// Layers are dense (false) or MoE (true) by `first_k_dense_replace` and
  /// `moe_layer_freq` as DeepSeek-style models read them: MoE iff
  /// layer >= first_k_dense_replace and layer % moe_layer_freq == 0.
  std::vector<bool> moe_layers_by_first_k() const {
    const int L = facts.layers;
    const int first_k = int(optional("first_k_dense_replace", 0, L).value_or(0));
    std::vector<bool> moe(static_cast<std::size_t>(L), false);
    // moe_layer_freq: a period (DeepSeek), or one 0 / 1 per layer (MiniMax-M3, MiMo).
    if (auto list = cfg.get("moe_layer_freq"); list && list->value().is_array()) {
      const std::vector<int> bits = bit_pattern(*list, L);
      for (int i = 0; i < L; ++i) moe[std::size_t(i)] = i >= first_k && bits[std::size_t(i)] != 0;
      return moe;
    }
    const int freq = int(optional("moe_layer_freq", 1, L).value_or(1));
    for (int i = 0; i < L; ++i) moe[std::size_t(i)] = i >= first_k && i % freq == 0;
    return moe;
  }

  /// The model. A family of the reference prices compressed-tensors int weights at the
  /// reference's fixed bytes per element, without their group scales (parity; see
  /// docs/architecture.md); AWQ, GPTQ and bitsandbytes, which the reference refuses,
  /// and every format in strata's own families carry their scales.
  template <class F, class Groups>
  any_model make(F family, const Groups& gs) const {
    if constexpr (!requires { F::prices_checkpoint_scales; }) {
      if (facts.quant.algo == checkpoint_algo::compressed_tensors && facts.quant.scales.any()) {
        model_facts f = facts;
        f.quant.scales = {};
        return any_model(model{family, f, gs}, strings);
      }
    }
    return any_model(model{family, facts, gs}, strings);
  }
};

}  // namespace strata
