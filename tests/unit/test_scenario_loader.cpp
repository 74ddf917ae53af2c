#include "scenarios/scenario_loader.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "engine/errors.h"
#include "scenarios/field_reader.h"
#include "scenarios/yaml_documents.h"

using jisas::InputError;
using jisas::scenarios::kDaysPerMonth;
using jisas::scenarios::kDaysPerYear;
using jisas::scenarios::load_scenario;
using jisas::scenarios::parse_scenario;
using jisas::scenarios::Scenario;

namespace {

const std::string kJisasPath = std::string(JISAS_SOURCE_DIR) + "/scenarios/jisas.yaml";

std::string jisas_text() {
  std::ifstream in(kJisasPath);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// jisas.yaml with `from` (which must occur exactly once) replaced by `to`.
std::string edited(const std::string& from, const std::string& to) {
  std::string text = jisas_text();
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

Scenario parse(const std::string& text) {
  return parse_scenario(text, "bad.yaml");
}

}  // namespace

TEST_CASE("jisas.yaml loads with every unit resolved", "[scenario_loader]") {
  const Scenario sc = load_scenario(kJisasPath);
  CHECK(sc.name == "jisas");
  CHECK(sc.seed == 20091001u);
  CHECK(sc.cohorts == 10000);
  CHECK(sc.source_path == kJisasPath);
  CHECK(sc.yaml_text == jisas_text());
  CHECK(sc.axes.empty());
  REQUIRE(sc.points.size() == 1);
  const auto& p = sc.points.front();
  CHECK(p.index == 0);
  CHECK(p.design.sample_size == 15);
  CHECK(p.design.accrual.kind == jisas::scenarios::AccrualSpec::Kind::Window);
  CHECK(p.design.accrual.start_date == "2009-09-01");
  CHECK(p.design.accrual.window_days == 851.0);  // 2009-09-01 .. 2011-12-31
  CHECK(p.design.analysis_date.kind == jisas::scenarios::AnalysisDateSpec::Kind::Calendar);
  CHECK(p.design.analysis_date.calendar_day == 1126.0);  // 2012-10-01
  CHECK(p.design.withdrawal.unevaluable == 0.2);
  CHECK(p.design.max_follow_up == Approx(36 * kDaysPerMonth));
  CHECK(p.population.age_years.kind == jisas::scenarios::Distribution::Kind::Normal);
  CHECK(p.population.age_years.min == 28.0);
  CHECK(p.population.age_years.max == 67.0);
  CHECK(p.population.sokal_high == 0.13);
  CHECK(p.population.cmr_duration.median == Approx(28 * kDaysPerMonth));
  CHECK(p.population.min_mmr_duration == Approx(2 * kDaysPerYear));
  CHECK(std::holds_alternative<jisas::scenarios::HazardModelSpec>(p.kinetics));
  CHECK(std::get<jisas::scenarios::HazardModelSpec>(p.kinetics).relapse_time.scale ==
        Approx(3 * kDaysPerMonth));
  CHECK(std::get<jisas::scenarios::HazardModelSpec>(p.kinetics).doubling_time == 9.0);
  CHECK(std::get<jisas::scenarios::HazardModelSpec>(p.kinetics).residual_ratio == 1e-6);
  CHECK(p.assay.abl_copies_median == 50000.0);
  CHECK(p.protocol.ifn);
  CHECK(p.protocol.ifn_start_within == 28.0);  // 4w
  CHECK(p.protocol.ifn_per_week_min == 2);
  CHECK(p.protocol.ifn_per_week_max == 5);
  CHECK(p.protocol.visits.first_interval() == Approx(kDaysPerMonth));
  CHECK(p.protocol.confirmations == 2);
  REQUIRE(p.analysis.landmarks.size() == 3);
  CHECK(p.analysis.landmarks[0] == Approx(6 * kDaysPerMonth));
  CHECK(p.analysis.landmarks[2] == Approx(24 * kDaysPerMonth));
  REQUIRE(p.analysis.tests.size() == 2);
  CHECK(std::get<jisas::scenarios::LandmarkVsHistoricalTest>(p.analysis.tests[0].method).at ==
        Approx(12 * kDaysPerMonth));
  CHECK(p.analysis.tests[0].alternative == jisas::analysis::Alternative::Greater);
  CHECK(std::holds_alternative<jisas::scenarios::MannWhitneyTest>(p.analysis.tests[1].method));
  CHECK(p.analysis.tests[1].alternative == jisas::analysis::Alternative::TwoSided);
  CHECK(sc.output.path == "jisas.h5");
  CHECK(sc.output.patient_cohorts == 20);
}

TEST_CASE("durations and dates convert to days", "[scenario_loader]") {
  using jisas::scenarios::parse_duration_days;
  using jisas::scenarios::parse_iso_date;
  CHECK(*parse_duration_days("28d") == 28.0);
  CHECK(*parse_duration_days("4w") == 28.0);
  CHECK(*parse_duration_days("1.5mo") == Approx(1.5 * kDaysPerMonth));
  CHECK(*parse_duration_days("2y") == 730.5);
  CHECK_FALSE(parse_duration_days("28"));
  CHECK_FALSE(parse_duration_days("3months"));
  CHECK(*parse_iso_date("1970-01-01") == 0);
  CHECK(*parse_iso_date("2000-03-01") - *parse_iso_date("2000-02-28") == 2);  // 2000 is leap
  CHECK(*parse_iso_date("2100-03-01") - *parse_iso_date("2100-02-28") == 1);  // 2100 is not
  CHECK_FALSE(parse_iso_date("2011-02-29"));
  CHECK_FALSE(parse_iso_date("2011-13-01"));
  CHECK_FALSE(parse_iso_date("2011-1-01"));
}

TEST_CASE("optional keys take their defaults; the other forms of accrual and analysis",
          "[scenario_loader]") {
  std::string text = edited("  max_follow_up: 36mo\n", "");
  text = text.substr(0, text.find("output:"));  // no output section
  const auto at = text.find("  accrual:");
  text.replace(at, text.find("  withdrawal:") - at,
               "  accrual: {start: 2009-09-01, rate_per_month: 2}\n"
               "  analysis: {min_follow_up: 6mo}\n");
  const Scenario sc = parse(text);
  const auto& d = sc.points.front().design;
  CHECK(d.accrual.kind == jisas::scenarios::AccrualSpec::Kind::Rate);
  CHECK(d.accrual.rate_per_day == Approx(2.0 / kDaysPerMonth));
  CHECK(d.analysis_date.kind == jisas::scenarios::AnalysisDateSpec::Kind::MinFollowUp);
  CHECK(d.analysis_date.min_follow_up == Approx(6 * kDaysPerMonth));
  CHECK(d.max_follow_up == 0.0);
  CHECK(sc.output.path == "jisas.h5");
  CHECK(sc.output.patient_cohorts == 0);

  const Scenario no_ifn =
      parse(edited("ifn: {start_within: 4w, dose_mu: 3, per_week: [2, 5]}", "ifn: none"));
  CHECK_FALSE(no_ifn.points.front().protocol.ifn);
  CHECK(std::isinf(sc.points.front().protocol.ifn_duration));  // IFN until relapse (JISAS)

  // ENDURE: ropeginterferon for 15 months; the dose is optional (no model uses it).
  const Scenario course =
      parse(edited("ifn: {start_within: 4w, dose_mu: 3, per_week: [2, 5]}",
                   "ifn: {start_within: 4w, duration: 15mo, per_week: [2, 5]}"));
  CHECK(course.points.front().protocol.ifn_duration == Approx(15 * kDaysPerMonth));
  CHECK(std::isnan(course.points.front().protocol.ifn_dose_mu));
}

TEST_CASE("lists in the design sections expand into a full factorial grid", "[scenario_loader]") {
  std::string text = edited("sample_size: 15", "sample_size: [12, 20, 30]");
  text = text.replace(text.find("ifn_hazard_ratio: 0.5"), 21, "ifn_hazard_ratio: [1.0, 0.5]");
  const Scenario sc = parse(text);
  REQUIRE(sc.axes.size() == 2);
  CHECK(sc.axes[0].key == "design.sample_size");
  CHECK(sc.axes[0].values == std::vector<double>{12, 20, 30});
  CHECK(sc.axes[1].key == "kinetics.ifn_hazard_ratio");
  CHECK(sc.axes[1].values == std::vector<double>{1.0, 0.5});
  REQUIRE(sc.points.size() == 6);
  const int sizes[] = {12, 12, 20, 20, 30, 30};
  const double ratios[] = {1.0, 0.5, 1.0, 0.5, 1.0, 0.5};
  for (int i = 0; i < 6; ++i) {
    CHECK(sc.points[i].index == i);
    CHECK(sc.points[i].design.sample_size == sizes[i]);
    CHECK(std::get<jisas::scenarios::HazardModelSpec>(sc.points[i].kinetics).ifn_hazard_ratio ==
          ratios[i]);
    CHECK(sc.points[i].analysis.landmarks.size() == 3);
  }
}

TEST_CASE("grid: zip pairs the i-th values of every axis", "[scenario_loader]") {
  std::string text = edited("sample_size: 15", "sample_size: [12, 20, 30]");
  text = text.replace(text.find("ifn_hazard_ratio: 0.5"), 21, "ifn_hazard_ratio: [1.0, 0.7, 0.5]");
  text = text.replace(text.find("cohorts: 10000"), 14, "cohorts: 10000\ngrid: zip");
  const Scenario sc = parse(text);
  REQUIRE(sc.points.size() == 3);
  const int sizes[] = {12, 20, 30};
  const double ratios[] = {1.0, 0.7, 0.5};
  for (int i = 0; i < 3; ++i) {
    CHECK(sc.points[i].design.sample_size == sizes[i]);
    CHECK(std::get<jisas::scenarios::HazardModelSpec>(sc.points[i].kinetics).ifn_hazard_ratio ==
          ratios[i]);
    CHECK(sc.points[i].axis_values == std::vector<double>{double(sizes[i]), ratios[i]});
  }
  std::string unequal = edited("sample_size: 15", "sample_size: [12, 20]");
  unequal = unequal.replace(unequal.find("ifn_hazard_ratio: 0.5"), 21,
                            "ifn_hazard_ratio: [1.0, 0.7, 0.5]");
  unequal = unequal.replace(unequal.find("cohorts: 10000"), 14, "cohorts: 10000\ngrid: zip");
  CHECK_THROWS_WITH(
      parse(unequal),
      Catch::Contains("kinetics.ifn_hazard_ratio: grid: zip needs lists of equal length"));
}

TEST_CASE("grid values are converted to the struct's unit", "[scenario_loader]") {
  const Scenario sc = parse(edited("max_follow_up: 36mo", "max_follow_up: [2y, 36mo]"));
  REQUIRE(sc.axes.size() == 1);
  CHECK(sc.axes[0].key == "design.max_follow_up");
  CHECK(sc.axes[0].values[0] == 730.5);
  CHECK(sc.axes[0].values[1] == Approx(36 * kDaysPerMonth));
  CHECK(sc.points[1].design.max_follow_up == Approx(36 * kDaysPerMonth));
  const Scenario confirm = parse(edited("confirmations: 2", "confirmations: [1, 2]"));
  CHECK(confirm.axes[0].key == "protocol.relapse.confirmations");
  CHECK(confirm.points[0].protocol.confirmations == 1);
}

TEST_CASE("malformed scenarios name file:line:col and the key path", "[scenario_loader]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(parse(edited("cohorts: 10000\n", "cohorts: 10000\ncolour: blue\n")),
                    Contains("bad.yaml:7:1: colour: unknown key 'colour' (expected one of: "
                             "schema_version, name, seed,"));
  CHECK_THROWS_WITH(parse(edited("sample_size: 15", "sample_sise: 15")),
                    Contains("bad.yaml:9:3: design.sample_sise: unknown key 'sample_sise'"));
  CHECK_THROWS_WITH(parse(edited("{every: 1mo}", "{every: 1mo, often: 2}")),
                    Contains("bad.yaml:47:24: protocol.visits.often: unknown key 'often' "
                             "(expected one of: every, schedule, window, missed)"));
  // A missing key is reported at its parent map.
  CHECK_THROWS_WITH(parse(edited("  prior_ifn: 0.27", "  # no prior_ifn")),
                    Contains("bad.yaml:21:3: population.prior_ifn: missing required key"));
  CHECK_THROWS_WITH(parse(edited("name: jisas\n", "")),
                    Contains("bad.yaml:3:1: name: missing required key"));
  CHECK_THROWS_WITH(parse(edited("sample_size: 15", "sample_size: fifteen")),
                    Contains("bad.yaml:9:16: design.sample_size: expected an integer, got "
                             "'fifteen'"));
  CHECK_THROWS_WITH(parse(edited("prior_ifn: 0.27", "prior_ifn: \"0.27\"")),
                    Contains("bad.yaml:23:14: population.prior_ifn: expected a number, got "
                             "the quoted text '0.27'"));
  CHECK_THROWS_WITH(parse(edited("max_follow_up: 36mo", "max_follow_up: 36mn")),
                    Contains("bad.yaml:18:18: design.max_follow_up: expected a duration with a "
                             "unit: d, w, mo or y"));
  CHECK_THROWS_WITH(parse(edited("doubling_time: 9d", "doubling_time: 9")),
                    Contains("bad.yaml:37:18: kinetics.doubling_time: expected a duration with a "
                             "unit: d, w, mo or y (e.g. 28d, 4w, 6mo, 2y), got '9'"));
  CHECK_THROWS_WITH(parse(edited("cohorts: 10000", "cohorts: -5")),
                    Contains("bad.yaml:6:10: cohorts: must be >= 1, got -5"));
  CHECK_THROWS_WITH(parse(edited("sample_size: 15", "sample_size: []")),
                    Contains("bad.yaml:9:16: design.sample_size: empty grid list"));
  CHECK_THROWS_WITH(parse(edited("threshold: 0.001", "threshold: 1.5")),
                    Contains("bad.yaml:48:38: protocol.relapse.threshold: must be in (0, 1), "
                             "got 1.5"));
  CHECK_THROWS_WITH(parse(edited("low: 0.87", "low: 0.86")),
                    Contains("bad.yaml:22:10: population.sokal: low + intermediate + high must "
                             "sum to 1, got 0.99"));
  CHECK_THROWS_WITH(parse(edited("end: 2011-12-31", "end: 2011-02-29")),
                    Contains("bad.yaml:12:10: design.accrual.end: expected a calendar date "
                             "YYYY-MM-DD, got '2011-02-29'"));
  CHECK_THROWS_WITH(parse(edited("end: 2011-12-31", "end: 2009-08-31")),
                    Contains("bad.yaml:12:10: design.accrual.end: must be after "
                             "design.accrual.start (2009-09-01)"));
  CHECK_THROWS_WITH(parse(edited("schema_version: 1", "schema_version: 2")),
                    Contains("bad.yaml:3:17: schema_version: schema version 2 is newer than "
                             "this jisas-sim supports (1)"));
  CHECK_THROWS_WITH(parse(edited("schema_version: 1", "schema_version: 0")),
                    Contains("bad.yaml:3:17: schema_version: schema version 0 is no longer "
                             "supported"));
  CHECK_THROWS_WITH(parse(edited("dist: weibull", "dist: gamma")),
                    Contains("bad.yaml:34:24: kinetics.relapse_time.dist: unknown distribution "
                             "'gamma' (expected one of: lognormal, weibull, "
                             "piecewise_exponential)"));
  CHECK_THROWS_WITH(parse(edited("type: mann_whitney", "type: t_test")),
                    Contains("bad.yaml:56:14: analysis.tests[1].type: unknown value 't_test' "
                             "(expected one of: landmark_vs_historical, binomial_landmark, "
                             "one_sample_logrank, mann_whitney, logrank_arms, km_difference, "
                             "weighted_logrank, maxcombo, rmst_difference)"));
  CHECK_THROWS_WITH(parse(edited("name: cmr_duration_mw", "name: km12_vs_stim")),
                    Contains("bad.yaml:56:34: analysis.tests[1].name: duplicate test name "
                             "'km12_vs_stim'"));
  CHECK_THROWS_WITH(
      parse(edited("[6mo, 12mo, 24mo]", "[1mo, 2mo, 3mo, 4mo, 5mo, 6mo, 7mo, 8mo, 9mo]")),
      Contains("bad.yaml:52:14: analysis.landmarks: at most 8 landmarks, got 9"));
  // yaml-cpp reports an unclosed flow map where it notices it: at the next line's key.
  CHECK_THROWS_WITH(parse(edited("sd: 11, min: 28, max: 67}", "sd: 11, min: 28, max: 67")),
                    Contains("bad.yaml:22:3: YAML syntax error:"));
  // Inputs on which yaml-cpp 0.7's LoadAll loops forever (jbeder/yaml-cpp#1040; found by
  // tests/fuzz/fuzz_scenario): refused at the stuck token instead.
  CHECK_THROWS_WITH(parse(","), Contains("bad.yaml:1:1: YAML syntax error: unexpected character"));
  CHECK_THROWS_WITH(parse("# a comment\n, a"),
                    Contains("bad.yaml:2:1: YAML syntax error: unexpected character"));
  CHECK_THROWS_WITH(parse("a: 1\n---\nb: 2\n---\nc: 3\n"),
                    Contains("bad.yaml:2:1: expected one YAML document, found 3"));
  CHECK_THROWS_WITH(parse(""), Contains("bad.yaml:1:1: expected one YAML document, found 0"));
  CHECK_THROWS_WITH(load_scenario("/nonexistent/jisas.yaml"),
                    Contains("/nonexistent/jisas.yaml: cannot open file: No such file or "
                             "directory"));
}

TEST_CASE("more malformed scenarios: cross-checks and grid misuse", "[scenario_loader]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(parse(edited("model: hazard", "model: ode")),
                    Contains("bad.yaml:30:10: kinetics.model: unknown value 'ode' (expected one "
                             "of: hazard, lsc_immune, km_curve)"));
  CHECK_THROWS_WITH(parse(edited("residual_ratio: 1e-6", "residual_ratio: 0.01")),
                    Contains("bad.yaml:39:19: kinetics.residual_ratio: must be below "
                             "protocol.relapse.threshold (0.001), got 0.01"));
  CHECK_THROWS_WITH(parse(edited("confirmations: 2", "confirmations: [1, 0]")),
                    Contains("bad.yaml:48:64: protocol.relapse.confirmations: must be >= 1, "
                             "got 0"));
  CHECK_THROWS_WITH(parse(edited("loss_of: mmr", "loss_of: [mmr, cmr]")),
                    Contains("bad.yaml:48:22: protocol.relapse.loss_of: a grid list is allowed "
                             "only for a key that takes a number or a duration"));
  CHECK_THROWS_WITH(parse(edited("per_week: [2, 5]", "per_week: [5, 2]")),
                    Contains("bad.yaml:46:53: protocol.ifn.per_week[1]: max must be >= min (5)"));
  CHECK_THROWS_WITH(parse(edited("per_week: [2, 5]", "per_week: [2, 8]")),
                    Contains("bad.yaml:46:53: protocol.ifn.per_week[1]: must be in [1, 7], got 8"));
  CHECK_THROWS_WITH(parse(edited("  conversion_factor: 1.0",
                                 "  conversion_factor: 1.0\n  conversion_factor: 2.0")),
                    Contains("bad.yaml:44:3: assay.conversion_factor: duplicate key"));
  CHECK_THROWS_WITH(parse(edited("name: km12_vs_stim", "name: km-12")),
                    Contains("bad.yaml:55:44: analysis.tests[0].name: 'km-12' is not a valid "
                             "name"));
  CHECK_THROWS_WITH(
      parse(edited("alpha: 0.05}\n    - {type: mann", "alpha: 1}\n    - {type: mann")),
      Contains("bad.yaml:55:92: analysis.tests[0].alpha: must be in (0, 1), got 1"));
  CHECK_THROWS_WITH(
      parse(edited("    end: 2011-12-31", "    end: 2011-12-31\n    rate_per_month: 2")),
      Contains("bad.yaml:11:5: design.accrual: give exactly one of 'end' (a date), 'duration', "
               "'rate_per_month' or 'piecewise_rate'"));
  {  // accrual by duration, without calendar dates
    const auto sc = parse(edited("    end: 2011-12-31", "    duration: 28mo"));
    CHECK(sc.points.at(0).design.accrual.window_days == Approx(28 * kDaysPerMonth));
    // without a start date, a calendar analysis date has nothing to count from
    CHECK_THROWS_WITH(parse(edited("    start: 2009-09-01                  # \"recruited from "
                                   "September 2009 ...\"\n    end: 2011-12-31",
                                   "    duration: 28mo")),
                      Contains("design.analysis.date: needs design.accrual.start"));
  }
  CHECK_THROWS_WITH(
      parse(edited(
          "    start: 2009-09-01                  # \"recruited from September 2009 ...\"\n", "")),
      Contains("design.accrual.end: needs design.accrual.start"));
  CHECK_THROWS_WITH(parse(edited("    end: 2011-12-31",
                                 "    piecewise_rate: {from: [1mo, 6mo], per_month: [1, 4]}")),
                    Contains("design.accrual.piecewise_rate.from[0]: the first piece starts at 0"));
  CHECK_THROWS_WITH(
      parse(edited("    dropout_per_year: 0.0", "    dropout: {proportion: 1.0, by: 2y}")),
      Contains("design.withdrawal.dropout.proportion: must be in [0, 1)"));
  CHECK_THROWS_WITH(
      parse(edited("    dropout_per_year: 0.0",
                   "    dropout: {control: {proportion: 0.1, by: 2y}, experimental: {proportion: "
                   "0.1, by: 2y}}")),
      Contains("design.withdrawal.dropout: per-arm dropout needs design.randomization"));
  CHECK_THROWS_WITH(parse(edited("{dist: weibull, shape: 1.3, scale: 3mo}",
                                 "{dist: piecewise_exponential, breaks: [3mo], "
                                 "rates_per_month: [0.1]}")),
                    Contains("bad.yaml:34:79: kinetics.relapse_time.rates_per_month: needs one "
                             "rate more than breaks (2), got 1"));
  CHECK_THROWS_WITH(parse(edited("min: 28, max: 67", "min: 80, max: 90")),
                    Contains("bad.yaml:21:8: population.age: truncation to [80, 90] keeps"));
  CHECK_THROWS_WITH(parse(edited("dist: normal", "dist: weibull")),
                    Contains("bad.yaml:21:15: population.age.dist: this key cannot take the "
                             "distribution 'weibull' (expected one of: fixed, uniform, normal, "
                             "lognormal)"));
  CHECK_THROWS_WITH(parse(edited("scale: 3mo", "scale: [3mo, 6mo]")),
                    Contains("bad.yaml:34:52: kinetics.relapse_time.scale: expected a duration "
                             "with a unit: d, w, mo or y (e.g. 28d, 4w, 6mo, 2y), got a list"));
  CHECK_THROWS_WITH(parse(edited("histogram_bins: 20", "histogram_bins: 0")),
                    Contains("bad.yaml:53:19: analysis.histogram_bins: must be in [1, 1000], "
                             "got 0"));
  CHECK_THROWS_WITH(parse(edited("seed: 20091001", "seed: -1")),
                    Contains("bad.yaml:5:7: seed: expected an unsigned 64-bit integer, got '-1'"));
  CHECK_THROWS_WITH(parse("- just\n- a list\n"),
                    Contains("bad.yaml:1:1: (top level): a scenario must be a map of keys"));
}

namespace {
const std::string kMechanisticPath =
    std::string(JISAS_SOURCE_DIR) + "/scenarios/jisas_mechanistic.yaml";

// jisas_mechanistic.yaml with `from` (which must occur exactly once) replaced by `to`.
std::string mechanistic_edited(const std::string& from, const std::string& to) {
  std::ifstream in(kMechanisticPath);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("jisas_mechanistic.yaml loads the lsc_immune model", "[scenario_loader]") {
  const Scenario s = load_scenario(kMechanisticPath);
  REQUIRE(std::holds_alternative<jisas::scenarios::LscImmuneSpec>(s.points.at(0).kinetics));
  const auto& k = std::get<jisas::scenarios::LscImmuneSpec>(s.points.at(0).kinetics);
  // Defaults: Hahnel 2020's fixed values (models/lsc_immune/lsc_immune.md).
  CHECK(k.p_y == 1.658);
  CHECK(k.k_y == 1e6);
  CHECK(k.r_z == 200.0);
  CHECK(k.jitter_sd_log10 == 0.1);
  CHECK(k.history.visits.first_interval() == Approx(3 * jisas::scenarios::kDaysPerMonth));
  CHECK(k.history.min_mmr_duration == Approx(2 * 365.25));
  CHECK(k.history.deep_response == 0.0);
  CHECK(k.history.stop_delay.max == Approx(4 * 365.25));
  CHECK(k.class_weight_a == 30.0);  // the joint calibration (joint_targets.yaml)
  CHECK(k.window_lower_edge_scale == 0.01);
  CHECK(k.immune_escape == Approx(0.02 / 12.0));  // per month
  CHECK(k.ifn.immune_recruitment == 3.0);         // optimistic set, fitted to JISAS
  CHECK(k.ifn.immune_window == 10.0);
  CHECK(k.ifn.immune_kill == 10.0);
  CHECK(k.ifn.activation == 0.0);
  CHECK(k.history.sustained_deep_duration);  // JISAS's CMR duration is the sustained one
  const auto first_deep = std::get<jisas::scenarios::LscImmuneSpec>(
      parse(mechanistic_edited("deep_duration_from: last_result_not_deep",
                               "deep_duration_from: first_deep_in_mmr_run"))
          .points.at(0)
          .kinetics);
  CHECK_FALSE(first_deep.history.sustained_deep_duration);
  CHECK(k.draw == jisas::scenarios::LscImmuneSpec::PatientDraw::TableRows);
  const auto drawn = std::get<jisas::scenarios::LscImmuneSpec>(
      parse(mechanistic_edited("patients: {class_weights:",
                               "patients: {draw: random_effects, class_weights:"))
          .points.at(0)
          .kinetics);
  CHECK(drawn.draw == jisas::scenarios::LscImmuneSpec::PatientDraw::RandomEffects);
  const auto escaping = std::get<jisas::scenarios::LscImmuneSpec>(
      parse(
          mechanistic_edited("  immune_escape_per_year: 0.02\n", "  immune_escape_per_year: 0.6\n"))
          .points.at(0)
          .kinetics);
  CHECK(escaping.immune_escape == Approx(0.05));  // per month
  CHECK(k.ratio_scale == 0.1);                    // the joint calibration
  const auto scaled = std::get<jisas::scenarios::LscImmuneSpec>(
      parse(mechanistic_edited("  ratio_scale: 0.1 ", "  ratio_scale: 0.5 "))
          .points.at(0)
          .kinetics);
  CHECK(scaled.ratio_scale == 0.5);
  CHECK_THROWS_WITH(
      parse(
          mechanistic_edited("patients: {class_weights:", "patients: {draw: rows, class_weights:")),
      Catch::Contains("bad.yaml:35:20: kinetics.patients.draw: unknown value 'rows'"));
  CHECK_THROWS_WITH(parse(mechanistic_edited("deep_duration_from: last_result_not_deep",
                                             "deep_duration_from: first")),
                    Catch::Contains("bad.yaml:43:25: kinetics.history.deep_duration_from"));
}

TEST_CASE("the deep-response duration is the sustained one unless a scenario says otherwise",
          "[scenario_loader]") {
  // Issue 19: STIM1's and EURO-SKI's definition (a result that is not deep restarts it) is
  // the default; A-STIM, which let weak positives pass, asks for the run-based one.
  const auto stim = load_scenario(JISAS_SOURCE_DIR "/scenarios/stim_mechanistic.yaml");
  CHECK(std::get<jisas::scenarios::LscImmuneSpec>(stim.points.at(0).kinetics)
            .history.sustained_deep_duration);
  const auto a_stim = load_scenario(JISAS_SOURCE_DIR "/scenarios/heldout/a_stim.yaml");
  CHECK_FALSE(std::get<jisas::scenarios::LscImmuneSpec>(a_stim.points.at(0).kinetics)
                  .history.sustained_deep_duration);
}

TEST_CASE("lsc_immune scenarios reject unknown keys and hazard-only population keys",
          "[scenario_loader]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(
      parse(mechanistic_edited("    visits: {every: 3mo}\n", "    visit_evry: 3mo\n")),
      Contains("bad.yaml:38:5: kinetics.history.visit_evry: unknown key"));
  CHECK_THROWS_WITH(
      parse(mechanistic_edited("    visits: {every: 3mo}\n", "    visit_every: 3mo\n")),
      Contains("bad.yaml:38:18: kinetics.history.visit_every: renamed: write 'visits: {every: "));
  CHECK_THROWS_WITH(
      parse(mechanistic_edited("    visits: {every: 3mo}\n",
                               "    visits: {every: 3mo, window: 2mo}\n")),
      Contains("bad.yaml:38:34: kinetics.history.visits.window: must be less than half the "
               "shortest interval (45.6562 days)"));
  CHECK_THROWS_WITH(
      parse(mechanistic_edited("  prior_ifn: 0.27 ", "  prior_ifn: 0.27\n  cmr_duration: 2y\n ")),
      Contains("bad.yaml:26:17: population.cmr_duration: comes from the simulated IM history"));
  CHECK_THROWS_WITH(parse(mechanistic_edited("deep_response: undetectable", "deep_response: 0.01")),
                    Contains("kinetics.history.deep_response: must be in (0, 0.001)"));
  CHECK_THROWS_WITH(
      parse(mechanistic_edited("{immune_recruitment: 3, immune_window: 10, immune_kill: 10}",
                               "{immune_windw: 1}")),
      Contains("kinetics.ifn.immune_windw: unknown key"));
}

TEST_CASE("long-acting IFN: an injection interval and a steady exposure", "[scenario_loader]") {
  const auto sc =
      jisas::scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/endure_mechanistic.yaml");
  const auto& protocol = sc.points.at(0).protocol;
  CHECK(protocol.ifn_long_acting_every == Approx(14.0));
  CHECK(protocol.ifn_long_acting_exposure == 1.0);
  std::string text =
      jisas::scenarios::read_text_file(JISAS_SOURCE_DIR "/scenarios/endure_mechanistic.yaml");
  const std::string from = "long_acting: {every: 2w, exposure: 1.0}";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "long_acting: {every: 2w}, per_week: [5, 5]");
  CHECK_THROWS_WITH(
      jisas::scenarios::parse_scenario(text, "bad.yaml"),
      Catch::Contains("protocol.ifn.per_week: give either 'per_week' or 'long_acting'"));
}

TEST_CASE("eligibility by depth under the hazard model: deep_response and min_deep_duration",
          "[scenario_loader]") {
  std::string text = jisas::scenarios::read_text_file(JISAS_SOURCE_DIR "/scenarios/jisas.yaml");
  const std::string from = "  min_mmr_duration: 2y";
  REQUIRE(text.find(from) != std::string::npos);
  const auto with = [&](const std::string& extra) {
    std::string t = text;
    t.replace(t.find(from), from.size(), from + "\n" + extra);
    return jisas::scenarios::parse_scenario(t, "depth.yaml");
  };
  const auto mr4 = with("  deep_response: 1e-4\n  min_deep_duration: 1y");
  CHECK(mr4.points.at(0).population.deep_response == 1e-4);
  CHECK(mr4.points.at(0).population.min_deep_duration == Approx(365.25));
  CHECK(std::isnan(with("  deep_response: undetectable").points.at(0).population.deep_response));
  CHECK_THROWS_WITH(with("  deep_response: 0.01"),
                    Catch::Contains("population.deep_response: must be in (0, 0.001)"));
}

TEST_CASE("visit schedules: one interval or piecewise phases", "[scenario_loader]") {
  std::string text = jisas::scenarios::read_text_file(JISAS_SOURCE_DIR "/scenarios/jisas.yaml");
  const std::string from = "visits: {every: 1mo}";
  REQUIRE(text.find(from) != std::string::npos);
  const auto with = [&](const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return jisas::scenarios::parse_scenario(t, "visits.yaml");
  };
  const auto sc = with(
      "visits: {schedule: [{every: 1mo, until: 12mo}, {every: 2mo, until: 24mo}, {every: 3mo}]}");
  const auto& phases = sc.points.at(0).protocol.visits.phases;
  REQUIRE(phases.size() == 3);
  CHECK(phases[1].every == Approx(2 * kDaysPerMonth));
  CHECK(phases[1].until == Approx(24 * kDaysPerMonth));
  CHECK(std::isinf(phases[2].until));
  using Catch::Contains;
  CHECK_THROWS_WITH(with("visits: {schedule: [{every: 1mo, until: 12mo}, {every: 2mo, until: 6mo}, "
                         "{every: 3mo}]}"),
                    Contains("protocol.visits.schedule[1].until: must increase"));
  CHECK_THROWS_WITH(with("visits: {schedule: [{every: 1mo, until: 12mo}]}"),
                    Contains("protocol.visits.schedule[0].until: the last phase runs to the end"));
  CHECK_THROWS_WITH(with("visits: {every: 1mo, schedule: [{every: 1mo}]}"),
                    Contains("protocol.visits: give exactly one of 'every' or 'schedule'"));
  CHECK_THROWS_WITH(with("visits: {every: 0.5d}"),
                    Contains("protocol.visits.every: must be >= 1 days"));
}

TEST_CASE("two_arm.yaml loads the tests for plateau-shaped curves; bad weights name the key",
          "[scenario_loader]") {
  using Catch::Contains;
  const std::string path = JISAS_SOURCE_DIR "/scenarios/two_arm.yaml";
  const Scenario s = load_scenario(path);
  const auto& tests = s.points.at(0).analysis.tests;
  REQUIRE(tests.size() == 4);
  const auto& fh = std::get<jisas::scenarios::WeightedLogRankTest>(tests[1].method);
  CHECK(fh.rho == 0.0);
  CHECK(fh.gamma == 1.0);
  CHECK(tests[1].alternative == jisas::analysis::Alternative::Greater);
  const auto& mc = std::get<jisas::scenarios::MaxComboTest>(tests[2].method);
  CHECK(mc.rho == std::vector<double>{0, 0, 1, 1});
  CHECK(mc.gamma == std::vector<double>{0, 1, 0, 1});
  CHECK(std::get<jisas::scenarios::RmstDifferenceTest>(tests[3].method).tau ==
        Approx(24 * jisas::scenarios::kDaysPerMonth));
  const std::string text = jisas::scenarios::read_text_file(path);
  const auto bad = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    return parse(t.replace(at, from.size(), to));
  };
  const std::string maxcombo = "{type: maxcombo, name: maxcombo_ifn, alpha: 0.025}";
  CHECK_THROWS_WITH(
      bad(maxcombo, "{type: maxcombo, name: m, alpha: 0.025, weights: [[0, 1], [0, 1]]}"),
      Contains("analysis.tests[2].weights[1]: this weight is already in the list"));
  CHECK_THROWS_WITH(bad(maxcombo, "{type: maxcombo, name: m, alpha: 0.025, weights: [[0, 1]]}"),
                    Contains("analysis.tests[2].weights: give 2 to 8 [rho, gamma] pairs"));
  CHECK_THROWS_WITH(bad("rho: 0, gamma: 1", "rho: 0, gamma: -1"),
                    Contains("analysis.tests[1].gamma: "));
  CHECK_THROWS_WITH(bad("tau: 24mo", "tau: 0d"), Contains("analysis.tests[3].tau: "));
}
