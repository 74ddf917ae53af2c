// Indices in order of time, ties in index order: what std::stable_sort gives, by an
// unstable sort on (time, index), which needs no temporary buffer (a stable sort
// allocates one per call, on the hot path of every cohort's analysis).
#pragma once

#include <algorithm>
#include <numeric>
#include <span>
#include <vector>

namespace jisas::analysis {

template <class Index>
void order_by_time(std::span<const double> time, std::vector<Index>& order) {
  order.resize(time.size());
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(),
            [&](Index a, Index b) { return time[a] < time[b] || (!(time[b] < time[a]) && a < b); });
}

}  // namespace jisas::analysis
