#include "analysis/group_sequential.h"

#include <algorithm>
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
constexpr int kGridR = 32;
// rpact reports efficacy bounds at or beyond 7.5 as infinite (no rejection at that look).
constexpr double kInfiniteBound = 7.5;
// Half-width, in standard deviations, of the step kernel summed over in the recursion.
constexpr double kKernelWidth = 9.0;

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
// signs): TOMS 748 (Alefeld, Potra & Shi 1995) to about 1e-13 relative.
template <class F>
double find_root(F f, double lo, double hi) {
  std::uintmax_t max_iter = 200;
  const auto tol = boost::math::tools::eps_tolerance<double>(44);
  const auto [a, b] = boost::math::tools::toms748_solve(f, lo, hi, tol, max_iter);
  return 0.5 * (a + b);
}

// The joint law of (Z_1, ..., Z_k) restricted to paths that continued at looks 1..k-1,
// held as the sub-density of Z_k on a grid, times the quadrature weights (Armitage, McPherson
// & Rowe 1969; Jennison & Turnbull 2000, section 19.2). Z_k sqrt(t_k) is a Brownian motion
// with drift theta at time t_k, so the step from look k-1 to k adds N(theta d, d), d = t_k -
// t_{k-1} (section 19.2.2).
class Integrator {
 public:
  Integrator(const std::vector<double>& rates, double theta, int r)
      : rates_(rates), theta_(theta), r_(r) {}

  // P(continue at looks before k, Z_k >= b); the integrator must hold look k - 1 (or none).
  double exit_above(std::size_t k, double b) const {
    if (k == 0) return norm_upper(b - theta_ * std::sqrt(rates_[0]));
    double sum = 0.0;
    for (std::size_t i = 0; i < z_.size(); ++i)
      sum += h_[i] * norm_upper(step_argument(k, z_[i], b));
    return sum;
  }
  // P(continue at looks before k, Z_k <= a).
  double exit_below(std::size_t k, double a) const {
    if (k == 0) return norm_cdf(a - theta_ * std::sqrt(rates_[0]));
    double sum = 0.0;
    for (std::size_t i = 0; i < z_.size(); ++i) sum += h_[i] * norm_cdf(step_argument(k, z_[i], a));
    return sum;
  }
  // Moves to look k (the one after the look held), keeping the paths with a < Z_k < b.
  void continue_through(std::size_t k, double a, double b);

 private:
  // (z sqrt(t_k) - z_prev sqrt(t_{k-1}) - theta d) / sqrt(d): the standardised increment.
  double step_argument(std::size_t k, double z_prev, double z) const {
    const double d = rates_[k] - rates_[k - 1];
    return (z * std::sqrt(rates_[k]) - z_prev * std::sqrt(rates_[k - 1]) - theta_ * d) /
           std::sqrt(d);
  }
  void make_grid(std::size_t k, double a, double b);

  const std::vector<double>& rates_;
  double theta_;
  int r_;
  std::vector<double> z_;  // grid at the look held
  std::vector<double> h_;  // quadrature weight times sub-density at z_
};

// Jennison & Turnbull (2000), section 19.2.1: 6r - 1 points about the mean mu = theta
// sqrt(t_k), dense within mu +- 3 and spreading out logarithmically to mu +- (3 + 4 log r),
// cut to [a, b] with the ends added as points; then the midpoints of neighbouring points, and
// Simpson's rule weights on each pair of intervals.
void Integrator::make_grid(std::size_t k, double a, double b) {
  const double mu = theta_ * std::sqrt(rates_[k]);
  const double r = r_;
  std::vector<double> x;
  x.reserve(6 * r_ + 1);
  for (int i = 1; i <= 6 * r_ - 1; ++i) {
    if (i < r_)
      x.push_back(mu - 3.0 - 4.0 * std::log(r / i));
    else if (i <= 5 * r_)
      x.push_back(mu - 3.0 + 3.0 * (i - r) / (2.0 * r));
    else
      x.push_back(mu + 3.0 + 4.0 * std::log(r / (6.0 * r - i)));
  }
  const double lo = std::max(a, x.front());
  const double hi = std::min(b, x.back());
  std::vector<double> points;
  if (lo < hi) {
    points.push_back(lo);
    for (double xi : x) {
      if (xi > lo && xi < hi) points.push_back(xi);
    }
    points.push_back(hi);
  }
  z_.assign(points.empty() ? 0 : 2 * points.size() - 1, 0.0);
  h_.assign(z_.size(), 0.0);  // the Simpson weights until continue_through multiplies in
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const double d = points[i + 1] - points[i];
    z_[2 * i] = points[i];
    z_[2 * i + 1] = 0.5 * (points[i] + points[i + 1]);
    z_[2 * i + 2] = points[i + 1];
    h_[2 * i] += d / 6.0;
    h_[2 * i + 1] += 4.0 * d / 6.0;
    h_[2 * i + 2] += d / 6.0;
  }
}

// h_k(z) = w(z) sum_i h_{k-1}(z_i) sqrt(t_k / d) phi(step) (Jennison & Turnbull 2000,
// equation 19.5); at the first look h_1(z) = w(z) phi(z - theta sqrt(t_1)).
void Integrator::continue_through(std::size_t k, double a, double b) {
  const std::vector<double> z_prev = std::move(z_);
  const std::vector<double> h_prev = std::move(h_);
  make_grid(k, a, b);
  if (k == 0) {
    const double mean = theta_ * std::sqrt(rates_[0]);
    for (std::size_t j = 0; j < z_.size(); ++j) h_[j] *= norm_density(z_[j] - mean);
    return;
  }
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
        std::lower_bound(z_prev.begin(), z_prev.end(), (base - kKernelWidth) / s_prev);
    const auto last = std::upper_bound(first, z_prev.end(), (base + kKernelWidth) / s_prev);
    double sum = 0.0;
    for (auto i = static_cast<std::size_t>(first - z_prev.begin());
         i < static_cast<std::size_t>(last - z_prev.begin()); ++i) {
      const double u = base - z_prev[i] * s_prev;
      sum += h_prev[i] * std::exp(-0.5 * u * u);
    }
    h_[j] *= scale * sum;
  }
}

// ---------------------------------------------------------------------------------------
// Validation

void validate_rates(const std::vector<double>& rates) {
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
  std::vector<double> rates;
  int sided = 1;
  std::vector<double> given_efficacy;  // NaN: solve from cumulative_alpha
  std::vector<double> cumulative_alpha;
  std::vector<double> fixed_futility;   // interim looks; empty unless fixed
  std::vector<double> cumulative_beta;  // empty unless beta spending
  bool binding = false;
};

struct Bounds {
  std::vector<double> efficacy;
  std::vector<double> futility;
};

// The efficacy bound b at look k spending `target` more alpha under H0: P(Z_k >= b) (plus
// P(Z_k <= -b) two-sided) on the paths that reach look k (Lan & DeMets 1983).
double solve_efficacy(const Integrator& null, std::size_t k, double target, int sided) {
  if (!(target > 1e-15)) return kInf;
  const auto excess = [&](double b) {
    const double p = null.exit_above(k, b) + (sided == 2 ? null.exit_below(k, -b) : 0.0);
    return p - target;
  };
  const double lo = sided == 2 ? 0.0 : -10.0;
  if (excess(lo) <= 0.0) return lo;  // more than is left: compute_boundaries checks the total
  const double hi = 40.0;
  if (excess(hi) >= 0.0) return hi;
  const double b = find_root(excess, lo, hi);
  return b >= kInfiniteBound ? kInf : b;
}

// The futility bound a at look k spending `target` more beta under the drift held by `alt`:
// P(reach look k, Z_k <= a) = target; clamped to [-40, 40] when no bound spends it exactly.
double solve_futility(const Integrator& alt, std::size_t k, double target) {
  const auto excess = [&](double a) { return alt.exit_below(k, a) - target; };
  const double lo = -40.0;
  const double hi = 40.0;
  if (excess(lo) >= 0.0) return lo;
  if (excess(hi) <= 0.0) return hi;
  return find_root(excess, lo, hi);
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
  Integrator null(plan.rates, 0.0, kGridR);
  Integrator alt(plan.rates, theta, kGridR);
  const bool beta_spending = !plan.cumulative_beta.empty();
  const bool solve_any = std::any_of(plan.given_efficacy.begin(), plan.given_efficacy.end(),
                                     [](double b) { return std::isnan(b); });
  Bounds bounds{std::vector<double>(looks), std::vector<double>(looks, -kInf)};
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

// Lower continuation bounds under H0 for the type I error: binding futility (one-sided),
// -b (two-sided) or none.
std::vector<double> null_lower_bounds(const Plan& plan, const Bounds& bounds) {
  std::vector<double> lower(bounds.efficacy.size(), -kInf);
  for (std::size_t k = 0; k < lower.size(); ++k) {
    if (plan.sided == 2)
      lower[k] = -bounds.efficacy[k];
    else if (plan.binding && k + 1 < lower.size())
      lower[k] = bounds.futility[k];
  }
  return lower;
}

double total_alpha(const Plan& plan, const Bounds& bounds) {
  const auto p = crossing_probabilities(plan.rates, null_lower_bounds(plan, bounds),
                                        bounds.efficacy, 0.0, kGridR);
  double total = 0.0;
  for (std::size_t k = 0; k < p.upper.size(); ++k)
    total += p.upper[k] + (plan.sided == 2 ? p.lower[k] : 0.0);
  return total;
}

// Wang & Tsiatis (1987): c_k = C t_k^(delta - 1/2), C solving total alpha = alpha.
Bounds wang_tsiatis(const Plan& plan, double delta, double alpha) {
  const std::size_t looks = plan.rates.size();
  Bounds bounds{std::vector<double>(looks), std::vector<double>(looks, -kInf)};
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
// searched in [-4, 10] as rpact does).
double meeting_drift(const Plan& plan) {
  const auto gap = [&](double theta) {
    const Bounds b = construct(plan, theta);
    return b.efficacy.back() - b.futility.back();
  };
  if (!(gap(-4.0) > 0.0 && gap(10.0) < 0.0)) {
    throw std::invalid_argument("group sequential: no drift makes the bounds meet");
  }
  return find_root(gap, -4.0, 10.0);
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
  const auto p = crossing_probabilities(plan.rates, null_lower_bounds(plan, bounds),
                                        result.efficacy_z, 0.0, kGridR);
  double spent = 0.0;
  for (std::size_t k = 0; k < p.upper.size(); ++k) {
    spent += p.upper[k] + (plan.sided == 2 ? p.lower[k] : 0.0);
    result.cumulative_alpha_spent.push_back(spent);
    result.stage_levels.push_back(norm_upper(result.efficacy_z[k]));
  }
}

void fill_beta_spending(const Plan& plan, Boundaries& result) {
  const auto p = crossing_probabilities(plan.rates, result.futility_z, result.efficacy_z,
                                        result.drift, kGridR);
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

Boundaries compute_boundaries(const GroupSequentialDesign& design) {
  validate(design);
  Plan plan = make_plan(design);
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

CrossingProbabilities crossing_probabilities(const std::vector<double>& information_rates,
                                             const std::vector<double>& lower_z,
                                             const std::vector<double>& upper_z, double theta,
                                             int grid_r) {
  validate_rates(information_rates);
  const std::size_t looks = information_rates.size();
  if (lower_z.size() != looks || upper_z.size() != looks) {
    throw std::invalid_argument("crossing probabilities: need one lower and upper bound per look");
  }
  if (grid_r < 1 || !std::isfinite(theta)) {
    throw std::invalid_argument("crossing probabilities: need grid_r >= 1 and a finite drift");
  }
  Integrator integrator(information_rates, theta, grid_r);
  CrossingProbabilities result{std::vector<double>(looks), std::vector<double>(looks)};
  for (std::size_t k = 0; k < looks; ++k) {
    result.upper[k] = integrator.exit_above(k, upper_z[k]);
    result.lower[k] = integrator.exit_below(k, lower_z[k]);
    if (k + 1 < looks) integrator.continue_through(k, lower_z[k], upper_z[k]);
  }
  return result;
}

}  // namespace jisas::analysis
