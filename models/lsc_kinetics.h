// The `lsc_immune` model on the study's clock (days since the IM stop): IM is off from
// the stop, IFN-alpha from its start day at exposure u = injections per week / 5 (a
// weekly average: non-pegylated IFN has a half-life of hours), and IM resumption at a
// confirmed relapse ends IFN (JISAS: IM 400 mg daily on molecular relapse).
#pragma once

#include "models/kinetics.h"
#include "models/lsc_immune.h"

namespace jisas::models {

class LscImmuneKinetics final : public Kinetics {
 public:
  // `dynamics` is at the stop; ifn_start is infinity without IFN.
  LscImmuneKinetics(LscDynamics& dynamics, double ifn_start, double ifn_exposure);

  void advance_to(double day) override;
  void resume_im() override;
  bool on_im() const override { return dynamics_.treatment().tki; }
  double now() const override { return now_; }
  double ratio() const override { return dynamics_.ratio(); }

 private:
  void run_until(double day);
  LscDynamics& dynamics_;
  double ifn_start_;
  double ifn_exposure_;
  double now_ = 0.0;
};

}  // namespace jisas::models
