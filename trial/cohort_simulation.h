// One synthetic cohort of one design point: accrual, each patient's timeline under the
// protocol and the design point's kinetic model, and the cohort's analysis. Depends only
// on (seed, design point, cohort).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "analysis/cohort/records.h"
#include "scenarios/spec/scenario.h"
#include "trial/boundary_twins.h"
#include "trial/null_twins.h"

namespace jisas::trial {

// keep_patients: also return per-patient records and measurements.
analysis::CohortOutput simulate_cohort(const scenarios::DesignPoint& point, std::uint64_t seed,
                                       std::int64_t cohort, bool keep_patients);

// Buffers a thread reuses from cohort to cohort: the patients, what a cohort's twins share
// of it, and the analyses' (issue 18: no heap allocation per cohort once they have grown
// to the largest cohort). One cohort at a time; they carry capacity, not results, so a
// cohort's result does not depend on which cohorts used the workspace before.
class CohortWorkspace {
 public:
  struct Buffers;  // trial/cohort_simulation.cpp
  CohortWorkspace();
  ~CohortWorkspace();
  CohortWorkspace(const CohortWorkspace&) = delete;
  CohortWorkspace& operator=(const CohortWorkspace&) = delete;
  Buffers& buffers() { return *buffers_; }

 private:
  std::unique_ptr<Buffers> buffers_;
};

// The kinetic models of one design point and of its null and boundary twins, made once
// per run instead of once per cohort (an lsc_immune model prepares its population from
// Table S1's rows: allocations and a pass over the rows). They refer to the points, the
// twins and their specs, which must outlive them.
class PointModels {
 public:
  PointModels(const scenarios::DesignPoint& point, const NullTwins& twins,
              const BoundaryTwins* boundary);
  ~PointModels();
  PointModels(PointModels&&) noexcept;
  struct Sets;  // trial/cohort_simulation.cpp
  const Sets& sets() const { return *models_; }

 private:
  std::unique_ptr<Sets> models_;
};

// simulate_cohort, plus, per test, the p-value and decision in its null twin and in its
// boundary twin (boundary may be nullptr: none).
analysis::CohortOutput simulate_cohort_and_twins(const scenarios::DesignPoint& point,
                                                 const NullTwins& twins,
                                                 const BoundaryTwins* boundary,
                                                 const PointModels& models, std::uint64_t seed,
                                                 std::int64_t cohort, bool keep_patients,
                                                 CohortWorkspace& workspace);
// The same with models and a workspace of its own.
analysis::CohortOutput simulate_cohort_and_twins(const scenarios::DesignPoint& point,
                                                 const NullTwins& twins,
                                                 const BoundaryTwins* boundary, std::uint64_t seed,
                                                 std::int64_t cohort, bool keep_patients);

// A large cohort's records alone, to the bit SharedCohort's patients(), without keeping what
// twins would reuse: a point's truth sample when no boundary search probes it. (The shares
// of 20,000 hazard-model patients are 8.3 MB, 416 bytes each, value-initialised on one
// thread before the patients run in parallel: 3-6 ms of one cohort of the ENDURE-sized
// two-arm design of bench/peers, bench/RESULTS.md session 15.)
std::vector<analysis::PatientRecord> simulate_sample(const scenarios::DesignPoint& point,
                                                     std::uint64_t seed, std::int64_t cohort);

// A cohort simulated once, whose twins (the same point with other parameters of its
// kinetic model, on the same streams) reuse its draws at the stop and the records of the
// patients whose course the change leaves alone: the truth samples of the boundary twins'
// search (trial/boundary_twins.h). Records only, no measurements. Its patients, and each
// twin's, run on as many threads as the caller's TBB arena has, by helper threads started
// once for the sample and all its twins (engine/helper_threads.h).
class SharedCohort {
 public:
  SharedCohort(const scenarios::DesignPoint& point, std::uint64_t seed, std::int64_t cohort);
  const std::vector<analysis::PatientRecord>& patients() const { return patients_; }
  // `twin` must differ from the point in its kinetics' parameters alone (not the model).
  // The records stay valid until the next call: one buffer serves every probe, so a
  // search over many twins of a large sample allocates and touches it once.
  const std::vector<analysis::PatientRecord>& twin_patients(
      const scenarios::DesignPoint& twin) const;
  // The proportion of the twin's patients relapse-free at `at` (days on study) in the
  // records twin_patients(twin) would give, to the bit; a patient whose certain visits
  // (scenarios/quiet_visits.h) decide it is not followed (the boundary twins' probes).
  double twin_relapse_free_rate(const scenarios::DesignPoint& twin, double at) const;

 private:
  std::vector<analysis::PatientRecord> patients_;
  std::function<const std::vector<analysis::PatientRecord>&(const scenarios::DesignPoint&)> twin_;
  std::function<double(const scenarios::DesignPoint&, double)> twin_rate_;
};

}  // namespace jisas::trial
