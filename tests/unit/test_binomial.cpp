#include "analysis/binomial.h"

#include <catch2/catch.hpp>

#include "tests/unit/r_reference.h"

using jisas::analysis::Alternative;
using jisas::analysis::binomial_test;
using jisas::test::matches_r;

TEST_CASE("binomial test and Clopper-Pearson interval match binom.test", "[binomial]") {
  struct Case {
    int x, n;
    double p;
    Alternative alt;
    double level, p_value, lower, upper;
  };
  // Each row: b <- binom.test(x, n, p, alternative, conf.level); c(b$p.value, b$conf.int)
  const Case cases[] = {
      {7, 20, 0.41, Alternative::TwoSided, 0.95, 0.65521907105364785, 0.15390920478454115,
       0.59218853453282816},
      {7, 20, 0.41, Alternative::Greater, 0.95, 0.77803845636058711, 0.17731091757444911, 1.0},
      {7, 20, 0.41, Alternative::Less, 0.90, 0.38044243764333119, 0.0, 0.51803075731820525},
      {15, 20, 0.41, Alternative::TwoSided, 0.95, 0.0025560543965046476, 0.5089541282920424514,
       0.9134285308985654606},
      {0, 12, 0.3, Alternative::TwoSided, 0.95, 0.023330658330999988, 0.0, 0.264648469397051112},
      {12, 12, 0.3, Alternative::TwoSided, 0.95, 5.3144099999999849e-07, 7.3535153060294889e-01,
       1.0},
      {9, 12, 0.74, Alternative::TwoSided, 0.95, 1.0, 0.42814153812181088, 0.94513935547200723},
      {20, 50, 0.5, Alternative::TwoSided, 0.95, 0.20263875106454096, 0.26407839509453690,
       0.54820597152081962},
  };
  for (const Case& c : cases) {
    CAPTURE(c.x, c.n, c.p);
    const auto r = binomial_test(c.x, c.n, c.p, c.alt, c.level);
    CHECK(matches_r(r.p_value, c.p_value));
    CHECK(matches_r(r.lower, c.lower));
    CHECK(matches_r(r.upper, c.upper));
  }
}

TEST_CASE("degenerate null probabilities and bad arguments", "[binomial]") {
  // binom.test(3, 10, 0)$p.value is 0; binom.test(3, 10, 1, alternative = "less")$p.value is 0
  CHECK(binomial_test(3, 10, 0.0).p_value == 0.0);
  CHECK(binomial_test(3, 10, 1.0, Alternative::Less).p_value == 0.0);
  CHECK(binomial_test(10, 10, 1.0, Alternative::Less).p_value == 1.0);
  CHECK_THROWS_AS(binomial_test(11, 10, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(binomial_test(1, 0, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(binomial_test(1, 10, 1.5), std::invalid_argument);
}
