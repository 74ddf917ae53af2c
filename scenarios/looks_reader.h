// `analysis.looks` and `analysis.sequential` (docs/scenario-schema.md "Interim looks").
#pragma once

#include <vector>

#include "scenarios/field_reader.h"
#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {

// The interim looks; `sample_size` bounds what a count trigger can ask for.
std::vector<LookSpec> looks(FieldReader& r, const Field& list, int sample_size);

// The boundaries; `tests` are the analysis's tests (the one named must take looks),
// `looks` the interim looks.
SequentialSpec sequential(FieldReader& r, const Field& s, const std::vector<TestSpec>& tests,
                          const std::vector<LookSpec>& looks);

// `analysis.two_stage`: Simon's optimal or minimax design for a binomial_landmark test,
// or a given (n1, r1, n, r); the cohort must have at least n patients.
TwoStageSpec two_stage(FieldReader& r, const Field& f, const std::vector<TestSpec>& tests,
                       int sample_size);

}  // namespace jisas::scenarios
