// The `lsc_immune` dynamics (models/lsc_immune/lsc_immune.md): quiescent (X) and cycling (Y)
// leukemic stem cells and immune effectors (Z) after Hahnel et al. 2020 (Cancer Res
// 80:2394), with imatinib killing cycling cells (Fassoni et al. 2018, Haematologica
// 103:1825) and separable IFN-alpha effects. Time in months, counts in cells.
//
// Hybrid: while X + Y >= switch_cells the ODE is integrated (Boost odeint, Dormand-Prince
// 5(4), error-controlled); below it X and Y are integer counts that follow the matching
// birth-death-switching process exactly (Gillespie 1977, with the time-varying immune
// kill integrated in closed form), so a patient can be cured by extinction. Z stays
// deterministic (it is at least r_Z / a = 100 cells).
#pragma once

#include <array>

#include "engine/random_stream.h"
#include "scenarios/spec/scenario.h"

namespace jisas::models {

// One patient's fitted parameters (Hahnel 2020 Table S1 columns).
struct LscPatientParams {
  double p_xy = 0.0;   // activation X -> Y, /month
  double p_yx = 0.0;   // return Y -> X, /month
  double e_tki = 0.0;  // imatinib kill of Y, /month
  double p_z = 0.0;    // immune recruitment, cells/month
  double k_z = 1.0;    // load at which recruitment peaks, cells
};

struct LscTreatment {
  bool tki = false;
  double ifn_exposure = 0.0;  // u in [0, 1]: injections per week / 5
};

struct LscState {
  double x = 0.0, y = 0.0, z = 0.0;
  bool discrete = false;  // X and Y are integer counts (stochastic regime)
};

// The rates in force for one treatment (IFN multipliers applied).
struct LscRates {
  double p_xy, p_yx, p_y, k_y, e_tki, m, r_z, a, p_z, k_z2, turnover;
};

LscRates effective_rates(const scenarios::LscImmuneSpec& spec, const LscPatientParams& patient,
                         const LscTreatment& treatment);

// dX, dY, dZ per month (Hahnel 2020, eqs. 1-3).
std::array<double, 3> lsc_derivatives(const LscRates& r, const std::array<double, 3>& xyz);

class LscDynamics {
 public:
  // Owns its random engine (a copy of `rng`'s state): a copy of the dynamics is an
  // independent patient that continues exactly as the original would. `spec` must outlive it.
  LscDynamics(const scenarios::LscImmuneSpec& spec, const LscPatientParams& patient,
              const LscState& initial, engine::RandomEngine rng);

  // `other`'s parameters, state and random engine, with `spec`'s fixed values and IFN
  // effects: the same patient at the same moment in a variant of the scenario (the IFN
  // null twin continues from the identical state at the stop).
  LscDynamics(const LscDynamics& other, const scenarios::LscImmuneSpec& spec);

  void set_treatment(const LscTreatment& treatment);
  // The immune window closes for good (p_Z = 0): no more recruitment by leukemic load.
  void lose_immune_control();
  const LscTreatment& treatment() const { return treatment_; }
  // Moves the state `months` ahead under the current treatment.
  void advance(double months);
  const LscState& state() const { return state_; }
  // BCR-ABL/ABL (IS) from Y, as spec.ratio says (models/lsc_immune/lsc_immune.md "Ratio"); at
  // most 1.
  double ratio() const;
  bool extinct() const { return state_.discrete && state_.x == 0.0 && state_.y == 0.0; }
  long stochastic_events() const { return events_; }
  // The engine's state now: what a caller drawing from the same stream continues from.
  const engine::RandomEngine& random_engine() const { return rng_; }

 private:
  void integrate_ode(double until);
  void simulate_exactly(double until);
  void to_discrete();

  const scenarios::LscImmuneSpec* spec_;  // not owned; a pointer keeps the class copyable
  LscPatientParams patient_;
  LscTreatment treatment_;
  LscRates rates_;
  LscState state_;
  engine::RandomEngine rng_;
  double t_ = 0.0;
  double ode_step_ = 0.01;  // the controller's last step size, reused as the next guess
  bool stiff_ = false;      // integrating with Rosenbrock's method (lsc_immune.cpp)
  long events_ = 0;
};

}  // namespace jisas::models
