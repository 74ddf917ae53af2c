// The `lsc_immune` model through whole cohorts of scenarios/jisas_mechanistic.yaml.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "analysis/wilcoxon.h"
#include "models/cohort_simulation.h"
#include "scenarios/scenario_loader.h"

using namespace jisas;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

TEST_CASE("JISAS mechanistic: sustained patients had longer CMR on IM than relapsed ones",
          "[lsc_cohorts]") {
  // The JISAS interim (shared/seed): sustained median 31 months vs relapsed 0, 9 and 14
  // months, Mann-Whitney p = 0.0142. Here the association is not assumed: it comes out of
  // the stem-cell dynamics (a longer deep response leaves fewer quiescent cells at the stop).
  const auto scenario =
      scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/jisas_mechanistic.yaml");
  const auto& point = scenario.points.front();
  std::vector<double> sustained, relapsed;
  for (std::int64_t cohort = 0; cohort < 40; ++cohort) {
    const auto out = models::simulate_cohort(point, scenario.seed, cohort, true);
    for (const auto& p : out.patients) {
      if (!p.evaluable) continue;
      (p.relapsed ? relapsed : sustained).push_back(p.cmr_duration);
    }
  }
  CAPTURE(sustained.size(), relapsed.size(), median(sustained), median(relapsed));
  REQUIRE(relapsed.size() >= 50);
  REQUIRE(sustained.size() >= 50);
  CHECK(median(sustained) > median(relapsed));
  const auto test = analysis::wilcoxon_test(sustained, relapsed);
  CAPTURE(test.p_value);
  CHECK(test.p_value < 0.001);
}
