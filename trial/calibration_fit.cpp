#include "trial/calibration_fit.h"

#include <cmath>

#include "analysis/kaplan_meier.h"
#include "engine/cohort_runner.h"
#include "trial/cohort_simulation.h"

namespace jisas::trial {

std::vector<double> pooled_relapse_free(const scenarios::DesignPoint& point, std::uint64_t seed,
                                        int cohorts,
                                        std::span<const scenarios::CalibrationTarget> targets,
                                        int threads, int& evaluable) {
  scenarios::DesignPoint common = point;
  common.index = 0;  // the same streams for every candidate
  std::vector<double> time;
  std::vector<int> event, arm;
  engine::run_blocks<std::vector<analysis::PatientRecord>>(
      {0, cohorts, 16, threads},
      [&](std::int64_t c) { return simulate_cohort(common, seed, c, true).patients; },
      [&](std::int64_t, std::vector<std::vector<analysis::PatientRecord>>& block) {
        for (const auto& patients : block) {  // cohorts in order: independent of threads
          for (const analysis::PatientRecord& p : patients) {
            if (!p.evaluable) continue;
            time.push_back(p.time);
            event.push_back(p.relapsed);
            arm.push_back(p.arm);
          }
        }
      });
  evaluable = static_cast<int>(time.size());
  const auto km_of_arm = [&](int which) {  // which = -1: every patient
    std::vector<double> t;
    std::vector<int> e;
    for (std::size_t i = 0; i < time.size(); ++i) {
      if (which >= 0 && arm[i] != which) continue;
      t.push_back(time[i]);
      e.push_back(event[i]);
    }
    analysis::KaplanMeier km;
    km.fit(t, e);
    return km;
  };
  std::vector<double> survival(targets.size());
  for (int which = -1; which <= 1; ++which) {  // all patients, control, experimental
    bool needed = false;
    for (const auto& target : targets) needed = needed || target.arm == which;
    if (!needed) continue;
    const analysis::KaplanMeier km = km_of_arm(which);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      if (targets[i].arm == which) survival[i] = km.at(targets[i].at).survival;
    }
  }
  return survival;
}

double target_se(const scenarios::CalibrationTarget& target) {
  return (target.upper - target.lower) / (2.0 * 1.959963984540054);
}

CandidateFit fit_candidate(const scenarios::DesignPoint& point, std::uint64_t seed, int cohorts,
                           std::span<const scenarios::CalibrationTarget> targets, int threads) {
  CandidateFit fit;
  fit.point = point.index;
  fit.simulated = pooled_relapse_free(point, seed, cohorts, targets, threads, fit.patients);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const double z = (fit.simulated[i] - targets[i].rate) / target_se(targets[i]);
    fit.distance += z * z;
  }
  return fit;
}

}  // namespace jisas::trial
