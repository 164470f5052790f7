// Command-line plumbing of the `strata` tool: flag parsing with errors that name the
// flag and value, and human-readable units.
#pragma once

#include <charconv>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "strata/core/error.hpp"

namespace strata::cli {

struct parsed_args {
  std::string command;
  std::map<std::string, std::string, std::less<>> values;
  std::set<std::string, std::less<>> switches;
};

/// `value_flags` take one argument, `switch_flags` none; anything else is an error.
inline parsed_args parse(const std::vector<std::string>& argv, const std::set<std::string, std::less<>>& value_flags,
                         const std::set<std::string, std::less<>>& switch_flags) {
  parsed_args out;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string a = argv[i];
    std::optional<std::string> inline_value;
    if (auto eq = a.find('='); a.starts_with("--") && eq != std::string::npos) {
      inline_value = a.substr(eq + 1);
      a = a.substr(0, eq);
    }
    if (switch_flags.contains(a)) {
      if (inline_value) throw invalid_input(a + " takes no value (got '" + *inline_value + "')");
      out.switches.insert(a);
    } else if (value_flags.contains(a)) {
      std::string v;
      if (inline_value)
        v = *inline_value;
      else if (i + 1 < argv.size())
        v = argv[++i];
      else
        throw invalid_input(a + " needs a value");
      if (out.values.contains(a)) throw invalid_input(a + " given twice");
      out.values[a] = v;
    } else if (a.starts_with("-")) {
      throw invalid_input("unknown option '" + a + "' (see --help)");
    } else {
      throw invalid_input("unexpected argument '" + a + "' (see --help)");
    }
  }
  return out;
}

inline long long parse_int(std::string_view flag, std::string_view text, long long lo, long long hi) {
  long long v = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || p != end)
    throw invalid_input(std::string(flag) + " = '" + std::string(text) + "': expected an integer");
  if (v < lo || v > hi)
    throw invalid_input(std::string(flag) + " = " + std::to_string(v) + ": expected an integer from " +
                        std::to_string(lo) + " to " + std::to_string(hi));
  return v;
}

inline std::string bytes(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (b >= 1024 && u < 4) {
    b /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.2f %s", b, units[u]);
  return buf;
}

inline std::string fixed(double v, int digits = 3) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

inline std::string number(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace strata::cli
