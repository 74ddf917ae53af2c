// A calibration file (docs/calibration.md) as plain structs: for each trial a scenario
// whose design grid lists the candidate values of the parameters to fit, and published
// Kaplan-Meier points with their 95% confidence intervals. Filled by load_calibration
// (scenarios/calibration.h).
#pragma once

#include <string>
#include <vector>

#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {

struct CalibrationTarget {
  double at = 0.0;                              // landmark, days after the stop
  double rate = 0.0, lower = 0.0, upper = 0.0;  // relapse-free, published, with its 95% CI
  std::string source;                           // the paper and table or figure
  // Patients whose KM this target describes: every arm (-1), or the randomized trial's
  // control (0, no IFN) or experimental (1, IFN) arm (`arm: control | experimental`).
  int arm = -1;
};

// One published trial: its scenario (eligibility, schedule, relapse rule and dating)
// and its Kaplan-Meier points.
struct CalibrationTrial {
  std::string name;   // as the output names it; the scenario's path in a one-trial file
  Scenario scenario;  // its grid axes are the candidates; any `set:` overrides applied
  int patients = 0;   // pooled patients per candidate
  std::vector<CalibrationTarget> targets;
};

// A joint calibration fits one candidate to every trial at once: the trials' scenarios
// have the same grid axes and values, and a candidate's distance is the sum over trials.
struct CalibrationSpec {
  std::string source_path;
  std::vector<CalibrationTrial> trials;  // at least one
  std::string output;                    // the fitted values, YAML
};

}  // namespace jisas::scenarios
