#include "analysis/sample_size.h"

#include <catch2/catch.hpp>

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
