// The Pareto frontier of tokens/s per GPU against tokens/s per user.
#pragma once

#include <algorithm>
#include <vector>

#include "strata/sweep/detail/reference_order.hpp"
#include "strata/sweep/point.hpp"

namespace strata::sweep {

/// `a` dominates `b`: at least as good on both axes (tokens/s per user, tokens/s
/// per GPU of the cluster). Equal points dominate each other; the frontier keeps one.
constexpr bool dominates(const point& a, const point& b) {
  return a.tokens_per_s_per_user >= b.tokens_per_s_per_user && a.tokens_per_s_per_gpu >= b.tokens_per_s_per_gpu;
}

/// Points no other point dominates, sorted by tokens/s per user. One pass from the
/// fastest-per-user point down keeps every point that beats the best throughput
/// seen so far: the set the reference's get_pareto_front keeps. Of equal points it
/// keeps the one its scan meets first, the first in numpy's ascending order of
/// tokens/s per user.
inline std::vector<point> pareto_front(const std::vector<point>& pts) {
  std::vector<double> users;
  for (const point& p : pts) users.push_back(p.tokens_per_s_per_user);
  std::vector<std::size_t> scan_rank(pts.size());
  const std::vector<std::size_t> scan = detail::pandas_sort(users, true);
  for (std::size_t k = 0; k < scan.size(); ++k) scan_rank[scan[k]] = k;
  std::vector<std::size_t> order(pts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const point &pa = pts[a], &pb = pts[b];
    if (pa.tokens_per_s_per_user != pb.tokens_per_s_per_user)
      return pa.tokens_per_s_per_user > pb.tokens_per_s_per_user;
    if (pa.tokens_per_s_per_gpu != pb.tokens_per_s_per_gpu) return pa.tokens_per_s_per_gpu > pb.tokens_per_s_per_gpu;
    return scan_rank[a] < scan_rank[b];
  });
  std::vector<point> out;
  for (std::size_t i : order)
    if (out.empty() || pts[i].tokens_per_s_per_gpu > out.back().tokens_per_s_per_gpu) out.push_back(pts[i]);
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace strata::sweep
