#include "trial/population.h"

#include <algorithm>
#include <array>
#include <limits>

#include <boost/container/small_vector.hpp>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "analysis/radix_sort.h"
#include "engine/errors.h"
#include "trial/distributions.h"

namespace jisas::trial {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
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
    c.draws = tries + 1;
    if (c.mmr_duration >= spec.min_mmr_duration && c.cmr_duration >= spec.min_deep_duration)
      return c;
  }
  throw InputError(
      "population: fewer than 1 in 10000 simulated patients meet the eligibility rule "
      "(population.min_mmr_duration, population.min_deep_duration); lengthen cmr_duration or "
      "mmr_before_cmr, or relax the rule");
}

namespace {

// A block's slots: in place up to 16 (permuted blocks are a handful of patients), so a
// cohort's randomization allocates nothing.
using Block = boost::container::small_vector<int, 16>;

// A permuted block: e experimental and c control slots per e + c, shuffled (for 1:1 the
// unshuffled block alternates 0, 1, as the allocation has always been built).
void shuffle_block(const scenarios::RandomizationSpec& spec, Block& block,
                   engine::RandomEngine& rng) {
  const int unit = spec.experimental + spec.control;
  block.resize(static_cast<std::size_t>(spec.block_size));
  for (int i = 0; i < spec.block_size; ++i)
    block[static_cast<std::size_t>(i)] = i % unit < spec.control ? 0 : 1;
  // Fisher-Yates with Boost.Random (std::shuffle's draws differ between libraries).
  for (int i = spec.block_size - 1; i > 0; --i) {
    const int j = boost::random::uniform_int_distribution<int>(0, i)(rng);
    std::swap(block[static_cast<std::size_t>(i)], block[static_cast<std::size_t>(j)]);
  }
}

constexpr std::size_t kMaxStrata = 3;  // the categories of the stratifying covariates

// Each stratum draws its next block when its current one is used up, in enrolment order.
void permuted_blocks(const scenarios::RandomizationSpec& spec, const std::vector<int>& strata,
                     engine::RandomEngine& rng, std::vector<int>& arms) {
  // One block sequence per stratum (Sokal 0-2 or prior IFN 0-1): the current block and
  // its next slot; a fixed array, so a cohort allocates no map nodes.
  struct Sequence {
    Block block;
    std::size_t next = 0;
  };
  std::array<Sequence, kMaxStrata> sequences;
  for (std::size_t i = 0; i < arms.size(); ++i) {
    auto& [block, next] = sequences.at(strata.empty() ? 0 : static_cast<std::size_t>(strata[i]));
    if (next == block.size()) {
      shuffle_block(spec, block, rng);
      next = 0;
    }
    arms[i] = block[next++];
  }
}

}  // namespace

void assign_arms(int n, const scenarios::RandomizationSpec& spec, const std::vector<int>& strata,
                 engine::RandomEngine& rng, std::vector<int>& arms) {
  using Method = scenarios::RandomizationSpec::Method;
  arms.assign(static_cast<std::size_t>(n), 1);
  if (spec.method == Method::PermutedBlocks) {
    permuted_blocks(spec, strata, rng, arms);
  } else if (spec.method == Method::Simple) {
    const double p = static_cast<double>(spec.experimental) / (spec.experimental + spec.control);
    boost::random::bernoulli_distribution<double> experimental(p);
    for (int& arm : arms) arm = experimental(rng) ? 1 : 0;
  }
}

std::vector<int> assign_arms(int n, const scenarios::RandomizationSpec& spec,
                             const std::vector<int>& strata, engine::RandomEngine& rng) {
  std::vector<int> arms;
  assign_arms(n, spec, strata, rng, arms);
  return arms;
}

namespace {

// Arrivals of a Poisson process with piecewise constant rates, by inverting the
// cumulative rate: each gap is a unit exponential of cumulative rate (Cinlar 1975).
void piecewise_poisson_entries(const scenarios::AccrualSpec& spec, std::vector<double>& days,
                               engine::RandomEngine& rng) {
  boost::random::exponential_distribution<double> unit(1.0);
  const std::size_t pieces = spec.rate_from.size();
  double t = 0.0;
  std::size_t j = 0;
  for (double& d : days) {
    double mass = unit(rng);  // cumulative rate to cover before the next arrival
    for (;;) {
      while (j + 1 < pieces && t >= spec.rate_from[j + 1]) ++j;
      const double end = j + 1 < pieces ? spec.rate_from[j + 1] : kInfinity;
      const double rate = spec.rates_per_day[j];
      if (rate > 0.0 && mass <= rate * (end - t)) {
        t += mass / rate;
        break;
      }
      mass -= rate * (end - t);
      t = end;
    }
    d = t;
  }
}

}  // namespace

void sample_entry_days(const scenarios::AccrualSpec& spec, int n, engine::RandomEngine& rng,
                       std::vector<double>& days, analysis::SortScratch& scratch) {
  days.resize(static_cast<std::size_t>(n));
  if (spec.kind == scenarios::AccrualSpec::Kind::Window) {
    boost::random::uniform_real_distribution<double> uniform(0.0, spec.window_days);
    for (double& d : days) d = uniform(rng);
    analysis::sort_ascending(days, scratch);  // ~200 for a two-arm design: by radix
  } else if (spec.rate_from.empty()) {
    boost::random::exponential_distribution<double> gap(spec.rate_per_day);
    double t = 0.0;
    for (double& d : days) d = (t += gap(rng));
  } else {
    piecewise_poisson_entries(spec, days, rng);
  }
}

std::vector<double> sample_entry_days(const scenarios::AccrualSpec& spec, int n,
                                      engine::RandomEngine& rng) {
  std::vector<double> days;
  analysis::SortScratch scratch;
  sample_entry_days(spec, n, rng, days, scratch);
  return days;
}

}  // namespace jisas::trial
