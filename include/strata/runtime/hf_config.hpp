// HF config.json (+ optional hf_quant_config.json) -> the same model a catalog spec
// gives, through the same family code, with int counts. Keys, fallbacks and defaults
// follow reference/aic-model-layer.md §2; every bad input is an invalid_input whose
// message names the file, the JSON path and what was expected.
#pragma once

#include <array>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "strata/runtime/architectures.hpp"
#include "strata/runtime/config_reader.hpp"

namespace strata {

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

  const auto arch_nodes =
      root.at("architectures", "a list of architecture names").array("a list of architecture names");
  if (arch_nodes.empty()) root.at("architectures", "").fail("a non-empty list of architecture names");
  const std::string arch = arch_nodes[0].string("an architecture name");
  const architecture_entry* entry = find_architecture(arch);
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

  auto strings = std::make_shared<std::array<std::string, 1>>();
  (*strings)[0] = id.empty() ? source : id;
  config_reader r{cfg, root, entry->architecture, {}, strings};
  model_facts& m = r.facts;
  m.id = (*strings)[0];
  m.architecture = entry->architecture;
  // The reference's keys; strata's own architectures also take the older spellings
  // some of their configs use (ChatGLM's num_layers / seq_length / padded_vocab_size /
  // kv_channels, Falcon's n_head / n_layer, Baichuan's model_max_length), the first
  // spelling being the one an error names.
  const bool older_spellings = is_decoder_architecture(entry);
  const auto core = [&](std::initializer_list<std::string_view> keys, long long lo, long long hi) {
    const std::string_view first = *keys.begin();
    if (auto v = older_spellings ? r.first_of(keys, lo, hi) : r.optional(first, lo, hi)) return *v;
    cfg.fail_missing(first, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  };
  // Without num_hidden_layers, a per-layer block list says how many layers there are
  // (Nemotron-3 Ultra's config has only layers_block_type), as the reference reads it.
  std::optional<std::size_t> listed_layers;
  if (!r.optional("num_hidden_layers", 1, 4096)) {
    if (auto b = cfg.get("layers_block_type"); b && b->value().is_array())
      listed_layers = b->value().get_array().size();
    else if (auto p = cfg.get("hybrid_override_pattern"); p && p->value().is_string())
      listed_layers = p->value().get_string().size();
  }
  if (listed_layers && *listed_layers >= 1 && *listed_layers <= 4096)
    m.layers = int(*listed_layers);
  else
    m.layers = int(core({"num_hidden_layers", "num_layers", "n_layer"}, 1, 4096));
  m.hidden = core({"hidden_size", "n_embd", "d_model"}, 1, 1 << 20);
  // Mamba, FalconMamba and Mamba2 have no attention heads and no position limit: one
  // hidden-wide "head" for the activation-memory model (a reader may set the mixer's
  // own width), context 0 (unbounded).
  const bool attention_free = is_attention_free(entry->architecture);
  m.num_heads = attention_free ? 1 : int(core({"num_attention_heads", "n_head"}, 1, 1 << 16));
  m.vocab = core({"vocab_size", "padded_vocab_size"}, 1, 1 << 24);
  // Falcon's configs leave the context to FalconConfig's default of 2048 tokens.
  if (older_spellings && entry->architecture == "FalconForCausalLM" &&
      !r.first_of({"max_position_embeddings"}, 1, 1ll << 34))
    m.context = 2048;
  else if (attention_free)
    m.context = r.optional("max_position_embeddings", 1, 1ll << 34).value_or(0);
  else
    m.context = core({"max_position_embeddings", "seq_length", "model_max_length", "n_positions"}, 1, 1ll << 34);
  // head_dim, else attention_head_dim, else hidden / heads (reference §2.2).
  const std::initializer_list<std::string_view> head_keys = {"head_dim", "attention_head_dim", "kv_channels"};
  if (attention_free)
    m.head_dim = int(m.hidden);
  else
    m.head_dim = int((older_spellings ? r.first_of(head_keys, 1, 1 << 16)
                                      : r.first_of({"head_dim", "attention_head_dim"}, 1, 1 << 16))
                         .value_or(m.hidden / m.num_heads));
  if (!attention_free && m.head_dim < 1) cfg.at("hidden_size", "").fail("at least one element per attention head");
  m.quant = detail::parse_quant(qc, hq);
  // Input and output embeddings shared (LlamaConfig, Qwen2Config, ... default false;
  // strata's own readers apply their architecture's default).
  if (auto tied = r.boolean("tie_word_embeddings"))
    m.tied_embeddings = *tied;
  else if (auto top = config_reader::boolean_in(root, "tie_word_embeddings"))
    m.tied_embeddings = *top;
  return entry->read(r);
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
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    config = path / "config.json";
    quant = path / "hf_quant_config.json";
    if (!fs::exists(config, ec)) throw invalid_input(path.string() + ": directory has no config.json");
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
  // A sibling whose name is too long for the file system cannot exist; anything else
  // that stops us from looking (a symlink loop, no permission) is reported.
  const bool has_quant = !quant.empty() && fs::exists(quant, ec);
  if (ec && ec != std::errc::filename_too_long && ec != std::errc::no_such_file_or_directory)
    throw invalid_input(quant.string() + ": cannot read (" + ec.message() + ")");
  if (has_quant) quant_text = detail::read_text_file(quant);
  return model_from_hf_config(text, config.string(),
                              quant_text ? std::optional<std::string_view>(*quant_text) : std::nullopt, quant.string(),
                              path.string());
}

}  // namespace strata
