// The relapse rules of ProtocolRules (models/protocol.h) on scripted BCR-ABL ratios,
// measured with so many ABL copies (1e12) that the assay reports the true ratio.
#include <catch2/catch.hpp>

#include <limits>
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

// Runs the protocol over the script; returns the record.
analysis::PatientRecord follow(
    scenarios::ProtocolSpec::LossOf loss_of, int confirmations, std::vector<double> script,
    scenarios::ProtocolSpec::DatedAt dated_at = scenarios::ProtocolSpec::DatedAt::FirstLoss) {
  scenarios::ProtocolSpec protocol;
  protocol.dated_at = dated_at;
  protocol.visits = 30.0;
  protocol.loss_of = loss_of;
  protocol.threshold = 1e-3;
  protocol.confirmations = confirmations;
  const scenarios::AssaySpec assay{1e12, 0.0, 1.0};
  ScriptedKinetics kinetics(std::move(script));
  auto rng = engine::make_stream({1, 2, 3, 4, 5});
  analysis::PatientRecord record;
  trial::ProtocolRules rules(protocol, assay, kinetics, rng, record, nullptr);
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
