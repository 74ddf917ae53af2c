// The data of a cohort at an interim look and the looks' dates (analysis/cohort/looks.h).
#include "analysis/cohort/looks.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <variant>

#include <catch2/catch.hpp>

#include "scenarios/scenario_loader.h"
#include "scenarios/yaml_documents.h"
#include "tests/unit/model_fixtures.h"
#include "trial/cohort_simulation.h"

using namespace jisas;
using analysis::LookContext;
using analysis::PatientRecord;
using scenarios::LookTrigger;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

PatientRecord patient(double entry, int relapsed, double time, int arm = 1) {
  PatientRecord p;
  p.entry_day = entry;
  p.relapsed = static_cast<std::int8_t>(relapsed);
  p.time = time;
  p.confirmed = relapsed ? time : std::numeric_limits<double>::quiet_NaN();
  p.follow_up = 1000.0;
  p.arm = static_cast<std::int8_t>(arm);
  p.time_to_regain = std::numeric_limits<double>::quiet_NaN();
  return p;
}

// Visits every 30 days. A enters on day 0 and relapses (confirmed) on study day 90; B
// enters on day 10 and is censored on study day 300; C enters on day 200 and relapses on
// study day 60; D is unevaluable.
std::vector<PatientRecord> four_patients() {
  std::vector<PatientRecord> p{patient(0, 1, 90), patient(10, 0, 300, 0), patient(200, 1, 60),
                               patient(20, 0, 0)};
  p[3].evaluable = 0;
  return p;
}

}  // namespace

TEST_CASE("a look sees relapses confirmed by it and censors the rest at their last visit",
          "[looks]") {
  const auto p = four_patients();
  const LookContext ctx{30.0, 1000.0};
  const auto at100 = analysis::data_at(p, 100.0, ctx);  // C has not entered
  CHECK(at100.time == std::vector<double>{90.0, 90.0});
  CHECK(at100.event == std::vector<int>{1, 0});
  const auto at80 = analysis::data_at(p, 80.0, ctx);  // A's relapse is confirmed on day 90
  CHECK(at80.time == std::vector<double>{60.0, 60.0});
  CHECK(at80.event == std::vector<int>{0, 0});
  const auto at400 = analysis::data_at(p, 400.0, ctx);
  CHECK(at400.time == std::vector<double>{90.0, 300.0, 60.0});  // B: never after the final
  CHECK(at400.event == std::vector<int>{1, 0, 1});
}

TEST_CASE("triggers: calendar, events (pooled or per arm) and patients followed to a landmark",
          "[looks]") {
  const auto p = four_patients();
  const LookContext ctx{30.0, 1000.0};
  CHECK(analysis::trigger_day({LookTrigger::Kind::Calendar, 365.0}, p, ctx) == 365.0);
  LookTrigger events{LookTrigger::Kind::Events};
  events.count = 2;
  CHECK(analysis::trigger_day(events, p, ctx) == 260.0);  // A on day 90, C on day 260
  events.count = 3;
  CHECK(analysis::trigger_day(events, p, ctx) == kInf);
  events.count = 1;
  events.arm = 0;  // B, the only control patient, never relapses
  CHECK(analysis::trigger_day(events, p, ctx) == kInf);
  LookTrigger followed{LookTrigger::Kind::FollowedToLandmark};
  followed.landmark = 60.0;
  followed.count = 2;
  CHECK(analysis::trigger_day(followed, p, ctx) == 70.0);  // A on day 60, B on day 70
  followed.count = 3;
  CHECK(analysis::trigger_day(followed, p, ctx) == 260.0);  // C's relapse confirmed on day 260
  CHECK(analysis::trigger_day(followed, p, {30.0, 200.0}) == kInf);  // after the final
}

TEST_CASE("look days: the later trigger, minimum follow-up, maximum wait, none after the final",
          "[looks]") {
  const auto p = four_patients();
  const LookContext ctx{30.0, 1000.0};
  scenarios::LookSpec both;
  LookTrigger events{LookTrigger::Kind::Events};
  events.count = 1;
  both.triggers = {events, {LookTrigger::Kind::Calendar, 150.0}};
  CHECK(analysis::look_days(std::vector{both}, p, ctx) == analysis::LookValues{150.0});
  scenarios::LookSpec waited = both;
  waited.max_wait = 120.0;
  CHECK(analysis::look_days(std::vector{waited}, p, ctx) == analysis::LookValues{120.0});
  scenarios::LookSpec later{{{LookTrigger::Kind::Calendar, 100.0}}, 400.0};
  CHECK(analysis::look_days(std::vector{both, later}, p, ctx) ==
        analysis::LookValues{150.0, 550.0});
  events.count = 2;
  scenarios::LookSpec never{{events}};
  never.triggers[0].count = 5;
  const auto days = analysis::look_days(std::vector{both, never}, p, ctx);
  REQUIRE(days.size() == 2);
  CHECK(days[0] == 150.0);
  CHECK(std::isnan(days[1]));  // never met: the final analysis takes its place
}

TEST_CASE("information trigger: the first day the test's information reaches the fraction",
          "[looks]") {
  const auto p = four_patients();
  LookContext ctx{30.0, 1000.0};
  // Information = the confirmed relapses by the day (A on day 90, C on day 260).
  ctx.information_at = [&](double day) {
    return static_cast<double>(analysis::data_at(p, day, ctx).relapse_days.size());
  };
  ctx.max_information = 2.0;
  LookTrigger half{LookTrigger::Kind::Information};
  half.fraction = 0.5;
  CHECK(analysis::trigger_day(half, p, ctx) == 90.0);
  LookTrigger all{LookTrigger::Kind::Information};
  all.fraction = 1.0;
  CHECK(analysis::trigger_day(all, p, ctx) == 260.0);
  ctx.final_day = 259.0;
  CHECK(analysis::trigger_day(all, p, ctx) == kInf);  // not reached by the final analysis
}

TEST_CASE("an information look in a simulated two-arm trial comes when V11 reaches its share",
          "[looks]") {
  // interim_null.yaml with its looks at half and 80% of a planned maximum V11 of 20 (about
  // 80 relapses): V11 grows by about a quarter per relapse, so the first look comes at
  // about 40 relapses.
  std::string text = scenarios::read_text_file(JISAS_SOURCE_DIR "/tests/run/interim_null.yaml");
  text.replace(text.find("{events: 30}"), 12, "{information: 0.5}");
  text.replace(text.find("{events: 55}"), 12, "{information: 0.8}");
  text.replace(text.find("test: logrank"), 13, "test: logrank\n    max_information: 20");
  const auto sc = scenarios::parse_scenario(text, "information.yaml");
  int held = 0;
  for (std::int64_t c = 0; c < 20; ++c) {
    const auto row = trial::simulate_cohort(sc.points.at(0), 3, c, false).result;
    if (std::isnan(row.look_day[0])) continue;
    ++held;
    CHECK(row.look_events[0] >= 35);
    CHECK(row.look_events[0] <= 45);
    CHECK(!(row.look_day[1] <= row.look_day[0]));  // NaN: not reached before the final
  }
  CHECK(held >= 15);
}

TEST_CASE("event-driven final analysis: at the n-th confirmed relapse or the latest date",
          "[looks]") {
  const auto p = four_patients();
  CHECK(analysis::final_analysis_day(0, p, 500.0) == 500.0);  // not event-driven
  CHECK(analysis::final_analysis_day(1, p, 500.0) == 90.0);   // A's relapse
  CHECK(analysis::final_analysis_day(2, p, 500.0) == 260.0);  // C's
  CHECK(analysis::final_analysis_day(3, p, 500.0) == 500.0);  // never met: the latest date
  CHECK(analysis::final_analysis_day(2, p, 200.0) == 200.0);  // the latest date comes first
}

TEST_CASE("the data at the final analysis day equal the final analysis", "[looks]") {
  // A real cohort (jisas-like, calendar analysis on day 1126): cutting its records at the
  // final day must give back exactly what the final analysis used, also when visits move
  // within a window and some are missed (the looks see the protocol's own visits).
  auto point = test::jisas_like_point();
  SECTION("visits on the planned days") {}
  SECTION("visits within ±10 days, 15% missed") {
    point.protocol.visits.window = 10.0;
    point.protocol.visits.missed = 0.15;
  }
  for (std::int64_t c = 0; c < 30; ++c) {
    const auto out = trial::simulate_cohort(point, 8, c, true);
    const auto cut = analysis::data_at(out.patients, 1126.0, {point.protocol.visits, 1126.0});
    std::vector<double> time;
    std::vector<int> event;
    for (const auto& p : out.patients) {
      if (!p.evaluable) continue;
      time.push_back(p.time);
      event.push_back(p.relapsed);
    }
    CHECK(cut.time == time);
    CHECK(cut.event == event);
    CHECK(static_cast<std::int32_t>(cut.relapse_days.size()) == out.result.relapses);
  }
}

TEST_CASE("interim looks load, and bad ones name file:line:column and the key", "[looks]") {
  const std::string path = JISAS_SOURCE_DIR "/tests/run/interim_null.yaml";
  const auto sc = scenarios::load_scenario(path);
  const auto& a = sc.points.at(0).analysis;
  REQUIRE(a.looks.size() == 2);
  CHECK(a.looks[1].triggers.at(0).kind == LookTrigger::Kind::Events);
  CHECK(a.looks[1].triggers.at(0).count == 55);
  REQUIRE(a.sequential.has_value());
  CHECK(std::holds_alternative<analysis::BetaSpendingFutility>(a.sequential->futility));
  const std::string text = scenarios::read_text_file(path);
  const auto bad = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  using Catch::Contains;
  CHECK_THROWS_WITH(scenarios::parse_scenario(bad("{events: 55}", "{events: 25}"), "bad.yaml"),
                    Contains("bad.yaml:55:7: analysis.looks[1]: looks must come in order"));
  CHECK_THROWS_WITH(
      scenarios::parse_scenario(bad("{events: 55}", "{events: 300}"), "bad.yaml"),
      Contains("analysis.looks[1].events: can never be met: a cohort has 203 patients"));
  CHECK_THROWS_WITH(scenarios::parse_scenario(bad("test: logrank", "test: km12"), "bad.yaml"),
                    Contains("analysis.sequential.test: no test named 'km12'"));
  CHECK_THROWS_WITH(
      scenarios::parse_scenario(
          bad("{spending: obrien_fleming}", "{spending: hwang_shih_decani, gamma: 7}"), "bad.yaml"),
      Contains("analysis.sequential.efficacy.gamma"));
  CHECK_THROWS_WITH(
      scenarios::parse_scenario(
          bad("{spending: obrien_fleming}", "{cumulative_alpha: [0.001, 0.01, 0.02]}"), "bad.yaml"),
      Contains("must end at the test's alpha (0.025)"));
  CHECK_THROWS_WITH(scenarios::parse_scenario(bad("    test: logrank\n", ""), "bad.yaml"),
                    Contains("bad.yaml:57:5: analysis.sequential.test: missing required key"));
  CHECK_THROWS_WITH(scenarios::parse_scenario(bad("{events: 30}", "{max_wait: 6mo}"), "bad.yaml"),
                    Contains("give 'calendar', 'events', 'followed' or 'information'"));
  CHECK_THROWS_WITH(
      scenarios::parse_scenario(bad("{events: 30}", "{information: 0.4}"), "bad.yaml"),
      Contains("analysis.sequential.max_information: missing required key"));
  CHECK_THROWS_WITH(
      scenarios::parse_scenario(bad("test: logrank", "test: logrank\n    max_information: 30"),
                                "bad.yaml"),
      Contains("analysis.sequential.max_information: no look has an 'information' trigger"));
  CHECK_THROWS_WITH(
      scenarios::parse_scenario(bad("{min_follow_up: 24mo}", "{min_follow_up: 24mo, events: 204}"),
                                "bad.yaml"),
      Contains("design.analysis.events: can never be met"));
  CHECK_THROWS_WITH(
      scenarios::parse_scenario(bad("{events: 30}", "{calendar: 70mo}"), "bad.yaml"),
      Contains("analysis.looks[0].calendar: can never be met: the final analysis comes at the "
               "latest"));
  CHECK_THROWS_WITH(
      scenarios::parse_scenario(bad("{events: 30}", "{followed: {landmark: 40mo, patients: 50}}"),
                                "bad.yaml"),
      Contains("analysis.looks[0].followed.landmark: can never be met: beyond "
               "design.max_follow_up"));
  const auto cp = scenarios::parse_scenario(
      bad("{spending: obrien_fleming, beta: 0.2, binding: false}", "{conditional_power: 0.1}"),
      "cp.yaml");
  CHECK(std::holds_alternative<analysis::ConditionalPowerFutility>(
      cp.points.at(0).analysis.sequential->futility));
  CHECK_THROWS_WITH(
      scenarios::parse_scenario(bad("{spending: obrien_fleming, beta: 0.2, binding: false}",
                                    "{conditional_power: 0.1, binding: true}"),
                                "bad.yaml"),
      Contains("analysis.sequential.futility: conditional-power futility bounds are non-binding"));
  const std::string no_sequential =
      text.substr(0, text.find("  sequential:")) + "output: {path: x.h5}\n";
  CHECK_THROWS_WITH(scenarios::parse_scenario(no_sequential, "bad.yaml"),
                    Contains("analysis.looks: needs analysis.sequential"));
}

TEST_CASE("two-stage designs load (Simon's search), and bad ones name file:line:column and the key",
          "[looks]") {
  const std::string path = JISAS_SOURCE_DIR "/tests/run/two_stage.yaml";
  const auto sc = scenarios::load_scenario(path);
  const auto& a = sc.points.at(0).analysis;
  REQUIRE(a.two_stage.has_value());
  // Simon (1989) search at p0 = 0.41, p1 = 0.61, alpha 0.05, beta 0.2 (analysis/simon_two_stage.h;
  // the table rows themselves are checked in test_simon_two_stage.cpp).
  CHECK(a.two_stage->design.n1 == 14);
  CHECK(a.two_stage->design.r1 == 6);
  CHECK(a.two_stage->design.n == 47);
  CHECK(a.two_stage->design.r == 24);
  CHECK(a.looks.size() == 1);
  CHECK(a.has_looks());
  const std::string text = scenarios::read_text_file(path);
  const auto bad = [&](const std::string& to) {
    std::string t = text;
    const std::string from = "{test: binom12, design: optimal, p1: 0.61, beta: 0.2}";
    t.replace(t.find(from), from.size(), to);
    return scenarios::parse_scenario(t, "bad.yaml");
  };
  using Catch::Contains;
  CHECK_THROWS_WITH(bad("{test: binom12, design: optimal, p1: 0.3, beta: 0.2}"),
                    Contains("analysis.two_stage.p1: must be above the test's null_rate (0.41)"));
  CHECK_THROWS_WITH(bad("{test: binom12, design: minimax, p1: 0.45, beta: 0.05, max_n: 30}"),
                    Contains("analysis.two_stage: no two-stage design with n <= 30"));
  CHECK_THROWS_WITH(bad("{test: binom12, design: given, n1: 10, r1: 12, n: 30, r: 15}"),
                    Contains("bad.yaml:"));
  CHECK_THROWS_WITH(bad("{test: binom12, design: given, n1: 10, r1: 3, n: 60, r: 15}"),
                    Contains("the design needs n = 60 patients"));
  CHECK_THROWS_WITH(bad("{test: nope, design: optimal, p1: 0.61, beta: 0.2}"),
                    Contains("analysis.two_stage.test: no test named 'nope'"));
  CHECK_THROWS_WITH(bad("{test: binom12, design: given, n1: 10, r1: 3, n: 40, r: 15, p1: 0.6}"),
                    Contains("analysis.two_stage.p1: only with design optimal or minimax"));
  const auto given = bad("{test: binom12, design: given, n1: 10, r1: 3, n: 40, r: 15}");
  CHECK(given.points.at(0).analysis.two_stage->design.n == 40);
}
