#include "analysis/wilcoxon.h"

#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/unit/r_reference.h"

using jisas::analysis::Alternative;
using jisas::analysis::wilcoxon_test;
using jisas::analysis::WilcoxonMethod;
using jisas::test::matches_r;

TEST_CASE("exact p-values match wilcox.test for all alternatives", "[wilcoxon]") {
  // x <- c(0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46)
  // y <- c(1.15, 0.88, 0.90, 0.74, 1.21)   (Hollander & Wolfe's example)
  // wilcox.test(x, y, alternative = a) for a in two.sided, less, greater
  const std::vector<double> x{0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
  const std::vector<double> y{1.15, 0.88, 0.90, 0.74, 1.21};
  const auto two = wilcoxon_test(x, y);
  CHECK(two.w == 35.0);
  CHECK(two.method == WilcoxonMethod::Exact);
  CHECK(matches_r(two.p_value, 0.2544122544122544));
  CHECK(matches_r(wilcoxon_test(x, y, Alternative::Less).p_value, 0.89676989676989671));
  CHECK(matches_r(wilcoxon_test(x, y, Alternative::Greater).p_value, 0.1272061272061272));
}

TEST_CASE("ties switch to the normal approximation: the JISAS p = 0.0142", "[wilcoxon]") {
  // CMR months on IM: sustained (x) vs relapsed (y), reconstructed in
  // scenarios/jisas_interim.csv; wilcox.test(c(31,31,31,31,26,28,28,40,79), c(0,9,14))
  // gives W = 27, p = 0.014233987672982172 (the seed abstract reports p = 0.0142).
  const std::vector<double> x{31, 31, 31, 31, 26, 28, 28, 40, 79};
  const std::vector<double> y{0, 9, 14};
  const auto r = wilcoxon_test(x, y);
  CHECK(r.w == 27.0);
  CHECK(r.method == WilcoxonMethod::Normal);
  CHECK(matches_r(r.p_value, 0.014233987672982172));
  // wilcox.test(..., alternative = "less")$p.value
  CHECK(matches_r(wilcoxon_test(x, y, Alternative::Less).p_value, 0.99585305096041998));
}

TEST_CASE("small and lopsided samples", "[wilcoxon]") {
  // wilcox.test(c(1,2,3), c(4,5,6,7)): W = 0, p = 0.057142857142857141
  const auto a = wilcoxon_test(std::vector<double>{1, 2, 3}, std::vector<double>{4, 5, 6, 7});
  CHECK(a.w == 0.0);
  CHECK(matches_r(a.p_value, 0.057142857142857141));
  // wilcox.test(5, c(1,2,3,4,6)): W = 4, p = 0.66666666666666663  (n_x = 1)
  const auto b = wilcoxon_test(std::vector<double>{5}, std::vector<double>{1, 2, 3, 4, 6});
  CHECK(b.w == 4.0);
  CHECK(matches_r(b.p_value, 0.66666666666666663));
}

TEST_CASE("49 values per group are exact, 50 are normal", "[wilcoxon]") {
  // x49 <- (1:49) * 1.5; y49 <- (1:49) * 1.5 + 0.25 + c(rep(0, 30), rep(3, 19))
  // wilcox.test(x49, y49): W = 1141, p = 0.6763976409382283 (exact)
  // x50 <- c(x49, 200.1); wilcox.test(x50, y49): W = 1190, p = 0.80920659437860298;
  // alternative = "greater": p = 0.59810619547207677
  std::vector<double> x49;
  std::vector<double> y49;
  for (int i = 1; i <= 49; ++i) {
    x49.push_back(i * 1.5);
    y49.push_back(i * 1.5 + 0.25 + (i > 30 ? 3.0 : 0.0));
  }
  const auto exact = wilcoxon_test(x49, y49);
  CHECK(exact.method == WilcoxonMethod::Exact);
  CHECK(exact.w == 1141.0);
  CHECK(matches_r(exact.p_value, 0.6763976409382283));
  std::vector<double> x50 = x49;
  x50.push_back(200.1);
  const auto normal = wilcoxon_test(x50, y49);
  CHECK(normal.method == WilcoxonMethod::Normal);
  CHECK(normal.w == 1190.0);
  CHECK(matches_r(normal.p_value, 0.80920659437860298));
  CHECK(matches_r(wilcoxon_test(x50, y49, Alternative::Greater).p_value, 0.59810619547207677));
}

TEST_CASE("pwilcox matches R's distribution function", "[wilcoxon]") {
  // pwilcox(c(0, 5, 12, 30, 45), 7, 9); pwilcox(600, 40, 45); pwilcox(900, 40, 45)
  std::vector<double> scratch;
  CHECK(matches_r(jisas::analysis::pwilcox(0, 7, 9, scratch), 8.7412587412587413e-05));
  CHECK(matches_r(jisas::analysis::pwilcox(5, 7, 9, scratch), 1.6608391608391609e-03));
  CHECK(matches_r(jisas::analysis::pwilcox(12, 7, 9, scratch), 2.0891608391608394e-02));
  CHECK(matches_r(jisas::analysis::pwilcox(30, 7, 9, scratch), 4.5909090909090911e-01));
  CHECK(matches_r(jisas::analysis::pwilcox(45, 7, 9, scratch), 9.2919580419580416e-01));
  CHECK(matches_r(jisas::analysis::pwilcox(600, 40, 45, scratch), 0.003948489782099579));
  CHECK(matches_r(jisas::analysis::pwilcox(900, 40, 45, scratch), 0.50174684342718989));
}

TEST_CASE("a reused workspace's exact p-values equal pwilcox's to the bit", "[wilcoxon]") {
  // WilcoxonTest keeps each pair of sample sizes' null distribution; every p-value it
  // then gives must be the one pwilcox computes afresh, at every W and both tails.
  jisas::analysis::WilcoxonTest test;
  std::vector<double> scratch;
  for (int m = 1; m <= 9; ++m) {
    for (int n = 1; n <= 9; ++n) {
      for (int shift = 0; shift <= m + n; ++shift) {
        // x takes the ranks shift, shift + 1, ... (mod m + n): W runs over its range.
        std::vector<double> x, y;
        for (int r = 0; r < m + n; ++r) ((r - shift + m + n) % (m + n) < m ? x : y).push_back(r);
        const auto less = test(x, y, Alternative::Less);
        const auto greater = test(x, y, Alternative::Greater);
        const double mn = static_cast<double>(m) * n;
        CHECK(less.p_value == jisas::analysis::pwilcox(less.w, m, n, scratch));
        CHECK(greater.p_value ==
              jisas::analysis::pwilcox(mn - (greater.w - 1.0) - 1.0, m, n, scratch));
      }
    }
  }
}

TEST_CASE("empty samples and all-tied samples are undefined", "[wilcoxon]") {
  CHECK(wilcoxon_test(std::vector<double>{}, std::vector<double>{1}).method ==
        WilcoxonMethod::Undefined);
  // wilcox.test(c(2,2), c(2,2,2)): W = 3, p = NaN (zero variance)
  const auto tied = wilcoxon_test(std::vector<double>{2, 2}, std::vector<double>{2, 2, 2});
  CHECK(tied.w == 3.0);
  CHECK(std::isnan(tied.p_value));
}
