#include "analysis/group_sequential.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/tools/toms748_solve.hpp>

namespace jisas::analysis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Default grid density r: the Gauss-Legendre panels are kPanelWidth kernel scales wide at
// r = 32 and narrow as 1 / r.
constexpr int kGridR = 32;
// rpact reports efficacy bounds at or beyond 7.5 as infinite (no rejection at that look).
constexpr double kInfiniteBound = 7.5;
// Half-width, in standard deviations, of the step kernel summed over in the recursion.
constexpr double kKernelWidth = 9.0;
// Gauss-Legendre grid: half-width about the mean, panel width in units of the narrowest
// kernel scale, and a cap on the panels (very close looks).
constexpr double kGaussHalfWidth = 9.0;
constexpr double kPanelWidth = 8.0;
constexpr double kMaxPanels = 128.0;
// First step of the bracket searches, on the z or drift scale.
constexpr double kBracketStep = 0.25;

// Double precision throughout: the default promotion to long double doubles the run time
// of the exit probabilities for no accuracy the quadrature could use.
using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
using Normal = boost::math::normal_distribution<double, DoublePolicy>;

const Normal& standard_normal() {
  static const Normal dist(0.0, 1.0);
  return dist;
}
double norm_cdf(double x) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  return boost::math::cdf(standard_normal(), x);
}
double norm_upper(double x) {
  if (std::isinf(x)) return x > 0 ? 0.0 : 1.0;
  return boost::math::cdf(boost::math::complement(standard_normal(), x));
}
double norm_upper_quantile(double p) {
  return boost::math::quantile(boost::math::complement(standard_normal(), p));
}
double norm_density(double x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi);
}

// A root of f, increasing or decreasing, bracketed by [lo, hi] (f(lo), f(hi) of opposite
// signs): TOMS 748 (Alefeld, Potra & Shi 1995) to about 1e-11 relative, far below what the
// quadrature resolves.
template <class F>
double find_root(F f, double lo, double hi) {
  std::uintmax_t max_iter = 200;
  const auto tol = boost::math::tools::eps_tolerance<double>(36);
  const auto [a, b] = boost::math::tools::toms748_solve(f, lo, hi, tol, max_iter);
  return 0.5 * (a + b);
}

// A bracket [lo, hi] of the root of the decreasing function f, searched from `start`
// (f(start) <= 0 known or not) by steps doubling from `step` towards `floor` (below start)
// and `ceiling` (above it); a bound of the search interval is returned as both ends when f
// keeps its sign up to it.
template <class F>
std::pair<double, double> bracket_decreasing(F f, double start, double step, double floor,
                                             double ceiling) {
  double x = std::clamp(start, floor, ceiling);
  const bool up = f(x) > 0.0;  // the root lies above x
  double inner = x;
  for (;;) {
    const double next = up ? std::min(x + step, ceiling) : std::max(x - step, floor);
    const double value = f(next);
    if (up ? value <= 0.0 : value >= 0.0)
      return up ? std::pair{inner, next} : std::pair{next, inner};
    if (next == (up ? ceiling : floor)) return {next, next};
    inner = next;
    x = next;
    step *= 2.0;
  }
}

// Gauss-Legendre rule of order 16 on [-1, 1] (Abramowitz & Stegun 1964, table 25.4): the
// positive nodes and their weights; the rule is symmetric.
constexpr std::array<double, 8> kLegendreNodes{
    0.0950125098376374401853193, 0.2816035507792589132304605, 0.4580167776572273863424194,
    0.6178762444026437484466718, 0.7554044083550030338951012, 0.8656312023878317438804679,
    0.9445750230732325760779884, 0.9894009349916499325961542};
constexpr std::array<double, 8> kLegendreWeights{
    0.1894506104550684962853967, 0.1826034150449235888667637, 0.1691565193950025381893121,
    0.1495959888165767320815017, 0.1246289712555338720524763, 0.0951585116824927848099251,
    0.0622535239386478928628438, 0.0271524594117540948517806};

// The joint law of (Z_1, ..., Z_k) restricted to paths that continued at looks 1..k-1,
// held as the sub-density of Z_k on a grid, times the quadrature weights (Armitage, McPherson
// & Rowe 1969; Jennison & Turnbull 2000, section 19.2). Z_k sqrt(t_k) is a Brownian motion
// with drift theta at time t_k, so the step from look k-1 to k adds N(theta d, d), d = t_k -
// t_{k-1} (section 19.2.2). The grid moves to look k once (O(m^2)); each exit probability at
// look k is then a sum over the grid of look k - 1 (O(m)), so root finding a bound costs
// no new grid (section 19.2.3). The grid's buffers are the caller's, reused from look to
// look and from call to call; the integrator starts holding no look.
class Integrator {
 public:
  using Grid = BoundaryScratch::Grid;
  Integrator(const LookValues& rates, double theta, Grid& grid, int r = kGridR)
      : rates_(rates),
        theta_(theta),
        r_(r),
        z_(grid.z),
        h_(grid.h),
        cum_(grid.cum),
        z_prev_(grid.z_prev),
        h_prev_(grid.h_prev) {
    for (auto* v : {&z_, &h_, &cum_, &z_prev_, &h_prev_}) v->clear();
  }

  // P(continue at looks before k, Z_k >= b); the integrator must hold look k - 1 (or none).
  double exit_above(std::size_t k, double b) const {
    if (k == 0 || std::isinf(b)) return norm_upper(b - theta_ * std::sqrt(rates_[0])) * mass(k);
    const auto [shift, c] = step_terms(k, b);
    // The argument shift - c z_i falls as z_i grows: beyond +-kKernelWidth, Phi_bar is 0 or 1.
    const std::size_t lo = index_above((shift - kKernelWidth) / c);
    const std::size_t hi = index_above((shift + kKernelWidth) / c);
    double sum = 0.0;
    for (std::size_t i = lo; i < hi; ++i)
      sum += h_[i] * std::erfc((shift - c * z_[i]) * std::numbers::sqrt2 * 0.5);
    return 0.5 * sum + (cum_.back() - cum_[hi]);
  }
  // P(continue at looks before k, Z_k <= a).
  double exit_below(std::size_t k, double a) const {
    if (k == 0 || std::isinf(a)) return norm_cdf(a - theta_ * std::sqrt(rates_[0])) * mass(k);
    const auto [shift, c] = step_terms(k, a);
    const std::size_t lo = index_above((shift - kKernelWidth) / c);
    const std::size_t hi = index_above((shift + kKernelWidth) / c);
    double sum = 0.0;
    for (std::size_t i = lo; i < hi; ++i)
      sum += h_[i] * std::erfc(-(shift - c * z_[i]) * std::numbers::sqrt2 * 0.5);
    return 0.5 * sum + cum_[lo];
  }
  // Moves to look k (the one after the look held), keeping the paths with a < Z_k < b.
  void continue_through(std::size_t k, double a, double b);
  // The mean theta sqrt(t_k) of Z_k.
  double mean(std::size_t k) const { return theta_ * std::sqrt(rates_[k]); }

 private:
  // The mass still continuing before look k (1 at the first look): the limit of the exits.
  double mass(std::size_t k) const { return k == 0 ? 1.0 : cum_.back(); }
  // Z_k >= z exactly when the standardised increment (z sqrt(t_k) - z_prev sqrt(t_{k-1}) -
  // theta d) / sqrt(d) = shift - c z_prev is at least 0.
  std::pair<double, double> step_terms(std::size_t k, double z) const {
    const double d = rates_[k] - rates_[k - 1];
    return {(z * std::sqrt(rates_[k]) - theta_ * d) / std::sqrt(d), std::sqrt(rates_[k - 1] / d)};
  }
  // The first grid index whose point is above z.
  std::size_t index_above(double z) const {
    return static_cast<std::size_t>(std::upper_bound(z_.begin(), z_.end(), z) - z_.begin());
  }
  void make_grid(std::size_t k, double a, double b);

  const LookValues& rates_;
  double theta_;
  int r_;
  std::vector<double>& z_;       // grid at the look held
  std::vector<double>& h_;       // quadrature weight times sub-density at z_
  std::vector<double>& cum_;     // cum_[i] = h_[0] + ... + h_[i - 1]
  std::vector<double>& z_prev_;  // the previous look's grid, kept for its capacity
  std::vector<double>& h_prev_;
};

// Composite 16-point Gauss-Legendre on [a, b] cut to mu +- kGaussHalfWidth (the sub-density
// is below the N(mu, 1) density, so the mass cut off is < 1e-18). The integrands at look k
// vary on the scale of the kernels into and out of it, sqrt(d_k / t_k) and sqrt(d_{k+1} /
// t_k) (and 1, the spread of Z_1), so the panels are at most kPanelWidth (times 32 / r) of
// the narrowest; the rule is then exact to far below the 1e-9 the bounds need (Davis & Rabinowitz
// 1984, section 2.7: Gauss rules converge geometrically on entire functions).
void Integrator::make_grid(std::size_t k, double a, double b) {
  const double mu = theta_ * std::sqrt(rates_[k]);
  const double lo = std::max(a, mu - kGaussHalfWidth);
  const double hi = std::min(b, mu + kGaussHalfWidth);
  z_.clear();
  h_.clear();
  if (!(lo < hi)) return;
  double scale = 1.0;
  if (k > 0) scale = std::min(scale, std::sqrt((rates_[k] - rates_[k - 1]) / rates_[k]));
  if (k + 1 < rates_.size())
    scale = std::min(scale, std::sqrt((rates_[k + 1] - rates_[k]) / rates_[k]));
  const double width = kPanelWidth * scale * kGridR / r_;
  const double wanted = std::ceil((hi - lo) / width);
  const auto panels = static_cast<std::size_t>(std::clamp(wanted, 1.0, kMaxPanels));
  const double half = 0.5 * (hi - lo) / static_cast<double>(panels);
  for (std::size_t p = 0; p < panels; ++p) {
    const double centre = lo + (2.0 * static_cast<double>(p) + 1.0) * half;
    for (std::size_t i = kLegendreNodes.size(); i-- > 0;) {
      z_.push_back(centre - half * kLegendreNodes[i]);
      h_.push_back(half * kLegendreWeights[i]);
    }
    for (std::size_t i = 0; i < kLegendreNodes.size(); ++i) {
      z_.push_back(centre + half * kLegendreNodes[i]);
      h_.push_back(half * kLegendreWeights[i]);
    }
  }
}

// h_k(z) = w(z) sum_i h_{k-1}(z_i) sqrt(t_k / d) phi(step) (Jennison & Turnbull 2000,
// equation 19.5); at the first look h_1(z) = w(z) phi(z - theta sqrt(t_1)).
void Integrator::continue_through(std::size_t k, double a, double b) {
  std::swap(z_prev_, z_);
  std::swap(h_prev_, h_);
  make_grid(k, a, b);
  if (k == 0) {
    const double mean = theta_ * std::sqrt(rates_[0]);
    for (std::size_t j = 0; j < z_.size(); ++j) h_[j] *= norm_density(z_[j] - mean);
  } else {
    const double d = rates_[k] - rates_[k - 1];
    const double scale = std::sqrt(rates_[k] / d) / std::sqrt(2.0 * std::numbers::pi);
    const double s_now = std::sqrt(rates_[k] / d);
    const double s_prev = std::sqrt(rates_[k - 1] / d);
    const double shift = theta_ * std::sqrt(d);
    for (std::size_t j = 0; j < z_.size(); ++j) {
      const double base = z_[j] * s_now - shift;
      // Only previous points within kKernelWidth standard deviations of the step matter
      // (exp(-40.5) < 3e-18); the grid is sorted, so they are a contiguous run.
      const auto first =
          std::lower_bound(z_prev_.begin(), z_prev_.end(), (base - kKernelWidth) / s_prev);
      const auto last = std::upper_bound(first, z_prev_.end(), (base + kKernelWidth) / s_prev);
      double sum = 0.0;
      for (auto i = first - z_prev_.begin(); i < last - z_prev_.begin(); ++i) {
        const double u = base - z_prev_[i] * s_prev;
        sum += h_prev_[i] * std::exp(-0.5 * u * u);
      }
      h_[j] *= scale * sum;
    }
  }
  cum_.assign(h_.size() + 1, 0.0);
  for (std::size_t i = 0; i < h_.size(); ++i) cum_[i + 1] = cum_[i] + h_[i];
}

// ---------------------------------------------------------------------------------------
// Validation

void validate_rates(const LookValues& rates) {
  if (rates.empty()) throw std::invalid_argument("group sequential: no information rates");
  for (std::size_t k = 0; k < rates.size(); ++k) {
    const double previous = k == 0 ? 0.0 : rates[k - 1];
    if (!(rates[k] > previous && rates[k] <= 1.0)) {
      throw std::invalid_argument(
          "group sequential: information rates must increase strictly within (0, 1]");
    }
  }
  if (std::abs(rates.back() - 1.0) > 1e-12) {
    throw std::invalid_argument("group sequential: the last information rate must be 1");
  }
}

void validate_spending(SpendingFunction function, double parameter) {
  if (function == SpendingFunction::KimDeMets && !(parameter > 0.0)) {
    throw std::invalid_argument("group sequential: Kim-DeMets rho must be positive");
  }
  if (!std::isfinite(parameter)) throw std::invalid_argument("group sequential: bad parameter");
}

void validate_efficacy(const GroupSequentialDesign& design) {
  if (const auto* spending = std::get_if<AlphaSpending>(&design.efficacy)) {
    validate_spending(spending->function, spending->parameter);
  } else if (const auto* user = std::get_if<UserAlphaSpending>(&design.efficacy)) {
    const auto& alpha = user->cumulative_alpha;
    if (alpha.size() != design.information_rates.size()) {
      throw std::invalid_argument("group sequential: need one cumulative alpha per look");
    }
    for (std::size_t k = 0; k < alpha.size(); ++k) {
      if (!(alpha[k] >= (k == 0 ? 0.0 : alpha[k - 1]))) {
        throw std::invalid_argument("group sequential: cumulative alpha must not decrease");
      }
    }
    if (std::abs(alpha.back() - design.alpha) > 1e-12) {
      throw std::invalid_argument("group sequential: the last cumulative alpha must be alpha");
    }
  } else if (std::get<ClassicEfficacy>(design.efficacy).boundary ==
                 ClassicBoundary::HaybittlePeto &&
             !std::isfinite(std::get<ClassicEfficacy>(design.efficacy).haybittle_peto_z)) {
    throw std::invalid_argument("group sequential: Haybittle-Peto bound must be finite");
  }
}

void validate_futility(const GroupSequentialDesign& design) {
  if (const auto* fixed = std::get_if<FixedFutility>(&design.futility)) {
    if (fixed->z.size() + 1 != design.information_rates.size()) {
      throw std::invalid_argument("group sequential: need one futility bound per interim look");
    }
    for (double z : fixed->z) {
      if (std::isnan(z)) throw std::invalid_argument("group sequential: futility bound is NaN");
    }
    if (design.sided == 2 && fixed->binding) {
      throw std::invalid_argument("group sequential: two-sided futility bounds cannot bind");
    }
  } else if (const auto* cp = std::get_if<ConditionalPowerFutility>(&design.futility)) {
    if (!(cp->threshold > 0.0 && cp->threshold < 1.0)) {
      throw std::invalid_argument("group sequential: conditional power threshold not in (0, 1)");
    }
    if (design.sided != 1) {
      throw std::invalid_argument("group sequential: conditional power needs a one-sided design");
    }
  } else if (const auto* beta = std::get_if<BetaSpendingFutility>(&design.futility)) {
    validate_spending(beta->function, beta->parameter);
    if (design.sided != 1) {
      throw std::invalid_argument("group sequential: beta spending needs a one-sided design");
    }
    if (!(design.beta > 0.0 && design.beta < 1.0 - design.alpha)) {
      throw std::invalid_argument("group sequential: beta must lie in (0, 1 - alpha)");
    }
    if (beta->binding && std::holds_alternative<ClassicEfficacy>(design.efficacy)) {
      throw std::invalid_argument(
          "group sequential: binding beta spending needs alpha spending (as rpact)");
    }
  }
}

void validate(const GroupSequentialDesign& design) {
  validate_rates(design.information_rates);
  if (design.sided != 1 && design.sided != 2) {
    throw std::invalid_argument("group sequential: sided must be 1 or 2");
  }
  if (!(design.alpha > 0.0 && design.alpha / design.sided <= 0.5)) {
    throw std::invalid_argument("group sequential: alpha must lie in (0, 0.5] per side");
  }
  validate_efficacy(design);
  validate_futility(design);
}

// ---------------------------------------------------------------------------------------
// Construction look by look

// What the look-by-look construction needs: per look either a given efficacy bound or the
// cumulative alpha to have spent, and the futility rule.
struct Plan {
  BoundaryScratch* scratch = nullptr;  // the grids; compute_boundaries always sets it
  LookValues rates;
  int sided = 1;
  LookValues given_efficacy;  // NaN: solve from cumulative_alpha
  LookValues cumulative_alpha;
  LookValues fixed_futility;   // interim looks; empty unless fixed
  LookValues cumulative_beta;  // empty unless beta spending
  bool binding = false;
};

struct Bounds {
  LookValues efficacy;
  LookValues futility;
};

// The efficacy bound b at look k spending `target` more alpha under H0: P(Z_k >= b) (plus
// P(Z_k <= -b) two-sided) on the paths that reach look k (Lan & DeMets 1983). Fewer paths
// reach look k than start, so b is at most the fixed-sample quantile: the bracket is
// searched down from there.
double solve_efficacy(const Integrator& null, std::size_t k, double target, int sided) {
  if (!(target > 1e-15)) return kInf;
  const auto excess = [&](double b) {
    const double p = null.exit_above(k, b) + (sided == 2 ? null.exit_below(k, -b) : 0.0);
    return p - target;
  };
  // Below the floor: more than is left; compute_boundaries checks the total.
  const double floor = sided == 2 ? 0.0 : -10.0;
  const double start = norm_upper_quantile(std::min(target / sided, 0.5));
  const auto [lo, hi] = bracket_decreasing(excess, start, kBracketStep, floor, 40.0);
  if (lo == hi) return lo;
  const double b = find_root(excess, lo, hi);
  return b >= kInfiniteBound ? kInf : b;
}

// The futility bound a at look k spending `target` more beta under the drift held by `alt`:
// P(reach look k, Z_k <= a) = target; clamped to [-40, 40] when no bound spends it exactly.
// a is at least the quantile of N(mean, 1), where the search starts.
double solve_futility(const Integrator& alt, std::size_t k, double target) {
  if (!(target > 0.0)) return -40.0;
  const auto shortfall = [&](double a) { return target - alt.exit_below(k, a); };
  const double start = alt.mean(k) - norm_upper_quantile(std::min(target, 0.5));
  const auto [lo, hi] = bracket_decreasing(shortfall, start, kBracketStep, -40.0, 40.0);
  if (lo == hi) return lo;
  return find_root(shortfall, lo, hi);
}

// The futility bound at look k of the plan, or -inf for none.
double futility_at(const Plan& plan, const Integrator& alt, std::size_t k, double spent) {
  if (!plan.cumulative_beta.empty()) return solve_futility(alt, k, plan.cumulative_beta[k] - spent);
  if (!plan.fixed_futility.empty() && k < plan.fixed_futility.size()) return plan.fixed_futility[k];
  return -kInf;
}

// Efficacy then futility bound look by look (Jennison & Turnbull 2000, section 7.2.1 for
// error spending; rpact's getDesignGroupSequentialBetaSpendingOneSidedCpp for the
// interleaving with beta spending at drift theta). Binding futility bounds cut the paths
// that spend alpha; non-binding ones do not.
Bounds construct(const Plan& plan, double theta) {
  const std::size_t looks = plan.rates.size();
  Integrator null(plan.rates, 0.0, plan.scratch->null);
  Integrator alt(plan.rates, theta, plan.scratch->alternative);
  const bool beta_spending = !plan.cumulative_beta.empty();
  const bool solve_any = std::any_of(plan.given_efficacy.begin(), plan.given_efficacy.end(),
                                     [](double b) { return std::isnan(b); });
  Bounds bounds{LookValues(looks), LookValues(looks, -kInf)};
  double alpha_spent = 0.0;
  double beta_spent = 0.0;
  for (std::size_t k = 0; k < looks; ++k) {
    double b = plan.given_efficacy[k];
    if (std::isnan(b))
      b = solve_efficacy(null, k, plan.cumulative_alpha[k] - alpha_spent, plan.sided);
    if (solve_any) {
      alpha_spent += null.exit_above(k, b) + (plan.sided == 2 ? null.exit_below(k, -b) : 0.0);
    }
    const double a = futility_at(plan, alt, k, beta_spent);
    if (beta_spending) beta_spent += alt.exit_below(k, a);
    bounds.efficacy[k] = b;
    bounds.futility[k] = a;
    if (k + 1 == looks) break;
    const double null_lower = plan.sided == 2 ? -b : (plan.binding ? a : -kInf);
    if (solve_any) null.continue_through(k, null_lower, b);
    if (beta_spending) alt.continue_through(k, a, b);
  }
  return bounds;
}

// The exit probabilities of crossing_probabilities on the given grid.
CrossingProbabilities exits(const LookValues& rates, const LookValues& lower,
                            const LookValues& upper, double theta, BoundaryScratch::Grid& grid,
                            int r = kGridR) {
  const std::size_t looks = rates.size();
  Integrator integrator(rates, theta, grid, r);
  CrossingProbabilities result{LookValues(looks), LookValues(looks)};
  for (std::size_t k = 0; k < looks; ++k) {
    result.upper[k] = integrator.exit_above(k, upper[k]);
    result.lower[k] = integrator.exit_below(k, lower[k]);
    if (k + 1 < looks) integrator.continue_through(k, lower[k], upper[k]);
  }
  return result;
}

// Lower continuation bounds under H0 for the type I error: binding futility (one-sided),
// -b (two-sided) or none.
LookValues null_lower_bounds(const Plan& plan, const Bounds& bounds) {
  LookValues lower(bounds.efficacy.size(), -kInf);
  for (std::size_t k = 0; k < lower.size(); ++k) {
    if (plan.sided == 2)
      lower[k] = -bounds.efficacy[k];
    else if (plan.binding && k + 1 < lower.size())
      lower[k] = bounds.futility[k];
  }
  return lower;
}

double total_alpha(const Plan& plan, const Bounds& bounds) {
  const auto p =
      exits(plan.rates, null_lower_bounds(plan, bounds), bounds.efficacy, 0.0, plan.scratch->null);
  double total = 0.0;
  for (std::size_t k = 0; k < p.upper.size(); ++k)
    total += p.upper[k] + (plan.sided == 2 ? p.lower[k] : 0.0);
  return total;
}

// Wang & Tsiatis (1987): c_k = C t_k^(delta - 1/2), C solving total alpha = alpha.
Bounds wang_tsiatis(const Plan& plan, double delta, double alpha) {
  const std::size_t looks = plan.rates.size();
  Bounds bounds{LookValues(looks), LookValues(looks, -kInf)};
  std::copy(plan.fixed_futility.begin(), plan.fixed_futility.end(), bounds.futility.begin());
  const auto excess = [&](double c) {
    for (std::size_t k = 0; k < plan.rates.size(); ++k) {
      bounds.efficacy[k] = c * std::pow(plan.rates[k], delta - 0.5);
    }
    return total_alpha(plan, bounds) - alpha;
  };
  excess(find_root(excess, 0.0, 20.0));
  return bounds;
}

// The drift at which the last futility bound meets the last efficacy bound (rpact's shift,
// searched in [-4, 10] as rpact does), bracketed from the fixed-sample drift z_{1-alpha} +
// z_{1-beta}, which is usually within a few tenths of it.
double meeting_drift(const Plan& plan) {
  const auto gap = [&](double theta) {
    const Bounds b = construct(plan, theta);
    return b.efficacy.back() - b.futility.back();
  };
  const double start = norm_upper_quantile(plan.cumulative_alpha.back()) +
                       norm_upper_quantile(plan.cumulative_beta.back());
  const auto [lo, hi] = bracket_decreasing(gap, start, kBracketStep, -4.0, 10.0);
  if (lo == hi) throw std::invalid_argument("group sequential: no drift makes the bounds meet");
  return find_root(gap, lo, hi);
}

Plan make_plan(const GroupSequentialDesign& design) {
  Plan plan;
  plan.rates = design.information_rates;
  plan.sided = design.sided;
  const std::size_t looks = plan.rates.size();
  plan.given_efficacy.assign(looks, std::numeric_limits<double>::quiet_NaN());
  plan.cumulative_alpha.assign(looks, design.alpha);
  if (const auto* spending = std::get_if<AlphaSpending>(&design.efficacy)) {
    for (std::size_t k = 0; k < looks; ++k) {
      plan.cumulative_alpha[k] = spending_value(spending->function, spending->parameter,
                                                design.alpha, plan.rates[k], design.sided);
    }
  } else if (const auto* user = std::get_if<UserAlphaSpending>(&design.efficacy)) {
    plan.cumulative_alpha = user->cumulative_alpha;
  } else if (const auto& classic = std::get<ClassicEfficacy>(design.efficacy);
             classic.boundary == ClassicBoundary::HaybittlePeto) {
    std::fill(plan.given_efficacy.begin(), plan.given_efficacy.end() - 1, classic.haybittle_peto_z);
  }
  if (const auto* fixed = std::get_if<FixedFutility>(&design.futility)) {
    plan.fixed_futility = fixed->z;
    plan.binding = fixed->binding;
  } else if (const auto* beta = std::get_if<BetaSpendingFutility>(&design.futility)) {
    plan.binding = beta->binding;
    for (double t : plan.rates) {
      plan.cumulative_beta.push_back(
          spending_value(beta->function, beta->parameter, design.beta, t));
    }
  }
  return plan;
}

// Efficacy bounds that do not depend on the drift: all of them unless beta spending binds.
Bounds efficacy_bounds(const GroupSequentialDesign& design, Plan plan) {
  if (const auto* classic = std::get_if<ClassicEfficacy>(&design.efficacy);
      classic != nullptr && classic->boundary != ClassicBoundary::HaybittlePeto) {
    const double delta = classic->boundary == ClassicBoundary::Pocock ? 0.5 : 0.0;
    plan.cumulative_beta.clear();
    return wang_tsiatis(plan, delta, design.alpha);
  }
  plan.cumulative_beta.clear();
  return construct(plan, 0.0);
}

void fill_spent(const Plan& plan, Boundaries& result) {
  const Bounds bounds{result.efficacy_z, result.futility_z};
  const auto p = exits(plan.rates, null_lower_bounds(plan, bounds), result.efficacy_z, 0.0,
                       plan.scratch->null);
  double spent = 0.0;
  for (std::size_t k = 0; k < p.upper.size(); ++k) {
    spent += p.upper[k] + (plan.sided == 2 ? p.lower[k] : 0.0);
    result.cumulative_alpha_spent.push_back(spent);
    result.stage_levels.push_back(norm_upper(result.efficacy_z[k]));
  }
}

void fill_beta_spending(const Plan& plan, Boundaries& result) {
  const auto p = exits(plan.rates, result.futility_z, result.efficacy_z, result.drift,
                       plan.scratch->alternative);
  double beta = 0.0;
  double power = 0.0;
  for (std::size_t k = 0; k < p.upper.size(); ++k) {
    beta += p.lower[k];
    power += p.upper[k];
    result.cumulative_beta_spent.push_back(beta);
    result.cumulative_power.push_back(power);
  }
}

}  // namespace

double spending_value(SpendingFunction function, double parameter, double level, double t,
                      int sided) {
  if (t <= 0.0) return 0.0;
  switch (function) {
    case SpendingFunction::OBrienFlemingType:  // Lan & DeMets (1983)
      return 2.0 * sided * norm_upper(norm_upper_quantile(level / (2.0 * sided)) / std::sqrt(t));
    case SpendingFunction::PocockType:  // Lan & DeMets (1983)
      return level * std::log(1.0 + (std::numbers::e - 1.0) * t);
    case SpendingFunction::HwangShihDeCani:  // Hwang, Shih & DeCani (1990)
      if (parameter == 0.0) return level * t;
      return level * (1.0 - std::exp(-parameter * t)) / (1.0 - std::exp(-parameter));
    case SpendingFunction::KimDeMets:  // Kim & DeMets (1987)
      return level * std::pow(t, parameter);
  }
  return level;
}

// The futility bounds of conditional power under the trend (ConditionalPowerFutility).
LookValues conditional_power_bounds(const LookValues& rates, double final_z, double threshold) {
  const double q = norm_upper_quantile(threshold);  // Phi^-1(1 - threshold)
  LookValues z;
  for (const double t : rates) z.push_back(std::sqrt(t) * (final_z - std::sqrt(1.0 - t) * q));
  return z;
}

Boundaries compute_boundaries(const GroupSequentialDesign& design) {
  BoundaryScratch scratch;
  return compute_boundaries(design, scratch);
}

Boundaries compute_boundaries(const GroupSequentialDesign& design, BoundaryScratch& scratch) {
  validate(design);
  Plan plan = make_plan(design);
  plan.scratch = &scratch;
  const bool beta_spending = !plan.cumulative_beta.empty();
  Bounds bounds;
  if (!(beta_spending && plan.binding)) bounds = efficacy_bounds(design, plan);
  Boundaries result;
  if (beta_spending) {
    if (!plan.binding) plan.given_efficacy = bounds.efficacy;
    result.drift = meeting_drift(plan);
    bounds = construct(plan, result.drift);
  }
  result.efficacy_z = bounds.efficacy;
  result.futility_z = bounds.futility;
  if (const auto* cp = std::get_if<ConditionalPowerFutility>(&design.futility)) {
    result.futility_z =
        conditional_power_bounds(plan.rates, result.efficacy_z.back(), cp->threshold);
  }
  const bool any_futility = !std::holds_alternative<NoFutility>(design.futility);
  result.futility_z.back() = any_futility ? result.efficacy_z.back() : -kInf;
  fill_spent(plan, result);
  // Binding futility bounds can leave less alpha to spend than the design asks for.
  if (!(std::abs(result.cumulative_alpha_spent.back() - design.alpha) < 1e-6)) {
    throw std::invalid_argument("group sequential: the bounds cannot spend alpha");
  }
  if (beta_spending) fill_beta_spending(plan, result);
  return result;
}

CrossingProbabilities crossing_probabilities(const LookValues& information_rates,
                                             const LookValues& lower_z, const LookValues& upper_z,
                                             double theta, int grid_r) {
  validate_rates(information_rates);
  const std::size_t looks = information_rates.size();
  if (lower_z.size() != looks || upper_z.size() != looks) {
    throw std::invalid_argument("crossing probabilities: need one lower and upper bound per look");
  }
  if (grid_r < 1 || !std::isfinite(theta)) {
    throw std::invalid_argument("crossing probabilities: need grid_r >= 1 and a finite drift");
  }
  BoundaryScratch::Grid grid;
  return exits(information_rates, lower_z, upper_z, theta, grid, grid_r);
}

}  // namespace jisas::analysis
