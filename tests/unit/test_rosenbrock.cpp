#include "models/lsc_immune/rosenbrock.h"

#include <array>
#include <cmath>
#include <cstddef>

#include <boost/numeric/odeint/integrate/integrate_adaptive.hpp>
#include <boost/numeric/odeint/stepper/controlled_runge_kutta.hpp>
#include <boost/numeric/odeint/stepper/generation.hpp>
#include <boost/numeric/odeint/stepper/runge_kutta_dopri5.hpp>
#include <catch2/catch.hpp>

namespace odeint = boost::numeric::odeint;
using jisas::models::Rosenbrock4;

namespace {

// Drives try_step to `until` the way LscDynamics::integrate_ode does: the last step is
// clipped to land on `until` exactly, a rejected attempt retries with the shrunk step.
// Counts every attempt (accepted or rejected) in `attempts`.
template <std::size_t N, class F, class J>
void advance(Rosenbrock4<N>& stepper, const F& f, const J& jacobian, std::array<double, N>& x,
             double& t, double& dt, double until, long& attempts) {
  while (t < until) {
    const bool clipped = dt >= until - t;
    double h = clipped ? until - t : dt;
    ++attempts;
    REQUIRE(attempts < 1000000);  // a stuck controller fails instead of hanging
    if (!stepper.try_step(f, jacobian, x, t, h)) {
      dt = h;
      continue;
    }
    if (clipped) t = until;
    if (!clipped || h > dt) dt = h;
  }
}

// Stiff linear test problem y' = A y, A = V diag(-1, -1000) V^-1 with V = [[1, 1], [1, 2]],
// V^-1 = [[2, -1], [-1, 1]]: A = [[998, -999], [1998, -1999]] (trace -1001, det 1000).
// For y(0) = (1, 0), V^-1 y(0) = (2, -1), so
//   y(t) = 2 e^{-t} (1, 1) - e^{-1000 t} (1, 2).
// A is full and its largest first-column entry is in row 2, so the LU pivots.
using State2 = std::array<double, 2>;
constexpr double kA[2][2] = {{998.0, -999.0}, {1998.0, -1999.0}};

void linear_f(const State2& y, State2& dydt) {
  dydt[0] = kA[0][0] * y[0] + kA[0][1] * y[1];
  dydt[1] = kA[1][0] * y[0] + kA[1][1] * y[1];
}
void linear_jacobian(const State2&, std::array<State2, 2>& j) {
  j[0] = {kA[0][0], kA[0][1]};
  j[1] = {kA[1][0], kA[1][1]};
}
State2 linear_exact(double t) {
  const double slow = 2.0 * std::exp(-t), fast = std::exp(-1000.0 * t);
  return {slow - fast, slow - 2.0 * fast};
}

// Robertson's chemical kinetics (Robertson 1966; Hairer & Wanner II, section IV.1):
//   y1' = -0.04 y1 + 1e4 y2 y3, y2' = 0.04 y1 - 1e4 y2 y3 - 3e7 y2^2, y3' = 3e7 y2^2,
// y(0) = (1, 0, 0); eigenvalues down to about -1e4, y1 + y2 + y3 = 1 for all t.
using State3 = std::array<double, 3>;
void robertson_f(const State3& y, State3& dydt) {
  dydt[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
  dydt[2] = 3e7 * y[1] * y[1];
  dydt[1] = -dydt[0] - dydt[2];
}
void robertson_jacobian(const State3& y, std::array<State3, 3>& j) {
  j[0] = {-0.04, 1e4 * y[2], 1e4 * y[1]};
  j[2] = {0.0, 6e7 * y[1], 0.0};
  j[1] = {0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]};
}

}  // namespace

TEST_CASE("Rosenbrock4 matches the closed-form solution of a stiff linear system", "[rosenbrock]") {
  // Local tolerances 1e-8 (abs and rel); the global error must stay below 2e-8 absolute at
  // every check time (observed at most 2.2e-9, at t = 0.01), through the fast transient
  // (t = 1e-3 is one fast time constant) and long after it.
  Rosenbrock4<2> stepper(1e-8, 1e-8);
  State2 y{1.0, 0.0};
  double t = 0.0, dt = 1e-6;
  long attempts = 0;
  for (const double at : {1e-3, 1e-2, 0.1, 1.0, 5.0, 10.0}) {
    advance(stepper, linear_f, linear_jacobian, y, t, dt, at, attempts);
    const State2 exact = linear_exact(at);
    CAPTURE(at, y[0], y[1], exact[0], exact[1]);
    CHECK(t == at);
    CHECK(std::abs(y[0] - exact[0]) < 2e-8);
    CHECK(std::abs(y[1] - exact[1]) < 2e-8);
  }
  // At t = 10 the solution is 2 e^-10 = 9.08e-5: relatively within 1e-4 (observed 8.9e-6).
  CHECK(y[0] == Approx(2.0 * std::exp(-10.0)).epsilon(1e-4));
  CHECK(y[1] == Approx(2.0 * std::exp(-10.0)).epsilon(1e-4));
}

TEST_CASE("Rosenbrock4 global error scales with the tolerance", "[rosenbrock]") {
  // The error at t = 1 with local tolerance 1e-5 against 1e-10 (abs and rel): the tight run
  // must be at least 1000 times more accurate and within 1e-9 of the closed form (observed:
  // 1.45e-6 and 1.3e-11).
  const auto error_at_one = [](double tol) {
    Rosenbrock4<2> stepper(tol, tol);
    State2 y{1.0, 0.0};
    double t = 0.0, dt = 1e-6;
    long attempts = 0;
    advance(stepper, linear_f, linear_jacobian, y, t, dt, 1.0, attempts);
    const State2 exact = linear_exact(1.0);
    return std::max(std::abs(y[0] - exact[0]), std::abs(y[1] - exact[1]));
  };
  const double loose = error_at_one(1e-5), tight = error_at_one(1e-10);
  CAPTURE(loose, tight);
  CHECK(tight < 1e-9);
  CHECK(tight * 1000.0 < loose);
}

TEST_CASE("Rosenbrock4 on Robertson's stiff kinetics agrees with a tight Dormand-Prince run",
          "[rosenbrock]") {
  // Reference: odeint's controlled runge_kutta_dopri5 at abs 1e-12, rel 1e-10 from the same
  // initial state to each check time. Rosenbrock4 at abs 1e-12, rel 1e-8. Agreement
  // required: 1e-8 relative on y1 and y3 (observed at most 9e-10), and on y2 (about 1e-5 ..
  // 4e-5) 2e-7 relative plus 1e-14 absolute (observed at most 2.6e-8 relative).
  Rosenbrock4<3> stepper(1e-12, 1e-8);
  State3 y{1.0, 0.0, 0.0};
  double t = 0.0, dt = 1e-8;
  long attempts = 0;
  const auto system = [](const State3& x, State3& dxdt, double) { robertson_f(x, dxdt); };
  for (const double at : {0.04, 0.4, 4.0, 40.0}) {
    advance(stepper, robertson_f, robertson_jacobian, y, t, dt, at, attempts);
    State3 ref{1.0, 0.0, 0.0};
    odeint::integrate_adaptive(
        odeint::make_controlled<odeint::runge_kutta_dopri5<State3>>(1e-12, 1e-10), system, ref, 0.0,
        at, 1e-8);
    CAPTURE(at, y[0], y[1], y[2], ref[0], ref[1], ref[2]);
    CHECK(y[0] == Approx(ref[0]).epsilon(1e-8));
    CHECK(std::abs(y[1] - ref[1]) <= 2e-7 * std::abs(ref[1]) + 1e-14);
    CHECK(y[2] == Approx(ref[2]).epsilon(1e-8));
    // A Rosenbrock method with the exact Jacobian conserves linear invariants (every stage
    // g_k satisfies (1,1,1).g_k = 0), so y1 + y2 + y3 stays 1 up to rounding (observed 1.3e-15).
    CHECK(std::abs(y[0] + y[1] + y[2] - 1.0) < 1e-13);
  }
  // Hairer & Wanner's reference values at t = 40: y1 = 0.7158270687, y3 = 0.2841637457
  // (to the 10 digits quoted, independent of odeint).
  CHECK(y[0] == Approx(0.7158270687).epsilon(1e-8));
  CHECK(y[2] == Approx(0.2841637457).epsilon(1e-8));
}

TEST_CASE("Rosenbrock4 takes far fewer steps than Dormand-Prince on stiff problems",
          "[rosenbrock]") {
  // The header exposes no counter, but the caller drives try_step, so the attempts
  // (accepted + rejected) are counted here; odeint's integrate_adaptive returns its
  // accepted steps. Same tolerances for both. On the linear system past the transient,
  // dopri5 is stability-bound to steps of about 3.3 / 1000 (about 3000 steps over
  // [0, 10]), Rosenbrock4 only by accuracy: required at least 20x fewer attempts (observed
  // 79 attempts against 3043 steps, and on Robertson 92 against 34534).
  SECTION("stiff linear system, tolerance 1e-6, t in [0, 10]") {
    Rosenbrock4<2> stepper(1e-6, 1e-6);
    State2 y{1.0, 0.0};
    double t = 0.0, dt = 1e-6;
    long attempts = 0;
    advance(stepper, linear_f, linear_jacobian, y, t, dt, 10.0, attempts);
    State2 ref{1.0, 0.0};
    const auto system = [](const State2& x, State2& dxdt, double) { linear_f(x, dxdt); };
    const std::size_t dopri_steps = odeint::integrate_adaptive(
        odeint::make_controlled<odeint::runge_kutta_dopri5<State2>>(1e-6, 1e-6), system, ref, 0.0,
        10.0, 1e-6);
    CAPTURE(attempts, dopri_steps);
    CHECK(dopri_steps > 2000);  // the stability bound really bites (else the test is moot)
    CHECK(attempts * 20 < static_cast<long>(dopri_steps));
  }
  SECTION("Robertson, abs 1e-10, rel 1e-6, t in [0, 40]") {
    Rosenbrock4<3> stepper(1e-10, 1e-6);
    State3 y{1.0, 0.0, 0.0};
    double t = 0.0, dt = 1e-8;
    long attempts = 0;
    advance(stepper, robertson_f, robertson_jacobian, y, t, dt, 40.0, attempts);
    State3 ref{1.0, 0.0, 0.0};
    const auto system = [](const State3& x, State3& dxdt, double) { robertson_f(x, dxdt); };
    const std::size_t dopri_steps = odeint::integrate_adaptive(
        odeint::make_controlled<odeint::runge_kutta_dopri5<State3>>(1e-10, 1e-6), system, ref, 0.0,
        40.0, 1e-8);
    CAPTURE(attempts, dopri_steps);
    CHECK(attempts * 20 < static_cast<long>(dopri_steps));
  }
}

TEST_CASE("Rosenbrock4 is L-stable: one long step damps a very stiff mode", "[rosenbrock]") {
  // y' = -1e6 y from y = 1 with one step of dt = 1 (1e6 fast time constants): an L-stable
  // method's stability function R(z) -> 0 as z -> -inf (here like 1/z), so |y| must come out
  // below 1e-4 (an A- but not L-stable method, e.g. the trapezoidal rule, gives R ~ -1 and
  // |y| ~ 1; explicit ones blow up). Tolerance 1e-4: the embedded error estimate, also
  // O(1/z), is then small enough to accept the step.
  Rosenbrock4<1> stepper(1e-4, 1e-4);
  const auto f = [](const std::array<double, 1>& y, std::array<double, 1>& d) {
    d[0] = -1e6 * y[0];
  };
  const auto jacobian = [](const std::array<double, 1>&, std::array<std::array<double, 1>, 1>& j) {
    j[0][0] = -1e6;
  };
  std::array<double, 1> y{1.0};
  double t = 0.0, dt = 1.0;
  const bool accepted = stepper.try_step(f, jacobian, y, t, dt);
  CAPTURE(y[0], dt);
  REQUIRE(accepted);
  CHECK(t == 1.0);
  CHECK(std::abs(y[0]) < 1e-4);
}

// The controller's step ratio bounds as rosenbrock.h documents them: growth at most 5x,
// a cut at most 6x (odeint's rosenbrock4_controller has 6x and 5x; see rosenbrock.h).
TEST_CASE("Rosenbrock4 grows a step at most 5x and cuts it at most 6x", "[rosenbrock]") {
  const auto zero_f = [](const std::array<double, 1>&, std::array<double, 1>& d) { d[0] = 0.0; };
  const auto zero_j = [](const std::array<double, 1>&, std::array<std::array<double, 1>, 1>& j) {
    j[0][0] = 0.0;
  };
  {  // y' = 0: zero error estimate, so the first accepted step proposes the maximal growth.
    Rosenbrock4<1> stepper(1e-6, 1e-6);
    std::array<double, 1> y{1.0};
    double t = 0.0, dt = 1e-3;
    REQUIRE(stepper.try_step(zero_f, zero_j, y, t, dt));
    CAPTURE(dt / 1e-3);
    CHECK(dt == Approx(5e-3).epsilon(1e-12));
  }
  {  // y' = y^2 from 1 (blows up at t = 1), one step of 10: rejected with the maximal cut.
    Rosenbrock4<1> stepper(1e-10, 1e-10);
    const auto f = [](const std::array<double, 1>& y, std::array<double, 1>& d) {
      d[0] = y[0] * y[0];
    };
    const auto j = [](const std::array<double, 1>& y, std::array<std::array<double, 1>, 1>& m) {
      m[0][0] = 2.0 * y[0];
    };
    std::array<double, 1> y{1.0};
    double t = 0.0, dt = 10.0;
    REQUIRE_FALSE(stepper.try_step(f, j, y, t, dt));
    CAPTURE(10.0 / dt);
    CHECK(dt == Approx(10.0 / 6.0).epsilon(1e-12));
  }
}
