#include "trial/size_search.h"

#include <algorithm>
#include <limits>
#include <map>

namespace jisas::trial {
namespace {

// The curve with each n evaluated once (a simulation per n is the expensive part).
class MemoPower {
 public:
  MemoPower(const std::function<double(int)>& power, double target)
      : power_(power), target_(target) {}
  double operator()(int n) {
    const auto found = values_.find(n);
    if (found != values_.end()) return found->second;
    return values_[n] = power_(n);
  }
  bool reaches(int n) { return (*this)(n) >= target_; }
  std::vector<PowerAtSize> evaluated() const {
    std::vector<PowerAtSize> v;
    for (const auto& [n, p] : values_) v.push_back({n, p});
    return v;
  }

 private:
  const std::function<double(int)>& power_;
  double target_;
  std::map<int, double> values_;
};

struct Bracket {
  int lo = 0;  // power(lo) < target (0: none below, hi is n_min)
  int hi = 0;  // power(hi) >= target (0: not reached by n_max)
};

// From `start`, halve down while the target is reached, or double up while it is not.
Bracket bracket(MemoPower& power, const SizeSearchSpec& spec) {
  int n = std::clamp(spec.start > 0 ? spec.start : spec.n_min, spec.n_min, spec.n_max);
  if (power.reaches(n)) {
    for (;;) {
      if (n == spec.n_min) return {0, n};
      const int lower = std::max(spec.n_min, n / 2);
      if (!power.reaches(lower)) return {lower, n};
      n = lower;
    }
  }
  for (;;) {
    if (n == spec.n_max) return {n, 0};
    const int upper = std::min(spec.n_max, 2 * n);
    if (power.reaches(upper)) return {n, upper};
    n = upper;
  }
}

// Sawtooth: down from the crossing hi, the smallest n reaching the target before
// `window` successive sizes below it (or n_min).
int first_reaching(MemoPower& power, int hi, int window, int n_min) {
  int found = hi;
  int below = 0;
  for (int n = hi - 1; n >= n_min && below < window; --n) {
    if (power.reaches(n)) {
      found = n;
      below = 0;
    } else {
      ++below;
    }
  }
  return found;
}

// Sawtooth: up from n, the start of the first run of `window` sizes at or above the target.
void stays_above(MemoPower& power, int n, int window, int n_max, SizeSearchResult& result) {
  int run = 0;
  int start = n;
  int k = n;
  for (; k <= n_max && run < window; ++k) {
    if (!power.reaches(k)) {
      run = 0;
      continue;
    }
    if (run++ == 0) start = k;
  }
  result.checked_to = k - 1;
  if (run > 0) result.stays_from = start;
}

}  // namespace

double SizeSearchResult::power_at(int size) const {
  for (const PowerAtSize& e : evaluated) {
    if (e.n == size) return e.power;
  }
  return std::numeric_limits<double>::quiet_NaN();  // n was not evaluated
}

bool SizeSearchResult::has(int size) const {
  return std::any_of(evaluated.begin(), evaluated.end(),
                     [size](const PowerAtSize& e) { return e.n == size; });
}

SizeSearchResult search_sample_size(const std::function<double(int)>& power,
                                    const SizeSearchSpec& spec) {
  MemoPower memo(power, spec.target);
  SizeSearchResult result;
  Bracket b = bracket(memo, spec);
  if (b.hi == 0) {  // not reached by n_max
    result.evaluated = memo.evaluated();
    return result;
  }
  while (b.lo > 0 && b.hi - b.lo > 1) {
    const int mid = b.lo + (b.hi - b.lo) / 2;
    (memo.reaches(mid) ? b.hi : b.lo) = mid;
  }
  int n = b.hi;
  if (spec.sawtooth) {
    result.window = spec.window > 0 ? spec.window : std::max(10, n / 5);
    n = first_reaching(memo, n, result.window, spec.n_min);
    stays_above(memo, n, result.window, spec.n_max, result);
  }
  result.n = n;
  result.at_n_min = n == spec.n_min;
  // The neighbours, for the report (bisection has n - 1 already unless n is n_min).
  if (n > spec.n_min) memo(n - 1);
  if (n < spec.n_max) memo(n + 1);
  result.evaluated = memo.evaluated();
  return result;
}

}  // namespace jisas::trial
