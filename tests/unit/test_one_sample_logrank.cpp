#include "analysis/one_sample_logrank.h"

#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/unit/r_reference.h"

using namespace jisas::analysis;
using jisas::test::matches_r;

namespace {
// scenarios/jisas_interim.csv (months, relapse)
const std::vector<double> kTime{1, 3, 6.2, 6, 13, 17, 21, 23, 24, 25, 26, 27};
const std::vector<int> kEvent{1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
}  // namespace

TEST_CASE("one-sample log-rank against an exponential curve matches survdiff",
          "[one_sample_logrank]") {
  // lam <- -log(0.41) / 12; s <- survdiff(Surv(t, e) ~ offset(exp(-lam * t)))
  // c(s$obs, s$exp, s$chisq, s$pvalue); z <- (s$exp - s$obs) / sqrt(s$exp)
  // c(z, pnorm(z, lower.tail = FALSE), pnorm(z), 2 * pnorm(-abs(z)))
  const auto curve = HistoricalCurve::exponential_through(12.0, 0.41);
  const auto r = one_sample_logrank(kTime, kEvent, curve, Alternative::Greater);
  CHECK(r.observed == 3.0);
  CHECK(matches_r(r.expected, 14.2804298771952673519));
  CHECK(matches_r(r.z * r.z, 8.9106630058472493516));
  CHECK(matches_r(r.z, 2.9850733669119837721));
  CHECK(matches_r(r.p_value, 0.0014175515775391343));
  CHECK(matches_r(one_sample_logrank(kTime, kEvent, curve, Alternative::Less).p_value,
                  0.9985824484224609110));
  CHECK(matches_r(one_sample_logrank(kTime, kEvent, curve, Alternative::TwoSided).p_value,
                  0.0028351031550782643));  // = survdiff's $pvalue
}

TEST_CASE("one-sample log-rank against a piecewise-exponential curve", "[one_sample_logrank]") {
  // H <- function(x) 0.12 * pmin(x, 6) + 0.0157 * pmax(0, pmin(x, 12) - 6) + 0.002 * pmax(0, x -
  // 12) s2 <- survdiff(Surv(t, e) ~ offset(exp(-H(t)))); c(s2$obs, s2$exp, s2$chisq) z2 <- (s2$exp
  // - s2$obs) / sqrt(s2$exp); pnorm(z2, lower.tail = FALSE)
  const HistoricalCurve curve(std::vector{6.0, 12.0}, std::vector{0.12, 0.0157, 0.002});
  const auto r = one_sample_logrank(kTime, kEvent, curve);
  CHECK(matches_r(r.expected, 8.596740000000000492));
  CHECK(matches_r(r.z * r.z, 3.643648479260743756));
  CHECK(matches_r(r.p_value, 0.028141733696007549));
  CHECK(matches_r(curve.survival(12.0), std::exp(-(0.72 + 0.0942))));
}

TEST_CASE("degenerate inputs", "[one_sample_logrank]") {
  const auto curve = HistoricalCurve::exponential_through(12.0, 0.41);
  CHECK(std::isnan(one_sample_logrank(std::vector<double>{0.0}, std::vector<int>{0}, curve).z));
  CHECK_THROWS_AS(HistoricalCurve(std::vector{6.0}, std::vector{0.1}), std::invalid_argument);
  CHECK_THROWS_AS(HistoricalCurve::exponential_through(12.0, 1.0), std::invalid_argument);
}
