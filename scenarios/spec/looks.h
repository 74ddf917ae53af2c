// Interim looks (issue 14; docs/scenario-schema.md "analysis.looks" once wired into the
// loader): when each analysis before the final one happens, decided per cohort from the
// data it would have then.
#pragma once

#include <limits>
#include <vector>

namespace jisas::scenarios {

struct LookTrigger {
  enum class Kind {
    Calendar,            // `days` after the first patient's entry
    Events,              // the `count`-th confirmed relapse (pooled, or in `arm`)
    FollowedToLandmark,  // `count` evaluable patients followed to `landmark`
  };
  Kind kind = Kind::Calendar;
  double days = 0.0;
  int count = 0;
  int arm = -1;  // Events: -1 both arms, 0 control, 1 experimental
  double landmark = 0.0;
};

struct LookSpec {
  std::vector<LookTrigger> triggers;  // the look comes when the last of them is met
  // Not before this long after the previous look (the first entry for the first look).
  double min_follow_up = 0.0;
  // At most this long after the previous look: the look happens then even if a trigger
  // has not been met.
  double max_wait = std::numeric_limits<double>::infinity();
};

}  // namespace jisas::scenarios
