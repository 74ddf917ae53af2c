#include "analysis/kaplan_meier.h"

#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/unit/r_reference.h"

using jisas::analysis::ConfType;
using jisas::analysis::KaplanMeier;
using jisas::test::matches_r;

namespace {
constexpr double NA = std::numeric_limits<double>::quiet_NaN();

// Ties, a censoring at an event time (t = 2 and t = 5) and a final event: S reaches 0.
const std::vector<double> kTiesTime{2, 2, 2, 3, 5, 5, 8, 9};
const std::vector<int> kTiesEvent{1, 0, 1, 1, 1, 0, 0, 1};
}  // namespace

TEST_CASE("Kaplan-Meier rows, Greenwood SE and log CI match survfit", "[kaplan_meier]") {
  // R 4.2.2, survival 3.5.3:
  // f <- survfit(Surv(c(2,2,2,3,5,5,8,9), c(1,0,1,1,1,0,0,1)) ~ 1, conf.type = "log")
  // data.frame(f$time, f$n.risk, f$n.event, f$n.censor, f$surv, f$surv*f$std.err, f$lower, f$upper)
  KaplanMeier km({ConfType::Log, 0.95});
  km.fit(kTiesTime, kTiesEvent);
  const auto& rows = km.rows();
  REQUIRE(rows.size() == 5);
  const double time[] = {2, 3, 5, 8, 9};
  const int n_risk[] = {8, 5, 4, 2, 1};
  const int n_event[] = {2, 1, 1, 0, 1};
  const int n_censor[] = {1, 0, 1, 1, 0};
  const double surv[] = {0.75, 0.60000000000000009, 0.45000000000000007, 0.45000000000000007, 0};
  const double se[] = {0.15309310892394862, 0.18165902124584954, 0.18824850597016704,
                       0.18824850597016704, NA};
  const double lower[] = {0.50270184129404694, 0.33146462434329693, 0.19821173402773190,
                          0.19821173402773190, NA};
  const double upper[] = {1, 1, 1, 1, NA};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    CHECK(rows[i].time == time[i]);
    CHECK(rows[i].n_risk == n_risk[i]);
    CHECK(rows[i].n_event == n_event[i]);
    CHECK(rows[i].n_censor == n_censor[i]);
    CHECK(matches_r(rows[i].survival, surv[i]));
    CHECK(matches_r(rows[i].std_err, se[i]));
    CHECK(matches_r(rows[i].lower, lower[i]));
    CHECK(matches_r(rows[i].upper, upper[i]));
  }
}

TEST_CASE("plain CI at level 0.9 clips at 0 and 1 as survfit does", "[kaplan_meier]") {
  // f <- survfit(Surv(c(2,2,2,3,5,5,8,9), c(1,0,1,1,1,0,0,1)) ~ 1, conf.type = "plain",
  //              conf.int = 0.9); f$lower; f$upper
  KaplanMeier km({ConfType::Plain, 0.9});
  km.fit(kTiesTime, kTiesEvent);
  const double lower[] = {0.49818424452516641, 0.30119750003531004, 0.14035876218677507,
                          0.14035876218677507, NA};
  const double upper[] = {1, 0.89880249996469019, 0.75964123781322512, 0.75964123781322512, NA};
  for (std::size_t i = 0; i < 5; ++i) {
    CAPTURE(i);
    CHECK(matches_r(km.rows()[i].lower, lower[i]));
    CHECK(matches_r(km.rows()[i].upper, upper[i]));
  }
}

TEST_CASE("log-log CI and landmarks match summary(fit, times, extend = TRUE)", "[kaplan_meier]") {
  // f <- survfit(Surv(c(2,2,2,3,5,5,8,9), c(1,0,1,1,1,0,0,1)) ~ 1, conf.type = "log-log",
  //              conf.int = 0.8)
  // summary(f, times = c(0, 2, 4, 9, 20), extend = TRUE)[c("surv","std.err","lower","upper")]
  KaplanMeier km({ConfType::LogLog, 0.8});
  km.fit(kTiesTime, kTiesEvent);
  CHECK(matches_r(km.rows()[2].lower, 0.20958060811053189));
  CHECK(matches_r(km.rows()[2].upper, 0.66495563316656925));
  const double times[] = {0, 2, 4, 9, 20};
  const double surv[] = {1, 0.75, 0.60000000000000009, 0, 0};
  const double se[] = {0, 0.15309310892394862, 0.18165902124584954, NA, NA};
  const double lower[] = {1, 0.48957842890232778, 0.33560539223941532, NA, NA};
  const double upper[] = {1, 0.89058426935778368, 0.78741631016834890, NA, NA};
  for (std::size_t i = 0; i < 5; ++i) {
    CAPTURE(times[i]);
    const auto p = km.at(times[i]);
    CHECK(matches_r(p.survival, surv[i]));
    CHECK(matches_r(km.survival_at(times[i]), surv[i]));
    CHECK(matches_r(p.std_err, se[i]));
    CHECK(matches_r(p.lower, lower[i]));
    CHECK(matches_r(p.upper, upper[i]));
  }
  // summary(f)$table["median"] is 5: the first time S drops to <= 0.5.
  CHECK(km.median() == 5.0);
}

TEST_CASE("the reconstructed JISAS interim data give the published 74%", "[kaplan_meier]") {
  // scenarios/jisas_interim.csv; f <- survfit(Surv(months, relapse) ~ 1, conf.type = "log-log")
  // s <- summary(f, times = 24); c(s$surv, s$std.err, s$lower, s$upper)
  const std::vector<double> t{1, 3, 6.2, 6, 13, 17, 21, 23, 24, 25, 26, 27};
  const std::vector<int> e{1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  KaplanMeier km;
  km.fit(t, e);
  const auto p = km.at(24);
  CHECK(matches_r(p.survival, 0.74074074074074059));
  CHECK(matches_r(p.std_err, 0.12948257384816683));
  CHECK(matches_r(p.lower, 0.39067612760778192));
  CHECK(matches_r(p.upper, 0.90862386940406159));
  CHECK(std::isnan(km.median()));  // print(f): median NA, S never reaches 1/2
}

TEST_CASE("median is the midpoint when S is exactly 1/2 on an interval", "[kaplan_meier]") {
  // summary(survfit(Surv(1:4, rep(1, 4)) ~ 1))$table["median"] is 2.5
  KaplanMeier km;
  km.fit(std::vector<double>{1, 2, 3, 4}, std::vector<int>{1, 1, 1, 1});
  CHECK(km.median() == 2.5);
  // print(survfit(Surv(c(1,2,3,4), c(1,1,0,0)) ~ 1)): median 2, S stays at 1/2
  km.fit(std::vector<double>{1, 2, 3, 4}, std::vector<int>{1, 1, 0, 0});
  CHECK(km.median() == 2.0);
}

TEST_CASE("edge cases: n = 1, all censored, all events", "[kaplan_meier]") {
  KaplanMeier km;
  // summary(survfit(Surv(5, 1) ~ 1)): survival 0, std.err NaN, limits NA; median 5
  km.fit(std::vector<double>{5}, std::vector<int>{1});
  REQUIRE(km.rows().size() == 1);
  CHECK(km.rows()[0].survival == 0.0);
  CHECK(std::isnan(km.rows()[0].std_err));
  CHECK(std::isnan(km.rows()[0].lower));
  CHECK(km.median() == 5.0);
  // summary(survfit(Surv(c(5,6), c(0,0)) ~ 1, conf.type="log-log"), censored = TRUE):
  // survival 1, std.err 0, limits NA; at times = 1: limits 1
  km.fit(std::vector<double>{5, 6}, std::vector<int>{0, 0});
  CHECK(km.rows()[1].survival == 1.0);
  CHECK(km.rows()[1].std_err == 0.0);
  CHECK(std::isnan(km.rows()[1].lower));
  CHECK(km.at(1).lower == 1.0);
  CHECK(std::isnan(km.at(7).lower));
  CHECK(std::isnan(km.median()));
  // f <- survfit(Surv(c(1,2,2,3), c(1,1,1,1)) ~ 1, conf.type="log-log"); summary(f)
  KaplanMeier all_events({ConfType::LogLog, 0.95});
  all_events.fit(std::vector<double>{1, 2, 2, 3}, std::vector<int>{1, 1, 1, 1});
  CHECK(matches_r(all_events.rows()[0].std_err, 0.21650635094610965));
  CHECK(matches_r(all_events.rows()[0].lower, 0.1279469175951458704));
  CHECK(matches_r(all_events.rows()[1].upper, 0.66532534278886535));
  CHECK(all_events.median() == 2.0);  // quantile(f, 0.5)
}

TEST_CASE("events are counted before censorings at a tied time", "[kaplan_meier]") {
  // The censored patient at t = 3 is still at risk for the event at t = 3: S = 1 - 1/2.
  KaplanMeier km;
  km.fit(std::vector<double>{3, 3}, std::vector<int>{0, 1});
  CHECK(km.rows()[0].n_risk == 2);
  CHECK(km.rows()[0].survival == 0.5);
}

TEST_CASE("refitting reuses the estimator and rejects bad input", "[kaplan_meier]") {
  KaplanMeier km;
  km.fit(kTiesTime, kTiesEvent);
  km.fit(std::vector<double>{1, 2}, std::vector<int>{1, 0});
  CHECK(km.rows().size() == 2);
  CHECK_THROWS_AS(km.fit(std::vector<double>{1, 2}, std::vector<int>{1}), std::invalid_argument);
  CHECK_THROWS_AS(km.fit(std::vector<double>{1}, std::vector<int>{2}), std::invalid_argument);
  CHECK_THROWS_AS(KaplanMeier({ConfType::Log, 1.0}), std::invalid_argument);
  CHECK(jisas::analysis::parse_conf_type("log-log") == ConfType::LogLog);
  CHECK_FALSE(jisas::analysis::parse_conf_type("logit").has_value());
}

TEST_CASE("rows() reports the last fit's limits, and at() the same ones", "[kaplan_meier]") {
  // The limits are computed when first read after a fit (kaplan_meier.h): reading them
  // after one fit must not leave that fit's values, or none, for the next.
  KaplanMeier reused({ConfType::LogLog, 0.8});
  reused.fit(kTiesTime, kTiesEvent);
  REQUIRE(reused.rows().size() == 5);  // the first fit's limits are filled in
  const std::vector<double> time{1, 3, 4, 6, 7};
  const std::vector<int> event{1, 1, 0, 1, 0};
  reused.fit(time, event);
  KaplanMeier fresh({ConfType::LogLog, 0.8});
  fresh.fit(time, event);
  const auto at_three = fresh.at(3.0);  // read before fresh.rows() fills its limits
  REQUIRE(reused.rows().size() == fresh.rows().size());
  for (std::size_t i = 0; i < fresh.rows().size(); ++i) {
    CAPTURE(i);
    CHECK(matches_r(reused.rows()[i].lower, fresh.rows()[i].lower));
    CHECK(matches_r(reused.rows()[i].upper, fresh.rows()[i].upper));
  }
  CHECK(fresh.rows()[1].lower > 0.0);  // S(3) = 0.6: a finite interval
  CHECK(at_three.lower == fresh.rows()[1].lower);
  CHECK(at_three.upper == fresh.rows()[1].upper);
}
