#include "trial/population.h"

#include <algorithm>

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "engine/errors.h"
#include "trial/distributions.h"

namespace jisas::trial {
namespace {

int sample_sokal(const scenarios::PopulationSpec& spec, engine::RandomEngine& rng) {
  const double u = boost::random::uniform_01<double>()(rng);
  if (u < spec.sokal_low) return 0;
  if (u < spec.sokal_low + spec.sokal_intermediate) return 1;
  return 2;
}

}  // namespace

Covariates sample_demographics(const scenarios::PopulationSpec& spec, engine::RandomEngine& rng) {
  Covariates c;
  c.age_years = sample(spec.age_years, rng);
  c.sokal = sample_sokal(spec, rng);
  c.prior_ifn = boost::random::bernoulli_distribution<double>(spec.prior_ifn)(rng);
  return c;
}

Covariates sample_eligible_patient(const scenarios::PopulationSpec& spec,
                                   engine::RandomEngine& rng) {
  constexpr int kMaxTries = 10000;
  for (int tries = 0; tries < kMaxTries; ++tries) {
    Covariates c = sample_demographics(spec, rng);
    c.cmr_duration = sample(spec.cmr_duration, rng);
    c.mmr_duration = c.cmr_duration + sample(spec.mmr_before_cmr, rng);
    c.im_duration = c.mmr_duration + sample(spec.time_to_mmr, rng);
    if (c.mmr_duration >= spec.min_mmr_duration) return c;
  }
  throw InputError(
      "population: fewer than 1 in 10000 simulated patients meet the eligibility rule "
      "(MMR for at least min_mmr_duration); lengthen cmr_duration or mmr_before_cmr");
}

std::vector<int> assign_arms(int n, int block, engine::RandomEngine& rng) {
  std::vector<int> arms(static_cast<std::size_t>(n), 1);
  if (block <= 0) return arms;
  std::vector<int> pattern(static_cast<std::size_t>(block));
  for (int start = 0; start < n; start += block) {
    for (int i = 0; i < block; ++i) pattern[static_cast<std::size_t>(i)] = i % 2;
    // Fisher-Yates with Boost.Random (std::shuffle's draws differ between libraries).
    for (int i = block - 1; i > 0; --i) {
      const int j = boost::random::uniform_int_distribution<int>(0, i)(rng);
      std::swap(pattern[static_cast<std::size_t>(i)], pattern[static_cast<std::size_t>(j)]);
    }
    for (int i = 0; i < block && start + i < n; ++i) {
      arms[static_cast<std::size_t>(start + i)] = pattern[static_cast<std::size_t>(i)];
    }
  }
  return arms;
}

std::vector<double> sample_entry_days(const scenarios::AccrualSpec& spec, int n,
                                      engine::RandomEngine& rng) {
  std::vector<double> days(static_cast<std::size_t>(n));
  if (spec.kind == scenarios::AccrualSpec::Kind::Window) {
    boost::random::uniform_real_distribution<double> uniform(0.0, spec.window_days);
    for (double& d : days) d = uniform(rng);
    std::sort(days.begin(), days.end());
  } else {
    boost::random::exponential_distribution<double> gap(spec.rate_per_day);
    double t = 0.0;
    for (double& d : days) d = (t += gap(rng));
  }
  return days;
}

}  // namespace jisas::trial
