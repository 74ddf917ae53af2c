#include "analysis/landmark_test.h"

#include <catch2/catch.hpp>

#include "tests/unit/r_reference.h"

using jisas::analysis::Alternative;
using jisas::analysis::landmark_vs_historical;
using jisas::test::matches_r;

TEST_CASE("landmark test on the log-log scale", "[landmark_test]") {
  // Formula of Klein et al. 2007 evaluated in R:
  // S <- 0.75; se <- 0.125
  // z <- (log(-log(0.41)) - log(-log(S))) / ((se / S) / abs(log(S)))
  // c(z, pnorm(z, lower.tail = FALSE), pnorm(-z, lower.tail = FALSE), 2 * pnorm(-abs(z)))
  const jisas::analysis::SurvivalPoint s{12.0, 0.75, 0.125, 0.0, 0.0};
  const auto greater = landmark_vs_historical(s, 0.41, Alternative::Greater);
  CHECK(matches_r(greater.z, 1.952485919029086414));
  CHECK(matches_r(greater.p_value, 0.025440270556211168));
  CHECK(
      matches_r(landmark_vs_historical(s, 0.41, Alternative::Less).p_value, 0.974559729443788880));
  CHECK(matches_r(landmark_vs_historical(s, 0.41, Alternative::TwoSided).p_value,
                  0.050880541112422337));
}

TEST_CASE("no event or no survivor by the landmark", "[landmark_test]") {
  CHECK(landmark_vs_historical({12.0, 1.0, 0.0, 1.0, 1.0}, 0.41, Alternative::Greater).p_value ==
        0.0);
  CHECK(landmark_vs_historical({12.0, 0.0, 0.0, 0.0, 0.0}, 0.41, Alternative::Greater).p_value ==
        1.0);
  CHECK_THROWS_AS(landmark_vs_historical({12.0, 0.5, 0.1, 0.0, 0.0}, 1.0, Alternative::Greater),
                  std::invalid_argument);
}
