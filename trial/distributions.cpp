#include "trial/distributions.h"

#include <cmath>
#include <limits>

#include <boost/math/distributions/normal.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>

#include "engine/errors.h"

namespace jisas::trial {
namespace {

using Kind = Distribution::Kind;

double truncated_normal(const Distribution& d, RandomEngine& rng) {
  boost::random::normal_distribution<double> normal(d.mean, d.sd);
  for (int tries = 0; tries < 10000; ++tries) {
    const double x = normal(rng);
    if (x >= d.min && x <= d.max) return x;
  }
  internal_error("truncated normal: bounds exclude almost all mass (loader should reject)");
}

}  // namespace

double sample(const Distribution& d, RandomEngine& rng) {
  switch (d.kind) {
    case Kind::Fixed: return d.value;
    case Kind::Uniform: return boost::random::uniform_real_distribution<double>(d.min, d.max)(rng);
    case Kind::Normal: return truncated_normal(d, rng);
    case Kind::LogNormal:
      return boost::random::lognormal_distribution<double>(std::log(d.median), d.sdlog)(rng);
    case Kind::Weibull: return boost::random::weibull_distribution<double>(d.shape, d.scale)(rng);
    case Kind::PiecewiseExponential:
      return inverse_cumulative_hazard(d,
                                       boost::random::exponential_distribution<double>(1.0)(rng));
  }
  internal_error("unknown distribution kind");
}

double cumulative_hazard(const Distribution& d, double t) {
  if (t <= 0.0) return 0.0;
  switch (d.kind) {
    case Kind::Weibull: return std::pow(t / d.scale, d.shape);
    case Kind::LogNormal: {
      const double z = (std::log(t) - std::log(d.median)) / d.sdlog;
      return -std::log(boost::math::cdf(boost::math::complement(boost::math::normal(), z)));
    }
    case Kind::PiecewiseExponential: {
      double h = 0.0;
      double start = 0.0;
      for (std::size_t i = 0; i < d.rates.size(); ++i) {
        const double end =
            i < d.breaks.size() ? d.breaks[i] : std::numeric_limits<double>::infinity();
        h += d.rates[i] * (std::min(t, end) - start);
        if (t <= end) break;
        start = end;
      }
      return h;
    }
    default: internal_error("cumulative hazard needs weibull, lognormal or piecewise_exponential");
  }
}

double inverse_cumulative_hazard(const Distribution& d, double h) {
  if (h <= 0.0) return 0.0;
  switch (d.kind) {
    case Kind::Weibull: return d.scale * std::pow(h, 1.0 / d.shape);
    case Kind::LogNormal: {
      // S = exp(-h) = 1 - Phi(z): z = Phi^-1 of the upper tail exp(-h).
      if (std::exp(-h) == 0.0) return std::numeric_limits<double>::infinity();
      const double z =
          boost::math::quantile(boost::math::complement(boost::math::normal(), std::exp(-h)));
      return d.median * std::exp(d.sdlog * z);
    }
    case Kind::PiecewiseExponential: {
      double start = 0.0;
      for (std::size_t i = 0; i < d.rates.size(); ++i) {
        const double end =
            i < d.breaks.size() ? d.breaks[i] : std::numeric_limits<double>::infinity();
        if (d.rates[i] == 0.0 && std::isinf(end)) break;
        const double piece = d.rates[i] * (end - start);
        if (h <= piece) return d.rates[i] > 0.0 ? start + h / d.rates[i] : end;
        h -= piece;
        start = end;
      }
      return std::numeric_limits<double>::infinity();
    }
    default:
      internal_error("inverse cumulative hazard needs weibull, lognormal or piecewise_exponential");
  }
}

}  // namespace jisas::trial
