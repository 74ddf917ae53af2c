// The cohorts of one run (or one shard of it) as items 0..total-1, design point by design
// point: what the block schedule (engine/block_schedule.h) hands out and the result file
// stores in this order.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "analysis/cohort/records.h"
#include "scenarios/spec/scenario.h"
#include "trial/boundary_twins.h"
#include "trial/cohort_simulation.h"
#include "trial/null_twins.h"

namespace jisas::trial {

// Cohorts [first, last) of every design point.
struct CohortRange {
  std::int64_t first = 0;
  std::int64_t last = 0;
};

// The slice of shard k of N: cohorts [k C / N, (k + 1) C / N).
CohortRange shard_range(std::int64_t cohorts, int k, int n);

// Workspaces for the cohorts being simulated at one time: a cohort borrows one and gives
// it back, so a run has about as many as it has threads. A mutex, not a TBB container,
// so that ThreadSanitizer sees every hand-over (engine/cohort_runner.h).
class WorkspacePool {
 public:
  class Lease {
   public:
    Lease(WorkspacePool& pool, std::unique_ptr<CohortWorkspace> workspace)
        : pool_(pool), workspace_(std::move(workspace)) {}
    ~Lease() { pool_.give_back(std::move(workspace_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    CohortWorkspace& operator*() const { return *workspace_; }

   private:
    WorkspacePool& pool_;
    std::unique_ptr<CohortWorkspace> workspace_;
  };
  Lease borrow();

 private:
  void give_back(std::unique_ptr<CohortWorkspace> workspace);
  std::mutex mutex_;
  std::vector<std::unique_ptr<CohortWorkspace>> free_;
};

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
  std::vector<PointModels> models_;  // per design point, made once
  std::unique_ptr<WorkspacePool> workspaces_ = std::make_unique<WorkspacePool>();
};

}  // namespace jisas::trial
