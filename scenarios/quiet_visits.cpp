#include "scenarios/quiet_visits.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace jisas::scenarios {
namespace {

// Edges of the ABL bins grow by 2% (at least one copy): about 1,600 bins up to 40 SD.
constexpr double kBinGrowth = 1.02;
constexpr double kTailSds = 40.0;
constexpr double kRoundingMargin = 2.0;
// threshold A / CF is computed in doubles: a count within 1e-9 (relative) of an integer
// is taken on the side that loosens the bound.
constexpr double kCeilSlack = 1e-9;
constexpr double kChernoffFrom = 1000.0;

// Terms that cannot change a bound are not computed (bit for bit the same sums; the long-double
// incomplete gammas were most of a run's start-up). A term below half a unit in the last place
// of the sum so far leaves the sum unchanged when added (round to nearest), and a tail whose
// bound is below e^-800 (1e-347) is computed as exactly 0 (the smallest double is 4.9e-324).
// The tails are bounded from the Poisson mass at the edge, with a factor 2 to spare.
constexpr double kLogZero = -800.0;
constexpr double kLogSpare = 0.6931471805599453;  // log 2

// log P(Poisson(mean) = j), for j >= 0 and mean > 0. (Boost's lgamma in double: std::lgamma
// writes the global signgam.)
double log_poisson_mass(double mean, double j) {
  using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
  return -mean + j * std::log(mean) - boost::math::lgamma(j + 1.0, DoublePolicy());
}

// Whether P(Poisson(mean) >= k) < e^log_limit: for k + 1 > 2 mean the masses beyond k fall by
// mean / (k + 1) < 1/2 at each step, so the tail is below 2 mass(k).
bool upper_tail_below(double mean, double k, double log_limit) {
  return k + 1.0 > 2.0 * mean &&
         log_poisson_mass(mean, k) + 2.0 * kLogSpare < std::max(log_limit, kLogZero);
}
// Whether P(Poisson(mean) < k) < e^log_limit: for j = k - 1 < mean / 2 the masses below j
// fall by j / mean < 1/2 at each step, so the tail is below 2 mass(j).
bool lower_tail_below(double mean, double k, double log_limit) {
  return k - 1.0 < 0.5 * mean &&
         log_poisson_mass(mean, k - 1.0) + 2.0 * kLogSpare < std::max(log_limit, kLogZero);
}

// P(Poisson(mean) >= k) and P(Poisson(mean) < k), for k >= 1; 0 where the tail is provably
// below e^log_negligible (-infinity: never).
double poisson_at_least(double mean, double k, double log_negligible) {
  if (mean <= 0.0) return 0.0;
  if (k <= kChernoffFrom) {
    return upper_tail_below(mean, k, log_negligible) ? 0.0 : boost::math::gamma_p(k, mean);
  }
  if (mean >= k) return 1.0;
  return std::exp(-mean + k * (1.0 + std::log(mean / k)));
}
double poisson_below(double mean, double k, double log_negligible) {
  if (mean <= 0.0) return 1.0;
  if (k <= kChernoffFrom) {
    return lower_tail_below(mean, k, log_negligible) ? 0.0 : boost::math::gamma_q(k, mean);
  }
  if (mean <= k) return 1.0;
  return std::exp(-mean + k * (1.0 + std::log(mean / k)));  // P(X <= k) bound, k < mean
}

// The fewest BCR-ABL copies that report a loss with `abl` ABL copies (at least one: no
// copy reports 0), rounded down (low) or up (high) where doubles could blur the ceiling.
double copies_for_loss(const AssaySpec& assay, double threshold, double abl, double slack) {
  return std::max(1.0, std::ceil(threshold * abl / assay.conversion_factor * (1.0 + slack)));
}

// P(X < x) and P(X >= x) for the log-normal ABL draw.
struct AblDistribution {
  double log_median, sdlog;
  double below(double x) const { return 0.5 * boost::math::erfc(-z(x) / std::sqrt(2.0)); }
  double above(double x) const { return 0.5 * boost::math::erfc(z(x) / std::sqrt(2.0)); }
  double z(double x) const { return (std::log(x) - log_median) / sdlog; }
};

// The ABL bins [lo, hi) and their probabilities, the same for every ratio: computed once
// per search (80 bound evaluations; the log-normal CDF in long double was most of their cost).
struct AblBins {
  struct Bin {
    double lo, hi, weight;  // weight = P(lo <= A < hi)
  };
  std::vector<Bin> bins;
  double beyond = 0.0;      // P(A >= the last edge)
  double single_abl = 0.0;  // > 0: ABL has no spread, always this many copies

  explicit AblBins(const AssaySpec& assay) {
    if (assay.abl_copies_sdlog == 0.0) {
      single_abl = std::max(1.0, std::round(assay.abl_copies_median));
      return;
    }
    const AblDistribution x{std::log(assay.abl_copies_median), assay.abl_copies_sdlog};
    const double last_edge = std::ceil(assay.abl_copies_median * std::exp(kTailSds * x.sdlog));
    double below_lo = 0.0;  // P(A < lo); A >= 1 always
    for (double lo = 1.0; lo < last_edge;) {
      const double hi = std::max(lo + 1.0, std::ceil(lo * kBinGrowth));
      const double below_hi = x.below(hi - 0.5);
      bins.push_back({lo, hi, below_hi - below_lo});
      below_lo = below_hi;
      lo = hi;
    }
    beyond = x.above(last_edge - 0.5);
  }
};

// Either bound: `tail(lo, hi, log_negligible)` bounds the wrong answer's probability for A in
// [lo, hi), and may return 0 where it is below e^log_negligible. Summing stops once the bound
// exceeds `stop_above` (it is then a lower bound, still above it).
template <class Tail>
double binned_bound(const AblBins& abl, const Tail& tail, double stop_above) {
  constexpr double kNever = -std::numeric_limits<double>::infinity();
  if (abl.single_abl > 0.0) {  // one ABL count: the exact tail
    return std::min(1.0, kRoundingMargin * tail(abl.single_abl, abl.single_abl + 1.0, kNever));
  }
  double bound = 0.0;
  for (const auto& bin : abl.bins) {
    if (bin.weight == 0.0) continue;  // adds 0 (every tail is finite)
    // Below sum 2^-55 the term is below half a unit in the sum's last place.
    const double log_negligible =
        bound > 0.0 ? std::log(bound / bin.weight) - 55.0 * kLogSpare : kNever;
    bound += bin.weight * tail(bin.lo, bin.hi, log_negligible);
    if (kRoundingMargin * bound > stop_above) return std::min(1.0, kRoundingMargin * bound);
  }
  bound += abl.beyond;
  return std::min(1.0, kRoundingMargin * bound);
}

// Bisection on log(ratio) over [from, to] (to < from searches downwards) for the ratio
// nearest `to` whose bound stays at or below `target`; nullopt if even `from` fails.
template <class Bound>
std::optional<double> last_ratio_within(double from, double to, double target, const Bound& bound) {
  double ok = std::log(from), bad = std::log(to);
  if (bound(from) > target) return std::nullopt;
  for (int i = 0; i < 40; ++i) {
    const double mid = 0.5 * (ok + bad);
    (bound(std::exp(mid)) <= target ? ok : bad) = mid;
  }
  return std::exp(ok);
}

}  // namespace

namespace {

constexpr double kWhole = std::numeric_limits<double>::infinity();  // no early stop

double loss_bound(const AssaySpec& assay, const AblBins& abl, double threshold, double ratio,
                  double stop_above = kWhole) {
  if (ratio <= 0.0) return 0.0;
  const auto tail = [&](double lo, double hi, double log_negligible) {
    return poisson_at_least(ratio * (hi - 1.0) / assay.conversion_factor,
                            copies_for_loss(assay, threshold, lo, -kCeilSlack), log_negligible);
  };
  return binned_bound(abl, tail, stop_above);
}

double no_loss_bound(const AssaySpec& assay, const AblBins& abl, double threshold, double ratio,
                     double stop_above = kWhole) {
  const auto tail = [&](double lo, double hi, double log_negligible) {
    return poisson_below(ratio * lo / assay.conversion_factor,
                         copies_for_loss(assay, threshold, hi - 1.0, kCeilSlack), log_negligible);
  };
  return binned_bound(abl, tail, stop_above);
}

}  // namespace

double loss_probability_bound(const AssaySpec& assay, double threshold, double ratio) {
  return loss_bound(assay, AblBins(assay), threshold, ratio);
}

double no_loss_probability_bound(const AssaySpec& assay, double threshold, double ratio) {
  return no_loss_bound(assay, AblBins(assay), threshold, ratio);
}

int skipped_visit_cap(double planned_visits) {
  int cap = 1;
  while (cap < planned_visits && cap < (1 << 30)) cap *= 2;
  return cap;
}

QuietVisits quiet_visits(const AssaySpec& assay, const ProtocolSpec& protocol,
                         double planned_visits, double risk) {
  if (assay.draw_every_visit || protocol.loss_of != ProtocolSpec::LossOf::MMR) return {};
  const int cap = skipped_visit_cap(planned_visits);
  const double per_visit = risk / cap, thr = protocol.threshold;
  const AblBins abl(assay);
  // (The search compares each bound with per_visit only: it may stop summing above it.)
  const auto low = last_ratio_within(thr * 1e-30, thr, per_visit, [&](double r) {
    return loss_bound(assay, abl, thr, r, per_visit);
  });
  const auto high = last_ratio_within(thr * 1e30, thr, per_visit, [&](double r) {
    return no_loss_bound(assay, abl, thr, r, per_visit);
  });
  QuietVisits quiet;
  quiet.max_skipped = cap;
  if (low) quiet.low = *low;
  if (high) quiet.high = *high;
  return quiet;
}

}  // namespace jisas::scenarios
