#include "trial/cohort_work.h"

#include <utility>

#include "trial/cohort_simulation.h"

namespace jisas::trial {

CohortRange shard_range(std::int64_t cohorts, int k, int n) {
  return {cohorts * k / n, cohorts * (k + 1) / n};
}

WorkspacePool::Lease WorkspacePool::borrow() {
  const std::lock_guard lock(mutex_);
  if (free_.empty()) return {*this, std::make_unique<CohortWorkspace>()};
  std::unique_ptr<CohortWorkspace> workspace = std::move(free_.back());
  free_.pop_back();
  return {*this, std::move(workspace)};
}

void WorkspacePool::give_back(std::unique_ptr<CohortWorkspace> workspace) {
  const std::lock_guard lock(mutex_);
  free_.push_back(std::move(workspace));
}

CohortWork::CohortWork(const scenarios::Scenario& sc, CohortRange range) : sc_(sc), range_(range) {
  for (const auto& point : sc.points) twins_.push_back(make_null_twins(point));
  boundary_ = make_boundary_twins(sc);
  models_.reserve(sc.points.size());
  for (std::size_t p = 0; p < sc.points.size(); ++p)
    models_.emplace_back(sc.points[p], twins_[p], &boundary_[p]);
}

std::int64_t CohortWork::total() const {
  return (range_.last - range_.first) * static_cast<std::int64_t>(sc_.points.size());
}

analysis::CohortOutput CohortWork::simulate(std::int64_t item) const {
  const std::int64_t per_point = range_.last - range_.first;
  const auto p = static_cast<std::size_t>(item / per_point);
  const std::int64_t cohort = range_.first + item % per_point;
  const WorkspacePool::Lease workspace = workspaces_->borrow();
  return simulate_cohort_and_twins(sc_.points[p], twins_[p], &boundary_[p], models_[p], sc_.seed,
                                   cohort, cohort < sc_.output.patient_cohorts, *workspace);
}

}  // namespace jisas::trial
