// What the protocol needs from a kinetics model (design.md "Kinetics"): the true
// BCR-ABL/ABL ratio on the study's clock (days since the IM stop) and IM resumption.
// Implemented by the `hazard` model (hazard_kinetics.h) and `lsc_immune` (lsc_kinetics.h).
#pragma once

namespace jisas::models {

class Kinetics {
 public:
  virtual ~Kinetics() = default;
  virtual void advance_to(double day) = 0;  // day >= now()
  virtual void resume_im() = 0;             // at now()
  virtual bool on_im() const = 0;
  virtual double now() const = 0;
  virtual double ratio() const = 0;  // true BCR-ABL/ABL (IS) at now()
};

}  // namespace jisas::models
