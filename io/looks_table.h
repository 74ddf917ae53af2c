// `/looks` (format 1.3, docs/output-format.md): per design point and look, how often the
// look was held and stopped the trial, the cumulative rejection rate, and the averages at
// the look and at the stop (issue 14).
#pragma once

#include <span>
#include <string>
#include <vector>

#include <H5Cpp.h>

#include "analysis/cohort/design_summary.h"

namespace jisas::io {

struct LookRow {
  std::int32_t design_point = 0;
  std::int32_t look = 0;  // 1-based; the last of a design point is the final analysis
  std::int8_t final = 0;  // 1 for the final analysis
  double held = 0.0;      // proportion of cohorts that reached this look (held, not stopped before)
  double stop_efficacy = 0.0, stop_futility = 0.0;                   // proportions of all cohorts
  double cumulative_rejection = 0.0, cumulative_rejection_se = 0.0;  // by this look
  double null_cumulative_rejection = 0.0;  // the same in the null twins (NaN: none)
  double mean_day = 0.0;                   // days after the accrual start, cohorts that reached it
  double mean_patients = 0.0;              // entered by the look
  double mean_events = 0.0;                // relapses confirmed by the look
  double expected_stop_day = 0.0;          // per design point: at the look where the trial stopped
  double expected_stop_patients = 0.0;
  double expected_stop_events = 0.0;
  // Quantiles 0.1, 0.5, 0.9 of the look's day over the cohorts that reached it (format
  // 1.4; NaN when read from a 1.3 file).
  double day_q10 = 0.0, day_q50 = 0.0, day_q90 = 0.0;
};

std::vector<LookRow> look_rows(std::span<const analysis::DesignSummary> summaries);
// Writes /looks when any design point has looks.
void write_looks(H5::H5File& file, std::span<const analysis::DesignSummary> summaries);
// Empty when the file has no /looks.
std::vector<LookRow> read_looks(const H5::H5File& file);

// The memory type of /looks; with_quantiles false: the members of a format 1.3 /looks
// (the reader leaves the rest). io/result_file_check.cpp checks a file's against it.
H5::CompType look_type(bool with_quantiles = true);

}  // namespace jisas::io
