#include "analysis/alternative.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/distributions/normal.hpp>

namespace jisas::analysis {

std::optional<Alternative> parse_alternative(std::string_view text) {
  if (text == "two.sided") return Alternative::TwoSided;
  if (text == "less") return Alternative::Less;
  if (text == "greater") return Alternative::Greater;
  return std::nullopt;
}

std::string_view to_string(Alternative alternative) {
  switch (alternative) {
    case Alternative::TwoSided: return "two.sided";
    case Alternative::Less: return "less";
    case Alternative::Greater: return "greater";
  }
  return "two.sided";
}

double normal_p_value(double z, Alternative alternative) {
  const boost::math::normal normal;
  const auto upper = [&](double x) {
    return std::isinf(x) ? (x > 0 ? 0.0 : 1.0)
                         : boost::math::cdf(boost::math::complement(normal, x));
  };
  switch (alternative) {
    case Alternative::Greater: return upper(z);
    case Alternative::Less: return upper(-z);
    case Alternative::TwoSided: return std::min(1.0, 2.0 * upper(std::abs(z)));
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace jisas::analysis
