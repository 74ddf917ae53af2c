// Sorting doubles by their bits: an LSD radix sort (Knuth, TAOCP vol. 3, section 5.2.5),
// byte by byte, stable, skipping the bytes every key shares. A two-arm cohort sorts its
// ~200 entry days and its patients' times once each; std::sort's comparisons were 6.7% of
// such a run (issue 18). A sorted array is the same whichever algorithm sorts it (ties keep the
// index order, as the (time, index) pairs of time_order.h did), so results do not move.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace jisas::analysis {

// An unsigned key that orders as the double orders (IEEE 754: negative numbers have every
// bit flipped, the others their sign bit set). -0 is taken as +0, which < calls equal.
// Not for NaN.
inline std::uint64_t order_key(double x) {
  if (x == 0.0) x = 0.0;
  const auto bits = std::bit_cast<std::uint64_t>(x);
  return bits >> 63 ? ~bits : bits | (std::uint64_t{1} << 63);
}
inline double from_order_key(std::uint64_t key) {
  return std::bit_cast<double>(key >> 63 ? key & ~(std::uint64_t{1} << 63) : ~key);
}

// Sorts `items` by key(item), stably; `buffer` is scratch the caller may keep.
template <class T, class Key>
void radix_sort(std::vector<T>& items, std::vector<T>& buffer, const Key& key) {
  constexpr int kBytes = 8;
  std::array<std::array<std::uint32_t, 256>, kBytes> counts{};
  for (const T& item : items) {
    const std::uint64_t k = key(item);
    for (int b = 0; b < kBytes; ++b) ++counts[b][(k >> (8 * b)) & 0xff];
  }
  buffer.resize(items.size());
  for (int b = 0; b < kBytes && !items.empty(); ++b) {
    auto& slots = counts[b];
    if (slots[(key(items.front()) >> (8 * b)) & 0xff] == items.size()) continue;  // all share it
    std::uint32_t start = 0;
    for (std::uint32_t& slot : slots) start += std::exchange(slot, start);
    for (const T& item : items) buffer[slots[(key(item) >> (8 * b)) & 0xff]++] = item;
    items.swap(buffer);
  }
}

// Below this many values std::sort beats the radix sort's eight histograms.
inline constexpr std::size_t kRadixFrom = 64;

// The keys sort_ascending sorts; a caller may keep them between calls.
struct SortScratch {
  std::vector<std::uint64_t> keys, buffer;
};

// Sorts doubles (no NaN) ascending, in place: std::sort for a few, the radix sort of their
// order keys from kRadixFrom on (the same array).
inline void sort_ascending(std::vector<double>& values, SortScratch& scratch) {
  if (values.size() < kRadixFrom) return std::sort(values.begin(), values.end());
  auto& keys = scratch.keys;
  keys.resize(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) keys[i] = order_key(values[i]);
  radix_sort(keys, scratch.buffer, [](std::uint64_t k) { return k; });
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = from_order_key(keys[i]);
}

}  // namespace jisas::analysis
