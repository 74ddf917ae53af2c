// Interim looks (issue 14; docs/scenario-schema.md "analysis.looks" once wired into the
// loader): when each analysis before the final one happens, decided per cohort from the
// data it would have then.
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

#include "analysis/group_sequential.h"
#include "analysis/simon_two_stage.h"

namespace jisas::scenarios {

struct LookTrigger {
  enum class Kind {
    Calendar,            // `days` after the first patient's entry
    Events,              // the `count`-th confirmed relapse (pooled, or in `arm`)
    FollowedToLandmark,  // `count` evaluable patients followed to `landmark`
    Information,         // the test's information reaches `fraction` of max_information
  };
  Kind kind = Kind::Calendar;
  double days = 0.0;
  int count = 0;
  int arm = -1;  // Events: -1 both arms, 0 control, 1 experimental
  double landmark = 0.0;
  double fraction = 0.0;  // Information: of SequentialSpec::max_information
};

struct LookSpec {
  std::vector<LookTrigger> triggers;  // the look comes when the last of them is met
  // Not before this long after the previous look (the first entry for the first look).
  double min_follow_up = 0.0;
  // At most this long after the previous look: the look happens then even if a trigger
  // has not been met.
  double max_wait = std::numeric_limits<double>::infinity();
};

// At most this many interim looks (the final analysis is one more look).
inline constexpr std::size_t kMaxLooks = 7;
static_assert(kMaxLooks + 1 <= analysis::kLooksInPlace, "a cohort's looks' bounds fit in place");

// The boundaries of the test that the looks decide on (analysis/group_sequential.h): its
// alpha and sidedness are the test's own; they are recomputed in every cohort at its
// observed information fractions, the final look spending what is left.
struct SequentialSpec {
  std::size_t test = 0;  // index into analysis.tests
  analysis::EfficacyBound efficacy = analysis::AlphaSpending{};
  analysis::FutilityBound futility = analysis::NoFutility{};
  double beta = 0.2;  // beta spending: power 1 - beta at the drift it finds
  // The planned maximum information, in the test's own units (expected relapses for
  // one_sample_logrank, V11 for logrank_arms, 1/se^2 for the landmark test); what an
  // `information` trigger is a fraction of. 0: no look has one.
  double max_information = 0.0;
};

// A two-stage design on a binomial_landmark test (Simon 1989; analysis/simon_two_stage.h):
// stage 1 when `n1` evaluable patients are followed to the test's landmark, stopping for
// futility if at most r1 of the first n1 are relapse-free at it; H0 is rejected at the
// final analysis if more than r of the first n followed are.
struct TwoStageSpec {
  std::size_t test = 0;  // index into analysis.tests
  analysis::TwoStageDesign design;
};

}  // namespace jisas::scenarios
