#include "models/lsc_immune.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/numeric/odeint/stepper/controlled_runge_kutta.hpp>
#include <boost/numeric/odeint/stepper/generation.hpp>
#include <boost/numeric/odeint/stepper/runge_kutta_dopri5.hpp>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

namespace jisas::models {
namespace {

namespace odeint = boost::numeric::odeint;
using Xyz = std::array<double, 3>;

// Leaving the stochastic regime needs twice the entry level, so that a state near the
// threshold does not switch back and forth at every step (hysteresis).
constexpr double kLeaveDiscreteFactor = 2.0;

// Between two stochastic events Y is constant, so dZ/dt = r - k Z is linear with
// k = a - p_Z Y / (K_Z^2 + Y^2) and both Z(tau) and its integral have closed forms.
struct ImmuneBetweenEvents {
  double z0, r, k;

  // (1 - exp(-k tau)) / k, and tau when k = 0.
  double phi(double tau) const {
    const double kt = k * tau;
    return std::abs(kt) < 1e-8 ? tau * (1.0 - 0.5 * kt) : -std::expm1(-kt) / k;
  }
  double z(double tau) const { return z0 * std::exp(-k * tau) + r * phi(tau); }
  // Integral of Z over [0, tau]: z0 phi + r (tau - phi) / k.
  double integral(double tau) const {
    const double kt = k * tau;
    const double second =
        std::abs(kt) < 1e-4 ? tau * tau * (0.5 - kt / 6.0 + kt * kt / 24.0) : (tau - phi(tau)) / k;
    return z0 * phi(tau) + r * second;
  }
};

ImmuneBetweenEvents immune_between_events(const LscRates& r, double y, double z0) {
  return {z0, r.r_z, r.a - r.p_z * y / (r.k_z2 + y * y)};
}

// The first tau in (0, horizon] with a tau + b * integral(tau) = e, or a negative number if
// there is none. The left side is increasing (Z > 0); Newton's method safeguarded by
// bisection converges in a few steps.
double next_event_time(double a, double b, const ImmuneBetweenEvents& immune, double e,
                       double horizon) {
  const auto f = [&](double tau) { return a * tau + b * immune.integral(tau) - e; };
  if (f(horizon) < 0.0) return -1.0;
  double lo = 0.0, hi = horizon;
  double tau = std::min(horizon, e / std::max(a + b * immune.z0, 1e-300));
  for (int i = 0; i < 100; ++i) {
    const double value = f(tau);
    if (value > 0.0)
      hi = tau;
    else
      lo = tau;
    if (hi - lo <= 1e-13 * hi || value == 0.0) break;
    const double newton = tau - value / (a + b * immune.z(tau));
    tau = (newton > lo && newton < hi) ? newton : 0.5 * (lo + hi);
  }
  return tau;
}

}  // namespace

LscRates effective_rates(const scenarios::LscImmuneSpec& spec, const LscPatientParams& patient,
                         const LscTreatment& treatment) {
  const double u = treatment.ifn_exposure;
  const auto& ifn = spec.ifn;
  return {
      .p_xy = patient.p_xy * (1.0 + ifn.activation * u),
      .p_yx = patient.p_yx,
      .p_y = spec.p_y * std::max(0.0, 1.0 - ifn.antiproliferative * u),
      .k_y = spec.k_y,
      .e_tki = treatment.tki ? patient.e_tki : 0.0,
      .m = spec.m * (1.0 + ifn.immune_kill * u),
      .r_z = spec.r_z * (1.0 + ifn.immune_recruitment * u),
      .a = spec.a,
      .p_z = patient.p_z * (1.0 + ifn.immune_window * u),
      .k_z2 = patient.k_z * patient.k_z,
      .turnover = spec.turnover,
  };
}

std::array<double, 3> lsc_derivatives(const LscRates& r, const std::array<double, 3>& xyz) {
  const auto [x, y, z] = xyz;
  const double switching = r.p_xy * x - r.p_yx * y;
  return {
      -switching,
      switching + r.p_y * y * (1.0 - y / r.k_y) - r.m * y * z - r.e_tki * y,
      r.r_z - r.a * z + r.p_z * y * z / (r.k_z2 + y * y),
  };
}

LscDynamics::LscDynamics(const scenarios::LscImmuneSpec& spec, const LscPatientParams& patient,
                         const LscState& initial, engine::RandomEngine& rng)
    : spec_(spec), patient_(patient), state_(initial), rng_(rng) {
  rates_ = effective_rates(spec_, patient_, treatment_);
  if (!state_.discrete && state_.x + state_.y < spec_.switch_cells) to_discrete();
}

double LscDynamics::ratio() const {
  const double y = std::min(state_.y, spec_.k_y);
  using Ratio = scenarios::LscImmuneSpec::Ratio;
  return spec_.ratio == Ratio::YOverKy ? y / spec_.k_y : y / (2.0 * spec_.k_y - y);
}

void LscDynamics::set_treatment(const LscTreatment& treatment) {
  treatment_ = treatment;
  rates_ = effective_rates(spec_, patient_, treatment_);
}

void LscDynamics::advance(double months) {
  const double until = t_ + months;
  while (t_ < until) {
    if (state_.discrete)
      simulate_exactly(until);
    else
      integrate_ode(until);
  }
}

// Stochastic rounding keeps the expected counts of the continuous state.
void LscDynamics::to_discrete() {
  const auto round = [this](double v) {
    const double whole = std::floor(v);
    return whole + (boost::random::bernoulli_distribution<double>(v - whole)(rng_) ? 1.0 : 0.0);
  };
  state_.x = round(std::max(state_.x, 0.0));
  state_.y = round(std::max(state_.y, 0.0));
  state_.discrete = true;
}

void LscDynamics::integrate_ode(double until) {
  const auto system = [this](const Xyz& xyz, Xyz& dxyz, double) {
    dxyz = lsc_derivatives(rates_, xyz);
  };
  Xyz xyz{state_.x, state_.y, state_.z};
  auto stepper = odeint::make_controlled<odeint::runge_kutta_dopri5<Xyz>>(spec_.ode_abs_tol,
                                                                          spec_.ode_rel_tol);
  step_until(stepper, system, xyz, until);
  state_.x = xyz[0];
  state_.y = xyz[1];
  state_.z = xyz[2];
  if (state_.x + state_.y < spec_.switch_cells) to_discrete();
}

template <class Stepper, class System, class State>
void LscDynamics::step_until(Stepper& stepper, System system, State& xyz, double until) {
  while (t_ < until) {
    const bool clipped = ode_step_ >= until - t_;
    double dt = clipped ? until - t_ : ode_step_;
    if (stepper.try_step(system, xyz, t_, dt) != odeint::success) {
      ode_step_ = dt;
      continue;
    }
    if (clipped) t_ = until;  // exactly, whatever the rounding of t_ + dt
    if (!clipped || dt > ode_step_) ode_step_ = dt;
    xyz[0] = std::max(xyz[0], 0.0);
    xyz[1] = std::max(xyz[1], 0.0);
    if (xyz[0] + xyz[1] < spec_.switch_cells) return;
  }
}

// Gillespie's direct method with one time-varying propensity (the immune kill m Y Z(t)),
// whose integral is exact, so the event times are exact too (Anderson 2007, J Chem Phys
// 127:214107, for time-dependent propensities).
void LscDynamics::simulate_exactly(double until) {
  const LscRates& r = rates_;
  boost::random::exponential_distribution<double> exponential(1.0);
  boost::random::uniform_real_distribution<double> uniform(0.0, 1.0);
  while (t_ < until) {
    double& x = state_.x;
    double& y = state_.y;
    const double activation = r.p_xy * x;
    const double deactivation = r.p_yx * y;
    const double birth = (r.p_y + r.turnover) * y;
    const double death = (r.turnover + r.p_y * y / r.k_y + r.e_tki) * y;
    const double fixed = activation + deactivation + birth + death;
    const double kill_per_z = r.m * y;
    const ImmuneBetweenEvents immune = immune_between_events(r, y, state_.z);
    const double tau = next_event_time(fixed, kill_per_z, immune, exponential(rng_), until - t_);
    if (tau < 0.0) {
      state_.z = immune.z(until - t_);
      t_ = until;
      return;
    }
    state_.z = immune.z(tau);
    t_ += tau;
    ++events_;
    double pick = uniform(rng_) * (fixed + kill_per_z * state_.z);
    if ((pick -= activation) < 0.0) {
      x -= 1.0;
      y += 1.0;
    } else if ((pick -= deactivation) < 0.0) {
      y -= 1.0;
      x += 1.0;
    } else if ((pick -= birth) < 0.0) {
      y += 1.0;
    } else if (y > 0.0) {
      y -= 1.0;
    }  // (y = 0 only by rounding at the last interval)
    if (x + y >= kLeaveDiscreteFactor * spec_.switch_cells) {
      state_.discrete = false;
      return;
    }
  }
}

}  // namespace jisas::models
