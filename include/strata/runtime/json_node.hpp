// Typed access to a parsed JSON document that names the file and the JSON path of
// every bad key in its errors ("config.json: $.text_config.num_hidden_layers:
// expected an integer from 1 to 4096, got \"48\"").
#pragma once

#include <boost/json.hpp>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/core/error.hpp"

namespace strata::detail {

class json_node {
public:
  /// `file` names the document in errors and must outlive the node and its children.
  json_node(const boost::json::value* v, const std::string& file, std::string path)
      : v_(v), file_(&file), path_(std::move(path)) {}

  /// The JSON path, built on demand for array elements (patterns have one per layer):
  /// an element shares its array's path, so it stays valid after the node `array()`
  /// was called on is gone (e.g. a temporary).
  std::string path() const { return parent_path_ ? *parent_path_ + "[" + std::to_string(index_) + "]" : path_; }
  const std::string& file() const { return *file_; }
  const boost::json::value& value() const { return *v_; }
  bool is_null() const { return v_->is_null(); }

  [[noreturn]] void fail(const std::string& expected) const {
    throw invalid_input(*file_ + ": " + path() + ": expected " + expected + ", got " + show(*v_));
  }
  [[noreturn]] void fail_missing(std::string_view key, const std::string& expected) const {
    throw invalid_input(*file_ + ": " + path() + "." + std::string(key) + ": missing; expected " + expected);
  }

  const boost::json::object& object() const {
    if (!v_->is_object()) fail("an object");
    return v_->get_object();
  }
  /// The member `key`, or nothing when it is absent or null.
  std::optional<json_node> get(std::string_view key) const {
    const auto& o = object();
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return std::nullopt;
    return json_node(&it->value(), *file_, path() + "." + std::string(key));
  }
  json_node at(std::string_view key, const std::string& expected) const {
    auto n = get(key);
    if (!n) fail_missing(key, expected);
    return *n;
  }
  std::vector<json_node> array(const std::string& expected) const {
    if (!v_->is_array()) fail(expected);
    std::vector<json_node> out;
    const auto& a = v_->get_array();
    out.reserve(a.size());
    const auto shared_path = std::make_shared<const std::string>(path());
    for (std::size_t i = 0; i < a.size(); ++i) {
      json_node element(&a[i], *file_, {});
      element.parent_path_ = shared_path;
      element.index_ = i;
      out.push_back(std::move(element));
    }
    return out;
  }
  bool is_array() const { return v_->is_array(); }
  bool is_object() const { return v_->is_object(); }

  /// An integer in [lo, hi]; JSON reals with an integral value (e.g. 4096.0) are accepted.
  long long integer(long long lo, long long hi) const {
    const auto expected = [&] { return "an integer from " + std::to_string(lo) + " to " + std::to_string(hi); };
    long long v = 0;
    if (v_->is_int64())
      v = v_->get_int64();
    else if (v_->is_uint64() && v_->get_uint64() <= 1ull << 62)
      v = static_cast<long long>(v_->get_uint64());
    else if (const double d = v_->is_double() ? v_->get_double() : 0.5;
             v_->is_double() && d > -1e15 && d < 1e15 && d == static_cast<double>(static_cast<long long>(d)))
      v = static_cast<long long>(d);  // the range is checked before the cast (a cast out of range is UB)
    else
      fail(expected());
    if (v < lo || v > hi) fail(expected());
    return v;
  }
  /// A finite number in [lo, hi].
  double number(double lo, double hi, const std::string& what = "a number") const {
    const std::string expected = what + " from " + shortest(lo) + " to " + shortest(hi);
    if (!v_->is_number()) fail(expected);
    const double v = v_->to_number<double>();
    if (!(v >= lo && v <= hi)) fail(expected);
    return v;
  }
  static std::string shortest(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }
  std::string string(const std::string& expected = "a string") const {
    if (!v_->is_string()) fail(expected);
    return std::string(v_->get_string());
  }
  bool boolean() const {
    if (!v_->is_bool()) fail("true or false");
    return v_->get_bool();
  }

  static std::string show(const boost::json::value& v) {
    std::string s = boost::json::serialize(v);
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    switch (v.kind()) {
      case boost::json::kind::string: return "the string " + s;
      case boost::json::kind::array: return "an array " + s;
      case boost::json::kind::object: return "an object " + s;
      case boost::json::kind::bool_: return s;
      case boost::json::kind::null: return "null";
      default: return s;
    }
  }

private:
  const boost::json::value* v_;
  const std::string* file_;
  std::string path_;
  std::shared_ptr<const std::string> parent_path_;  // array elements: the array's path
  std::size_t index_ = 0;
};

}  // namespace strata::detail
