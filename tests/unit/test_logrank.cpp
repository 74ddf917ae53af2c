#include "analysis/logrank.h"

#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/unit/r_reference.h"

using jisas::analysis::log_rank;
using jisas::test::matches_r;

TEST_CASE("two-group log-rank matches survdiff", "[logrank]") {
  // d <- data.frame(t = c(1,2,2,3,4,5,6,7,8,9,10,12), e = c(1,1,0,1,1,0,1,0,1,1,0,0),
  //                 g = c(1,1,1,1,1,1,2,2,2,2,2,2))
  // s <- survdiff(Surv(t, e) ~ g, data = d); c(s$chisq, s$pvalue); s$exp
  const std::vector<double> t{1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12};
  const std::vector<int> e{1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0};
  const std::vector<int> g{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
  const auto r = log_rank(t, e, g, 2);
  CHECK(r.df == 1);
  CHECK(matches_r(r.chisq, 6.6787859626936496582));
  CHECK(matches_r(r.p_value, 0.0097567054201739608));
  CHECK(matches_r(r.expected[0], 1.5378787878787878));
  CHECK(matches_r(r.expected[1], 5.4621212121212128));
  CHECK(r.observed[0] == 4.0);
}

TEST_CASE("Peto's one-step hazard ratio from survdiff's O, E and V", "[logrank]") {
  // s <- survdiff(Surv(t, e) ~ g, data = d)   (d as in the test above)
  // v <- s$var[2, 2]; lhr <- (s$obs[2] - s$exp[2]) / v
  // c(v, exp(lhr), exp(lhr - qnorm(0.975) / sqrt(v)), exp(lhr + qnorm(0.975) / sqrt(v)))
  const std::vector<double> t{1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12};
  const std::vector<int> e{1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0};
  const std::vector<int> g{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
  const auto r = log_rank(t, e, g, 2);
  CHECK(matches_r(r.variance[3], 0.9076561065197428224));
  const auto hr = jisas::analysis::peto_hazard_ratio(r, 1);
  CHECK(matches_r(hr.estimate, 0.0663630663855168945));
  CHECK(matches_r(hr.lower, 0.0084815142403722003, 1e-8));  // z rounded to 16 digits
  CHECK(matches_r(hr.upper, 0.5192535737457250056, 1e-8));
}

TEST_CASE("three groups of very different sizes match survdiff", "[logrank]") {
  // d3 <- data.frame(t = c(3,5,7,2,4,4,6,8,9,10,11,12,13,15,1),
  //                  e = c(1,1,0,1,1,1,0,1,0,1,1,0,1,0,1),
  //                  g = c(1,1,1,2,2,2,2,2,2,2,2,2,2,2,3))
  // s <- survdiff(Surv(t, e) ~ g, data = d3); c(s$chisq, s$pvalue)
  const std::vector<double> t{3, 5, 7, 2, 4, 4, 6, 8, 9, 10, 11, 12, 13, 15, 1};
  const std::vector<int> e{1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1};
  const std::vector<int> g{0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
  const auto r = log_rank(t, e, g, 3);
  CHECK(r.df == 2);
  CHECK(matches_r(r.chisq, 15.1399598332229956554));
  CHECK(matches_r(r.p_value, 0.0005157028055682081));
}

TEST_CASE("the statistic does not depend on the order of groups or rows", "[logrank]") {
  const std::vector<double> t{1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12};
  const std::vector<int> e{1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0};
  const std::vector<int> g{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
  std::vector<int> swapped(g.size());
  for (std::size_t i = 0; i < g.size(); ++i) swapped[i] = 1 - g[i];
  CHECK(matches_r(log_rank(t, e, swapped, 2).chisq, log_rank(t, e, g, 2).chisq, 1e-12));
  const std::vector<double> rt(t.rbegin(), t.rend());
  const std::vector<int> re(e.rbegin(), e.rend());
  const std::vector<int> rg(g.rbegin(), g.rend());
  CHECK(matches_r(log_rank(rt, re, rg, 2).chisq, log_rank(t, e, g, 2).chisq, 1e-12));
}

TEST_CASE("a single group or no events leaves the test undefined", "[logrank]") {
  const std::vector<double> t{1, 2, 3};
  const auto one = log_rank(t, std::vector<int>{1, 0, 1}, std::vector<int>{0, 0, 0}, 1);
  CHECK(one.df == 0);
  CHECK(std::isnan(one.chisq));
  const auto none = log_rank(t, std::vector<int>{0, 0, 0}, std::vector<int>{0, 1, 1}, 2);
  CHECK(std::isnan(none.p_value));
  CHECK_THROWS_AS(log_rank(t, std::vector<int>{1, 0, 1}, std::vector<int>{0, 2, 0}, 2),
                  std::invalid_argument);
}
