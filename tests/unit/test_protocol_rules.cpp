// The relapse rules of ProtocolRules (models/protocol.h) on scripted BCR-ABL ratios,
// measured with so many ABL copies (1e12) that the assay reports the true ratio.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <vector>

#include "engine/timeline.h"
#include "models/kinetics.h"
#include "tests/unit/model_fixtures.h"
#include "trial/cohort_simulation.h"
#include "trial/protocol.h"

using namespace jisas;

namespace {

// The true ratio at visit k (day 30 k) is script[k - 1]; IM resumption is recorded.
class ScriptedKinetics final : public models::Kinetics {
 public:
  explicit ScriptedKinetics(std::vector<double> script) : script_(std::move(script)) {}
  void advance_to(double day) override { now_ = day; }
  void resume_im() override { resumed_ = now_; }
  bool on_im() const override { return resumed_ >= 0.0; }
  double now() const override { return now_; }
  double ratio() const override {
    if (on_im()) return 0.0;  // back under MMR at the next visit
    const auto k = static_cast<std::size_t>(now_ / 30.0 + 0.5);
    return k >= 1 && k <= script_.size() ? script_[k - 1] : 0.0;
  }
  double resumed() const { return resumed_; }

 private:
  std::vector<double> script_;
  double now_ = 0.0, resumed_ = -1.0;
};

// Runs the protocol over the script (monthly visits, or `visits` for a patient with
// `visit_key`); returns the record.
analysis::PatientRecord follow(
    scenarios::ProtocolSpec::LossOf loss_of, int confirmations, std::vector<double> script,
    scenarios::ProtocolSpec::DatedAt dated_at = scenarios::ProtocolSpec::DatedAt::FirstLoss,
    const scenarios::VisitSchedule& visits = 30.0, std::uint64_t visit_key = 0) {
  scenarios::DesignPoint point;
  scenarios::ProtocolSpec& protocol = point.protocol;
  protocol.dated_at = dated_at;
  protocol.visits = visits;
  protocol.loss_of = loss_of;
  protocol.threshold = 1e-3;
  protocol.confirmations = confirmations;
  point.assay = {1e12, 0.0, 1.0};
  ScriptedKinetics kinetics(std::move(script));
  auto rng = engine::make_stream({1, 2, 3, 4, 5});
  analysis::PatientRecord record;
  record.visit_key = visit_key;
  trial::ProtocolRules rules(point, kinetics, rng, record, {});
  engine::EventQueue<trial::EventKind> queue;
  const double inf = std::numeric_limits<double>::infinity();
  rules.start(queue, inf, 30.0 * 24, 0.0);
  engine::run_timeline(queue, static_cast<models::Kinetics&>(kinetics), rules);
  return record;
}

}  // namespace

TEST_CASE("STIM rule: a 1-log rise between two positive tests is a relapse", "[protocol]") {
  using LossOf = scenarios::ProtocolSpec::LossOf;
  // Positive from month 2; 5-fold rise (no), then 12-fold (yes) at month 4.
  auto r = follow(LossOf::CmrRising, 1, {0.0, 1e-5, 5e-5, 6e-4});
  CHECK(r.relapsed == 1);
  CHECK(r.confirmed == Approx(120.0));
  CHECK(r.first_loss == Approx(60.0));
  CHECK(r.time == r.first_loss);  // dated at the first of the confirming run (the default)
  // Fluctuating low-level positivity without a 1-log rise is not a relapse.
  r = follow(LossOf::CmrRising, 1, {1e-5, 0.0, 2e-5, 3e-5, 0.0, 1e-5, 5e-5});
  CHECK(r.relapsed == 0);
  // A single loss of MMR is.
  r = follow(LossOf::CmrRising, 1, {0.0, 0.0, 2e-3});
  CHECK(r.relapsed == 1);
  CHECK(r.time == Approx(90.0));
  CHECK(r.confirmed == Approx(90.0));
  // A rise counts only between successive positive tests.
  r = follow(LossOf::CmrRising, 1, {1e-5, 0.0, 5e-4});
  CHECK(r.relapsed == 0);
}

TEST_CASE("loss of CMR or MMR needs its confirmations in a row", "[protocol]") {
  using LossOf = scenarios::ProtocolSpec::LossOf;
  auto r = follow(LossOf::CMR, 2, {1e-5, 0.0, 1e-5, 2e-5});
  CHECK(r.relapsed == 1);
  CHECK(r.confirmed == Approx(120.0));
  CHECK(r.first_loss == Approx(90.0));
  CHECK(r.time == Approx(90.0));
  r = follow(LossOf::CMR, 2, {1e-5, 0.0, 1e-5, 2e-5},
             scenarios::ProtocolSpec::DatedAt::Confirmation);
  CHECK(r.time == Approx(120.0));
  r = follow(LossOf::MMR, 2, {2e-3, 1e-4, 2e-3, 1e-4});
  CHECK(r.relapsed == 0);
}

TEST_CASE("a piecewise visit schedule: monthly to 12 months, every 2 to 24, then every 3",
          "[protocol]") {
  scenarios::VisitSchedule s;
  const double mo = scenarios::kDaysPerMonth;
  s.phases = {{mo, 12 * mo}, {2 * mo, 24 * mo}, {3 * mo}};
  std::vector<double> days{s.next_after(0.0)};
  while (days.back() < 40 * mo) days.push_back(s.next_after(days.back()));
  std::vector<double> planned;
  for (int m = 1; m <= 12; ++m) planned.push_back(m * mo);
  for (int m = 14; m <= 24; m += 2) planned.push_back(m * mo);
  for (int m = 27; m <= 42; m += 3) planned.push_back(m * mo);
  REQUIRE(days.size() == planned.size());
  for (std::size_t i = 0; i < days.size(); ++i) CHECK(days[i] == Approx(planned[i]).epsilon(1e-12));
}

TEST_CASE("simulated visits land on the planned days of a piecewise schedule", "[protocol]") {
  auto point = test::jisas_like_point();
  const double mo = scenarios::kDaysPerMonth;
  point.protocol.visits.phases = {{mo, 12 * mo}, {2 * mo, 24 * mo}, {3 * mo}};
  std::set<double> planned;
  for (double d = point.protocol.visits.next_after(0.0); d < 200 * mo;
       d = point.protocol.visits.next_after(d)) {
    planned.insert(d);
  }
  int visits = 0, late = 0;
  for (std::int64_t cohort = 0; cohort < 10; ++cohort) {
    const auto out = trial::simulate_cohort(point, 7, cohort, true);
    for (const auto& m : out.measurements) {
      ++visits;
      CHECK(planned.count(m.day) == 1);
      late += m.day > 12 * mo;
    }
  }
  CHECK(visits > 100);
  CHECK(late > 0);  // the later phases are reached
}

TEST_CASE("visits take place within their windows, are missed at their rate, by key",
          "[protocol]") {
  scenarios::VisitSchedule s(30.0);
  s.window = 7.0;
  s.missed = 0.2;
  int planned = 0, attended = 0;
  double sum = 0.0, sum_sq = 0.0;
  for (std::uint64_t key = 0; key < 2000; ++key) {
    const scenarios::PatientVisits visits(s, engine::splitmix64(key));
    double previous = 0.0;
    int index = 0;
    for (auto v = visits.after(); v.index <= 24; v = visits.after(v)) {
      CHECK(v.planned == 30.0 * v.index);  // planned days stay as scheduled
      CHECK(std::abs(v.day - v.planned) <= 7.0);
      CHECK(v.day > previous);
      CHECK(v.index > index);
      CHECK(visits.after(scenarios::Visit{v.index - 1, v.planned - 30.0, 0.0}).day == v.day);
      sum += v.day - v.planned;
      sum_sq += (v.day - v.planned) * (v.day - v.planned);
      previous = v.day;
      index = v.index;
      ++attended;
    }
    planned += 24;
  }
  // Missed: binomial(planned, 0.2); offsets: uniform on [-7, 7], mean 0 and variance 49/3.
  const double missed = 1.0 - static_cast<double>(attended) / planned;
  CHECK(std::abs(missed - 0.2) < 4.0 * std::sqrt(0.2 * 0.8 / planned));
  const double mean = sum / attended, variance = sum_sq / attended - mean * mean;
  CHECK(std::abs(mean) < 4.0 * std::sqrt(49.0 / 3.0 / attended));
  CHECK(variance == Approx(49.0 / 3.0).epsilon(0.03));
  // Without a window or misses, the planned days themselves.
  const scenarios::VisitSchedule exact(30.0);
  const scenarios::PatientVisits plain(exact, 12345);
  CHECK(plain.after().day == 30.0);
  CHECK(plain.last_by(100.0) == 90.0);
  CHECK(plain.first_from(100.0) == 120.0);
}

// A key under which, of the monthly visits 1 to 6, exactly the fourth is missed.
std::uint64_t key_missing_fourth_visit(const scenarios::VisitSchedule& s) {
  for (std::uint64_t key = 0;; ++key) {
    const scenarios::PatientVisits visits(s, key);
    std::vector<int> indices;
    for (auto v = visits.after(); v.index <= 6; v = visits.after(v)) indices.push_back(v.index);
    if (indices == std::vector<int>{1, 2, 3, 5, 6}) return key;
  }
}

TEST_CASE("confirmation uses the next attended visit: a missed visit is skipped", "[protocol]") {
  using LossOf = scenarios::ProtocolSpec::LossOf;
  scenarios::VisitSchedule s(30.0);
  s.missed = 0.3;
  const std::uint64_t key = key_missing_fourth_visit(s);
  // MMR lost from month 3 on: the visit of month 4 is missed, so month 5 confirms.
  const auto r = follow(LossOf::MMR, 2, {0.0, 0.0, 2e-3, 2e-3, 2e-3, 2e-3},
                        scenarios::ProtocolSpec::DatedAt::FirstLoss, s, key);
  CHECK(r.relapsed == 1);
  CHECK(r.first_loss == 90.0);
  CHECK(r.time == 90.0);
  CHECK(r.confirmed == 150.0);
  // The same patient with every visit attended is confirmed at month 4.
  CHECK(follow(LossOf::MMR, 2, {0.0, 0.0, 2e-3, 2e-3, 2e-3, 2e-3}).confirmed == 120.0);
}

TEST_CASE(
    "simulated cohorts: visits within windows, relapses confirmed at the next attended "
    "visit",
    "[protocol]") {
  auto point = test::jisas_like_point();
  const double mo = scenarios::kDaysPerMonth;
  point.protocol.visits.phases = {{mo, 12 * mo}, {2 * mo, 24 * mo}, {3 * mo}};
  point.protocol.visits.window = 7.0;
  point.protocol.visits.missed = 0.1;
  std::vector<double> planned;
  for (double d = point.protocol.visits.next_after(0.0); d < 200 * mo;
       d = point.protocol.visits.next_after(d)) {
    planned.push_back(d);
  }
  int relapses = 0;
  for (std::int64_t cohort = 0; cohort < 20; ++cohort) {
    const auto out = trial::simulate_cohort(point, 7, cohort, true);
    std::map<int, std::vector<double>> days;  // by patient, in visit order
    for (const auto& m : out.measurements) {
      const auto near = std::lower_bound(planned.begin(), planned.end(), m.day - 7.0);
      REQUIRE(near != planned.end());
      CHECK(std::abs(*near - m.day) <= 7.0);
      days[m.patient].push_back(m.day);
    }
    for (const auto& p : out.patients) {
      if (p.relapsed != 1) continue;
      ++relapses;
      const auto& d = days.at(p.patient);
      const auto loss = std::find(d.begin(), d.end(), p.first_loss);
      REQUIRE(loss + 1 < d.end());
      CHECK(*(loss + 1) == p.confirmed);  // 2 confirmations: the next attended visit
      CHECK(p.time == p.first_loss);
    }
  }
  CHECK(relapses > 20);
}
