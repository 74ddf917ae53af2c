#include "analysis/sample_size.h"

#include <catch2/catch.hpp>

#include <cmath>

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/taus88.hpp>

#include "analysis/landmark_test.h"

#include "tests/unit/r_reference.h"

using namespace jisas::analysis;
using jisas::test::matches_r;

// R helpers used for the reference values below:
// crit <- function(n, p0, a) { c <- 0; while (pbinom(c - 1, n, p0, lower.tail = FALSE) > a) c <- c
// + 1; c } pw <- function(n, p0, p1, a) pbinom(crit(n, p0, a) - 1, n, p1, lower.tail = FALSE)

TEST_CASE("exact binomial design", "[sample_size]") {
  // c(crit(40, 0.41, 0.05), pw(40, 0.41, 0.65, 0.05))
  CHECK(exact_binomial_critical_value(40, 0.41, 0.05) == 23);
  CHECK(matches_r(exact_binomial_power(40, 0.41, 0.65, 0.05), 0.87614781398371944));
  // ns <- 1:200; min(ns[sapply(ns, function(n) pw(n, 0.41, 0.6, 0.05)) >= 0.8]) is 42,
  // with power 0.80316158388125347
  CHECK(exact_binomial_sample_size(0.41, 0.6, 0.05, 0.8) == 42);
  CHECK(matches_r(exact_binomial_power(42, 0.41, 0.6, 0.05), 0.80316158388125347));
  // same construction for p0 = 0.2, p1 = 0.4: n = 35
  CHECK(exact_binomial_sample_size(0.2, 0.4, 0.05, 0.8) == 35);
  CHECK(exact_binomial_sample_size(0.41, 0.42, 0.05, 0.99, 50) == -1);
}

TEST_CASE("Schoenfeld events for the two-arm log-rank test", "[sample_size]") {
  // (qnorm(0.975) + qnorm(0.8))^2 / (0.25 * log(0.55)^2)
  CHECK(matches_r(schoenfeld_events(0.55, 0.05, 0.8), 87.841973639100388));
  CHECK_THROWS_AS(schoenfeld_events(1.0, 0.05, 0.8), std::invalid_argument);
}

TEST_CASE("one-sample log-rank events and events per patient", "[sample_size]") {
  // d <- 0.6; (qnorm(0.95) + sqrt(d) * qnorm(0.8))^2 / (1 - d)^2
  CHECK(matches_r(one_sample_logrank_null_events(0.6, 0.05, 0.8), 32.969720828290008));
  // l0 <- 0.1; l1 <- 0.06; a <- 24; f <- 12
  // l0 / l1 * (1 - (exp(-l1 * f) - exp(-l1 * (a + f))) / (l1 * a))
  CHECK(matches_r(one_sample_logrank_events_per_patient(0.1, 0.06, 24, 12), 1.2367741493959383));
}

TEST_CASE("Schoenfeld events equal rpact's getSampleSizeSurvival, one-sided and unequal",
          "[sample_size]") {
  // rpact 3.3.4: getSampleSizeSurvival(alpha = 0.025, sided = 1, beta = 0.2, hazardRatio =
  // 0.6, lambda2 = log(2) / 12, accrualTime = c(0, 12), followUpTime = 12)$maxNumberOfEvents
  // = 120.315704377499 (one-sided 0.025 is the two-sided 0.05 of schoenfeld_events); with
  // alpha = 0.05, sided = 2, allocationRatioPlanned = 2 (2:1): 135.355167424687.
  CHECK(schoenfeld_events(0.6, 0.05, 0.8) == Approx(120.315704377499).epsilon(1e-9));
  CHECK(schoenfeld_events(0.6, 0.05, 0.8, 2.0 / 3.0) == Approx(135.355167424687).epsilon(1e-9));
}

TEST_CASE("the landmark test's closed form reaches its power in a simulation of the test",
          "[sample_size]") {
  // Patients followed to the landmark, S1 = 0.6 against S0 = 0.41, one-sided 0.05: the
  // log-log z test (analysis/landmark_test.h) of binomial samples of the closed-form n.
  const int n = landmark_loglog_sample_size(0.41, 0.6, 0.05, 0.8);
  // R: sg <- function(s) sqrt((1 - s) / s) / abs(log(s)); d <- log(-log(0.41)) -
  // log(-log(0.6)); ((qnorm(0.95) + qnorm(0.8)) * sg(0.6) / d)^2 is 50.91446
  CHECK(n == 51);
  boost::random::taus88 rng(20261202);
  boost::random::binomial_distribution<int> draw(n, 0.6);
  int rejections = 0;
  constexpr int kReps = 20000;
  for (int r = 0; r < kReps; ++r) {
    const double s = static_cast<double>(draw(rng)) / n;
    const SurvivalPoint p{365.0, s, std::sqrt(s * (1.0 - s) / n), 0.0, 1.0};
    rejections += landmark_vs_historical(p, 0.41, Alternative::Greater).p_value < 0.05;
  }
  // The approximation, not only the Monte Carlo error (SE 0.003): within 0.03 of 0.8.
  CHECK(static_cast<double>(rejections) / kReps == Approx(0.8).margin(0.03));
}

TEST_CASE("closed forms take any alpha in (0, 1), however small", "[sample_size]") {
  // 1 - 1e-20 rounds to 1, where the normal quantile overflowed (exit 70 in `summary`, found
  // by fuzz_summary). From the upper tail: z = 9.262 for 1e-20 (R: qnorm(1e-20, lower = FALSE)).
  const int n = jisas::analysis::landmark_loglog_sample_size(0.41, 0.6, 1e-20, 0.8);
  CHECK(n > jisas::analysis::landmark_loglog_sample_size(0.41, 0.6, 0.05, 0.8));
  const double events = jisas::analysis::schoenfeld_events(0.5, 2e-20, 0.8, 0.5);
  const double z =
      9.262340089798405 + 0.8416212335729144;  // qnorm(1e-20, lower = FALSE) + qnorm(0.8)
  CHECK(events == Approx(z * z / (0.25 * std::log(0.5) * std::log(0.5))).epsilon(1e-9));
}
