// Wilcoxon rank-sum (Mann-Whitney) two-sample test, as R's wilcox.test(x, y) with its
// defaults (exact = NULL, correct = TRUE, mu = 0).
#pragma once

#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "analysis/alternative.h"

namespace jisas::analysis {

enum class WilcoxonMethod { Exact, Normal, Undefined };
std::string_view to_string(WilcoxonMethod method);  // "exact", "normal", "undefined"

struct WilcoxonResult {
  double w = 0.0;        // R's W: rank sum of x minus n_x (n_x + 1) / 2
  double p_value = 0.0;  // NaN when undefined (an empty sample, or all values tied)
  WilcoxonMethod method = WilcoxonMethod::Undefined;
};

// Reusable workspace so that per-cohort calls allocate nothing once grown.
class WilcoxonTest {
 public:
  // Exact p-values (Mann & Whitney 1947 null distribution) when both samples have
  // fewer than 50 values and there are no ties; otherwise the normal approximation
  // with tie correction and continuity correction (Hollander & Wolfe 1999, sec. 4.1).
  WilcoxonResult operator()(std::span<const double> x, std::span<const double> y,
                            Alternative alternative = Alternative::TwoSided);

 private:
  struct Value {
    double value;
    bool from_x;
  };
  // The exact null distribution of U for sample sizes m and n: the running sums of its
  // counts over the lower half. Pairs of sizes are kept, direct-mapped on both sizes
  // modulo 16 (a trial's cohorts repeat a few, and every pair below 16 has its own slot;
  // 16 slots keyed on n - m made pairs such as 4 and 8, 5 and 9 evict each other), so
  // that a p-value is mostly a lookup, equal to pwilcox's; a slot refilled for other
  // sizes reuses its storage.
  struct LowerSums {
    void fill(int sample_m, int sample_n, std::vector<double>& counts);
    int m = -1, n = -1;
    double total = 0.0;  // choose(m + n, m)
    std::vector<double> running;
  };
  static constexpr std::size_t kSizeModulus = 16;
  static constexpr std::size_t kKeptSizes = kSizeModulus * kSizeModulus;
  double exact_cdf(double q, int m, int n);  // pwilcox(q, m, n)

  std::vector<Value> pooled_;
  std::vector<double> counts_;  // Mann-Whitney U frequencies, while a LowerSums is built
  std::array<LowerSums, kKeptSizes> known_;
};

// Convenience wrapper that allocates its own workspace.
WilcoxonResult wilcoxon_test(std::span<const double> x, std::span<const double> y,
                             Alternative alternative = Alternative::TwoSided);

// P(U <= q) for the Mann-Whitney U (= R's W) of samples of sizes m and n without ties,
// as R's pwilcox(q, m, n). counts is scratch space.
double pwilcox(double q, int m, int n, std::vector<double>& counts);

}  // namespace jisas::analysis
