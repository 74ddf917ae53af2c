#include "analysis/binomial.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/special_functions/beta.hpp>

namespace jisas::analysis {
namespace {

using boost::math::binomial;

// P(X <= q), with the degenerate p = 0 (X = 0) and p = 1 (X = n) handled directly.
double pbinom_lower(double q, const binomial& dist) {
  if (q < 0.0) return 0.0;
  if (q >= dist.trials()) return 1.0;
  if (dist.success_fraction() == 0.0) return 1.0;
  if (dist.success_fraction() == 1.0) return 0.0;
  return boost::math::cdf(dist, q);
}

// P(X > q), computed directly rather than as 1 - P(X <= q) to keep small tails exact.
double pbinom_upper(double q, const binomial& dist) {
  if (q < 0.0) return 1.0;
  if (q >= dist.trials()) return 0.0;
  if (dist.success_fraction() == 0.0) return 0.0;
  if (dist.success_fraction() == 1.0) return 1.0;
  return boost::math::cdf(boost::math::complement(dist, q));
}

// R's two-sided rule (stats:::binom.test): sum the probabilities of all outcomes no
// more likely than the observed one, with a relative tolerance of 1e-7.
double two_sided_p(int x, int n, const binomial& dist) {
  const double p0 = dist.success_fraction();
  if (p0 == 0.0) return x == 0 ? 1.0 : 0.0;
  if (p0 == 1.0) return x == n ? 1.0 : 0.0;
  const double rel_err = 1.0 + 1e-7;
  const double d = boost::math::pdf(dist, x) * rel_err;
  const double m = n * p0;
  if (static_cast<double>(x) == m) return 1.0;
  int y = 0;
  double p = 0.0;
  if (x < m) {
    for (int i = static_cast<int>(std::ceil(m)); i <= n; ++i) y += boost::math::pdf(dist, i) <= d;
    p = pbinom_lower(x, dist) + pbinom_upper(n - y, dist);
  } else {
    for (int i = 0; i <= static_cast<int>(std::floor(m)); ++i) y += boost::math::pdf(dist, i) <= d;
    p = pbinom_lower(y - 1, dist) + pbinom_upper(x - 1, dist);
  }
  return std::min(1.0, p);
}

double clopper_pearson_lower(int x, int n, double alpha) {
  return x == 0 ? 0.0 : boost::math::ibeta_inv(x, n - x + 1, alpha);
}

double clopper_pearson_upper(int x, int n, double alpha) {
  return x == n ? 1.0 : boost::math::ibeta_inv(x + 1, n - x, 1.0 - alpha);
}

}  // namespace

BinomialResult binomial_test(int x, int n, double p0, Alternative alternative, double conf_level) {
  if (n < 1 || x < 0 || x > n)
    throw std::invalid_argument("binomial test: need 0 <= x <= n, n >= 1");
  if (!(p0 >= 0.0 && p0 <= 1.0)) throw std::invalid_argument("binomial test: p must lie in [0, 1]");
  if (!(conf_level > 0.0 && conf_level < 1.0)) {
    throw std::invalid_argument("binomial test: confidence level must lie in (0, 1)");
  }
  const binomial dist(n, p0);
  BinomialResult result;
  result.estimate = static_cast<double>(x) / n;
  switch (alternative) {
    case Alternative::Less:
      result.p_value = pbinom_lower(x, dist);
      result.lower = 0.0;
      result.upper = clopper_pearson_upper(x, n, 1.0 - conf_level);
      break;
    case Alternative::Greater:
      result.p_value = pbinom_upper(x - 1, dist);
      result.lower = clopper_pearson_lower(x, n, 1.0 - conf_level);
      result.upper = 1.0;
      break;
    case Alternative::TwoSided: {
      result.p_value = two_sided_p(x, n, dist);
      const double alpha = (1.0 - conf_level) / 2.0;
      result.lower = clopper_pearson_lower(x, n, alpha);
      result.upper = clopper_pearson_upper(x, n, alpha);
      break;
    }
  }
  return result;
}

}  // namespace jisas::analysis
