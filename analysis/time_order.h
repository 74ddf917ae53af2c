// Indices in order of time, ties in index order: what std::stable_sort gives, by an
// unstable sort of (time, index) pairs, which needs no merge buffer and compares
// contiguous keys instead of looking each time up through its index (sorting was a sixth
// of a two-arm cohort's time).
#pragma once

#include <algorithm>
#include <span>
#include <utility>
#include <vector>

namespace jisas::analysis {

// `keyed` is scratch space the caller may keep between calls.
template <class Index>
void order_by_time(std::span<const double> time, std::vector<Index>& order,
                   std::vector<std::pair<double, Index>>& keyed) {
  keyed.resize(time.size());
  for (std::size_t i = 0; i < time.size(); ++i) keyed[i] = {time[i], static_cast<Index>(i)};
  std::sort(keyed.begin(), keyed.end());
  order.resize(time.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) order[i] = keyed[i].second;
}

template <class Index>
void order_by_time(std::span<const double> time, std::vector<Index>& order) {
  std::vector<std::pair<double, Index>> keyed;
  order_by_time(time, order, keyed);
}

}  // namespace jisas::analysis
