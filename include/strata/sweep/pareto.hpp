// The Pareto frontier of tokens/s per GPU against tokens/s per user.
#pragma once

#include <algorithm>
#include <vector>

#include "strata/sweep/point.hpp"

namespace strata::sweep {

/// `a` dominates `b`: at least as good on both axes (tokens/s per user, tokens/s
/// per GPU of the cluster). Equal points dominate each other; the frontier keeps one.
constexpr bool dominates(const point& a, const point& b) {
  return a.tokens_per_s_per_user >= b.tokens_per_s_per_user && a.tokens_per_s_per_gpu >= b.tokens_per_s_per_gpu;
}

/// Points no other point dominates (of equal points, the first), sorted by tokens/s
/// per user. One pass from the fastest-per-user point down keeps every point that
/// beats the best throughput seen so far (the reference's get_pareto_front keeps the
/// same set).
inline std::vector<point> pareto_front(std::vector<point> pts) {
  std::stable_sort(pts.begin(), pts.end(), [](const point& a, const point& b) {
    if (a.tokens_per_s_per_user != b.tokens_per_s_per_user) return a.tokens_per_s_per_user > b.tokens_per_s_per_user;
    return a.tokens_per_s_per_gpu > b.tokens_per_s_per_gpu;
  });
  std::vector<point> out;
  for (const point& p : pts)
    if (out.empty() || p.tokens_per_s_per_gpu > out.back().tokens_per_s_per_gpu) out.push_back(p);
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace strata::sweep
