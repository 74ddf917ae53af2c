// A calibration file (docs/calibration.md): a scenario whose design grid lists the
// candidate values of the parameters to fit, and published Kaplan-Meier points with
// their 95% confidence intervals. Read by `jisas-sim calibrate`.
#pragma once

#include <string>
#include <vector>

#include "scenarios/spec/calibration.h"

namespace jisas::scenarios {

// Reads and checks a calibration file; the scenario path is relative to the file.
CalibrationSpec load_calibration(const std::string& path);

}  // namespace jisas::scenarios
