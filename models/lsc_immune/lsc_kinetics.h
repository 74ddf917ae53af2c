// The `lsc_immune` model on the study's clock (days since the IM stop): IM is off from
// the stop, IFN-alpha from its start day to its end day (protocol.ifn.duration; ENDURE
// gave 15 months) at exposure u = injections per week / 5 (a weekly average:
// non-pegylated IFN has a half-life of hours), and IM resumption at a confirmed relapse
// ends IFN (JISAS: IM 400 mg daily on molecular relapse).
#pragma once

#include <limits>

#include "models/kinetics.h"
#include "models/lsc_immune/lsc_immune.h"

namespace jisas::models {

class LscImmuneKinetics final : public Kinetics {
 public:
  struct IfnCourse {
    double start = 0.0;  // day; infinity without IFN
    double end = 0.0;    // day; infinity: until IM resumes
    double exposure = 0.0;
  };
  // `escape_day`: the day immune control is lost (infinity: never).
  // `dynamics` is at the stop; the kinetics owns its copy.
  LscImmuneKinetics(LscDynamics dynamics, const IfnCourse& ifn,
                    double escape_day = std::numeric_limits<double>::infinity());

  void advance_to(double day) override;
  void resume_im() override;
  bool on_im() const override { return dynamics_.treatment().tki; }
  double now() const override { return now_; }
  double ratio() const override { return dynamics_.ratio(); }
  const LscDynamics& dynamics() const { return dynamics_; }

 private:
  void run_until(double day);
  double next_change() const;  // the day of the next treatment or immune change
  void apply_changes_at(double day);
  LscDynamics dynamics_;
  IfnCourse ifn_;
  double escape_day_;
  bool ifn_started_ = false, ifn_ended_ = false, escaped_ = false;
  double now_ = 0.0;
};

}  // namespace jisas::models
