// JSON views of ops and configs under the reference's attribute names (the
// command-line contract in DESIGN.md). Each op lists its own fields (`fields`);
// composites nest their children as the reference does. Needs Boost.JSON.
#pragma once

#include <boost/json.hpp>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "strata/core/config.hpp"
#include "strata/ops/op.hpp"

namespace strata::io {

inline boost::json::string_view sv(std::string_view s) { return {s.data(), s.size()}; }

/// `s` with every byte that is not part of a well-formed UTF-8 sequence replaced by
/// U+FFFD: what a file path given on the command line becomes in JSON output.
inline std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = byte(i);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) ok = (byte(i + k) >> 6) == 0x2;
    if (ok && n > 1) {  // no overlong forms, surrogates or values past U+10FFFF
      const unsigned c1 = byte(i + 1);
      if (n == 2) ok = c >= 0xC2;
      if (n == 3) ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
      if (n == 4) ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

namespace detail {
inline void check_output(boost::json::value& v, const std::string& where) {
  switch (v.kind()) {
    case boost::json::kind::double_:
      if (!std::isfinite(v.get_double()))
        throw std::logic_error("a non-finite number at " + where + " would make the JSON output invalid");
      break;
    case boost::json::kind::string: {
      const auto& s = v.get_string();
      const std::string fixed = valid_utf8({s.data(), s.size()});
      if (fixed.size() != s.size() || fixed != std::string_view(s.data(), s.size())) v = fixed;
      break;
    }
    case boost::json::kind::array: {
      std::size_t i = 0;
      for (auto& x : v.get_array()) check_output(x, where + "[" + std::to_string(i++) + "]");
      break;
    }
    case boost::json::kind::object:
      for (auto& [k, x] : v.get_object()) check_output(x, where + "." + std::string(k));
      break;
    default: break;
  }
}
}  // namespace detail

/// Serializes `v` as valid JSON: strings are made valid UTF-8, and a non-finite number
/// (a bug: every figure strata prints is finite) is an error rather than a bare
/// `Infinity` or `NaN` in the output.
inline std::string serialize(boost::json::value v) {
  detail::check_output(v, "$");
  return boost::json::serialize(v);
}

namespace detail {
template <class T>
boost::json::value value_of(const T& v) {
  if constexpr (std::is_same_v<T, bool>)
    return v;
  else if constexpr (std::is_integral_v<T> || std::is_floating_point_v<T>)
    return v;
  else if constexpr (std::is_convertible_v<T, std::string_view>)
    return sv(std::string_view(v));
  else if constexpr (std::is_enum_v<T>) {
    using strata::name;
    using strata::ops::name;
    return sv(name(v));
  } else if constexpr (requires { v.has_value(); }) {
    if (!v) return nullptr;
    return value_of(*v);
  } else
    static_assert(sizeof(T) == 0, "strata: an op field of a type the JSON writer does not know");
}
}  // namespace detail

inline boost::json::object leaf_to_json(const op& o) {
  boost::json::object j;
  j["class"] = sv(class_of(o));
  j["name"] = name_of(o).str();
  j["scale_factor"] = scale_of(o);
  j["weights"] = weight_bytes_of(o);
  std::visit([&](const auto& x) { x.fields([&](std::string_view key, const auto& v) { j[sv(key)] = detail::value_of(v); }); },
             o);
  return j;
}

/// A top-level op of `l`, with a composite's children nested the way the reference
/// writes them ({"primary", "fallback"} or {"group_a", "group_b"}).
inline boost::json::object to_json(const op_list& l, const op& o) {
  boost::json::object j = leaf_to_json(o);
  const auto array = [](std::span<const op> ops) {
    boost::json::array a;
    for (const auto& c : ops) a.push_back(leaf_to_json(c));
    return a;
  };
  if (std::holds_alternative<ops::overlap>(o)) {
    j["weights"] = scaled_weight_bytes(l, o);
    j["children"] = boost::json::object{{"group_a", array(l.group_a(o))}, {"group_b", array(l.group_b(o))}};
  } else if (std::holds_alternative<ops::fallback>(o)) {
    j["weights"] = scaled_weight_bytes(l, o);
    j["children"] = boost::json::object{{"primary", leaf_to_json(l.primary(o))}, {"fallback", array(l.fallbacks(o))}};
  }
  return j;
}

inline boost::json::array to_json(const op_list& l) {
  boost::json::array a;
  for (const auto& o : l) a.push_back(to_json(l, o));
  return a;
}

inline boost::json::object to_json(const resolved_config& c, bool is_moe) {
  boost::json::object j;
  j["tp_size"] = c.tp;
  j["pp_size"] = c.pp;
  if (is_moe) {
    j["moe_tp_size"] = c.moe_tp;
    j["moe_ep_size"] = c.moe_ep;
  } else {
    j["moe_tp_size"] = nullptr;
    j["moe_ep_size"] = nullptr;
  }
  j["attention_dp_size"] = c.attention_dp;
  j["nextn"] = c.nextn;
  j["gemm_quant_mode"] = sv(name(c.gemm));
  j["moe_quant_mode"] = sv(name(c.moe));
  j["kvcache_quant_mode"] = sv(name(c.kv));
  j["fmha_quant_mode"] = sv(name(c.fmha));
  j["comm_quant_mode"] = sv(name(c.comm));
  j["backend"] = sv(name(c.backend));
  return j;
}

}  // namespace strata::io
