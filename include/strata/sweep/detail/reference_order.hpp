// The row order the reference's pandas operations produce, so that rows tied on
// the sort key come out in the same order and ties resolve to the same
// configuration. A one-column `DataFrame.sort_values` (pandas 1.5
// sorting.nargsort) runs numpy's `argsort(kind="quicksort")`, an introsort that is
// not stable (numpy 1.24: median-of-three partitioning, insertion sort below 17
// elements, heapsort when the depth budget runs out); multi-column sorts are
// stable. Written from the algorithm's description; only the order of equal keys
// depends on these details.
#pragma once

#include <cstddef>
#include <tuple>
#include <utility>
#include <vector>

namespace strata::sweep::detail {

/// Indices that sort `v` ascending, equal keys in numpy's quicksort order.
inline std::vector<std::size_t> numpy_argsort(const std::vector<double>& v) {
  const std::ptrdiff_t n = std::ptrdiff_t(v.size());
  std::vector<std::size_t> a(v.size());
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = i;
  if (n < 2) return a;
  const auto less = [&](std::size_t x, std::size_t y) { return v[x] < v[y]; };
  // Heapsort of a[lo .. lo + len): 1-based sift-down as numpy does it.
  const auto heapsort = [&](std::ptrdiff_t lo, std::ptrdiff_t len) {
    std::size_t* h = a.data() + lo - 1;  // h[1 .. len]
    const auto sift = [&](std::ptrdiff_t top, std::ptrdiff_t size, std::size_t item) {
      std::ptrdiff_t i = top;
      for (std::ptrdiff_t j = top * 2; j <= size;) {
        if (j < size && less(h[j], h[j + 1])) ++j;
        if (!less(item, h[j])) break;
        h[i] = h[j];
        i = j;
        j += j;
      }
      h[i] = item;
    };
    for (std::ptrdiff_t l = len / 2; l > 0; --l) sift(l, len, h[l]);
    for (std::ptrdiff_t size = len; size > 1;) {
      const std::size_t item = h[size];
      h[size] = h[1];
      --size;
      sift(1, size, item);
    }
  };
  int depth_budget = 0;
  for (std::size_t u = v.size(); u >>= 1;) ++depth_budget;
  depth_budget *= 2;
  std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> ranges;  // pending (lo, hi), inclusive
  std::vector<int> depths;
  std::ptrdiff_t lo = 0, hi = n - 1;
  constexpr std::ptrdiff_t small = 15;
  for (;;) {
    if (depth_budget < 0) {
      heapsort(lo, hi - lo + 1);
    } else {
      while (hi - lo > small) {
        const std::ptrdiff_t mid = lo + ((hi - lo) >> 1);
        if (less(a[mid], a[lo])) std::swap(a[mid], a[lo]);
        if (less(a[hi], a[mid])) std::swap(a[hi], a[mid]);
        if (less(a[mid], a[lo])) std::swap(a[mid], a[lo]);
        const double pivot = v[a[mid]];
        std::ptrdiff_t i = lo, j = hi - 1;
        std::swap(a[mid], a[j]);
        for (;;) {
          do ++i;
          while (v[a[i]] < pivot);
          do --j;
          while (pivot < v[a[j]]);
          if (i >= j) break;
          std::swap(a[i], a[j]);
        }
        std::swap(a[i], a[hi - 1]);
        // Keep the smaller side, defer the larger one.
        if (i - lo < hi - i) {
          ranges.push_back({i + 1, hi});
          hi = i - 1;
        } else {
          ranges.push_back({lo, i - 1});
          lo = i + 1;
        }
        depths.push_back(--depth_budget);
      }
      for (std::ptrdiff_t i = lo + 1; i <= hi; ++i) {  // insertion sort
        const std::size_t item = a[i];
        std::ptrdiff_t j = i;
        while (j > lo && v[item] < v[a[j - 1]]) {
          a[j] = a[j - 1];
          --j;
        }
        a[j] = item;
      }
    }
    if (ranges.empty()) break;
    std::tie(lo, hi) = ranges.back();
    ranges.pop_back();
    depth_budget = depths.back();
    depths.pop_back();
  }
  return a;
}

/// The order `DataFrame.sort_values(by=<one column>, ascending=...)` gives rows
/// whose key values are `v` (pandas nargsort: a descending sort argsorts the
/// reversed column and reverses the result).
inline std::vector<std::size_t> pandas_sort(const std::vector<double>& v, bool ascending) {
  if (ascending) return numpy_argsort(v);
  const std::size_t n = v.size();
  std::vector<double> reversed(v.rbegin(), v.rend());
  const std::vector<std::size_t> order = numpy_argsort(reversed);
  std::vector<std::size_t> out(n);
  for (std::size_t k = 0; k < n; ++k) out[n - 1 - k] = n - 1 - order[k];
  return out;
}

}  // namespace strata::sweep::detail
