// Config text as Python writes it: Infinity / -Infinity / NaN literals load, and a
// document that is not JSON is an error naming the line and column.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "strata/runtime/hf_config.hpp"

using namespace strata;

namespace {
std::string error_of(std::string_view text) {
  try {
    detail::parse_json_text(text, "t.json");
  } catch (const invalid_input& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("non-finite literals outside strings load; strings are left alone") {
  const auto v = detail::parse_json_text(
      R"({"limit": [0.0, Infinity], "low": -Infinity, "nan": NaN, "note": "Infinity and NaN stay text"})", "t.json");
  const auto& o = v.as_object();
  CHECK(std::isinf(o.at("limit").as_array()[1].as_double()));
  CHECK(o.at("limit").as_array()[1].as_double() > 0);
  CHECK(o.at("low").as_double() < 0);
  CHECK(std::isinf(o.at("low").as_double()));
  CHECK(o.at("nan").is_null());  // undefined: read as an absent value
  CHECK(o.at("note").as_string() == "Infinity and NaN stay text");
}

TEST_CASE("parse errors name the line and column, also after a rewritten literal") {
  // Line 3, column 7: the second comma.
  CHECK(error_of("{\n  \"a\": 1,\n  \"b\":,\n}") == "t.json: line 3, column 7: not valid JSON (syntax error)");
  // "Infinity" on line 1 is rewritten to a shorter literal; the error on line 2 still
  // points at the original text.
  CHECK(error_of("{\"x\": [Infinity, NaN], \"y\": 1,\n \"z\": tru}") ==
        "t.json: line 2, column 7: not valid JSON (syntax error)");
  CHECK(error_of("{\"x\": -Infinity, \"y\": 2} 7") ==
        "t.json: line 1, column 26: not valid JSON (text after the end of the document)");
  CHECK(error_of("{\"x\": [1, 2") == "t.json: line 1, column 12: not valid JSON (the document ends early)");
  // A word that merely starts like a literal is still an error.
  CHECK(error_of("{\"x\": Infinityx}").find("line 1, column 7") != std::string::npos);
}

TEST_CASE("a Mamba config with Infinity loads as a model") {
  const std::string cfg = R"({"architectures": ["NemotronHForCausalLM"], "num_hidden_layers": 2, "hidden_size": 64,
    "num_attention_heads": 2, "num_key_value_heads": 1, "vocab_size": 10, "max_position_embeddings": 16,
    "hybrid_override_pattern": "M*", "mamba_num_heads": 4, "mamba_head_dim": 16, "ssm_state_size": 8,
    "conv_kernel": 4, "n_groups": 1, "chunk_size": 64,
    "time_step_limit": [
      0.0,
      Infinity
    ]})";
  CHECK(model_from_hf_config(cfg).layers() == 2);
}
