// Restricted mean survival time: the area under the Kaplan-Meier curve up to tau, with
// the variance R's survival package prints (`print(survfit(...), rmean = tau)`: Klein &
// Moeschberger 2003, §4.5), and the difference of two arms as survRM2 tests it (Uno et
// al. 2014, J Clin Oncol 32:2380; Royston & Parmar 2013, BMC Med Res Methodol 13:152).
#pragma once

#include <span>
#include <utility>
#include <vector>

#include "analysis/time_order.h"

namespace jisas::analysis {

struct RestrictedMean {
  double mean = 0.0;      // days relapse-free within [0, tau]
  double variance = 0.0;  // sum over event times t_j < tau of A_j^2 d_j / (n_j (n_j - d_j))
};

// Buffers restricted_mean may reuse from call to call (a simulated cohort's test).
struct RestrictedMeanScratch {
  // A distinct event time before tau: patients at risk, events, and S just after it.
  struct Step {
    double time = 0.0, at_risk = 0.0, deaths = 0.0, survival = 0.0;
  };
  std::vector<std::size_t> order;
  TimeOrderScratch<std::size_t> keyed;
  std::vector<Step> steps;
};

// The curve is carried flat beyond the last observed time, as survival's rmean does.
RestrictedMean restricted_mean(std::span<const double> time, std::span<const int> event,
                               double tau);
RestrictedMean restricted_mean(std::span<const double> time, std::span<const int> event, double tau,
                               RestrictedMeanScratch& scratch);

}  // namespace jisas::analysis
