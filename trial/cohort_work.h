// The cohorts of one run (or one shard of it) as items 0..total-1, design point by design
// point: what the block schedule (engine/block_schedule.h) hands out and the result file
// stores in this order.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/cohort/records.h"
#include "scenarios/spec/scenario.h"
#include "trial/boundary_twins.h"
#include "trial/null_twins.h"

namespace jisas::trial {

// Cohorts [first, last) of every design point.
struct CohortRange {
  std::int64_t first = 0;
  std::int64_t last = 0;
};

// The slice of shard k of N: cohorts [k C / N, (k + 1) C / N).
CohortRange shard_range(std::int64_t cohorts, int k, int n);

class CohortWork {
 public:
  CohortWork(const scenarios::Scenario& sc, CohortRange range);
  std::int64_t total() const;
  // The item's cohort with its null twins; its patients too for the first
  // output.patients.cohorts cohorts of each design point.
  analysis::CohortOutput simulate(std::int64_t item) const;
  // Per design point, its boundary twins (calibrated once, when the work is made).
  const std::vector<BoundaryTwins>& boundary_twins() const { return boundary_; }

 private:
  const scenarios::Scenario& sc_;
  CohortRange range_;
  std::vector<NullTwins> twins_;  // per design point, made once
  std::vector<BoundaryTwins> boundary_;
};

}  // namespace jisas::trial
