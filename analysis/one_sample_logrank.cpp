#include "analysis/one_sample_logrank.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>

namespace jisas::analysis {

HistoricalCurve::HistoricalCurve(std::span<const double> breaks, std::span<const double> rates)
    : breaks_(breaks.begin(), breaks.end()), rates_(rates.begin(), rates.end()) {
  if (rates_.size() != breaks_.size() + 1) {
    throw std::invalid_argument("historical curve: need one more rate than breaks");
  }
  for (std::size_t i = 0; i < breaks_.size(); ++i) {
    if (!(breaks_[i] > (i == 0 ? 0.0 : breaks_[i - 1]))) {
      throw std::invalid_argument("historical curve: breaks must increase from > 0");
    }
  }
  for (const double r : rates_) {
    if (!(r >= 0.0) || !std::isfinite(r)) throw std::invalid_argument("historical curve: bad rate");
  }
}

HistoricalCurve HistoricalCurve::exponential_through(double at, double survival) {
  if (!(at > 0.0) || !(survival > 0.0 && survival < 1.0)) {
    throw std::invalid_argument("historical curve: need at > 0 and survival in (0, 1)");
  }
  const double rate = -std::log(survival) / at;
  return HistoricalCurve({}, {&rate, 1});
}

double HistoricalCurve::cumulative_hazard(double t) const {
  double h = 0.0;
  double start = 0.0;
  for (std::size_t i = 0; i < rates_.size(); ++i) {
    const double end = i < breaks_.size() ? breaks_[i] : std::numeric_limits<double>::infinity();
    if (t <= start) break;
    h += rates_[i] * (std::min(t, end) - start);
    start = end;
  }
  return h;
}

double HistoricalCurve::survival(double t) const {
  return std::exp(-cumulative_hazard(t));
}

OneSampleLogRank one_sample_logrank(std::span<const double> time, std::span<const int> event,
                                    const HistoricalCurve& curve, Alternative alternative) {
  if (time.size() != event.size())
    throw std::invalid_argument("one-sample log-rank: lengths differ");
  OneSampleLogRank r;
  for (std::size_t i = 0; i < time.size(); ++i) {
    r.observed += event[i];
    r.expected += curve.cumulative_hazard(time[i]);
  }
  if (!(r.expected > 0.0)) {
    r.z = r.p_value = std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  r.z = (r.expected - r.observed) / std::sqrt(r.expected);
  const boost::math::normal normal;
  const double above = boost::math::cdf(boost::math::complement(normal, r.z));
  const double below = boost::math::cdf(normal, r.z);
  switch (alternative) {
    case Alternative::Greater: r.p_value = above; break;
    case Alternative::Less: r.p_value = below; break;
    case Alternative::TwoSided: r.p_value = std::min(1.0, 2.0 * std::min(above, below)); break;
  }
  return r;
}

}  // namespace jisas::analysis
