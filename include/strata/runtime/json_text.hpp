// JSON text as configs are written: errors that say where (line and column), and the
// non-standard literals Python's json module writes -- Infinity, -Infinity, NaN (e.g.
// Mamba configs' "time_step_limit": [0.0, Infinity]). Boost.JSON 1.81 has no option
// for those, so a document that fails on one is rewritten outside its strings
// (Infinity -> 1e999, which parses to +inf; -Infinity -> -1e999; NaN -> null, the
// value being undefined) and parsed again, errors still pointing into the original.
// A valid document pays nothing for this.
#pragma once

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "strata/core/error.hpp"

namespace strata::detail {

/// 1-based line and column (in bytes) of `offset` in `text`.
inline std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return {line, offset - line_start + 1};
}

/// A copy of a document with its non-finite literals replaced, and the way back from
/// an offset in the copy to one in the original.
struct json_rewrite {
  struct edit {
    std::size_t at;          // where the replacement starts in the copy
    std::size_t length;      // its length in the copy
    std::size_t from;        // where the literal starts in the original
    std::size_t old_length;  // its length there
  };
  std::string text;
  std::vector<edit> edits;

  std::size_t origin(std::size_t offset) const {
    const edit* before = nullptr;
    for (const edit& e : edits) {
      if (offset < e.at) break;
      if (offset < e.at + e.length) return e.from;
      before = &e;
    }
    if (!before) return offset;
    return before->from + before->old_length + (offset - (before->at + before->length));
  }
};

/// The non-finite literal starting at `i` (outside a string), if any.
inline std::optional<std::pair<std::string_view, std::string_view>> nonfinite_at(std::string_view text, std::size_t i) {
  static constexpr std::pair<std::string_view, std::string_view> literals[] = {
      {"-Infinity", "-1e999"}, {"Infinity", "1e999"}, {"NaN", "null"}};
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  if (i > 0 && word(text[i - 1])) return std::nullopt;
  for (const auto& [from, to] : literals)
    if (text.substr(i).starts_with(from) && (i + from.size() == text.size() || !word(text[i + from.size()])))
      return std::pair{from, to};
  return std::nullopt;
}

/// The document with every non-finite literal outside strings replaced.
inline json_rewrite rewrite_nonfinite(std::string_view text) {
  json_rewrite out;
  out.text.reserve(text.size() + 16);
  bool in_string = false;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (in_string) {
      out.text += c;
      if (c == '\\' && i + 1 < text.size()) {
        out.text += text[i + 1];
        i += 2;
        continue;
      }
      if (c == '"') in_string = false;
      ++i;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '-' || c == 'I' || c == 'N') {
      if (const auto lit = nonfinite_at(text, i)) {
        out.edits.push_back({out.text.size(), lit->second.size(), i, lit->first.size()});
        out.text += lit->second;
        i += lit->first.size();
        continue;
      }
    }
    out.text += c;
    ++i;
  }
  return out;
}

/// Parses `text` (a whole document) into `storage`; a bad document is an invalid_input
/// naming `file`, the line and column, and what is wrong.
inline boost::json::value parse_json_document(std::string_view text, const std::string& file,
                                              boost::json::storage_ptr storage,
                                              const boost::json::parse_options& opts) {
  const auto attempt = [&](std::string_view t, boost::system::error_code& ec, std::size_t& stop) {
    unsigned char temp[BOOST_JSON_STACK_BUFFER_SIZE];
    boost::json::parser p(boost::json::storage_ptr(), opts, temp, sizeof temp);
    p.reset(storage);
    stop = p.write_some(t.data(), t.size(), ec);
    if (!ec && stop < t.size()) ec = boost::json::error::extra_data;
    return ec ? boost::json::value() : p.release();
  };
  const auto fail = [&](const boost::system::error_code& ec, std::size_t offset) {
    std::string what = ec.message();
    if (ec == boost::json::error::too_deep) what = "nested deeper than " + std::to_string(opts.max_depth) + " levels";
    if (ec == boost::json::error::extra_data) what = "text after the end of the document";
    if (ec == boost::json::error::incomplete) what = "the document ends early";
    const auto [line, column] = line_column(text, offset);
    throw invalid_input(file + ": line " + std::to_string(line) + ", column " + std::to_string(column) +
                        ": not valid JSON (" + what + ")");
  };
  boost::system::error_code ec;
  std::size_t stop = 0;
  boost::json::value v = attempt(text, ec, stop);
  if (!ec) return v;
  if (ec != boost::json::error::syntax || !nonfinite_at(text, stop)) fail(ec, stop);
  const json_rewrite rewritten = rewrite_nonfinite(text);
  v = attempt(rewritten.text, ec, stop);
  if (ec) fail(ec, rewritten.origin(stop));
  return v;
}

}  // namespace strata::detail
