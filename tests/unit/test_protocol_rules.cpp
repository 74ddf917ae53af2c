// The relapse rules of ProtocolRules (models/protocol.h) on scripted BCR-ABL ratios,
// measured with so many ABL copies (1e12) that the assay reports the true ratio.
#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include "engine/timeline.h"
#include "models/kinetics.h"
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
  protocol.visit_every = 30.0;
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
