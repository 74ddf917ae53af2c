#include "analysis/sample_size.h"

#include <cmath>
#include <stdexcept>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>

namespace jisas::analysis {
namespace {

double z(double p) {
  return boost::math::quantile(boost::math::normal(), p);
}

// z(1 - p), from the upper tail: exact for any p in (0, 1), where 1 - p would round to 1
// below 1e-16 (an alpha of 1e-20 is a valid scenario; found by fuzz_summary).
double z_upper(double p) {
  return boost::math::quantile(boost::math::complement(boost::math::normal(), p));
}

double upper_tail(int c, int n, double p) {  // P(X >= c)
  if (c <= 0) return 1.0;
  if (c > n) return 0.0;
  return boost::math::cdf(boost::math::complement(boost::math::binomial(n, p), c - 1));
}

}  // namespace

int exact_binomial_critical_value(int n, double p0, double alpha) {
  if (n < 1 || !(p0 > 0.0 && p0 < 1.0) || !(alpha > 0.0 && alpha < 1.0)) {
    throw std::invalid_argument("exact binomial design: need n >= 1, p0 and alpha in (0, 1)");
  }
  int c = 0;
  while (upper_tail(c, n, p0) > alpha) ++c;
  return c;
}

double exact_binomial_power(int n, double p0, double p1, double alpha) {
  return upper_tail(exact_binomial_critical_value(n, p0, alpha), n, p1);
}

int exact_binomial_sample_size(double p0, double p1, double alpha, double target, int n_max) {
  for (int n = 1; n <= n_max; ++n) {
    if (exact_binomial_power(n, p0, p1, alpha) >= target) return n;
  }
  return -1;
}

double schoenfeld_events(double hr, double alpha, double power, double allocation) {
  if (!(hr > 0.0) || hr == 1.0)
    throw std::invalid_argument("Schoenfeld: hazard ratio must be > 0 and != 1");
  const double sum = z_upper(alpha / 2.0) + z(power);
  return sum * sum / (allocation * (1.0 - allocation) * std::log(hr) * std::log(hr));
}

int landmark_loglog_sample_size(double s0, double s1, double alpha, double power) {
  if (!(s0 > 0.0 && s0 < s1 && s1 < 1.0))
    throw std::invalid_argument("landmark log-log: need 0 < S0 < S1 < 1");
  const auto sigma = [](double s) { return std::sqrt((1.0 - s) / s) / std::abs(std::log(s)); };
  const double delta = std::log(-std::log(s0)) - std::log(-std::log(s1));
  const double root = (z_upper(alpha) + z(power)) * sigma(s1) / delta;
  return static_cast<int>(std::ceil(root * root));
}

double one_sample_logrank_null_events(double delta, double alpha, double power) {
  if (!(delta > 0.0 && delta < 1.0))
    throw std::invalid_argument("one-sample log-rank: need 0 < delta < 1");
  const double num = z_upper(alpha) + std::sqrt(delta) * z(power);
  return num * num / ((1.0 - delta) * (1.0 - delta));
}

double one_sample_logrank_events_per_patient(double lambda0, double lambda1, double accrual,
                                             double follow_up) {
  const double a = accrual;
  const double f = follow_up;
  const double censored_part =
      (std::exp(-lambda1 * f) - std::exp(-lambda1 * (a + f))) / (lambda1 * a);
  return lambda0 / lambda1 * (1.0 - censored_part);
}

}  // namespace jisas::analysis
