#include "trial/assay.h"

#include <cmath>

#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

namespace jisas::trial {

AssayResult measure(const scenarios::AssaySpec& spec, double true_ratio,
                    engine::RandomEngine& rng) {
  AssayResult r;
  r.abl_copies = std::max(1.0, std::round(boost::random::lognormal_distribution<double>(
                                   std::log(spec.abl_copies_median), spec.abl_copies_sdlog)(rng)));
  // The lab measures the local ratio; the conversion factor maps it to the IS
  // (Hughes et al. 2006, Blood 108:28).
  const double mean = true_ratio / spec.conversion_factor * r.abl_copies;
  r.bcr_abl_copies =
      mean > 0.0 ? static_cast<double>(boost::random::poisson_distribution<long, double>(mean)(rng))
                 : 0.0;
  r.ratio = r.bcr_abl_copies / r.abl_copies * spec.conversion_factor;
  return r;
}

}  // namespace jisas::trial
