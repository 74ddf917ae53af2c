// Which visits need no assay draw (issue 18). Under a relapse rule on the loss of MMR a
// visit changes an outcome only through one bit, whether the reported ratio is at or
// above the threshold. Far below the threshold that bit is 0, far above it 1, each with a
// probability so close to 1 that drawing the assay changes nothing a run can show. This
// file bounds the probability of the other answer from above, under the assay model of
// trial/assay.h, and chooses the ratios beyond which a visit's result is taken as certain,
// so that a patient's undrawn visits together could have gone the other way with
// probability below 1e-12.
//
// The bounds. ABL copies A = max(1, round(X)), X log-normal(log median, sdlog); BCR-ABL
// copies K ~ Poisson(r A / CF); a loss is K / A * CF >= threshold, i.e.
// K >= k(A) = ceil(threshold A / CF). Split A into bins [lo, hi): in a bin the Poisson
// mean lies in [r lo / CF, r (hi - 1) / CF] and k(A) in [k(lo), k(hi - 1)], and P(K >= k)
// grows with the mean and falls with k, so
//   P(loss)    <= sum over bins P(lo <= A < hi) P(Poisson(r (hi - 1) / CF) >= k(lo))
//   P(no loss) <= sum over bins P(lo <= A < hi) P(Poisson(r lo / CF) < k(hi - 1))
// each plus P(A >= the last edge), with P(lo <= A < hi) = F(hi - 1/2) - F(lo - 1/2) from
// the log-normal CDF F. The Poisson tails are regularized incomplete gamma functions,
// P(Poisson(m) >= k) = P(k, m) and P(Poisson(m) < k) = Q(k, m) (Johnson, Kemp & Kotz 2005,
// Univariate Discrete Distributions, eq. 4.38), or Chernoff's bound e^-m (e m / k)^k
// beyond k = 1000. With 2% bins the bounds are within about 35% of the exact sums over
// every integer A (tests/unit/test_quiet_visits.cpp checks that); they are then doubled
// against rounding. Terms that cannot change the sum's bits (below half a unit in its last
// place so far, or rounding to 0) are left out, and the search stops a sum once it exceeds
// its target: the same bits at a third of the cost (quiet_visits.cpp).
#pragma once

#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {

// The per-patient risk the undrawn visits may carry: the probability that drawing them
// would have changed at least one of their results.
inline constexpr double kQuietVisitRisk = 1e-12;

// Upper bounds on the probability that one test of a sample whose true ratio (IS) is
// `ratio` reports a ratio at or above `threshold` (a loss of MMR), and below it.
double loss_probability_bound(const AssaySpec& assay, double threshold, double ratio);
double no_loss_probability_bound(const AssaySpec& assay, double threshold, double ratio);

// The planned visits rounded up to a power of 2 (at least 1): the most visits a patient may
// leave undrawn.
int skipped_visit_cap(double planned_visits);

// The certain visits of a design: none unless the protocol calls relapses on a loss of MMR
// and assay.draw_every_visit is off; otherwise at most skipped_visit_cap(planned_visits)
// per patient, below the largest ratio whose loss bound, and above the smallest ratio
// whose no-loss bound, times that cap stays at or below `risk`.
QuietVisits quiet_visits(const AssaySpec& assay, const ProtocolSpec& protocol,
                         double planned_visits, double risk = kQuietVisitRisk);

}  // namespace jisas::scenarios
