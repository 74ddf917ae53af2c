// What every per-cohort test sees and says (docs/extending.md): the cohort's evaluable
// patients at the analysis date in, a statistic and p-value out, and a description
// record that the result file, `summary` and `plot` read instead of the test's type.
#pragma once

#include <array>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "analysis/alternative.h"
#include "analysis/kaplan_meier.h"
#include "analysis/logrank.h"
#include "analysis/rmst.h"
#include "analysis/wilcoxon.h"
#include "scenarios/spec/kinetics.h"

namespace jisas::analysis {

// The evaluable patients of one cohort as plain vectors (days since the stop).
struct CohortData {
  std::vector<double> time;  // to confirmed relapse or censoring
  std::vector<int> event;    // 1 relapse
  std::vector<double> follow_up;
  std::vector<int> arm;                             // 1 experimental, 0 control
  std::vector<double> cmr_sustained, cmr_relapsed;  // CMR duration on IM, by outcome
  std::vector<double> relapse_days, regain_days;
  // Empties every vector and keeps its capacity, for a workspace refilled each cohort.
  void clear();
};

// One arm's times and events, for the per-arm tests (km_difference, rmst_difference).
struct ArmData {
  std::vector<double> time;
  std::vector<int> event;
};
// Into `out`, whose buffers are reused from cohort to cohort.
void arm_data(const CohortData& data, int arm, ArmData& out);

// The log-rank comparison of the arms and the experimental arm's hazard ratio, for
// randomized designs.
struct ArmComparison {
  LogRankResult logrank;
  HazardRatio hazard_ratio;
};

// Buffers a test may reuse from cohort to cohort (AnalysisWorkspace).
struct TestScratch {
  // MaxCombo: the statistics with information, oriented so that large is evidence for the
  // alternative, and their correlation matrix (analysis/multivariate_normal.h's input).
  struct Combination {
    std::vector<double> z;
    std::vector<std::vector<double>> correlation;
  };
  WilcoxonTest wilcoxon;
  Combination maxcombo;
  std::array<ArmData, 2> arms;  // control, experimental
  KaplanMeier arm_km;
  RestrictedMeanScratch restricted_mean;
};

struct TestInput {
  const CohortData& data;
  // log-log, 95%, all evaluable patients; empty in a twin none of whose tests reads it
  // (the spec's kReadsPooledFit)
  const KaplanMeier& km;
  const ArmComparison* arms;  // nullptr for a single-arm design
  Alternative alternative;
  // The test's level: tests whose p-value is an integral (maxcombo) compute it only as
  // precisely as the decision p < alpha needs. NaN: always to full precision.
  double alpha = std::numeric_limits<double>::quiet_NaN();
  TestScratch* scratch = nullptr;  // nullptr: a test makes its own buffers
};

struct TestOutcome {
  double statistic = std::numeric_limits<double>::quiet_NaN();
  double p_value = std::numeric_limits<double>::quiet_NaN();  // NaN never rejects
};

// A test's statistic for interim looks (analysis/cohort/sequential_analysis.h): a z that
// is positive when relapse-free survival is better than the null (the IFN arm, or the
// cohort against history), and the statistical information it carries. NaN information:
// the data say nothing yet (no relapse, no variance), and the look decides nothing.
struct SequentialStatistic {
  double z = std::numeric_limits<double>::quiet_NaN();
  double information = std::numeric_limits<double>::quiet_NaN();
};

// The closed-form sample size `summary` prints beside a test's simulated power.
enum class ClosedForm {
  None,
  ExactBinomial,     // A'Hern 2001: evaluable patients followed to the landmark
  LandmarkLogLog,    // the landmark test's own: normal approximation on the log-log scale
  OneSampleLogRank,  // Wu 2015: expected null events
  Schoenfeld,        // Schoenfeld 1983: events, then patients
};
std::string_view to_string(ClosedForm form);
std::optional<ClosedForm> parse_closed_form(std::string_view text);

struct TestDescription {
  std::string_view kind;       // the scenario's `type`
  std::string_view statistic;  // what /cohorts.statistic holds for this test
  double at = std::numeric_limits<double>::quiet_NaN();         // landmark, days
  double null_rate = std::numeric_limits<double>::quiet_NaN();  // relapse-free at `at` under H0
  ClosedForm closed_form = ClosedForm::None;
  scenarios::TestedEffect effect = scenarios::TestedEffect::Ifn;  // what its null twin removes
};

std::string_view to_string(scenarios::TestedEffect effect);

}  // namespace jisas::analysis
