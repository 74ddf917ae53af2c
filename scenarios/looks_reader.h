// `analysis.looks` and `analysis.sequential` (docs/scenario-schema.md "Interim looks").
#pragma once

#include <vector>

#include "scenarios/field_reader.h"
#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {

// What the design allows a look trigger to ask for.
struct LookLimits {
  int sample_size = 0;         // count triggers
  double latest_final = 0.0;   // the latest final analysis, days after the accrual start
                               // (infinity when accrual is open-ended)
  double max_follow_up = 0.0;  // per patient, days (0: none)
};

// The interim looks; a trigger that can never be met before the latest final analysis is
// refused.
std::vector<LookSpec> looks(FieldReader& r, const Field& list, const LookLimits& limits);

// The boundaries; `tests` are the analysis's tests (the one named must take looks),
// `looks` the interim looks.
SequentialSpec sequential(FieldReader& r, const Field& s, const std::vector<TestSpec>& tests,
                          const std::vector<LookSpec>& looks);

// `analysis.two_stage`: Simon's optimal or minimax design for a binomial_landmark test,
// or a given (n1, r1, n, r); the cohort must have at least n patients.
TwoStageSpec two_stage(FieldReader& r, const Field& f, const std::vector<TestSpec>& tests,
                       int sample_size);

}  // namespace jisas::scenarios
