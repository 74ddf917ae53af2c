// The search behind `jisas-sim size`: the smallest sample size n at which a power curve
// reaches a target, given the curve as a callable n -> power. Kept apart from the
// simulation so the search logic is tested on known curves (tests/unit/test_size_search.cpp).
//
// With common random numbers (the same patients 0..n-1 at every n) simulated power is
// close to monotone in n, so a bracket then bisection finds the crossing. The power of an
// exact (discrete) test is saw-toothed in n (Chernick & Liu 2002, Am Stat 56:149): for
// those, `sawtooth` also scans below the crossing for the first n reaching the target and
// above it for the smallest n from which the power stays at or above the target.
#pragma once

#include <functional>
#include <optional>
#include <vector>

namespace jisas::trial {

struct SizeSearchSpec {
  int n_min = 2;
  int n_max = 2000;
  int start = 0;  // first n evaluated, clamped into [n_min, n_max]: the bracket grows from it
  double target = 0.8;
  bool sawtooth = false;
  // Sawtooth scans: stop below the crossing after this many successive sizes under the
  // target, and call the power settled after this many successive sizes at or above it.
  // 0: max(10, n / 5) for the crossing n found by bisection.
  int window = 0;
};

struct PowerAtSize {
  int n = 0;
  double power = 0.0;
};

struct SizeSearchResult {
  std::vector<PowerAtSize> evaluated;  // every n evaluated, by increasing n
  // The smallest n with power >= target: the bisection's crossing, or with `sawtooth` the
  // smallest one found by the downward scan. Empty if power(n_max) < target.
  std::optional<int> n;
  bool at_n_min = false;  // the target is reached already at n_min (lower n_min to see more)
  int window = 0;         // the window used (sawtooth)
  // Sawtooth: the start of the first run of `window` successive sizes (from n) at or above
  // the target, or of the run that reaches n_max; empty if none.
  std::optional<int> stays_from;
  int checked_to = 0;  // the last n of that upward scan
  // The power at a size evaluated (NaN for one not evaluated).
  double power_at(int size) const;
  bool has(int size) const;
};

// InputError-free: the caller checks 1 <= n_min <= n_max and 0 < target < 1. `power` is
// called at most once per n.
SizeSearchResult search_sample_size(const std::function<double(int)>& power,
                                    const SizeSearchSpec& spec);

}  // namespace jisas::trial
