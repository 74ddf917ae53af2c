// `/eligibility` (format 1.4, docs/output-format.md): per design point, how many patients
// were drawn to enrol the cohorts' eligible ones, and the acceptance rate of the rule.
#pragma once

#include <H5Cpp.h>

#include <cstdint>
#include <span>
#include <vector>

#include "analysis/cohort/design_summary.h"

namespace jisas::io {

struct EligibilityRow {
  std::int32_t design_point = 0;
  std::int64_t drawn = 0;     // patients drawn, eligible or not
  std::int64_t enrolled = 0;  // sample size x cohorts
  double acceptance = 0.0;    // enrolled / drawn
};

void write_eligibility(H5::H5File& file, std::span<const analysis::DesignSummary> summaries);
// Empty when the file has no /eligibility (before format 1.4).
std::vector<EligibilityRow> read_eligibility(const H5::H5File& file);

// The memory type of /eligibility (io/result_file_check.cpp checks a file's against it).
H5::CompType eligibility_type();

}  // namespace jisas::io
