// What a run of a scenario will hold in memory at its peak, from the sizes of the
// structures it keeps (`validate` prints it and refuses a scenario that cannot fit;
// docs/scenario-schema.md "Limits"). An estimate: allocator overhead and HDF5's caches are
// in the fixed base, and Poisson accrual is taken at its expected length.
#pragma once

#include <cstddef>
#include <string>

#include "scenarios/spec/scenario.h"

namespace jisas::app {

struct MemoryEstimate {
  std::size_t per_cohort = 0;  // one cohort being simulated by one thread, with its twins
  std::size_t per_point = 0;   // kept for a design point until /summary is written
  std::size_t peak = 0;        // the whole run with `threads` threads
  std::string key;             // the key path whose value drives the largest part
};

MemoryEstimate estimate_memory(const scenarios::Scenario& sc, int threads);

// Physical memory, or the control group's limit if lower (a container, a Slurm job).
std::size_t machine_memory_bytes();

// "12.3 MiB"
std::string format_bytes(double bytes);

// InputError "FILE:LINE:COL: KEY: the run needs about ..." if the estimate exceeds the
// machine's memory.
void check_memory(const scenarios::Scenario& sc, const MemoryEstimate& estimate);

}  // namespace jisas::app
