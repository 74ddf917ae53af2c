// A design point built in code (no YAML), JISAS-like, for model tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "scenarios/quiet_visits.h"
#include "scenarios/spec/scenario.h"

namespace jisas::test {

inline scenarios::DesignPoint jisas_like_point() {
  using scenarios::Distribution;
  using Kind = Distribution::Kind;
  constexpr double mo = scenarios::kDaysPerMonth;
  scenarios::DesignPoint p;
  p.design.sample_size = 15;
  p.design.accrual = {scenarios::AccrualSpec::Kind::Window, "2009-09-01", 851.0, 0.0, {}, {}};
  p.design.analysis_date = {scenarios::AnalysisDateSpec::Kind::Calendar, 1126.0, 0.0};
  p.design.withdrawal = {0.2, {}};      // no dropout in either arm
  p.population.age_years.value = 50.0;  // Kind::Fixed
  p.population.cmr_duration.kind = Kind::LogNormal;
  p.population.cmr_duration.median = 28 * mo;
  p.population.cmr_duration.sdlog = 0.6;
  p.population.mmr_before_cmr.kind = Kind::LogNormal;
  p.population.mmr_before_cmr.median = 12 * mo;
  p.population.mmr_before_cmr.sdlog = 0.7;
  p.population.time_to_mmr.value = 18 * mo;  // Kind::Fixed
  auto& h = std::get<jisas::scenarios::HazardModelSpec>(p.kinetics);
  h.cure_fraction = 0.55;
  h.relapse_time.kind = Kind::Weibull;
  h.relapse_time.shape = 1.3;
  h.relapse_time.scale = 3 * mo;
  h.reference_cmr_years = 2.5;
  h.ifn_hazard_ratio = 1.0;
  h.doubling_time = 9.0;
  h.im_half_life = 18.0;
  h.residual_ratio = 1e-6;
  p.assay = {50000.0, 0.5, 1.0};
  p.protocol.ifn = true;
  p.protocol.ifn_start_within = 28.0;
  p.protocol.ifn_per_week_min = 2;
  p.protocol.ifn_per_week_max = 5;
  p.protocol.visits = mo;
  p.protocol.threshold = 0.001;
  p.protocol.confirmations = 2;
  p.analysis.landmarks = {6 * mo, 12 * mo};
  scenarios::TestSpec km12;
  km12.name = "km12";
  km12.method = scenarios::LandmarkVsHistoricalTest{12 * mo, 0.41};
  p.analysis.tests.push_back(km12);
  scenarios::TestSpec mw;
  mw.method = scenarios::MannWhitneyTest{};
  mw.name = "mw";
  mw.alternative = analysis::Alternative::TwoSided;
  p.analysis.tests.push_back(mw);
  p.quiet = scenarios::quiet_visits(p.assay, p.protocol, 37.0);  // as the loader sets it
  return p;
}

// `base` and its variants for checks that must hold whatever the schedule, rule and assay:
// three confirmations dated at the confirmation, visits in a 7-day window with 10% missed,
// monthly visits to 6 months then 3-monthly, 3,000 ABL copies. Each with its quiet visits
// set again for its protocol and assay (37 planned visits).
inline std::vector<std::pair<std::string, scenarios::DesignPoint>> protocol_variants(
    const scenarios::DesignPoint& base) {
  constexpr double mo = scenarios::kDaysPerMonth;
  std::vector<std::pair<std::string, scenarios::DesignPoint>> variants{{"as given", base}};
  auto three = base;
  three.protocol.confirmations = 3;
  three.protocol.dated_at = scenarios::ProtocolSpec::DatedAt::Confirmation;
  variants.emplace_back("three confirmations, dated at the confirmation", three);
  auto windows = base;
  windows.protocol.visits.window = 7.0;
  windows.protocol.visits.missed = 0.1;
  variants.emplace_back("visits in a 7-day window, 10% missed", windows);
  auto phases = base;
  phases.protocol.visits.phases = {{mo, 6 * mo}, {3 * mo}};
  variants.emplace_back("monthly to 6 months, then 3-monthly", phases);
  auto weak = base;
  weak.assay = {3000.0, 1.0, 0.8};
  variants.emplace_back("3,000 ABL copies", weak);
  for (auto& [name, point] : variants) {
    point.quiet = scenarios::quiet_visits(point.assay, point.protocol, 37.0);
  }
  return variants;
}

}  // namespace jisas::test
