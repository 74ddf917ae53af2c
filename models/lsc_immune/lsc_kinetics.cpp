#include "models/lsc_immune/lsc_kinetics.h"

#include <utility>

#include "scenarios/spec/scenario.h"

namespace jisas::models {

LscImmuneKinetics::LscImmuneKinetics(LscDynamics dynamics, const IfnCourse& ifn)
    : dynamics_(std::move(dynamics)), ifn_(ifn) {
  dynamics_.set_treatment({.tki = false});
}

void LscImmuneKinetics::run_until(double day) {
  if (day > now_) dynamics_.advance((day - now_) / scenarios::kDaysPerMonth);
  now_ = day;
}

void LscImmuneKinetics::advance_to(double day) {
  // IFN is on from its start (if IM has not resumed by then) to its end; the treatment
  // changes exactly at those days, whatever the visit days.
  const bool ifn_starts = !on_im() && !ifn_started_ && ifn_.start <= day;
  if (ifn_starts) {
    run_until(ifn_.start);
    ifn_started_ = true;
    dynamics_.set_treatment({.tki = false, .ifn_exposure = ifn_.exposure});
  }
  const bool ifn_ends = !on_im() && ifn_started_ && !ifn_ended_ && ifn_.end <= day;
  if (ifn_ends) {
    run_until(ifn_.end);
    ifn_ended_ = true;
    dynamics_.set_treatment({.tki = false});
  }
  run_until(day);
}

void LscImmuneKinetics::resume_im() {
  dynamics_.set_treatment({.tki = true});
}

}  // namespace jisas::models
