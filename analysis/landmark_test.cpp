#include "analysis/landmark_test.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>

namespace jisas::analysis {

LandmarkTest landmark_vs_historical(const SurvivalPoint& p, double null_rate,
                                    Alternative alternative) {
  if (!(null_rate > 0.0 && null_rate < 1.0)) {
    throw std::invalid_argument("landmark test: null rate must lie in (0, 1)");
  }
  constexpr double kInf = std::numeric_limits<double>::infinity();
  double z = 0.0;
  if (p.survival >= 1.0) {
    z = kInf;
  } else if (p.survival <= 0.0) {
    z = -kInf;
  } else {
    const double log_s = std::log(p.survival);
    const double se = (p.std_err / p.survival) / std::abs(log_s);  // delta method
    z = (std::log(-std::log(null_rate)) - std::log(-log_s)) / se;
  }
  return {z, normal_p_value(z, alternative)};
}

}  // namespace jisas::analysis
