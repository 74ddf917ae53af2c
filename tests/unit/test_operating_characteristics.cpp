#include "analysis/operating_characteristics.h"

#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/random_stream.h"
#include "tests/unit/r_reference.h"

#include <boost/random/uniform_01.hpp>

using namespace jisas::analysis;
using jisas::test::matches_r;

TEST_CASE("rejection rate: MC standard error and Wilson interval", "[operating_characteristics]") {
  // prop.test(37, 200, correct = FALSE)$conf.int is the Wilson score interval
  const auto r = rejection_rate(37, 200);
  CHECK(r.rate == 0.185);
  CHECK(matches_r(r.mc_se, std::sqrt(0.185 * 0.815 / 200)));
  CHECK(matches_r(r.lower, 0.13730192800616045, 1e-8));  // z rounded to 1.959963984540054
  CHECK(matches_r(r.upper, 0.24457062761151746, 1e-8));
  // prop.test(0, 50, correct = FALSE)$conf.int: (0, 0.071347599133358683)
  const auto zero = rejection_rate(0, 50);
  CHECK(zero.lower == 0.0);
  CHECK(matches_r(zero.upper, 0.071347599133358683, 1e-8));
  CHECK(std::isnan(rejection_rate(0, 0).rate));
}

TEST_CASE("quantiles follow R's type 7", "[operating_characteristics]") {
  // quantile(c(0.1, 0.5, 0.25, 0.25, 0.9, 0.3), c(0.025, 0.5, 0.975))
  const std::vector<double> v{0.1, 0.5, 0.25, 0.25, 0.9, 0.3, NAN};
  const double probs[] = {0.025, 0.5, 0.975};
  const auto q = quantiles(v, probs);
  CHECK(matches_r(q[0], 0.11875000000000001));
  CHECK(matches_r(q[1], 0.27500000000000002));
  CHECK(matches_r(q[2], 0.84999999999999998));
}

TEST_CASE("the streaming accumulator is exact on discrete values", "[operating_characteristics]") {
  // Relapse proportions of 12-patient cohorts take the values k/12: quantiles from the
  // accumulator must equal the order statistic of rank floor(p (n - 1)).
  StreamingDistribution acc(20);
  std::vector<double> values;
  for (std::uint64_t i = 0; i < 5000; ++i) {
    auto rng = jisas::engine::make_stream({1, 0, i, 0, 0});
    const double v = std::floor(boost::uniform_01<double>()(rng) * 13.0) / 12.0;
    acc.add(v);
    values.push_back(v);
  }
  acc.add(NAN);
  CHECK(acc.count() == 5000);
  CHECK(acc.missing() == 1);
  std::sort(values.begin(), values.end());
  for (const double p : kQuantileProbs) {
    CAPTURE(p);
    CHECK(acc.quantile(p) == values[static_cast<std::size_t>(std::floor(p * 4999))]);
  }
  long total = 0;
  for (const long c : acc.coarse()) total += c;
  CHECK(total == 5000);
}

TEST_CASE("the streaming accumulator puts values far outside its range in the edge bins",
          "[operating_characteristics]") {
  // A damaged or hostile result file can hold any double (fuzz.merge found 4.5e307, whose
  // bin index overflowed size_t: undefined behaviour that UBSan reports).
  StreamingDistribution acc(20);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  for (const double v : {4.49423e307, kInf, -1e308, -kInf, 0.5}) acc.add(v);
  for (long i = 0; i < 2000; ++i) acc.add(1e300);  // past the exact values: the fine bins
  CHECK(acc.coarse().front() == 2);
  CHECK(acc.coarse().back() == 2002);
  CHECK(acc.count() == 2005);
}

TEST_CASE("the streaming accumulator is within 1e-4 on continuous values",
          "[operating_characteristics]") {
  StreamingDistribution acc;
  std::vector<double> values;
  for (std::uint64_t i = 0; i < 20000; ++i) {
    auto rng = jisas::engine::make_stream({2, 0, i, 0, 0});
    const double v = boost::uniform_01<double>()(rng);
    acc.add(v);
    values.push_back(v);
  }
  std::sort(values.begin(), values.end());
  for (const double p : kQuantileProbs) {
    CHECK(std::abs(acc.quantile(p) - values[static_cast<std::size_t>(std::floor(p * 19999))]) <
          1e-4);
  }
}
