#include "models/lsc_kinetics.h"

#include "scenarios/scenario.h"

namespace jisas::models {

LscImmuneKinetics::LscImmuneKinetics(LscDynamics& dynamics, double ifn_start, double ifn_exposure)
    : dynamics_(dynamics), ifn_start_(ifn_start), ifn_exposure_(ifn_exposure) {
  dynamics_.set_treatment({.tki = false});
}

void LscImmuneKinetics::run_until(double day) {
  if (day > now_) dynamics_.advance((day - now_) / scenarios::kDaysPerMonth);
  now_ = day;
}

void LscImmuneKinetics::advance_to(double day) {
  const bool ifn_starts =
      !on_im() && dynamics_.treatment().ifn_exposure == 0.0 && ifn_start_ <= day;
  if (ifn_starts) {
    run_until(ifn_start_);
    dynamics_.set_treatment({.tki = false, .ifn_exposure = ifn_exposure_});
  }
  run_until(day);
}

void LscImmuneKinetics::resume_im() {
  dynamics_.set_treatment({.tki = true});
}

}  // namespace jisas::models
