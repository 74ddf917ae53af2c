#include "models/lsc_immune/lsc_kinetics.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "scenarios/spec/scenario.h"

namespace jisas::models {

LscImmuneKinetics::LscImmuneKinetics(LscDynamics dynamics, const IfnCourse& ifn, double escape_day)
    : dynamics_(std::move(dynamics)), ifn_(ifn), escape_day_(escape_day) {
  dynamics_.set_treatment({.tki = false});
}

void LscImmuneKinetics::run_until(double day) {
  if (day > now_) dynamics_.advance((day - now_) / scenarios::kDaysPerMonth);
  now_ = day;
}

double LscImmuneKinetics::next_change() const {
  double next = escaped_ ? std::numeric_limits<double>::infinity() : escape_day_;
  if (on_im()) return next;  // IFN neither starts nor ends once IM has resumed
  if (!ifn_started_) return std::min(next, ifn_.start);
  return ifn_ended_ ? next : std::min(next, ifn_.end);
}

void LscImmuneKinetics::apply_changes_at(double day) {
  if (!escaped_ && escape_day_ <= day) {
    escaped_ = true;
    dynamics_.lose_immune_control();
  }
  if (on_im()) return;
  if (!ifn_started_ && ifn_.start <= day) {
    ifn_started_ = true;
    dynamics_.set_treatment({.tki = false, .ifn_exposure = ifn_.exposure});
  } else if (ifn_started_ && !ifn_ended_ && ifn_.end <= day) {
    ifn_ended_ = true;
    dynamics_.set_treatment({.tki = false});
  }
}

void LscImmuneKinetics::advance_to(double day) {
  // IFN is on from its start (if IM has not resumed by then) to its end, and immune
  // control is lost on its escape day: each change happens exactly on its day, in day
  // order, whatever the visit days.
  for (double next = next_change(); next <= day; next = next_change()) {
    run_until(next);
    apply_changes_at(next);
  }
  run_until(day);
}

void LscImmuneKinetics::resume_im() {
  dynamics_.set_treatment({.tki = true});
}

}  // namespace jisas::models
