// HF config.json (+ optional hf_quant_config.json) -> the same model a catalog spec
// gives, through the same family code, with int counts. Keys, fallbacks and defaults
// follow reference/aic-model-layer.md §2; every bad input is an invalid_input whose
// message names the file, the JSON path and what was expected.
#pragma once

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "strata/runtime/any_model.hpp"
#include "strata/runtime/json_node.hpp"

namespace strata {

/// Input limits: the largest real config here (MiniMax-M3 with per-layer quant
/// metadata) is 3 MiB and nests 6 deep.
inline constexpr std::size_t max_config_bytes = 32u << 20;
inline constexpr unsigned max_config_depth = 64;

/// The architectures strata models, and their families (no static registration:
/// one table, searched at run time).
struct architecture_entry {
  std::string_view architecture;
  family model_family;
  bool nested_text_config;  // the LLM fields live under "text_config"
};

inline constexpr std::array<architecture_entry, 11> architectures{{
    {"LlamaForCausalLM", family::llama, false},
    {"Qwen2ForCausalLM", family::llama, false},
    {"Qwen3ForCausalLM", family::llama, false},
    {"MiMoForCausalLM", family::llama, false},
    {"MixtralForCausalLM", family::moe, false},
    {"GptOssForCausalLM", family::moe, false},
    {"Qwen2MoeForCausalLM", family::moe, false},
    {"Qwen3MoeForCausalLM", family::moe, false},
    {"MiniMaxM2ForCausalLM", family::moe, false},
    {"MiMoV2FlashForCausalLM", family::hybrid_moe, false},
    {"Llama4ForConditionalGeneration", family::hybrid_moe, true},
}};

inline std::string supported_architectures() {
  std::string out;
  for (const auto& a : architectures) out += (out.empty() ? "" : ", ") + std::string(a.architecture);
  return out;
}

namespace detail {

/// Parses into `storage` (a monotonic arena per config: a parse allocates a few
/// hundred small nodes that all die together).
inline boost::json::value parse_json_text(std::string_view text, const std::string& file,
                                          boost::json::storage_ptr storage = {}) {
  if (text.size() > max_config_bytes)
    throw invalid_input(file + ": " + std::to_string(text.size()) + " bytes; expected at most " +
                        std::to_string(max_config_bytes) + " bytes of JSON");
  boost::json::parse_options opts;
  opts.max_depth = max_config_depth;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec, std::move(storage), opts);
  if (ec) {
    std::string what = ec.message();
    if (ec == boost::json::error::too_deep) what = "nested deeper than " + std::to_string(max_config_depth) + " levels";
    throw invalid_input(file + ": not valid JSON (" + what + ")");
  }
  if (!v.is_object()) throw invalid_input(file + ": expected a JSON object at the top level, got " + json_node::show(v));
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
    else {
      const json_node& where = hqq && string_at(hqq, "quant_algo") ? *hqq : *qc;
      where.at(string_at(hqq, "quant_algo") ? "quant_algo" : algo_key, "a quantization algorithm")
          .fail("a quantization algorithm strata models (fp8, fp8_block, nvfp4, mxfp4)");
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
      if (type && lower(*type) == "float" && bits) out.kv = bits->integer(1, 64) <= 8 ? checkpoint_kv::fp8 : checkpoint_kv::bfloat16;
    }
  }
  return out;
}

/// A 0/1 list of exactly `layers` entries.
inline std::vector<int> bit_pattern(const json_node& n, int layers) {
  const std::string expected = "a list of " + std::to_string(layers) + " zeros and ones (one per layer)";
  auto items = n.array(expected);
  if (int(items.size()) != layers) n.fail(expected);
  std::vector<int> out;
  for (const auto& i : items) out.push_back(int(i.integer(0, 1)));
  return out;
}

struct counted_layers {
  int full_moe = 0, sliding_moe = 0, sliding_dense = 0, full_dense = 0;
  void add(bool sliding, bool moe) { (sliding ? (moe ? sliding_moe : sliding_dense) : (moe ? full_moe : full_dense))++; }
};

}  // namespace detail

/// Build a model from config.json text (and hf_quant_config.json text when the
/// checkpoint has one). `source` names the file in errors; `id` is the model's name.
inline any_model model_from_hf_config(std::string_view config_text, std::string source = "config.json",
                                      std::optional<std::string_view> hf_quant_text = std::nullopt,
                                      std::string quant_source = "hf_quant_config.json", std::string id = {}) {
  using detail::json_node;
  unsigned char first_block[8192];
  boost::json::monotonic_resource arena(first_block, sizeof first_block);
  const boost::json::value root_value = detail::parse_json_text(config_text, source, &arena);
  std::optional<boost::json::value> quant_value;
  if (hf_quant_text) quant_value = detail::parse_json_text(*hf_quant_text, quant_source, &arena);
  const json_node root(&root_value, source, "$");

  const auto arch_nodes = root.at("architectures", "a list of architecture names").array("a list of architecture names");
  if (arch_nodes.empty()) root.at("architectures", "").fail("a non-empty list of architecture names");
  const std::string arch = arch_nodes[0].string("an architecture name");
  const architecture_entry* entry = nullptr;
  for (const auto& a : architectures)
    if (a.architecture == arch) entry = &a;
  if (!entry)
    throw invalid_input(source + ": $.architectures[0]: unsupported architecture '" + arch + "'; strata models " +
                        supported_architectures());

  json_node cfg = root;
  std::optional<json_node> qc = root.get("quantization_config");
  if (entry->nested_text_config)
    if (auto text = root.get("text_config")) {
      text->object();
      cfg = *text;
      if (!qc) qc = cfg.get("quantization_config");
    }
  std::optional<json_node> hq;
  if (quant_value) hq = json_node(&*quant_value, quant_source, "$");

  auto strings = std::make_shared<std::array<std::string, 2>>();
  (*strings)[0] = id.empty() ? source : id;
  (*strings)[1] = arch;

  model_info m;
  m.id = (*strings)[0];
  m.architecture = (*strings)[1];
  m.family = entry->model_family;
  const auto required = [&](std::string_view key, long long lo, long long hi) {
    auto n = cfg.get(key);
    if (!n) cfg.fail_missing(key, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    return n->integer(lo, hi);
  };
  const auto optional = [&](std::string_view key, long long lo, long long hi) -> std::optional<long long> {
    if (auto n = cfg.get(key)) return n->integer(lo, hi);
    return std::nullopt;
  };
  m.layers = int(required("num_hidden_layers", 1, 4096));
  m.hidden = required("hidden_size", 1, 1 << 20);
  m.num_heads = int(required("num_attention_heads", 1, 1 << 16));
  m.vocab = required("vocab_size", 1, 1 << 24);
  m.context = required("max_position_embeddings", 1, 1ll << 34);
  // HF configs without num_key_value_heads mean multi-head attention (one KV head
  // per query head); the reference reads a missing value as 0 KV heads.
  m.num_kv_heads = int(optional("num_key_value_heads", 1, m.num_heads).value_or(m.num_heads));
  m.inter = optional("intermediate_size", 0, 1 << 24).value_or(0);
  if (auto hd = optional("head_dim", 1, 1 << 16))
    m.head_dim = int(*hd);
  else if (auto ahd = optional("attention_head_dim", 1, 1 << 16))
    m.head_dim = int(*ahd);
  else
    m.head_dim = int(m.hidden / m.num_heads);
  if (m.head_dim < 1) cfg.at("hidden_size", "").fail("at least one element per attention head");
  m.topk = 0;
  std::string_view topk_key = "num_experts_per_tok";
  for (const char* k : {"num_experts_per_tok", "top_k_experts", "moe_top_k"})
    if (auto v = optional(k, 0, 1 << 16)) {
      m.topk = int(*v);
      topk_key = k;
      break;
    }
  for (const char* k : {"num_local_experts", "n_routed_experts", "moe_num_experts", "num_experts"})
    if (auto v = optional(k, 0, 1 << 16); v && *v > 0) {
      m.num_experts = int(*v);
      break;
    }
  const auto moe_inter = optional("moe_intermediate_size", 0, 1 << 24);
  m.moe_inter = moe_inter && *moe_inter > 0 ? *moe_inter : m.inter;
  m.use_qk_norm = arch == "Qwen3ForCausalLM" || arch == "Qwen3MoeForCausalLM" || arch == "MiniMaxM2ForCausalLM";
  m.quant = detail::parse_quant(qc, hq);

  if (m.family != family::llama) {
    if (m.num_experts < 1) cfg.fail_missing("num_experts", "the routed expert count of an MoE model");
    if (m.topk < 1 || m.topk > m.num_experts)
      cfg.at(topk_key, "the number of experts per token (num_experts_per_tok)")
          .fail("an integer from 1 to the " + std::to_string(m.num_experts) + " experts");
    if (m.moe_inter < 1) cfg.fail_missing("moe_intermediate_size", "the expert width");
  } else if (m.inter < 1) {
    cfg.fail_missing("intermediate_size", "the FFN width of a dense model");
  }

  const int L = m.layers;
  const std::shared_ptr<const void> keep = strings;
  if (m.family == family::llama) return any_model(model_spec{m, dense_groups{{L}}}, keep);

  if (m.family == family::moe) {
    int sliding = 0;
    if (arch == "GptOssForCausalLM") {
      m.window = int(optional("sliding_window", 1, 1 << 24).value_or(128));
      if (auto types = cfg.get("layer_types")) {
        const std::string expected = "a list of " + std::to_string(L) + " of sliding_attention / full_attention";
        auto items = types->array(expected);
        if (int(items.size()) != L) types->fail(expected);
        for (const auto& t : items) {
          const std::string s = t.string(expected);
          if (s == "sliding_attention")
            ++sliding;
          else if (s != "full_attention")
            t.fail("sliding_attention or full_attention");
        }
      } else {
        sliding = (L + 1) / 2;  // gpt-oss alternates, starting with a sliding layer
      }
    }
    if (arch == "Qwen2MoeForCausalLM") m.shared_inter = optional("shared_expert_intermediate_size", 0, 1 << 24).value_or(0);
    return any_model(model_spec{m, moe_groups{{sliding}, {L - sliding}}}, keep);
  }

  // HYBRIDMOE
  detail::counted_layers counts;
  if (arch == "MiMoV2FlashForCausalLM") {
    // hybrid_layer_pattern: 1 = sliding window, 0 = full attention (C1).
    const auto attn = detail::bit_pattern(cfg.at("hybrid_layer_pattern", "a 0/1 list, one per layer"), L);
    std::vector<int> moe(std::size_t(L), 1);
    if (auto f = cfg.get("moe_layer_freq")) {
      if (f->is_array())
        moe = detail::bit_pattern(*f, L);
      else
        std::fill(moe.begin(), moe.end(), int(f->integer(0, 1)));
    }
    for (int i = 0; i < L; ++i) counts.add(attn[std::size_t(i)] == 1, moe[std::size_t(i)] == 1);
    m.window = int(optional("sliding_window_size", 1, 1 << 24)
                       .value_or(optional("sliding_window", 1, 1 << 24).value_or(0)));
    if (counts.sliding_moe + counts.sliding_dense > 0 && m.window == 0)
      cfg.fail_missing("sliding_window_size", "the window of the sliding-window layers");
    m.swa_num_heads = int(optional("swa_num_attention_heads", 1, 1 << 16).value_or(0));
    m.swa_num_kv_heads = int(optional("swa_num_key_value_heads", 1, 1 << 16).value_or(0));
    m.swa_head_dim = int(optional("swa_head_dim", 1, 1 << 16).value_or(0));
    m.swa_v_head_dim = int(optional("swa_v_head_dim", 1, 1 << 16).value_or(0));
    m.v_head_dim = int(optional("v_head_dim", 1, 1 << 16).value_or(0));
  } else {  // Llama4ForConditionalGeneration (C2)
    const int step = int(optional("interleave_moe_layer_step", 1, L).value_or(1));
    std::vector<int> moe(std::size_t(L), 0);
    if (auto ml = cfg.get("moe_layers")) {
      for (const auto& i : ml->array("a list of MoE layer indices")) moe[std::size_t(i.integer(0, L - 1))] = 1;
    } else {
      for (int i = 0; i < L; ++i) moe[std::size_t(i)] = (i + 1) % step == 0 ? 1 : 0;
    }
    // no_rope_layers[i] = 1: the layer uses RoPE and chunked attention; 0: a NoPE
    // global layer. Default: every no_rope_layer_interval-th layer is NoPE.
    std::vector<int> rope(std::size_t(L), 1);
    std::optional<json_node> explicit_rope = cfg.get("no_rope_layers");
    if (explicit_rope && explicit_rope->is_array() && !explicit_rope->array("").empty()) {
      rope = detail::bit_pattern(*explicit_rope, L);
    } else {
      const int interval = int(optional("no_rope_layer_interval", 1, L).value_or(4));
      for (int i = 0; i < L; ++i) rope[std::size_t(i)] = (i + 1) % interval != 0 ? 1 : 0;
    }
    // Llama4TextConfig defaults where a key is absent: 8192-token chunks, 16384-wide
    // dense MLP; an explicit null chunk size turns chunking off.
    const auto& text = cfg.object();
    const auto* chunk = text.if_contains("attention_chunk_size");
    m.window = chunk == nullptr ? 8192 : chunk->is_null() ? 0 : int(cfg.get("attention_chunk_size")->integer(1, 1 << 30));
    for (int i = 0; i < L; ++i) counts.add(rope[std::size_t(i)] == 1 && m.window > 0, moe[std::size_t(i)] == 1);
    m.dense_inter = optional("intermediate_size_mlp", 1, 1 << 24).value_or(16384);
    m.shared_inter = m.inter;  // one always-on shared expert of intermediate_size
  }
  return any_model(model_spec{m, hybrid_groups{{counts.full_moe}, {counts.sliding_moe}, {counts.sliding_dense},
                                               {counts.full_dense}}},
                   keep);
}

namespace detail {
inline std::string read_text_file(const std::filesystem::path& p) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(p, ec);
  if (ec) throw invalid_input(p.string() + ": cannot read (" + ec.message() + ")");
  if (size > max_config_bytes)
    throw invalid_input(p.string() + ": " + std::to_string(size) + " bytes; expected at most " +
                        std::to_string(max_config_bytes) + " bytes of JSON");
  std::ifstream in(p, std::ios::binary);
  if (!in) throw invalid_input(p.string() + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace detail

/// A config.json file, or a directory holding config.json (and optionally
/// hf_quant_config.json). A file named `<name>_config.json` picks up a sibling
/// `<name>_hf_quant_config.json`, the layout of cached HF configs.
inline any_model load_hf_model(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  fs::path config = path, quant;
  if (fs::is_directory(path)) {
    config = path / "config.json";
    quant = path / "hf_quant_config.json";
    if (!fs::exists(config)) throw invalid_input(path.string() + ": directory has no config.json");
  } else {
    const std::string name = path.filename().string();
    const std::string suffix = "_config.json";
    if (name.size() > suffix.size() && name.ends_with(suffix))
      quant = path.parent_path() / (name.substr(0, name.size() - suffix.size()) + "_hf_quant_config.json");
    else
      quant = path.parent_path() / "hf_quant_config.json";
  }
  const std::string text = detail::read_text_file(config);
  std::optional<std::string> quant_text;
  if (!quant.empty() && fs::exists(quant)) quant_text = detail::read_text_file(quant);
  return model_from_hf_config(text, config.string(), quant_text ? std::optional<std::string_view>(*quant_text) : std::nullopt,
                              quant.string(), path.string());
}

}  // namespace strata
