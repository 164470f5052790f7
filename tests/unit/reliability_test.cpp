// Regression tests for what fuzzing and a careless user found: each case is the
// minimal input that used to crash, hang or mislead.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "strata/cost/estimate.hpp"
#include "strata/runtime/get_model.hpp"
#include "strata/runtime/system_file.hpp"

using namespace strata;
namespace fs = std::filesystem;

namespace {
const fs::path fixtures = STRATA_FIXTURES_DIR;

fs::path scratch(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("strata_reliability_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
}  // namespace

TEST_CASE("a non-string architecture name is an error, not a read of a dead string") {
  // The error path of `architectures[0]` used to read the path of a temporary node.
  for (const char* text : {R"({"architectures": [1]})", R"({"architectures": [null]})",
                           R"({"architectures": [["LlamaForCausalLM"]]})"})
    CHECK_THROWS_WITH_AS(model_from_hf_config(text, "a.json"),
                         doctest::Contains("a.json: $.architectures[0]: expected an architecture name"), invalid_input);
}

TEST_CASE("a huge JSON real is range-checked before it is converted") {
  // 1e19 does not fit a long long: converting it first was undefined behaviour.
  for (const char* layers : {"1e19", "-1e300", "9.3e18"})
    CHECK_THROWS_WITH_AS(model_from_hf_config(std::string(R"({"architectures": ["LlamaForCausalLM"], "num_hidden_layers": )") +
                                                  layers + "}",
                                              "b.json"),
                         doctest::Contains("$.num_hidden_layers: expected an integer from 1 to 4096"), invalid_input);
}

TEST_CASE("a layout's GPU count cannot overflow") {
  const any_model m = get_model("meta-llama/Meta-Llama-3.1-8B");
  CHECK_THROWS_WITH_AS(m.resolve({.tp = 4096, .pp = 4096, .attention_dp = 4096}),
                       doctest::Contains("tp * pp * dp = 4096 * 4096 * 4096 = 68719476736 GPUs: expected at most"),
                       invalid_input);
}

TEST_CASE("file-system trouble around hf_quant_config.json is bad input, not an escaping exception") {
  const fs::path d = scratch("loop");
  fs::copy_file(fixtures / "good/tiny_llama.json", d / "config.json");
  fs::create_symlink(d / "hf_quant_config.json", d / "hf_quant_config.json");  // a loop
  CHECK_THROWS_WITH_AS(get_model(d.string()), doctest::Contains("hf_quant_config.json: cannot read"), invalid_input);
  // A `<name>_config.json` whose `<name>_hf_quant_config.json` sibling would be longer
  // than a file name may be: the sibling cannot exist, the config loads.
  const fs::path e = scratch("long_name");
  const fs::path config = e / (std::string(243, 'm') + "_config.json");  // 255 characters
  fs::copy_file(fixtures / "good/tiny_llama.json", config);
  CHECK(get_model(config.string()).layers() == 4);
  fs::remove_all(d);
  fs::remove_all(e);
}

TEST_CASE("runtime models and systems own their strings") {
  std::string id, architecture;
  {
    const any_model m = get_model((fixtures / "good/tiny_llama.json").string());
    id = m.id();
    architecture = m.architecture();
  }  // the model is gone; the copies are not views into it
  CHECK(id == (fixtures / "good/tiny_llama.json").string());
  CHECK(architecture == "LlamaForCausalLM");
  cost::gpu_system sys;
  {
    const owned_system owned = load_system_file((fixtures / "../../examples/systems/custom_gpu.json").string());
    sys = owned.system;
  }
  CHECK(sys.name.view() == "custom_gpu");
  CHECK_THROWS_WITH_AS(system_from_json(R"({"name": ")" + std::string(64, 'x') + R"(", "base": "h100_sxm"})", "s.json"),
                       doctest::Contains("s.json: $.name: expected a name of 1 to 63 characters"), invalid_input);
}

TEST_CASE("a request prices a bounded number of decode steps") {
  const any_model m = get_model("meta-llama/Meta-Llama-3.1-8B");
  const auto c = m.resolve({});
  const auto ctx = m.ops(phase::context, c), gen = m.ops(phase::generation, c);
  // osl 67,108,863 every token was 67 M decode steps (20-30 s); now an error that says
  // which stride would do: ceil(67,108,862 / 2^21) = 32.
  CHECK_THROWS_WITH_AS(cost::request(ctx, gen, cost::systems::h200_sxm, 1, 1, 67108863, 0, 1),
                       doctest::Contains("67108862 decode steps: expected at most 2097152 (a stride of at least 32)"),
                       invalid_input);
}

TEST_CASE("model invariants are checked when a model is built") {
  // GQA: 32 query heads cannot share 5 KV heads evenly.
  CHECK_THROWS_WITH_AS(get_model((fixtures / "bad/kv_heads_not_dividing.json").string()),
                       doctest::Contains("32 attention heads do not split into 5 KV-head groups"), invalid_input);
  // Group counts must add up to the layer count.
  const families::llama::layer_type l{mixers::gqa{.heads = 4, .kv_heads = 4, .head_dim = 16}, {64}};
  CHECK_THROWS_WITH_AS(
      (model{families::llama{}, model_facts{.id = "m", .layers = 3, .hidden = 64, .vocab = 10}, groups(group(l, 2))}),
      doctest::Contains("m: the layer groups hold 2 layers but the model has 3"), invalid_input);
  CHECK_THROWS_WITH_AS(
      (model{families::llama{}, model_facts{.id = "m", .layers = 3, .hidden = 64, .vocab = 10}, groups(group(l, -1))}),
      doctest::Contains("negative count"), invalid_input);
  // A hybrid config whose layers are all dense is not an MoE model and needs no --ep.
  const std::string dense_hybrid = R"({"architectures": ["MiMoV2FlashForCausalLM"], "num_hidden_layers": 2,
    "hidden_size": 256, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 64, "vocab_size": 100,
    "max_position_embeddings": 64, "intermediate_size": 512, "n_routed_experts": 4, "num_experts_per_tok": 2,
    "moe_intermediate_size": 64, "hybrid_layer_pattern": [0, 1], "moe_layer_freq": 0, "sliding_window_size": 32})";
  const any_model h = model_from_hf_config(dense_hybrid);
  CHECK(!h.is_moe());
  CHECK_NOTHROW(h.resolve({.tp = 2}));
}
