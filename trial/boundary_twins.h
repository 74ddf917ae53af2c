// Boundary twins (issue 16): per single-arm test against a historical rate, the design
// point recalibrated so that its true relapse-free rate at the test's landmark equals the
// test's null rate (a one-sample log-rank test against a piecewise curve: the curve's rate
// at its last break). The rejection rate in these twins is the size of the test at the
// boundary of its null hypothesis, which the null twins (IFN removed) give only when the
// model without IFN happens to sit on the historical rate.
//
// How: the hazard model's cure fraction (at the reference CMR duration) is searched by
// bisection until the truth sample (trial/model_truth.h, analysis.truth_patients patients
// followed past the landmark, the relapse as the protocol detects and dates it) is
// relapse-free at the landmark at the null rate. Everything else of the point stays:
// the IFN course and its hazard ratio, the population, the schedule, the relapse rule.
// A probe follows only the patients a drawn visit could decide (SharedCohort::
// twin_relapse_free_rate): the others are relapse-free or relapsed at the landmark by
// their certain visits alone, with the same rate to the bit.
// The twin's true rate is the null rate within the truth sample's binomial error,
// sqrt(p (1 - p) / truth_patients) (0.0035 at 20,000), recorded in /truth.
//
// Not available for km_curve (its curve is data: scaling it would change its shape) nor
// lsc_immune (no single parameter moves the rate at one landmark and nothing else; the
// class weights change the whole curve): calibrate a hazard scenario to the same curve.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/cohort/design_summary.h"
#include "scenarios/spec/scenario.h"

namespace jisas::trial {

struct BoundaryTwin {
  scenarios::DesignPoint point;  // the design point with its cure fraction calibrated
  double at = 0.0;               // the landmark (days) and null rate it is calibrated to
  double null_rate = 0.0;
  double rate = 0.0;  // the twin's relapse-free rate at `at` in the truth sample
  double cure_fraction = 0.0;
};

struct BoundaryTwins {
  std::vector<BoundaryTwin> twins;  // one per distinct (landmark, null rate)
  // Per test, the index of its twin in `twins`; -1: none.
  std::array<int, scenarios::kMaxTests> of_test{};
  // The point's model truth (trial/model_truth.h), when a search's truth sample was the one
  // model_truth simulates: the summary takes it from here instead of simulating it again.
  std::optional<analysis::ModelTruth> truth;
  BoundaryTwins() { of_test.fill(-1); }
  const BoundaryTwin* of(std::size_t test) const {
    return of_test[test] < 0 ? nullptr : &twins[static_cast<std::size_t>(of_test[test])];
  }
};

// The twins of the point's single-arm tests with a null rate, when analysis.null_twin is
// on, analysis.truth_patients > 0 and the model is `hazard`; a test whose null rate the
// search cannot reach (even cure fraction 0 is relapse-free more often) has none.
BoundaryTwins make_boundary_twins(const scenarios::DesignPoint& point, std::uint64_t seed);

// Every design point's, in point order.
std::vector<BoundaryTwins> make_boundary_twins(const scenarios::Scenario& sc);

}  // namespace jisas::trial
