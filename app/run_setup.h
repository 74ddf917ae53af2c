// What `run` and `merge` share: the run's self-description, design points and summary
// accumulators, all derived from the scenario, so a merged file equals a single run's.
#pragma once

#include <vector>

#include "analysis/cohort/design_summary.h"
#include "io/result_file.h"
#include "scenarios/spec/scenario.h"
#include "trial/boundary_twins.h"

namespace jisas::app {

io::RunInfo make_run_info(const scenarios::Scenario& sc);
void write_design_points(const scenarios::Scenario& sc, io::ResultFile& file);
// boundary: the points' boundary twins (trial::make_boundary_twins), as the cohorts used.
std::vector<analysis::DesignSummary> make_summaries(
    const scenarios::Scenario& sc, const std::vector<trial::BoundaryTwins>& boundary);
void print_run_table(const scenarios::Scenario& sc,
                     const std::vector<analysis::DesignSummary>& summaries, std::ostream& out);

}  // namespace jisas::app
