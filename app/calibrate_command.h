// `jisas-sim calibrate targets.yaml`: minimum-distance fit of a scenario's grid candidates
// to published Kaplan-Meier points (docs/calibration.md).
#pragma once

#include <ostream>
#include <string>

namespace jisas::app {

struct CalibrateOptions {
  std::string targets_path;
  std::string output_path;  // default: the file's `output`
  int threads = 0;          // 0 = all cores
  bool force = false;
};

void calibrate(const CalibrateOptions& options, std::ostream& out);

}  // namespace jisas::app
