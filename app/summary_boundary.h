// `jisas-sim summary`'s section on the size of each test at its null boundary (issue 16):
// the rejection rate in the boundary twins (trial/boundary_twins.h), flagged when it
// exceeds the test's alpha by more than 3 Monte Carlo standard errors.
#pragma once

#include <iosfwd>

#include "io/result_file.h"

namespace jisas::app {

// Nothing for a file without boundary twins (none simulated, or before format 1.6).
void print_boundary_sizes(const io::SummaryTable& table, std::ostream& out);
void print_csv_boundary_sizes(const io::SummaryTable& table, std::ostream& out);

}  // namespace jisas::app
