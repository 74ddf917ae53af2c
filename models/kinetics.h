// What the protocol needs from a kinetics model (design.md "Kinetics"): the true
// BCR-ABL/ABL ratio on the study's clock (days since the IM stop) and IM resumption.
// Implemented by the `hazard` model (hazard_kinetics.h) and `lsc_immune` (lsc_kinetics.h).
#pragma once

#include <limits>

namespace jisas::models {

class Kinetics {
 public:
  virtual ~Kinetics() = default;
  virtual void advance_to(double day) = 0;  // day >= now()
  virtual void resume_im() = 0;             // at now()
  virtual bool on_im() const = 0;
  virtual double now() const = 0;
  virtual double ratio() const = 0;  // true BCR-ABL/ABL (IS) at now()
  // The last day up to which the true ratio stays at or below `bound` if the treatment
  // does not change (the protocol's quiet visits, scenarios/quiet_visits.h): at least
  // now() when ratio() <= bound, -infinity when it is above. A model that cannot see
  // ahead answers for now() alone, as here.
  virtual double quiet_until(double bound) const {
    return ratio() <= bound ? now() : -std::numeric_limits<double>::infinity();
  }
  // Whether quiet_until answers for the whole course off IM, not for now() alone (a
  // model that knows its latent relapse day): a subclass that can says so.
  static constexpr bool kQuietUntilSeesAhead = false;
};

}  // namespace jisas::models
