#include "analysis/multivariate_normal.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace jisas::analysis;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using Matrix = std::vector<std::vector<double>>;

// The reference values come from mvtnorm 1.1-3 (tests/r/mvn_reference.R): Miwa's algorithm
// with 4096 grid points, good to about 1e-10, or an exact formula. At abs_tolerance 1e-6
// the standard error is at most 3.3e-7, so 2e-6 is 6 standard errors; the calls are
// deterministic, so a pass is a pass every time.
constexpr double kTolerance = 2e-6;

Matrix equicorrelated(std::size_t k, double rho) {
  Matrix r(k, std::vector<double>(k, rho));
  for (std::size_t i = 0; i < k; ++i) r[i][i] = 1.0;
  return r;
}

const Matrix R1 = {{1.0}};
const Matrix R2 = equicorrelated(2, 0.5);
const Matrix R2neg = {{1.0, -0.7}, {-0.7, 1.0}};
const Matrix R3 = equicorrelated(3, 0.5);
const Matrix R3mixed = {{1.0, -0.3, 0.2}, {-0.3, 1.0, 0.4}, {0.2, 0.4, 1.0}};
const Matrix R4 = equicorrelated(4, 0.5);
const Matrix R6 = equicorrelated(6, 0.5);
const Matrix R8 = equicorrelated(8, 0.5);
// Correlations of the FH(0,0), FH(0,1), FH(1,0), FH(1,1) weighted log-rank statistics of a
// MaxCombo test: all positive, 0.62 to 0.93 (smallest eigenvalue 0.03).
const Matrix RMaxCombo = {{1.0, 0.78, 0.86, 0.93},
                          {0.78, 1.0, 0.62, 0.91},
                          {0.86, 0.62, 1.0, 0.80},
                          {0.93, 0.91, 0.80, 1.0}};
// Singular: statistics 1 and 2 are the same.
const Matrix RPair = {{1.0, 1.0, 0.6}, {1.0, 1.0, 0.6}, {0.6, 0.6, 1.0}};
// Singular MaxCombo: FH(0,0) listed twice (R: RMaxCombo[c(1, 1, 2, 3, 4), c(1, 1, 2, 3, 4)]).
const Matrix RMaxComboTwice = {{1.0, 1.0, 0.78, 0.86, 0.93},
                               {1.0, 1.0, 0.78, 0.86, 0.93},
                               {0.78, 0.78, 1.0, 0.62, 0.91},
                               {0.86, 0.86, 0.62, 1.0, 0.80},
                               {0.93, 0.93, 0.91, 0.80, 1.0}};
const Matrix RAnti = {{1.0, -1.0}, {-1.0, 1.0}};  // Z2 = -Z1

struct Case {
  std::string name;
  std::vector<double> lower, upper;
  Matrix correlation;
  double expected;
};

// Printed by Rscript tests/r/mvn_reference.R.
const std::vector<Case> kCases = {
    // pnorm(2) - pnorm(-1)
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.8185946141204, differs by 0.0e+00 (error 0.0e+00)
    {"1-D interval", {-1}, {2}, R1, 0.8185946141204},
    // pmvnorm(lower = c(-1, -Inf), upper = c(1.5, 0.7), corr = R2,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.5818852240261, differs by 1.1e-16 (error 1.0e-15)
    {"2-D rho 0.5 mixed", {-1, -kInf}, {1.5, 0.7}, R2, 0.5818852240261},
    // pmvnorm(lower = rep(-Inf, 2), upper = rep(2, 2), corr = R2neg,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.9544997434099, differs by 2.9e-12 (error 1.0e-15)
    // TVPACK(abseps = 1e-14): 0.9544997434099 (differs by 2.9e-12)
    {"2-D rho -0.7 one-sided", {-kInf, -kInf}, {2, 2}, R2neg, 0.9544997434071},
    // pmvnorm(lower = rep(-Inf, 3), upper = rep(1.5, 3), corr = R3,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.8465619111436, differs by -8.2e-10 (error 2.2e-09)
    // TVPACK(abseps = 1e-14): 0.8465619119597 (differs by 1.6e-13)
    {"3-D equi 0.5 one-sided", {-kInf, -kInf, -kInf}, {1.5, 1.5, 1.5}, R3, 0.8465619119596},
    // pmvnorm(lower = rep(-2, 3), upper = rep(2, 3), corr = R3,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.8850862202337, differs by -5.6e-10 (error 1.3e-09)
    {"3-D equi 0.5 two-sided", {-2, -2, -2}, {2, 2, 2}, R3, 0.885086220789},
    // pmvnorm(lower = c(-1, -0.5, -2), upper = c(1, 2, 0.5), corr = R3mixed,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.2866325009154, differs by -4.3e-11 (error 1.6e-10)
    {"3-D mixed signs rectangle", {-1, -0.5, -2}, {1, 2, 0.5}, R3mixed, 0.2866325009583},
    // pmvnorm(lower = rep(-Inf, 4), upper = rep(2, 4), corr = R4,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.9284505968058, differs by 8.1e-12 (error 1.1e-08)
    {"4-D equi 0.5 one-sided", {-kInf, -kInf, -kInf, -kInf}, {2, 2, 2, 2}, R4, 0.9284505967977},
    // pmvnorm(lower = rep(-2, 4), upper = rep(2, 4), corr = R4,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.8569395512268, differs by 6.5e-09 (error 1.3e-08)
    {"4-D equi 0.5 two-sided", {-2, -2, -2, -2}, {2, 2, 2, 2}, R4, 0.8569395447643},
    // pmvnorm(lower = rep(-Inf, 6), upper = rep(2.5, 6), corr = R6,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.9701744889554, differs by -5.1e-10 (error 6.8e-08)
    {"6-D equi 0.5 one-sided",
     {-kInf, -kInf, -kInf, -kInf, -kInf, -kInf},
     {2.5, 2.5, 2.5, 2.5, 2.5, 2.5},
     R6,
     0.9701744894642},
    // pmvnorm(lower = rep(-2.5, 6), upper = rep(2.5, 6), corr = R6,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.9403497043256, differs by -2.5e-09 (error 1.3e-07)
    {"6-D equi 0.5 two-sided",
     {-2.5, -2.5, -2.5, -2.5, -2.5, -2.5},
     {2.5, 2.5, 2.5, 2.5, 2.5, 2.5},
     R6,
     0.9403497067787},
    // pmvnorm(lower = rep(-Inf, 8), upper = rep(2.7, 8), corr = R8,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.9780664731655, differs by -2.8e-08 (error 3.4e-07)
    {"8-D equi 0.5 one-sided",
     {-kInf, -kInf, -kInf, -kInf, -kInf, -kInf, -kInf, -kInf},
     {2.7, 2.7, 2.7, 2.7, 2.7, 2.7, 2.7, 2.7},
     R8,
     0.9780665014588},
    // pmvnorm(lower = rep(-Inf, 4), upper = rep(2, 4), corr = RMaxCombo,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.9514189209694, differs by 4.8e-08 (error 1.3e-07)
    {"MaxCombo one-sided 2",
     {-kInf, -kInf, -kInf, -kInf},
     {2, 2, 2, 2},
     RMaxCombo,
     0.9514188733525},
    // pmvnorm(lower = rep(-2, 4), upper = rep(2, 4), corr = RMaxCombo,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.9028381775099, differs by 8.7e-08 (error 2.8e-07)
    {"MaxCombo two-sided 2", {-2, -2, -2, -2}, {2, 2, 2, 2}, RMaxCombo, 0.9028380908224},
    // pmvnorm(lower = rep(-Inf, 4), upper = rep(2.5, 4), corr = RMaxCombo,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.985409952347, differs by 6.8e-08 (error 1.1e-07)
    {"MaxCombo one-sided 2.5",
     {-kInf, -kInf, -kInf, -kInf},
     {2.5, 2.5, 2.5, 2.5},
     RMaxCombo,
     0.9854098847357},
    // pmvnorm(lower = rep(-2.5, 4), upper = rep(2.5, 4), corr = RMaxCombo,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.9708199043048, differs by 1.3e-07 (error 2.2e-07)
    {"MaxCombo two-sided 2.5",
     {-2.5, -2.5, -2.5, -2.5},
     {2.5, 2.5, 2.5, 2.5},
     RMaxCombo,
     0.9708197700813},
    // pmvnorm(lower = rep(-Inf, 4), upper = rep(3, 4), corr = RMaxCombo,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9):  0.99654950202, differs by -5.5e-08 (error 1.6e-07)
    {"MaxCombo one-sided 3",
     {-kInf, -kInf, -kInf, -kInf},
     {3, 3, 3, 3},
     RMaxCombo,
     0.9965495568424},
    // pmvnorm(lower = rep(-3, 4), upper = rep(3, 4), corr = RMaxCombo,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.9930990042048, differs by -1.1e-07 (error 3.3e-07)
    {"MaxCombo two-sided 3", {-3, -3, -3, -3}, {3, 3, 3, 3}, RMaxCombo, 0.9930991136854},
    // pmvnorm(lower = c(-1, -0.5, -2, -1.5), upper = c(1, 2, 0.5, 1.7), corr = RMaxCombo,
    //         algorithm = Miwa(steps = 4096))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.363145671722, differs by 1.5e-09 (error 1.1e-08)
    {"MaxCombo rectangle", {-1, -0.5, -2, -1.5}, {1, 2, 0.5, 1.7}, RMaxCombo, 0.363145670206},
    // pmvnorm(lower = rep(-Inf, 2), upper = c(1, 0.8), corr = matrix(c(1, 0.6, 0.6, 1), 2),
    //         algorithm = TVPACK(abseps = 1e-14))
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.7170213099856, differs by -1.5e-10 (error 7.1e-10)
    {"perfectly correlated pair", {-kInf, -kInf, -kInf}, {1, 1.3, 0.8}, RPair, 0.7170213101385},
    // pmvnorm(lower = rep(-Inf, 4), upper = rep(2.5, 4), corr = RMaxCombo,
    //         algorithm = Miwa(steps = 4096))  # without the duplicate
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.9854099625806, differs by 7.8e-08 (error 1.8e-07)
    {"MaxCombo with a duplicate, one-sided 2.5",
     {-kInf, -kInf, -kInf, -kInf, -kInf},
     {2.5, 2.5, 2.5, 2.5, 2.5},
     RMaxComboTwice,
     0.9854098847357},
    // pmvnorm(lower = rep(-2.5, 4), upper = rep(2.5, 4), corr = RMaxCombo,
    //         algorithm = Miwa(steps = 4096))  # without the duplicate
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.9708199236333, differs by 1.5e-07 (error 3.7e-07)
    {"MaxCombo with a duplicate, two-sided 2.5",
     {-2.5, -2.5, -2.5, -2.5, -2.5},
     {2.5, 2.5, 2.5, 2.5, 2.5},
     RMaxComboTwice,
     0.9708197700813},
    // pnorm(1) - pnorm(-0.5)  # Z2 = -Z1: P(-0.5 <= Z1 <= 1)
    // GenzBretz(maxpts = 1e7, abseps = 1e-9): 0.5328072073426, differs by -1.1e-16 (error 2.0e-16)
    {"anti-correlated pair", {-kInf, -kInf}, {1, 0.5}, RAnti, 0.5328072073426},
};

}  // namespace

TEST_CASE("mvn_probability matches mvtnorm", "[mvn]") {
  for (const Case& c : kCases) {
    const double p = mvn_probability(c.lower, c.upper, c.correlation);
    CAPTURE(c.name, p, c.expected, p - c.expected);
    CHECK(std::abs(p - c.expected) <= kTolerance);
  }
}

TEST_CASE("mvn_probability is exact in 1-D and when one variable is left", "[mvn]") {
  // pnorm(2) - pnorm(-1) and, with Z2 = -Z1, pnorm(1) - pnorm(-0.5): no integration at all.
  const std::vector<double> lower = {-1.0}, upper = {2.0};
  CHECK(mvn_probability(lower, upper, R1) == Approx(0.8185946141204).margin(1e-14));
  const std::vector<double> anti_lower = {-kInf, -kInf}, anti_upper = {1.0, 0.5};
  CHECK(mvn_probability(anti_lower, anti_upper, RAnti) == Approx(0.5328072073426).margin(1e-14));
  // Far upper tail: 1 - pnorm(6) = 9.865876450377e-10 keeps its relative accuracy.
  const std::vector<double> tail_lower = {6.0}, tail_upper = {kInf};
  CHECK(mvn_probability(tail_lower, tail_upper, R1) == Approx(9.865876450377e-10).epsilon(1e-12));
}

TEST_CASE("mvn_probability edge cases", "[mvn]") {
  const std::vector<double> free(3, -kInf), free_upper(3, kInf);
  CHECK(mvn_probability(free, free_upper, R3) == 1.0);  // no finite bound
  const std::vector<double> some = {-kInf, -kInf, 0.0};
  CHECK(mvn_probability(free, std::vector<double>{kInf, 0.0, kInf}, R3) ==
        Approx(0.5).margin(1e-15));
  CHECK(mvn_probability(some, free_upper, R3) == Approx(0.5).margin(1e-15));
  const std::vector<double> point = {0.0, 0.0, 0.0};
  CHECK(mvn_probability(point, point, R3) == 0.0);  // a zero-width interval
  const std::vector<double> minus_inf(3, -kInf);
  CHECK(mvn_probability(minus_inf, minus_inf, R3) == 0.0);  // P(Z <= -inf)
  // Orthant with correlation 1/2: Z_i = (X_i - X_0) / sqrt(2) for iid X, so P(all Z_i <= 0)
  // is the chance that X_0 is the largest of k + 1, 1 / (k + 1).
  const std::vector<double> zeros(4, 0.0);
  CHECK(mvn_probability(std::vector<double>(4, -kInf), zeros, R4) == Approx(0.2).margin(1e-6));
}

TEST_CASE("MaxCombo p-values are one minus the rectangle probabilities", "[mvn]") {
  // pmvnorm(lower = c(-Inf, -Inf, -Inf, -Inf), upper = c(2.5, 2.5, 2.5, 2.5), corr = RMaxCombo,
  //         algorithm = Miwa(steps = 4096)) = 0.9854098847357
  CHECK(std::abs(mvn_upper_max_p_value(2.5, RMaxCombo) - (1 - 0.9854098847357)) <= kTolerance);
  // pmvnorm(lower = c(-2.5, -2.5, -2.5, -2.5), upper = c(2.5, 2.5, 2.5, 2.5), corr = RMaxCombo,
  //         algorithm = Miwa(steps = 4096)) = 0.9708197700813
  CHECK(std::abs(mvn_two_sided_max_p_value(2.5, RMaxCombo) - (1 - 0.9708197700813)) <= kTolerance);
  CHECK(mvn_upper_max_p_value(kInf, RMaxCombo) == 0.0);
  CHECK(mvn_upper_max_p_value(-kInf, RMaxCombo) == 1.0);
  CHECK(mvn_two_sided_max_p_value(0.0, RMaxCombo) == 1.0);
  CHECK_THROWS_AS(mvn_two_sided_max_p_value(-1.0, RMaxCombo), std::invalid_argument);
}

TEST_CASE("mvn_probability is deterministic", "[mvn]") {
  const std::vector<double> lower(4, -2.0), upper(4, 2.0);
  const double first = mvn_probability(lower, upper, RMaxCombo);
  const double second = mvn_probability(lower, upper, RMaxCombo);
  CHECK(first == second);  // bit-identical: fixed-seed shifts, no shared state
  // A looser tolerance stops earlier on the same points: close, not necessarily identical.
  CHECK(std::abs(mvn_probability(lower, upper, RMaxCombo, 1e-4) - first) <= 1e-4);
}

TEST_CASE("mvn_probability rejects bad input", "[mvn]") {
  const std::vector<double> lower(2, -1.0), upper(2, 1.0), three(3, 1.0);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(mvn_probability(lower, three, R2), std::invalid_argument);
  CHECK_THROWS_AS(mvn_probability(lower, upper, R3), std::invalid_argument);
  CHECK_THROWS_AS(mvn_probability(std::vector<double>{}, std::vector<double>{}, R1),
                  std::invalid_argument);
  CHECK_THROWS_AS(mvn_probability(upper, lower, R2), std::invalid_argument);  // lower > upper
  CHECK_THROWS_AS(mvn_probability(std::vector<double>{nan, 0.0}, upper, R2), std::invalid_argument);
  CHECK_THROWS_AS(mvn_probability(lower, upper, R2, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(mvn_probability(lower, upper, Matrix{{1.0, 0.5}, {0.4, 1.0}}),
                  std::invalid_argument);  // not symmetric
  CHECK_THROWS_AS(mvn_probability(lower, upper, Matrix{{2.0, 0.5}, {0.5, 1.0}}),
                  std::invalid_argument);  // not a correlation matrix
  CHECK_THROWS_AS(mvn_probability(lower, upper, Matrix{{1.0, 1.5}, {1.5, 1.0}}),
                  std::invalid_argument);
  // Pairwise valid, jointly not positive semi-definite.
  const Matrix indefinite = {{1.0, 0.9, -0.9}, {0.9, 1.0, 0.9}, {-0.9, 0.9, 1.0}};
  CHECK_THROWS_AS(mvn_probability(three, std::vector<double>(3, 2.0), indefinite),
                  std::invalid_argument);
}
