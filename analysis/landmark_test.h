// One-sample test of Kaplan-Meier survival at a landmark against a historical rate,
// on the log-log scale (Klein, Logan, Harhay & Andersen 2007, Stat Med 26:4505):
// z = (log(-log p0) - log(-log S)) / (se_H / |log S|), se_H the Greenwood standard
// error of the cumulative hazard. z > 0 when S exceeds p0.
#pragma once

#include "analysis/alternative.h"
#include "analysis/kaplan_meier.h"

namespace jisas::analysis {

struct LandmarkTest {
  double z = 0.0;
  double p_value = 0.0;
};

// S = 1 (no event by the landmark) gives z = +inf; S = 0 gives z = -inf. The cohort test
// (cohort/landmark_vs_historical_test.cpp) uses the exact binomial test there instead.
LandmarkTest landmark_vs_historical(const SurvivalPoint& at_landmark, double null_rate,
                                    Alternative alternative);

}  // namespace jisas::analysis
