// A sweep's Pareto plot as a standalone SVG: tokens/s per GPU against tokens/s per
// user, the aggregated and disaggregated frontiers (a marker per point that meets
// the SLA, a dashed line for each mode's whole frontier), the TPOT target as a
// vertical line and the best configuration labelled.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "strata/sweep/sweep.hpp"

namespace strata::sweep {

namespace detail {

inline std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

inline std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

/// A round axis maximum and tick step covering [0, v].
inline std::pair<double, double> nice_axis(double v) {
  if (!(v > 0) || !std::isfinite(v)) return {1, 0.2};
  const double raw = v / 5;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double f : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (f * mag >= raw) {
      step = f * mag;
      break;
    }
  return {std::ceil(v / step) * step, step};
}

inline std::string short_layout(const layout& l) {
  std::string s = "tp" + std::to_string(l.tp);
  if (l.pp > 1) s += " pp" + std::to_string(l.pp);
  if (l.dp > 1) s += " dp" + std::to_string(l.dp);
  if (l.moe_ep > 1 || l.moe_tp > 1) s += " ep" + std::to_string(l.moe_ep) + " moe-tp" + std::to_string(l.moe_tp);
  return s;
}

inline std::string describe_point(const point& p) {
  if (p.kind == mode::agg)
    return "agg " + short_layout(p.agg.par) + ", batch " + std::to_string(p.agg.batch) + ", " +
           std::to_string(p.replicas) + (p.replicas == 1 ? " replica" : " replicas");
  return "disagg " + std::to_string(p.prefill.workers) + "x prefill " + short_layout(p.prefill.par) + " + " +
         std::to_string(p.decode.workers) + "x decode " + short_layout(p.decode.par) + " batch " +
         std::to_string(p.decode.batch) + ", " + std::to_string(p.replicas) +
         (p.replicas == 1 ? " replica" : " replicas");
}

}  // namespace detail

inline std::string to_svg(const result& r) {
  using detail::fmt;
  constexpr double width = 860, height = 540, left = 90, right = 30, top = 70, bottom = 70;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  const std::vector<point> whole_agg = pareto_front(r.agg_rows), whole_disagg = pareto_front(r.disagg_rows);
  const double user_line = 1000.0 / r.inputs.tpot_ms;
  double x_max = user_line, y_max = 0;
  for (const auto* set : {&whole_agg, &whole_disagg})
    for (const point& p : *set) {
      x_max = std::max(x_max, p.tokens_per_s_per_user);
      y_max = std::max(y_max, p.tokens_per_s_per_gpu);
    }
  const auto [xa, xs] = detail::nice_axis(x_max * 1.02);
  const auto [ya, ys] = detail::nice_axis(y_max * 1.08);
  const auto X = [&, xa = xa](double v) { return left + v / xa * plot_w; };
  const auto Y = [&, ya = ya](double v) { return top + plot_h - v / ya * plot_h; };

  std::string s;
  s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt("%.0f", width) + "\" height=\"" +
       fmt("%.0f", height) + "\" viewBox=\"0 0 " + fmt("%.0f", width) + " " + fmt("%.0f", height) +
       "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + fmt("%.0f", width / 2) + "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">" +
       detail::xml_escape(r.model + " on " + std::to_string(r.inputs.total_gpus) + " x " + r.system) + "</text>\n";
  s += "<text x=\"" + fmt("%.0f", width / 2) + "\" y=\"44\" text-anchor=\"middle\" fill=\"#555\">" +
       detail::xml_escape("ISL " + std::to_string(r.inputs.isl) + ", OSL " + std::to_string(r.inputs.osl) +
                          ", TTFT <= " + fmt("%g", r.inputs.ttft_ms) + " ms, TPOT <= " + fmt("%g", r.inputs.tpot_ms) +
                          " ms (speed-of-light)") +
       "</text>\n";
  // Grid and axes.
  s += "<g class=\"grid\" stroke=\"#e4e4e4\">\n";
  for (double v = 0; v <= xa + xs / 2; v += xs)
    s += "<line x1=\"" + fmt("%.1f", X(v)) + "\" y1=\"" + fmt("%.1f", top) + "\" x2=\"" + fmt("%.1f", X(v)) +
         "\" y2=\"" + fmt("%.1f", top + plot_h) + "\"/>\n";
  for (double v = 0; v <= ya + ys / 2; v += ys)
    s += "<line x1=\"" + fmt("%.1f", left) + "\" y1=\"" + fmt("%.1f", Y(v)) + "\" x2=\"" + fmt("%.1f", left + plot_w) +
         "\" y2=\"" + fmt("%.1f", Y(v)) + "\"/>\n";
  s += "</g>\n<g class=\"axes\" stroke=\"#333\">\n";
  s += "<line x1=\"" + fmt("%.1f", left) + "\" y1=\"" + fmt("%.1f", top + plot_h) + "\" x2=\"" +
       fmt("%.1f", left + plot_w) + "\" y2=\"" + fmt("%.1f", top + plot_h) + "\"/>\n";
  s += "<line x1=\"" + fmt("%.1f", left) + "\" y1=\"" + fmt("%.1f", top) + "\" x2=\"" + fmt("%.1f", left) + "\" y2=\"" +
       fmt("%.1f", top + plot_h) + "\"/>\n</g>\n<g class=\"ticks\" fill=\"#333\">\n";
  for (double v = 0; v <= xa + xs / 2; v += xs)
    s += "<text x=\"" + fmt("%.1f", X(v)) + "\" y=\"" + fmt("%.1f", top + plot_h + 18) + "\" text-anchor=\"middle\">" +
         fmt("%g", v) + "</text>\n";
  for (double v = 0; v <= ya + ys / 2; v += ys)
    s += "<text x=\"" + fmt("%.1f", left - 8) + "\" y=\"" + fmt("%.1f", Y(v) + 4) + "\" text-anchor=\"end\">" +
         fmt("%g", v) + "</text>\n";
  s += "</g>\n";
  s += "<text class=\"axis-label\" x=\"" + fmt("%.1f", left + plot_w / 2) + "\" y=\"" + fmt("%.1f", height - 22) +
       "\" text-anchor=\"middle\">tokens/s per user</text>\n";
  s += "<text class=\"axis-label\" transform=\"translate(24," + fmt("%.1f", top + plot_h / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">tokens/s per GPU</text>\n";
  // TPOT target: users faster than 1000 / TPOT tokens/s meet it.
  s += "<line class=\"tpot-target\" x1=\"" + fmt("%.1f", X(user_line)) + "\" y1=\"" + fmt("%.1f", top) + "\" x2=\"" +
       fmt("%.1f", X(user_line)) + "\" y2=\"" + fmt("%.1f", top + plot_h) +
       "\" stroke=\"#c0392b\" stroke-dasharray=\"6 4\"/>\n";
  s += "<text x=\"" + fmt("%.1f", X(user_line) + 6) + "\" y=\"" + fmt("%.1f", top + 14) + "\" fill=\"#c0392b\">" +
       detail::xml_escape("TPOT target " + fmt("%g", r.inputs.tpot_ms) + " ms") + "</text>\n";
  // Frontiers.
  const auto polyline = [&](const std::vector<point>& pts, const char* color, const char* extra) {
    if (pts.size() < 2) return std::string();
    std::string line = "<polyline fill=\"none\" stroke=\"" + std::string(color) + "\" " + extra + " points=\"";
    for (const point& p : pts)
      line += fmt("%.1f", X(p.tokens_per_s_per_user)) + "," + fmt("%.1f", Y(p.tokens_per_s_per_gpu)) + " ";
    return line + "\"/>\n";
  };
  const char* agg_color = "#1f77b4";
  const char* disagg_color = "#ff7f0e";
  s += polyline(whole_agg, agg_color, "stroke-width=\"1\" stroke-dasharray=\"3 3\" opacity=\"0.6\"");
  s += polyline(whole_disagg, disagg_color, "stroke-width=\"1\" stroke-dasharray=\"3 3\" opacity=\"0.6\"");
  s += polyline(r.pareto_agg, agg_color, "stroke-width=\"2\"");
  s += polyline(r.pareto_disagg, disagg_color, "stroke-width=\"2\"");
  const auto markers = [&](const std::vector<point>& pts, const char* cls, const char* color) {
    std::string out;
    for (const point& p : pts)
      out += "<circle class=\"marker " + std::string(cls) + "\" cx=\"" + fmt("%.1f", X(p.tokens_per_s_per_user)) +
             "\" cy=\"" + fmt("%.1f", Y(p.tokens_per_s_per_gpu)) + "\" r=\"3.5\" fill=\"" + color + "\"><title>" +
             detail::xml_escape(detail::describe_point(p) + ": " + fmt("%.1f", p.tokens_per_s_per_gpu) +
                                " tok/s/GPU, " + fmt("%.1f", p.tokens_per_s_per_user) + " tok/s/user") +
             "</title></circle>\n";
    return out;
  };
  s += markers(r.pareto_agg, "agg", agg_color);
  s += markers(r.pareto_disagg, "disagg", disagg_color);
  // Best configuration.
  const std::optional<point>& best = r.chosen == mode::disagg ? r.best_disagg : r.best_agg;
  if (best) {
    const double bx = X(best->tokens_per_s_per_user), by = Y(best->tokens_per_s_per_gpu);
    s += "<circle class=\"best\" cx=\"" + fmt("%.1f", bx) + "\" cy=\"" + fmt("%.1f", by) +
         "\" r=\"8\" fill=\"none\" stroke=\"#111\" stroke-width=\"1.5\"/>\n";
    const bool right_half = bx > left + plot_w * 0.55;
    s += "<text class=\"best-label\" x=\"" + fmt("%.1f", right_half ? bx - 12 : bx + 12) + "\" y=\"" +
         fmt("%.1f", std::max(top + 30, by - 12)) + "\" text-anchor=\"" + (right_half ? "end" : "start") + "\">" +
         detail::xml_escape("best: " + detail::describe_point(*best) + ", " + fmt("%.0f", best->tokens_per_s_per_gpu) +
                            " tok/s/GPU") +
         "</text>\n";
  } else {
    s += "<text x=\"" + fmt("%.1f", left + plot_w / 2) + "\" y=\"" + fmt("%.1f", top + plot_h / 2) +
         "\" text-anchor=\"middle\" fill=\"#c0392b\">no configuration meets the SLA</text>\n";
  }
  // Legend.
  const double lx = left + plot_w - 230, ly = top + 34;
  s += "<g class=\"legend\">\n";
  s += "<rect x=\"" + fmt("%.1f", lx - 10) + "\" y=\"" + fmt("%.1f", ly - 16) +
       "\" width=\"236\" height=\"62\" fill=\"white\" stroke=\"#ccc\"/>\n";
  s += "<line x1=\"" + fmt("%.1f", lx) + "\" y1=\"" + fmt("%.1f", ly - 4) + "\" x2=\"" + fmt("%.1f", lx + 22) +
       "\" y2=\"" + fmt("%.1f", ly - 4) + "\" stroke=\"" + agg_color + "\" stroke-width=\"2\"/>\n";
  s += "<text x=\"" + fmt("%.1f", lx + 30) + "\" y=\"" + fmt("%.1f", ly) + "\">aggregated (meets SLA)</text>\n";
  s += "<line x1=\"" + fmt("%.1f", lx) + "\" y1=\"" + fmt("%.1f", ly + 14) + "\" x2=\"" + fmt("%.1f", lx + 22) +
       "\" y2=\"" + fmt("%.1f", ly + 14) + "\" stroke=\"" + disagg_color + "\" stroke-width=\"2\"/>\n";
  s += "<text x=\"" + fmt("%.1f", lx + 30) + "\" y=\"" + fmt("%.1f", ly + 18) + "\">disaggregated (meets SLA)</text>\n";
  s += "<text x=\"" + fmt("%.1f", lx) + "\" y=\"" + fmt("%.1f", ly + 36) +
       "\" fill=\"#777\">dashed: whole frontier, any TPOT</text>\n";
  s += "</g>\n</svg>\n";
  return s;
}

}  // namespace strata::sweep
