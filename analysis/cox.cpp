#include "analysis/cox.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

namespace jisas::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The data sorted by decreasing time, so that walking forward the risk set only grows
// (coxfit6.c walks its time-sorted data backwards for the same reason).
struct Sorted {
  std::size_t n = 0;
  std::size_t p = 0;
  std::vector<double> time;
  std::vector<int> event;
  std::vector<double> x;  // n x p row-major
};

Sorted sort_by_decreasing_time(std::span<const double> time, std::span<const int> event,
                               std::span<const double> x, std::size_t p) {
  Sorted s{time.size(), p, {}, {}, {}};
  std::vector<std::size_t> order(s.n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return time[a] > time[b]; });
  for (const std::size_t i : order) {
    s.time.push_back(time[i]);
    s.event.push_back(event[i]);
    s.x.insert(s.x.end(), x.begin() + static_cast<std::ptrdiff_t>(i * p),
               x.begin() + static_cast<std::ptrdiff_t>((i + 1) * p));
  }
  return s;
}

// Sums over a set of patients of r = exp(x'beta), r x and r x x' (S0, S1, S2 in
// Therneau & Grambsch 2000, §3.2).
struct WeightedSums {
  double s0 = 0.0;
  std::vector<double> s1;
  std::vector<double> s2;

  explicit WeightedSums(std::size_t p) : s1(p, 0.0), s2(p * p, 0.0) {}
  void clear() {
    s0 = 0.0;
    std::fill(s1.begin(), s1.end(), 0.0);
    std::fill(s2.begin(), s2.end(), 0.0);
  }
  void add(const double* xi, double r) {
    const std::size_t p = s1.size();
    s0 += r;
    for (std::size_t j = 0; j < p; ++j) {
      s1[j] += r * xi[j];
      for (std::size_t l = 0; l < p; ++l) s2[j * p + l] += r * xi[j] * xi[l];
    }
  }
};

// Log partial likelihood, score U and information I at one beta.
struct Evaluation {
  double loglik = 0.0;
  std::vector<double> u;
  std::vector<double> imat;  // p x p row-major
};

// Efron's approximation for d tied events at one time (Efron 1977, eq. 3.1; Therneau &
// Grambsch 2000, §3.3): the k-th of them (k = 0..d-1) sees the risk set with k/d of each
// tied event's weight removed, as if the tied events had left one after another in an
// unknown order.
void add_tied_events(const WeightedSums& risk, const WeightedSums& deaths, int d, Evaluation& e) {
  const std::size_t p = risk.s1.size();
  std::vector<double> mean(p);
  for (int k = 0; k < d; ++k) {
    const double f = static_cast<double>(k) / d;
    const double denom = risk.s0 - f * deaths.s0;
    e.loglik -= std::log(denom);
    for (std::size_t j = 0; j < p; ++j) {
      mean[j] = (risk.s1[j] - f * deaths.s1[j]) / denom;
      e.u[j] -= mean[j];
    }
    for (std::size_t j = 0; j < p; ++j) {
      for (std::size_t l = 0; l < p; ++l) {
        const double s2 = risk.s2[j * p + l] - f * deaths.s2[j * p + l];
        e.imat[j * p + l] += s2 / denom - mean[j] * mean[l];
      }
    }
  }
}

Evaluation evaluate(const Sorted& s, const std::vector<double>& beta) {
  const std::size_t p = s.p;
  Evaluation e{0.0, std::vector<double>(p, 0.0), std::vector<double>(p * p, 0.0)};
  WeightedSums risk(p);
  WeightedSums deaths(p);
  for (std::size_t i = 0; i < s.n;) {
    const double t = s.time[i];
    deaths.clear();
    int d = 0;
    // Everyone with this time is at risk at it, censored or not.
    for (; i < s.n && s.time[i] == t; ++i) {
      const double* xi = &s.x[i * p];
      const double eta = std::inner_product(xi, xi + p, beta.begin(), 0.0);
      const double r = std::exp(eta);
      risk.add(xi, r);
      if (s.event[i] == 0) continue;
      deaths.add(xi, r);
      e.loglik += eta;
      for (std::size_t j = 0; j < p; ++j) e.u[j] += xi[j];
      ++d;
    }
    if (d > 0) add_tied_events(risk, deaths, d, e);
  }
  return e;
}

// LDL' decomposition in place of a symmetric p x p matrix, as survival's cholesky2.c: L
// below the diagonal, D on it. A pivot below toler times the largest diagonal element
// is set to zero: that coefficient has no information and is not estimable.
void ldl_decompose(std::vector<double>& m, std::size_t p, double toler) {
  double eps = 0.0;
  for (std::size_t i = 0; i < p; ++i) {
    eps = std::max(eps, m[i * p + i]);
    for (std::size_t j = i + 1; j < p; ++j) m[j * p + i] = m[i * p + j];
  }
  eps *= toler;
  for (std::size_t i = 0; i < p; ++i) {
    const double pivot = m[i * p + i];
    if (!std::isfinite(pivot) || pivot < eps || pivot <= 0.0) {
      m[i * p + i] = 0.0;
      continue;
    }
    for (std::size_t j = i + 1; j < p; ++j) {
      const double f = m[j * p + i] / pivot;
      m[j * p + i] = f;
      m[j * p + j] -= f * f * pivot;
      for (std::size_t k = j + 1; k < p; ++k) m[k * p + j] -= f * m[k * p + i];
    }
  }
}

// Solves (L D L') y = b in place (chsolve2.c); components on a zero pivot are set to 0.
void ldl_solve(const std::vector<double>& m, std::size_t p, std::vector<double>& y) {
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < i; ++j) y[i] -= y[j] * m[i * p + j];
  }
  for (std::size_t i = p; i-- > 0;) {
    if (m[i * p + i] == 0.0) {
      y[i] = 0.0;
      continue;
    }
    double v = y[i] / m[i * p + i];
    for (std::size_t j = i + 1; j < p; ++j) v -= y[j] * m[j * p + i];
    y[i] = v;
  }
}

// The inverse of the decomposed matrix with the rows and columns of zero pivots set to
// zero (the generalised inverse chinv2.c returns, so diag(var) == 0 marks them).
std::vector<double> ldl_inverse(const std::vector<double>& m, std::size_t p) {
  std::vector<double> inv(p * p, 0.0);
  std::vector<double> col(p);
  for (std::size_t c = 0; c < p; ++c) {
    std::fill(col.begin(), col.end(), 0.0);
    col[c] = 1.0;
    ldl_solve(m, p, col);
    for (std::size_t r = 0; r < p; ++r) inv[r * p + c] = col[r];
  }
  for (std::size_t i = 0; i < p; ++i) {
    if (m[i * p + i] != 0.0) continue;
    for (std::size_t j = 0; j < p; ++j) inv[i * p + j] = inv[j * p + i] = 0.0;
  }
  return inv;
}

double chi_square_p(double chisq, int df) {
  if (df < 1 || !std::isfinite(chisq)) return kNaN;
  const boost::math::chi_squared dist(df);
  return boost::math::cdf(boost::math::complement(dist, std::max(chisq, 0.0)));
}

ChiSquareTest chi_square_test(double chisq, int df) {
  if (df < 1) return {kNaN, df, kNaN};
  return {chisq, df, chi_square_p(chisq, df)};
}

// Where Newton-Raphson stopped: the last beta tried and the evaluation there (with the
// information matrix already decomposed).
struct NewtonState {
  std::vector<double> beta;
  Evaluation at_beta;
  double score_test = 0.0;
  int iterations = 0;
  bool converged = false;
};

bool all_finite(const Evaluation& e) {
  const auto finite = [](double v) { return std::isfinite(v); };
  return std::isfinite(e.loglik) && std::all_of(e.u.begin(), e.u.end(), finite) &&
         std::all_of(e.imat.begin(), e.imat.end(), finite);
}

// Newton-Raphson with step-halving as coxfit6.c (survival 3.5): start at 0 (where the
// score test is computed) and step by I^-1 U. Converged when |1 - l_best / l_new| <= eps.
// If the log-likelihood falls (or overflows), retreat towards the last accepted beta,
// more each time: after the h-th failure in a row, beta_new = (beta_new + h beta) / (h + 1).
// The information returned is evaluated at the returned beta (as coxph's $var).
NewtonState newton_raphson(const Sorted& s, Evaluation e, const CoxOptions& o, double loglik_null) {
  const std::size_t p = s.p;
  NewtonState st{std::vector<double>(p, 0.0), {}, 0.0, 0, false};
  ldl_decompose(e.imat, p, o.toler_chol);
  std::vector<double> step = e.u;
  ldl_solve(e.imat, p, step);
  st.score_test = std::inner_product(e.u.begin(), e.u.end(), step.begin(), 0.0);
  std::vector<double> beta = st.beta;  // the last accepted beta
  for (std::size_t j = 0; j < p; ++j) st.beta[j] = beta[j] + step[j];
  double best = loglik_null;
  int halving = 0;
  for (st.iterations = 1; st.iterations <= o.max_iter; ++st.iterations) {
    e = evaluate(s, st.beta);
    ldl_decompose(e.imat, p, o.toler_chol);
    const bool finite = all_finite(e);
    if (finite && std::abs(1.0 - best / e.loglik) <= o.eps) {
      st.converged = true;
      st.at_beta = std::move(e);
      return st;
    }
    if (!finite || e.loglik < best) {
      ++halving;
      for (std::size_t j = 0; j < p; ++j)
        st.beta[j] = (st.beta[j] + halving * beta[j]) / (halving + 1.0);
    } else {
      halving = 0;
      best = e.loglik;
      step = e.u;
      ldl_solve(e.imat, p, step);
      beta = st.beta;
      for (std::size_t j = 0; j < p; ++j) st.beta[j] += step[j];
    }
  }
  // Out of iterations: report the last accepted beta, as coxfit6.c does.
  st.iterations = o.max_iter;
  st.beta = beta;
  st.at_beta = evaluate(s, beta);
  ldl_decompose(st.at_beta.imat, p, o.toler_chol);
  return st;
}

// Coefficient status as coxph.fit decides it: a zero variance is a singular column; a
// Newton step still left, |U' V|, above eps and toler_inf |beta| an infinite estimate.
void classify(CoxResult& r, const std::vector<double>& u, const CoxOptions& o, bool check_inf) {
  const std::size_t p = r.coef.size();
  for (std::size_t j = 0; j < p; ++j) {
    double left = 0.0;
    for (std::size_t k = 0; k < p; ++k) left += u[k] * r.variance[k * p + j];
    left = std::abs(left);
    if (r.variance[j * p + j] == 0.0) {
      r.status[j] = CoefStatus::NotEstimable;
      r.coef[j] = r.se[j] = kNaN;
    } else if (check_inf && (!std::isfinite(u[j]) ||
                             (left > o.eps && left > o.toler_inf * std::abs(r.coef[j])))) {
      r.status[j] = CoefStatus::Infinite;
      r.coef[j] = std::copysign(kInf, r.coef[j]);
      r.se[j] = kNaN;
    }
  }
}

// coef' V^-1 coef over the estimable coefficients (coxph.wtest); NaN if one is infinite.
double wald_statistic(const CoxResult& r) {
  std::vector<std::size_t> kept;
  for (std::size_t j = 0; j < r.coef.size(); ++j) {
    if (r.status[j] == CoefStatus::Infinite) return kNaN;
    if (r.status[j] == CoefStatus::Estimated) kept.push_back(j);
  }
  const std::size_t k = kept.size();
  const std::size_t p = r.coef.size();
  std::vector<double> v(k * k);
  std::vector<double> b(k);
  for (std::size_t a = 0; a < k; ++a) {
    b[a] = r.coef[kept[a]];
    for (std::size_t c = 0; c < k; ++c) v[a * k + c] = r.variance[kept[a] * p + kept[c]];
  }
  std::vector<double> x = b;
  ldl_decompose(v, k, 1e-12);
  ldl_solve(v, k, x);
  return std::inner_product(x.begin(), x.end(), b.begin(), 0.0);
}

}  // namespace

CoxResult cox_fit(std::span<const double> time, std::span<const int> event,
                  std::span<const double> x, int p, const CoxOptions& options) {
  const auto pp = static_cast<std::size_t>(p);
  if (p < 1 || time.size() != event.size() || x.size() != time.size() * pp) {
    throw std::invalid_argument("cox_fit: inputs differ in length or p < 1");
  }
  if (std::any_of(event.begin(), event.end(), [](int e) { return e != 0 && e != 1; })) {
    throw std::invalid_argument("cox_fit: an event is not 0 or 1");
  }
  if (options.max_iter < 1) throw std::invalid_argument("cox_fit: max_iter < 1");
  if (std::count(event.begin(), event.end(), 1) == 0) {
    // No events: the partial likelihood is 1 whatever beta; nothing to estimate.
    CoxResult none;
    none.coef.assign(pp, kNaN);
    none.se.assign(pp, kNaN);
    none.variance.assign(pp * pp, kNaN);
    none.status.assign(pp, CoefStatus::NotEstimable);
    return none;
  }
  const Sorted s = sort_by_decreasing_time(time, event, x, pp);
  Evaluation at_zero = evaluate(s, std::vector<double>(pp, 0.0));
  CoxResult r;
  r.loglik_null = at_zero.loglik;
  NewtonState st = newton_raphson(s, std::move(at_zero), options, r.loglik_null);
  r.converged = st.converged;
  r.iterations = st.iterations;
  r.coef = st.beta;
  r.variance = ldl_inverse(st.at_beta.imat, pp);
  r.se.resize(pp);
  for (std::size_t j = 0; j < pp; ++j) r.se[j] = std::sqrt(r.variance[j * pp + j]);
  r.status.assign(pp, CoefStatus::Estimated);
  classify(r, st.at_beta.u, options, st.converged && options.max_iter > 1);
  const int df = static_cast<int>(std::count_if(r.status.begin(), r.status.end(), [](CoefStatus c) {
    return c != CoefStatus::NotEstimable;
  }));
  r.score = chi_square_test(st.score_test, df);
  if (!st.converged) {
    std::fill(r.coef.begin(), r.coef.end(), kNaN);
    std::fill(r.se.begin(), r.se.end(), kNaN);
    r.wald = {kNaN, df, kNaN};
    r.likelihood_ratio = {kNaN, df, kNaN};
    return r;
  }
  r.loglik = st.at_beta.loglik;
  r.wald = chi_square_test(wald_statistic(r), df);
  r.likelihood_ratio = chi_square_test(2.0 * (r.loglik - r.loglik_null), df);
  return r;
}

std::vector<double> dummy_coding(std::span<const int> group, int n_groups) {
  if (n_groups < 2) throw std::invalid_argument("dummy_coding: fewer than 2 groups");
  const auto p = static_cast<std::size_t>(n_groups - 1);
  std::vector<double> x(group.size() * p, 0.0);
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (group[i] < 0 || group[i] >= n_groups) {
      throw std::invalid_argument("dummy_coding: bad group code");
    }
    if (group[i] > 0) x[i * p + static_cast<std::size_t>(group[i] - 1)] = 1.0;
  }
  return x;
}

CoxTerm cox_term(const CoxResult& fit, int j, double level) {
  const auto k = static_cast<std::size_t>(j);
  CoxTerm t;
  t.status = fit.status.at(k);
  t.coef = fit.coef[k];
  t.se = fit.se[k];
  t.hazard_ratio = std::exp(t.coef);  // 0 or Inf when infinite, NaN when not estimable
  if (t.status != CoefStatus::Estimated || !fit.converged) return t;
  const boost::math::normal normal;
  const double q = boost::math::quantile(normal, (1.0 + level) / 2.0);
  t.lower = std::exp(t.coef - q * t.se);
  t.upper = std::exp(t.coef + q * t.se);
  t.z = t.coef / t.se;
  t.p_value = 2.0 * boost::math::cdf(normal, -std::abs(t.z));
  return t;
}

}  // namespace jisas::analysis
