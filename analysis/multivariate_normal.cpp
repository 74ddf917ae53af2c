#include "analysis/multivariate_normal.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <stdexcept>

#include <boost/container/small_vector.hpp>
#include <boost/math/special_functions/erf.hpp>

namespace jisas::analysis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// A conditional variance at or below this is zero: the variable is a linear combination of
// those already placed. mvtdst uses 1e-10; 1e-12 keeps the error of treating a tiny residual
// spread as none (at most about phi(0) * 1e-6 = 4e-7) under the default tolerance, while
// staying far above the ~1e-15 rounding of the Schur complements.
constexpr double kSingularVariance = 1e-12;
// A conditional variance below this means R is not positive semi-definite.
constexpr double kNotPsdVariance = -1e-10;
constexpr double kMatrixTolerance = 1e-12;  // symmetry and unit diagonal of R
// The error estimate comes from the spread over a few random shifts (Genz & Bretz 2009,
// chapter 4); 12 give a usable standard error at little cost.
constexpr std::size_t kShifts = 12;
constexpr std::size_t kFirstPoints = 1u << 7;             // per shift, before the first error check
constexpr std::size_t kMaxPoints = std::size_t{1} << 17;  // per shift: the work cap
constexpr std::uint64_t kSeed = 0x6a09e667f3bcc908;       // fixed: results are reproducible

// Phi(x), accurate in the lower tail (std::erfc has full relative accuracy there).
double normal_cdf(double x) {
  return 0.5 * std::erfc(-x * std::numbers::sqrt2 * 0.5);
}

double normal_density(double x) {
  return std::isinf(x)
             ? 0.0
             : std::exp(-0.5 * x * x) * 0.5 * std::numbers::inv_sqrtpi * std::numbers::sqrt2;
}

// Phi^-1(p) by Wichura's rational approximations (1988, Appl Stat 37:477, algorithm AS 241,
// PPND16: relative accuracy about 1e-16), several times faster than boost's erfc_inv, which
// matters: it is evaluated d - 1 times per integrand point. p is clamped into (0, 1) so
// draws stay finite.
double rational(const std::array<double, 8>& num, const std::array<double, 8>& den, double r) {
  double n = num[7], d = den[7];
  for (int i = 6; i >= 0; --i) {
    n = n * r + num[static_cast<std::size_t>(i)];
    d = d * r + den[static_cast<std::size_t>(i)];
  }
  return n / d;
}

double normal_quantile(double p) {
  static constexpr std::array<double, 8> a = {3.3871328727963666080e0, 1.3314166789178437745e2,
                                              1.9715909503065514427e3, 1.3731693765509461125e4,
                                              4.5921953931549871457e4, 6.7265770927008700853e4,
                                              3.3430575583588128105e4, 2.5090809287301226727e3};
  static constexpr std::array<double, 8> b = {1.0,
                                              4.2313330701600911252e1,
                                              6.8718700749205790830e2,
                                              5.3941960214247511077e3,
                                              2.1213794301586595867e4,
                                              3.9307895800092710610e4,
                                              2.8729085735721942674e4,
                                              5.2264952788528545610e3};
  static constexpr std::array<double, 8> c = {1.42343711074968357734e0,  4.63033784615654529590e0,
                                              5.76949722146069140550e0,  3.64784832476320460504e0,
                                              1.27045825245236838258e0,  2.41780725177450611770e-1,
                                              2.27238449892691845833e-2, 7.74545014278341407640e-4};
  static constexpr std::array<double, 8> d = {1.0,
                                              2.05319162663775882187e0,
                                              1.67638483018380384940e0,
                                              6.89767334985100004550e-1,
                                              1.48103976427480074590e-1,
                                              1.51986665636164571966e-2,
                                              5.47593808499534494600e-4,
                                              1.05075007164441684324e-9};
  static constexpr std::array<double, 8> e = {6.65790464350110377720e0,  5.46378491116411436990e0,
                                              1.78482653991729133580e0,  2.96560571828504891230e-1,
                                              2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                              2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static constexpr std::array<double, 8> f = {1.0,
                                              5.99832206555887937690e-1,
                                              1.36929880922735805310e-1,
                                              1.48753612908506148525e-2,
                                              7.86869131145613259100e-4,
                                              1.84631831751005468180e-5,
                                              1.42151175831644588870e-7,
                                              2.04426310338993978564e-15};
  p = std::clamp(p, 1e-300, std::nextafter(1.0, 0.0));
  const double q = p - 0.5;
  if (std::abs(q) <= 0.425) return q * rational(a, b, 0.180625 - q * q);
  double r = std::sqrt(-std::log(q < 0.0 ? p : 1.0 - p));
  const double x = r <= 5.0 ? rational(c, d, r - 1.6) : rational(e, f, r - 5.0);
  return q < 0.0 ? -x : x;
}

// The normal mass of [lo, hi] and the inverse-CDF map onto it. Intervals in the upper tail
// are mirrored so both Phi and Phi^-1 work in the lower tail, where they are accurate.
struct Mass {
  double from = 0.0;  // Phi(lo), or 1 - Phi(hi) when mirrored
  double mass = 0.0;
  bool mirrored = false;
};

Mass interval_mass(double lo, double hi) {
  if (lo > 0.0) {
    const double from = normal_cdf(-hi);
    return {from, normal_cdf(-lo) - from, true};
  }
  const double from = normal_cdf(lo);
  return {from, normal_cdf(hi) - from, false};
}

// The point of [lo, hi] at normal-probability fraction w (Genz 1992, equation 3's
// y_i = Phi^-1(d_i + w_i (e_i - d_i))).
double draw(const Mass& m, double w) {
  if (m.mirrored) return -normal_quantile(m.from + (1.0 - w) * m.mass);
  return normal_quantile(m.from + w * m.mass);
}

// E[Y | lo <= Y <= hi] for Y ~ N(0, 1): the value Genz & Bretz (2009, section 4.1.3) give
// each placed variable when choosing the next one. For a negligible mass, the finite end
// or the midpoint (as mvtdst).
double truncated_mean(double lo, double hi) {
  const double mass = interval_mass(lo, hi).mass;
  if (mass > 1e-290) return (normal_density(lo) - normal_density(hi)) / mass;
  if (std::isinf(lo)) return hi;
  if (std::isinf(hi)) return lo;
  return 0.5 * (lo + hi);
}

void validate_bounds(std::span<const double> lower, std::span<const double> upper) {
  if (lower.empty() || lower.size() != upper.size())
    throw std::invalid_argument(
        "mvn_probability: lower and upper must have the same, nonzero size");
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (std::isnan(lower[i]) || std::isnan(upper[i]))
      throw std::invalid_argument("mvn_probability: a bound is NaN");
    if (lower[i] > upper[i]) throw std::invalid_argument("mvn_probability: lower > upper");
  }
}

void validate_correlation(const std::vector<std::vector<double>>& r, std::size_t n) {
  if (r.size() != n)
    throw std::invalid_argument("mvn_probability: correlation size != bounds size");
  for (std::size_t i = 0; i < n; ++i) {
    if (r[i].size() != n) throw std::invalid_argument("mvn_probability: correlation is not square");
    if (!(std::abs(r[i][i] - 1.0) <= kMatrixTolerance))
      throw std::invalid_argument("mvn_probability: correlation diagonal must be 1");
    for (std::size_t j = 0; j < i; ++j) {
      if (!(std::abs(r[i][j]) <= 1.0 + kMatrixTolerance) ||
          !(std::abs(r[i][j] - r[j][i]) <= kMatrixTolerance))
        throw std::invalid_argument(
            "mvn_probability: correlation must be symmetric with entries in [-1, 1]");
    }
  }
}

// Per-variable values in place for up to 17 variables (the most the lattice integrates),
// on the heap beyond: a MaxCombo test's p-value allocates nothing per simulated cohort.
constexpr std::size_t kInPlace = 17;
template <class T>
using PerVariable = boost::container::small_vector<T, kInPlace>;

// One row of the reordered Cholesky factor, scaled so its coefficient on its own variable y_k
// is 1 (Genz & Bretz 2009, section 4.1.3): lower <= y_k + sum_{l<k} coef[l] y_l <= upper.
// A singular row is attached to the last variable it depends on, so several rows may share k.
struct Constraint {
  std::size_t column = 0;
  PerVariable<double> coef;  // coef.size() == column
  double lower = -kInf;
  double upper = kInf;
};

struct Factor {
  PerVariable<Constraint> rows;  // ordered by column
  std::size_t dimension = 0;     // number of integration variables y_0 .. y_{m-1}
  Mass first;                    // y_0's interval is fixed: computed once
  std::size_t first_rows = 0;    // rows on column 0
};

using RowIterator = PerVariable<Constraint>::const_iterator;

// The interval of y_k allowed by all its rows given y_0 .. y_{k-1} (Genz 1992, section 2:
// d_k, e_k), with `row` advanced past them; zero mass if the rows contradict each other.
Mass conditional_mass(RowIterator& row, RowIterator end, std::size_t k, std::span<const double> y) {
  double lo = -kInf, hi = kInf;
  for (; row != end && row->column == k; ++row) {
    double s = 0.0;
    for (std::size_t l = 0; l < k; ++l) s += row->coef[l] * y[l];
    lo = std::max(lo, row->lower - s);
    hi = std::min(hi, row->upper - s);
  }
  return lo < hi ? interval_mass(lo, hi) : Mass{};
}

// The pivoted Cholesky decomposition in progress, indexed by the original variables.
struct Decomposition {
  std::span<const double> lower, upper;
  PerVariable<PerVariable<double>> schur;  // R minus the placed columns' contribution
  PerVariable<PerVariable<double>> chol;   // chol[i][k]: coefficient of y_k in Z_i
  PerVariable<double> y;                   // expected values of the placed variables
  PerVariable<std::size_t> remaining;      // variables not yet placed
};

double placed_mean(const Decomposition& d, std::size_t i, std::size_t columns) {
  double s = 0.0;
  for (std::size_t k = 0; k < columns; ++k) s += d.chol[i][k] * d.y[k];
  return s;
}

Constraint scaled_row(const Decomposition& d, std::size_t i, std::size_t column, double scale) {
  Constraint c{column, PerVariable<double>(column), d.lower[i] / scale, d.upper[i] / scale};
  for (std::size_t k = 0; k < column; ++k) c.coef[k] = d.chol[i][k] / scale;
  if (scale < 0.0) std::swap(c.lower, c.upper);
  return c;
}

// Rows whose conditional variance vanished once `column` variables were placed depend on
// y_0 .. y_{column-1} only: each becomes a constraint on y_{column-1}, scaled by its (nonzero,
// since the variance was positive a step earlier) coefficient there.
void attach_singular_rows(Decomposition& d, std::size_t column, Factor& f) {
  const auto singular = std::remove_if(d.remaining.begin(), d.remaining.end(), [&](std::size_t i) {
    const double variance = d.schur[i][i];
    if (variance < kNotPsdVariance)
      throw std::invalid_argument("mvn_probability: correlation is not positive semi-definite");
    if (variance > kSingularVariance) return false;
    f.rows.push_back(scaled_row(d, i, column - 1, d.chol[i][column - 1]));
    return true;
  });
  d.remaining.erase(singular, d.remaining.end());
}

// Genz & Bretz (2009, section 4.1.3): place next the variable whose conditional interval has
// the smallest probability given the expected values of those already placed.
std::size_t narrowest(const Decomposition& d, std::size_t column, double& lo, double& hi) {
  std::size_t best = 0;
  double best_mass = kInf;
  for (std::size_t pos = 0; pos < d.remaining.size(); ++pos) {
    const std::size_t i = d.remaining[pos];
    const double sd = std::sqrt(d.schur[i][i]);
    const double mean = placed_mean(d, i, column);
    const double a = (d.lower[i] - mean) / sd, b = (d.upper[i] - mean) / sd;
    const double mass = interval_mass(a, b).mass;
    if (mass < best_mass) best = pos, best_mass = mass, lo = a, hi = b;
  }
  return best;
}

// One step of the outer-product Cholesky decomposition with the pivot in position pos.
void place(Decomposition& d, std::size_t pos, std::size_t column, double lo, double hi, Factor& f) {
  const std::size_t p = d.remaining[pos];
  d.remaining.erase(d.remaining.begin() + static_cast<std::ptrdiff_t>(pos));
  const double sd = std::sqrt(d.schur[p][p]);
  d.chol[p][column] = sd;
  for (std::size_t i : d.remaining) d.chol[i][column] = d.schur[i][p] / sd;
  for (std::size_t i : d.remaining)
    for (std::size_t j : d.remaining) d.schur[i][j] -= d.chol[i][column] * d.chol[j][column];
  d.y.push_back(truncated_mean(lo, hi));
  f.rows.push_back(scaled_row(d, p, column, sd));
}

Factor factorize(std::span<const double> lower, std::span<const double> upper,
                 const std::vector<std::vector<double>>& r) {
  const std::size_t n = lower.size();
  Decomposition d{lower, upper, {}, PerVariable<PerVariable<double>>(n, PerVariable<double>(n)),
                  {},    {}};
  d.schur.resize(n);
  for (std::size_t i = 0; i < n; ++i) d.schur[i].assign(r[i].begin(), r[i].end());
  // A variable bounded by (-inf, inf) integrates to 1 (Genz 1992 drops it too).
  for (std::size_t i = 0; i < n; ++i)
    if (lower[i] > -kInf || upper[i] < kInf) d.remaining.push_back(i);
  Factor f;
  for (std::size_t column = 0; !d.remaining.empty(); ++column) {
    if (column > 0) attach_singular_rows(d, column, f);
    if (d.remaining.empty()) break;
    double lo = 0.0, hi = 0.0;
    const std::size_t pos = narrowest(d, column, lo, hi);
    place(d, pos, column, lo, hi, f);
    f.dimension = column + 1;
  }
  // Stable by column: an insertion sort, since std::stable_sort takes a heap buffer and
  // there are at most as many rows as variables.
  for (std::size_t i = 1; i < f.rows.size(); ++i) {
    for (std::size_t j = i; j > 0 && f.rows[j].column < f.rows[j - 1].column; --j)
      std::swap(f.rows[j], f.rows[j - 1]);
  }
  RowIterator row = f.rows.begin();
  f.first = conditional_mass(row, f.rows.end(), 0, {});
  f.first_rows = static_cast<std::size_t>(row - f.rows.begin());
  return f;
}

// Genz (1992, section 2): f(w) = prod_k (e_k - d_k), the conditional interval probabilities,
// with y_k drawn from the k-th interval at fraction w_k. The last variable needs no draw, so
// the integral is over m - 1 dimensions (m >= 2 here).
double integrand(const Factor& f, std::span<const double> w, std::span<double> y) {
  double product = f.first.mass;
  if (!(product > 0.0)) return 0.0;
  y[0] = draw(f.first, w[0]);
  RowIterator row = f.rows.begin() + static_cast<std::ptrdiff_t>(f.first_rows);
  for (std::size_t k = 1; k < f.dimension; ++k) {
    const Mass m = conditional_mass(row, f.rows.end(), k, y);
    product *= m.mass;
    if (!(product > 0.0)) return 0.0;
    if (k + 1 < f.dimension) y[k] = draw(m, w[k]);
  }
  return product;
}

// splitmix64 (Steele, Lea & Flood 2014): a tiny, fixed-seed source of the random shifts.
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

// An embedded rank-1 lattice sequence in base 2 (Cools, Kuo & Nuyens 2006, SIAM J Sci Comput
// 28:2162): in radical-inverse order its first 2^m points are the lattice {k z / 2^m}, so
// doubling the points keeps all earlier ones. Lattice rules with the baker's transform
// converge almost like 1/N^2 on smooth integrands (Hickernell 2002, in "Monte Carlo and
// Quasi-Monte Carlo Methods 2000", 274). The generating vector z was built component by
// component for 2^10 to 2^17 points and up to 16 dimensions by scripts/mvn_lattice_search.cpp
// (product weights 1/j, the worst-case error summed over the sizes). Published vectors for
// hundreds of dimensions (Nuyens' latticeseq_b2) stalled for several doublings on 3-D MaxCombo
// integrands, and Richtmyer's sqrt-of-primes sequence needed ~8x the points.
constexpr std::array<std::uint64_t, 16> kLatticeGenerator = {
    1,     75447, 11789, 28543, 90189, 126449, 1087,  128447,
    98927, 18527, 71177, 48593, 37465, 97959,  13643, 124613};
constexpr unsigned kLatticeBits = 17;  // the sequence holds 2^17 points
constexpr std::size_t kMaxVariables = kLatticeGenerator.size() + 1;

std::uint64_t radical_inverse(std::uint64_t k) {
  std::uint64_t r = 0;
  for (unsigned b = 0; b < kLatticeBits; ++b, k >>= 1) r = (r << 1) | (k & 1);
  return r;
}

using Shifts = std::array<PerVariable<double>, kShifts>;

Shifts random_shifts(std::size_t dimension) {
  Shifts shifts;
  std::uint64_t state = kSeed;
  for (auto& shift : shifts) {
    shift.resize(dimension);
    for (double& u : shift) u = static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53;
  }
  return shifts;
}

// The k-th point of one shifted lattice, periodised by the baker's (tent) transform
// w = |2x - 1| (Hickernell 2002). Genz & Bretz's antithetic twin 1 - w would add nothing: the
// lattice holds (1/2, ..., 1/2) (z is odd), so it is closed under x -> x + 1/2, which maps w
// to 1 - w.
double lattice_value(const Factor& f, std::span<const double> shift, std::uint64_t k,
                     PerVariable<double>& w, PerVariable<double>& y) {
  const std::uint64_t j = radical_inverse(k);
  for (std::size_t d = 0; d < w.size(); ++d) {
    const std::uint64_t num = (j * kLatticeGenerator[d]) & ((std::uint64_t{1} << kLatticeBits) - 1);
    double x = std::ldexp(static_cast<double>(num), -static_cast<int>(kLatticeBits)) + shift[d];
    if (x >= 1.0) x -= 1.0;
    w[d] = std::abs(2.0 * x - 1.0);
  }
  return integrand(f, {w.data(), w.size()}, {y.data(), y.size()});
}

// Randomised QMC: the lattice is extensible (points 0, 1, ...), so each round doubles the
// points of every shift and keeps the sums; the spread of the per-shift means gives the
// standard error.
double integrate(const Factor& f, double abs_tolerance) {
  const Shifts shifts = random_shifts(f.dimension - 1);
  PerVariable<double> w(f.dimension - 1), y(f.dimension);
  std::array<double, kShifts> sums{};
  double mean = 0.0;
  for (std::size_t done = 0, target = kFirstPoints; done < kMaxPoints; target *= 2) {
    for (std::size_t s = 0; s < kShifts; ++s)
      for (std::size_t k = done; k < target; ++k)
        sums[s] += lattice_value(f, {shifts[s].data(), shifts[s].size()}, k, w, y);
    done = target;
    double sum = 0.0, squares = 0.0;
    for (double v : sums) sum += v / static_cast<double>(done);
    mean = sum / kShifts;
    for (double v : sums) squares += std::pow(v / static_cast<double>(done) - mean, 2);
    const double standard_error = std::sqrt(squares / (kShifts * (kShifts - 1)));
    if (standard_error <= abs_tolerance / 3.0) break;
  }
  return std::clamp(mean, 0.0, 1.0);
}

}  // namespace

double mvn_probability(std::span<const double> lower, std::span<const double> upper,
                       const std::vector<std::vector<double>>& correlation, double abs_tolerance) {
  validate_bounds(lower, upper);
  validate_correlation(correlation, lower.size());
  if (!(abs_tolerance > 0.0))
    throw std::invalid_argument("mvn_probability: abs_tolerance must be positive");
  const Factor f = factorize(lower, upper, correlation);
  if (f.dimension > kMaxVariables)
    throw std::invalid_argument("mvn_probability: more than 17 variables with finite bounds");
  if (f.dimension == 0) return 1.0;           // no finite bound at all
  if (f.dimension == 1) return f.first.mass;  // exact: every row constrains y_0 alone
  return integrate(f, abs_tolerance);
}

double mvn_upper_max_p_value(double z_max, const std::vector<std::vector<double>>& correlation,
                             double abs_tolerance) {
  const PerVariable<double> lower(correlation.size(), -kInf);
  const PerVariable<double> upper(correlation.size(), z_max);
  return 1.0 - mvn_probability({lower.data(), lower.size()}, {upper.data(), upper.size()},
                               correlation, abs_tolerance);
}

double mvn_two_sided_max_p_value(double abs_z_max,
                                 const std::vector<std::vector<double>>& correlation,
                                 double abs_tolerance) {
  if (!(abs_z_max >= 0.0))
    throw std::invalid_argument("mvn_two_sided_max_p_value: abs_z_max must be >= 0");
  const PerVariable<double> lower(correlation.size(), -abs_z_max);
  const PerVariable<double> upper(correlation.size(), abs_z_max);
  return 1.0 - mvn_probability({lower.data(), lower.size()}, {upper.data(), upper.size()},
                               correlation, abs_tolerance);
}

}  // namespace jisas::analysis
