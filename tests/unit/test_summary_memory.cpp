// Issue 17: a design point's summary costs memory in proportion to its cohorts while they
// are few (their values kept, quantiles exact, R's type 7), and a fixed histogram after.
#include <cmath>
#include <vector>

#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

#include "analysis/cohort/design_summary.h"
#include "analysis/operating_characteristics.h"
#include "app/memory_estimate.h"
#include "engine/random_stream.h"
#include "scenarios/scenario_loader.h"

using jisas::analysis::kQuantileProbs;
using jisas::analysis::StreamingDistribution;

namespace {

std::vector<double> uniform_values(std::uint64_t key, std::size_t n) {
  std::vector<double> values;
  for (std::uint64_t i = 0; i < n; ++i) {
    auto rng = jisas::engine::make_stream({key, 0, i, 0, 0});
    values.push_back(boost::uniform_01<double>()(rng));
  }
  return values;
}

}  // namespace

TEST_CASE("few values give R's type 7 quantiles exactly", "[summary_memory]") {
  // 24 cohorts (the golden regressions' count): type 7 interpolates between neighbours.
  const std::vector<double> values = uniform_values(3, 24);
  StreamingDistribution acc;
  for (const double v : values) acc.add(v);
  const auto expected = jisas::analysis::quantiles(values, kQuantileProbs);
  for (std::size_t q = 0; q < std::size(kQuantileProbs); ++q) {
    CAPTURE(kQuantileProbs[q]);
    CHECK(acc.quantile(kQuantileProbs[q]) == expected[q]);
  }
  // quantile(c(0.1, 0.5, 0.25, 0.25, 0.9, 0.3), 0.025) in R: 0.11875.
  StreamingDistribution small;
  for (const double v : {0.1, 0.5, 0.25, 0.25, 0.9, 0.3}) small.add(v);
  CHECK(small.quantile(0.025) == Approx(0.11875).epsilon(1e-15));
  CHECK(small.quantile(0.5) == Approx(0.275).epsilon(1e-15));
}

TEST_CASE("a distribution of few values holds a few bytes per value", "[summary_memory]") {
  StreamingDistribution acc(20);
  for (const double v : uniform_values(4, 10)) acc.add(v);
  CHECK(acc.heap_bytes() <= 16 * sizeof(double) + 20 * sizeof(long));
  CHECK(acc.heap_bytes() <= StreamingDistribution::max_heap_bytes(20, 10));
  // Past kExactValues the fine histogram takes over, and stays the bound.
  for (const double v : uniform_values(5, StreamingDistribution::kExactValues)) acc.add(v);
  CHECK(acc.count() == StreamingDistribution::kExactValues + 10);
  CHECK(acc.heap_bytes() <= StreamingDistribution::max_heap_bytes(20, acc.count()));
  CHECK(acc.heap_bytes() > StreamingDistribution::max_heap_bytes(20, 10));
}

TEST_CASE("the switch to the histogram keeps every value", "[summary_memory]") {
  // Values moved into the fine histogram at the switch give the same quantiles as values
  // added after it: the order statistic of rank floor(p (n - 1)) for discrete values.
  std::vector<double> values;
  StreamingDistribution acc;
  for (const double u : uniform_values(6, 3000)) {
    values.push_back(std::floor(u * 16.0) / 15.0);
    acc.add(values.back());
  }
  std::sort(values.begin(), values.end());
  for (const double p : kQuantileProbs) {
    CHECK(acc.quantile(p) == values[static_cast<std::size_t>(std::floor(p * 2999))]);
  }
}

TEST_CASE("a design point's summary over 10 cohorts is kilobytes", "[summary_memory]") {
  const auto sc = jisas::scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/two_arm.yaml");
  const auto& point = sc.points.front();
  jisas::analysis::DesignSummary summary(point, std::vector<bool>(point.analysis.tests.size()));
  jisas::analysis::CohortResult row;
  row.relapse_proportion = 0.25;
  row.km.fill(0.75);
  row.arm_km[0].fill(0.5);
  row.arm_km[1].fill(0.8);
  row.arm_median_rfs = {10.0, 20.0};
  for (int c = 0; c < 10; ++c) summary.add(row);
  const std::size_t bound = jisas::analysis::DesignSummary::max_bytes(point, 10);
  CHECK(summary.bytes() <= bound);
  CHECK(bound < 16 * 1024);  // was 1.9 MB: a dozen 240 KB fine histograms
  CHECK(jisas::analysis::DesignSummary::max_bytes(point, 100000) < 8 * 1024 * 1024);
}

TEST_CASE("the memory estimate grows with what the run keeps", "[summary_memory]") {
  const auto sc = jisas::scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/sample_size.yaml");
  const auto e = jisas::app::estimate_memory(sc, 2);
  CHECK(e.per_point > 0);
  CHECK(e.per_cohort > 0);
  CHECK(e.peak > e.per_point * sc.points.size());
  auto more = jisas::scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/sample_size.yaml",
                                              {"output.patients.cohorts=100"});
  CHECK(jisas::app::estimate_memory(more, 2).peak > e.peak);
  CHECK(jisas::app::format_bytes(1536.0) == "1.5 KiB");
}
