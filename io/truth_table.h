// `/truth` (format 1.5, docs/output-format.md): per design point, the model's truth
// (analysis::ModelTruth, trial/model_truth.h) that summary's closed forms are evaluated at.
#pragma once

#include <H5Cpp.h>

#include <cstdint>
#include <span>
#include <vector>

#include "analysis/cohort/design_summary.h"

namespace jisas::io {

struct TruthRow {
  std::int32_t design_point = 0;
  std::int32_t patients = 0;              // 0: not computed
  double rate[analysis::kMaxTests] = {};  // per test, relapse-free at its `at`, pooled
  double rate_control[analysis::kMaxTests] = {};
  double rate_experimental[analysis::kMaxTests] = {};
  double hazard_ratio = 0.0;           // experimental against control; NaN single-arm
  std::int8_t hazard_ratio_exact = 0;  // 1: the model's own (hazard, km_curve); 0: Peto's estimate
  // Per test, its boundary twin's rate at `at` in the truth sample and the cure fraction
  // that gave it (trial/boundary_twins.h); NaN without a twin (format 1.6).
  double boundary_rate[analysis::kMaxTests] = {};
  double boundary_cure_fraction[analysis::kMaxTests] = {};
  double boundary_at[analysis::kMaxTests] = {};      // days: the landmark it is calibrated at
  double boundary_target[analysis::kMaxTests] = {};  // the rate it is calibrated to there
};

void write_truth(H5::H5File& file, std::span<const analysis::DesignSummary> summaries);
// Empty when the file has no /truth (before format 1.5).
std::vector<TruthRow> read_truth(const H5::H5File& file);

// The memory type of /truth (io/result_file_check.cpp checks a file's against it).
H5::CompType truth_type();

}  // namespace jisas::io
