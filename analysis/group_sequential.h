// Group-sequential boundaries on the z scale, and the probability engine behind them: the
// recursive numerical integration of Armitage, McPherson & Rowe (1969, JRSS A 132:235) on
// the grid of Jennison & Turnbull (2000, "Group Sequential Methods with Applications to
// Clinical Trials", chapter 19). Names and semantics follow rpact's getDesignGroupSequential
// (typeOfDesign, typeBetaSpending, bindingFutility), which the unit test checks against.
//
// Z_k is the standardised statistic at look k, with information rate t_k (0 < t_1 < ... <
// t_K = 1, the fraction of the maximum information) and, at drift theta, mean theta sqrt(t_k):
// the canonical joint distribution (Jennison & Turnbull 2000, section 3.1).
#pragma once

#include <limits>
#include <variant>
#include <vector>

#include <boost/container/small_vector.hpp>

namespace jisas::analysis {

// One value per look. A simulated design has at most 8 looks (scenarios::kMaxLooks interim
// looks and the final one), held in place: its bounds are recomputed in every cohort at the
// observed information, and with std::vector that was 130-250 heap allocations per cohort
// (issue 18). Longer designs, through compute_boundaries directly, spill to the heap.
inline constexpr std::size_t kLooksInPlace = 8;
using LookValues = boost::container::small_vector<double, kLooksInPlace>;

// Error-spending functions f(t) with f(0) = 0, f(1) = level (Lan & DeMets 1983; Kim &
// DeMets 1987; Hwang, Shih & DeCani 1990). rpact: asOF / asP / asHSD / asKD for alpha,
// bsOF / bsP / bsHSD / bsKD for beta.
enum class SpendingFunction {
  OBrienFlemingType,  // 2 (1 - Phi(z_{1-a/2} / sqrt(t))), a = level / sided for alpha
  PocockType,         // level log(1 + (e - 1) t)
  HwangShihDeCani,    // level (1 - exp(-gamma t)) / (1 - exp(-gamma)); parameter = gamma
  KimDeMets,          // level t^rho; parameter = rho > 0
};

// Wang & Tsiatis (1987) boundaries c_k = C t_k^(delta - 1/2) with one constant C
// (OBrienFleming: delta = 0, Pocock: delta = 1/2), and Haybittle (1971) / Peto et al.
// (1976): haybittle_peto_z at every interim look, the final bound spending what is left.
// rpact: OF, P, HP.
enum class ClassicBoundary { OBrienFleming, Pocock, HaybittlePeto };

struct AlphaSpending {
  SpendingFunction function = SpendingFunction::OBrienFlemingType;
  double parameter = 0.0;  // gamma (HSD) or rho (KD); ignored otherwise
};
struct ClassicEfficacy {
  ClassicBoundary boundary = ClassicBoundary::OBrienFleming;
  double haybittle_peto_z = 3.0;  // rpact's constantBoundsHP
};
// Cumulative alpha spent at each look (rpact asUser, userAlphaSpending): non-decreasing,
// one per look, the last equal to the design's alpha.
struct UserAlphaSpending {
  LookValues cumulative_alpha;
};
using EfficacyBound = std::variant<AlphaSpending, ClassicEfficacy, UserAlphaSpending>;

// Futility. Binding: the efficacy bounds count on stopping at the futility bound (type I
// error is spent only on paths that continue); non-binding: the efficacy bounds are those of
// the design without futility (as rpact). Two-sided designs stop for futility when
// |Z_k| < the futility bound (rpact), and only non-binding fixed bounds are accepted there.
struct NoFutility {};
// Beta spending (Pampallona, Tsiatis & Kim 2001; rpact typeBetaSpending): the futility
// bounds spend beta(t_k) under the drift at which the last efficacy and futility bounds meet,
// so the design has power 1 - beta there. One-sided designs only.
struct BetaSpendingFutility {
  SpendingFunction function = SpendingFunction::OBrienFlemingType;
  double parameter = 0.0;  // gamma (HSD) or rho (KD)
  bool binding = false;
};
// Fixed z bounds at the K - 1 interim looks (rpact futilityBounds); -inf for none at a look.
struct FixedFutility {
  LookValues z;
  bool binding = false;
};
// Conditional power under the current trend (Lan, Simon & Halperin 1982; Jennison &
// Turnbull 2000, section 10.3; Lachin 2005, Clinical Trials 2:325): stop at look k when the
// probability of crossing the final efficacy bound c_K, if the drift is what Z_k
// estimates, is below `threshold`. With B-values, CP = 1 - Phi((c_K - Z_k/sqrt(t_k)) /
// sqrt(1 - t_k)), so the bound is z_k = sqrt(t_k) (c_K - sqrt(1 - t_k) Phi^-1(1 - threshold)).
// Non-binding, one-sided designs only.
struct ConditionalPowerFutility {
  double threshold = 0.1;
};
using FutilityBound =
    std::variant<NoFutility, BetaSpendingFutility, FixedFutility, ConditionalPowerFutility>;

struct GroupSequentialDesign {
  LookValues information_rates;  // 0 < t_1 < ... < t_K = 1
  double alpha = 0.025;          // total, over both sides when sided = 2
  int sided = 1;                 // 1: reject for large Z; 2: reject for large |Z|
  EfficacyBound efficacy = AlphaSpending{};
  FutilityBound futility = NoFutility{};
  double beta = 0.2;  // for beta spending: power 1 - beta at the drift found
};

struct Boundaries {
  // Reject H0 at look k when Z_k >= efficacy_z[k] (|Z_k| when two-sided); +inf: no
  // rejection at that look (rpact turns bounds >= 7.5 into inf; so does this).
  LookValues efficacy_z;
  // Stop for futility when Z_k <= futility_z[k] (|Z_k| < futility_z[k] when two-sided);
  // -inf where none. With futility, the last entry is the last efficacy bound (below it the
  // trial fails); without, -inf.
  LookValues futility_z;
  // Probability under H0 of rejecting by look k (futility counted only when binding): rpact's
  // alphaSpent. Its last entry is alpha.
  LookValues cumulative_alpha_spent;
  // 1 - Phi(efficacy_z[k]): the one-sided nominal level of each look (rpact stageLevels).
  LookValues stage_levels;
  // Beta spending only (else NaN and empty): the drift theta (Z_k has mean theta sqrt(t_k))
  // at which power is 1 - beta (rpact's shift), the beta spent and power by look k there.
  double drift = std::numeric_limits<double>::quiet_NaN();
  LookValues cumulative_beta_spent;
  LookValues cumulative_power;
};

// The boundaries of `design`. Throws std::invalid_argument for rates that are not strictly
// increasing in (0, 1] ending at 1, alpha outside (0, 0.5] per side, beta outside (0, 1 -
// alpha), sided other than 1 or 2, a user alpha sequence or fixed futility bounds of the
// wrong length or shape, a non-positive Kim-DeMets rho, beta spending with a two-sided
// design, binding beta spending with a classic efficacy boundary, binding futility bounds
// that leave less than alpha to spend, or beta spending whose bounds meet at no drift in
// [-4, 10] (rpact's search interval).
Boundaries compute_boundaries(const GroupSequentialDesign& design);

// The quadrature grids the recursive integration builds look by look, kept so that a
// simulated cohort's looks (bounds at the observed information, once per cohort) reuse
// their memory instead of growing new grids each time.
struct BoundaryScratch {
  struct Grid {
    std::vector<double> z, h, cum, z_prev, h_prev;
  };
  Grid null, alternative;
};
Boundaries compute_boundaries(const GroupSequentialDesign& design, BoundaryScratch& scratch);

// The spending function at information rate t in [0, 1], reaching `level` at t = 1. For
// O'Brien-Fleming type alpha spending rpact divides the level by `sided` inside the
// quantile and multiplies back (Lan & DeMets 1983); beta spending uses sided = 1.
double spending_value(SpendingFunction function, double parameter, double level, double t,
                      int sided = 1);

// Exit probabilities of a sequential test that continues past look k while
// lower_z[k] < Z_k < upper_z[k] (either may be infinite): upper[k] = P(reach look k and
// Z_k >= upper_z[k]), lower[k] = P(reach look k and Z_k <= lower_z[k]), at drift theta.
// Grid density r: composite 16-point Gauss-Legendre panels over the continuation region (cut
// to 9 standard deviations about the mean), 8 * 32 / r kernel standard deviations wide, in
// place of the Simpson grid of Jennison & Turnbull (2000, section 19.2.1), whose r = 32 is
// about 1e-8 off where this is about 1e-12; compute_boundaries uses r = 32.
struct CrossingProbabilities {
  LookValues upper;
  LookValues lower;
};
CrossingProbabilities crossing_probabilities(const LookValues& information_rates,
                                             const LookValues& lower_z, const LookValues& upper_z,
                                             double theta, int grid_r = 32);

}  // namespace jisas::analysis
