#include "models/lsc_immune/lsc_immune.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/numeric/odeint/stepper/controlled_runge_kutta.hpp>
#include <boost/numeric/odeint/stepper/generation.hpp>
#include <boost/numeric/odeint/stepper/runge_kutta_dopri5.hpp>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "models/lsc_immune/rosenbrock.h"

namespace jisas::models {
namespace {

namespace odeint = boost::numeric::odeint;
using Xyz = std::array<double, 3>;

// Leaving the stochastic regime needs twice the entry level, so that a state near the
// threshold does not switch back and forth at every step (hysteresis).
constexpr double kLeaveDiscreteFactor = 2.0;

// Thinning bounds the immune kill over this many expected events at a time.
constexpr double kThinningHorizonEvents = 10.0;

// The ODE counts as stiff for Dormand-Prince above this relaxation rate of Y (per month)
// and as non-stiff again below a third of it (hysteresis: each change of method costs a
// few rejected steps while the new controller finds its step).
constexpr double kStiffRate = 12.0;

// Between two stochastic events Y is constant, so dZ/dt = r - k Z is linear with
// k = a - p_Z Y / (K_Z^2 + Y^2), solved in closed form; Z is monotone in tau.
struct ImmuneBetweenEvents {
  double z0, r, k;

  // z0 exp(-k tau) + r (1 - exp(-k tau)) / k, with (1 - exp(-k tau)) / k -> tau as k -> 0;
  // one expm1 gives both terms (the SSA evaluates this twice per candidate event).
  double z(double tau) const {
    const double kt = k * tau;
    const double decay = std::expm1(-kt);  // exp(-k tau) - 1
    const double phi = std::abs(kt) < 1e-8 ? tau * (1.0 - 0.5 * kt) : -decay / k;
    return z0 * (1.0 + decay) + r * phi;
  }
  // Z grows between events (its bound over a horizon is then at the far end).
  bool rising() const { return r > k * z0; }
  // A time over which a rising Z at most doubles: dZ/dt = r - k Z <= (r / Z0 + max(-k, 0)) Z.
  // Inside the immune window k < 0 and Z grows exponentially (at 30/month for some
  // jittered patients); a thinning bound taken over a longer horizon would be too loose
  // by orders of magnitude and nearly every candidate event rejected.
  double doubling_time() const {
    if (!rising()) return std::numeric_limits<double>::infinity();
    const double growth = r / std::max(z0, 1.0) + std::max(-k, 0.0);
    return std::log(2.0) / growth;
  }
};

ImmuneBetweenEvents immune_between_events(const LscRates& r, double y, double z0) {
  return {z0, r.r_z, r.a - r.p_z * y / (r.k_z2 + y * y)};
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
                         const LscState& initial, engine::RandomEngine rng)
    : spec_(&spec), patient_(patient), state_(initial), rng_(rng) {
  rates_ = effective_rates(*spec_, patient_, treatment_);
  if (!state_.discrete && state_.x + state_.y < spec_->switch_cells) to_discrete();
}

LscDynamics::LscDynamics(const LscDynamics& other, const scenarios::LscImmuneSpec& spec)
    : spec_(&spec),
      patient_(other.patient_),
      treatment_(other.treatment_),
      rates_(effective_rates(spec, other.patient_, other.treatment_)),
      state_(other.state_),
      rng_(other.rng_),
      t_(other.t_),
      ode_step_(other.ode_step_),
      stiff_(other.stiff_),
      events_(other.events_) {}

double LscDynamics::ratio() const {
  const double y = std::min(state_.y, spec_->k_y);
  using Ratio = scenarios::LscImmuneSpec::Ratio;
  const double lsc_ratio =
      spec_->ratio == Ratio::YOverKy ? y / spec_->k_y : y / (2.0 * spec_->k_y - y);
  return spec_->ratio_scale * lsc_ratio;
}

void LscDynamics::set_treatment(const LscTreatment& treatment) {
  treatment_ = treatment;
  rates_ = effective_rates(*spec_, patient_, treatment_);
}

void LscDynamics::lose_immune_control() {
  patient_.p_z = 0.0;
  rates_ = effective_rates(*spec_, patient_, treatment_);
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

namespace {

// The rate at which Y relaxes to its balance with X and Z: large when a burst of immune
// cells has passed through the window (m Z up to 1e3 per month, Hahnel's class B) or
// under a strong TKI. Dormand-Prince's stability bound then caps its step at about
// 3.3 / rate, far below what accuracy needs, so those stretches use Rosenbrock's method.
double y_relaxation_rate(const LscRates& r, const Xyz& xyz) {
  return r.m * xyz[2] + r.e_tki + r.p_yx + r.p_y;
}

// Jacobian of lsc_derivatives.
void lsc_jacobian(const LscRates& r, const Xyz& xyz, std::array<Xyz, 3>& j) {
  const double y = xyz[1], z = xyz[2];
  const double denominator = r.k_z2 + y * y;
  j[0] = {-r.p_xy, r.p_yx, 0.0};
  j[1] = {r.p_xy, -r.p_yx + r.p_y * (1.0 - 2.0 * y / r.k_y) - r.m * z - r.e_tki, -r.m * y};
  j[2] = {0.0, r.p_z * z * (r.k_z2 - y * y) / (denominator * denominator),
          -r.a + r.p_z * y / denominator};
}

}  // namespace

void LscDynamics::integrate_ode(double until) {
  const auto derivative = [this](const Xyz& xyz, Xyz& dxyz) {
    dxyz = lsc_derivatives(rates_, xyz);
  };
  const auto system = [&](const Xyz& xyz, Xyz& dxyz, double) { derivative(xyz, dxyz); };
  const auto jacobian = [this](const Xyz& xyz, std::array<Xyz, 3>& j) {
    lsc_jacobian(rates_, xyz, j);
  };
  auto explicit_stepper = odeint::make_controlled<odeint::runge_kutta_dopri5<Xyz>>(
      spec_->ode_abs_tol, spec_->ode_rel_tol);
  Rosenbrock4<3> stiff_stepper(spec_->ode_abs_tol, spec_->ode_rel_tol);
  Xyz xyz{state_.x, state_.y, state_.z};
  while (t_ < until) {
    const bool clipped = ode_step_ >= until - t_;
    double dt = clipped ? until - t_ : ode_step_;
    const double relaxation = y_relaxation_rate(rates_, xyz);
    if (relaxation > kStiffRate) stiff_ = true;
    if (stiff_ && relaxation < kStiffRate / 3.0) {
      stiff_ = false;
      // Dormand-Prince reuses the derivative at the end of its last step as the next
      // step's first stage (FSAL): after Rosenbrock steps it must take it afresh.
      explicit_stepper.reset();
    }
    const bool accepted = stiff_
                              ? stiff_stepper.try_step(derivative, jacobian, xyz, t_, dt)
                              : explicit_stepper.try_step(system, xyz, t_, dt) == odeint::success;
    if (!accepted) {
      ode_step_ = dt;
      continue;
    }
    if (clipped) t_ = until;  // exactly, whatever the rounding of t_ + dt
    if (!clipped || dt > ode_step_) ode_step_ = dt;
    if (xyz[0] < 0.0 || xyz[1] < 0.0) {  // counts cannot be negative: clamped, and so
      xyz[0] = std::max(xyz[0], 0.0);    // the saved derivative no longer belongs to them
      xyz[1] = std::max(xyz[1], 0.0);
      explicit_stepper.reset();
    }
    if (xyz[0] + xyz[1] < spec_->switch_cells) break;
  }
  state_.x = xyz[0];
  state_.y = xyz[1];
  state_.z = xyz[2];
  if (state_.x + state_.y < spec_->switch_cells) to_discrete();
}

// Gillespie's direct method with one time-varying propensity, the immune kill m Y Z(t),
// handled by thinning (Lewis & Shedler 1979, Naval Res Logist Q 26:403): candidate events
// come at a constant rate that bounds the total propensity over a short horizon (Z is
// monotone between events, so its bound is at an end of the horizon) and are accepted
// with probability true rate / bound. Exact, like the direct method for constant rates,
// and cheaper than inverting the integrated propensity at every event.
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
    const double now_rate = fixed + kill_per_z * state_.z;
    if (now_rate <= 0.0) {  // extinct: only Z moves
      state_.z = immune.z(until - t_);
      t_ = until;
      return;
    }
    // Horizon: about ten expected events, at most one doubling of Z, never past `until`.
    const double horizon =
        std::min({until - t_, kThinningHorizonEvents / now_rate, immune.doubling_time()});
    const double z_bound = immune.rising() ? immune.z(horizon) : state_.z;
    const double bound = fixed + kill_per_z * z_bound;
    const double tau = exponential(rng_) / bound;
    if (tau >= horizon) {  // no event in the horizon (memoryless: start afresh there)
      state_.z = immune.z(horizon);
      t_ = (horizon == until - t_) ? until : t_ + horizon;
      continue;
    }
    state_.z = immune.z(tau);
    t_ += tau;
    const double rate = fixed + kill_per_z * state_.z;
    double pick = uniform(rng_) * bound;
    if (pick >= rate) continue;  // thinned: a candidate, not an event
    ++events_;
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
    }  // (y = 0 only by rounding at the boundary)
    if (x + y >= kLeaveDiscreteFactor * spec_->switch_cells) {
      state_.discrete = false;
      return;
    }
  }
}

}  // namespace jisas::models
