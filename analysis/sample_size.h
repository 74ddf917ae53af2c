// Closed-form sample sizes printed beside the simulated ones (issue 5), so a planner can
// see where the simulation and the textbook agree and where the model's cure fraction,
// visit schedule and censoring make them differ.
#pragma once

namespace jisas::analysis {

// One-sided exact binomial test of H0: p = p0 against p > p0 at level alpha with n
// patients (A'Hern 2001, Stat Med 20:859): the critical value is the smallest c with
// P(X >= c | p0) <= alpha; the power at p1 is P(X >= c | p1).
int exact_binomial_critical_value(int n, double p0, double alpha);
double exact_binomial_power(int n, double p0, double p1, double alpha);
// The smallest n <= n_max with power >= target (power is saw-toothed in n: larger n can
// fall below the target again); -1 if none.
int exact_binomial_sample_size(double p0, double p1, double alpha, double target, int n_max = 2000);

// The landmark test on the log-log scale (analysis/landmark_test.h; Klein et al. 2007),
// one-sided at alpha, patients followed to the landmark without censoring, where
// Var(log(-log S_hat)) = (1 - S) / (n S (log S)^2) (binomial variance, delta method). The
// test is a Wald test (its variance at the estimate), so under the alternative both
// quantiles go with sigma1: n = ((z_{1-alpha} + z_{power}) sigma1 / (log(-log S0) -
// log(-log S1)))^2, sigma1 = sqrt((1 - S1) / S1) / |log S1|, rounded up. Needs S1 > S0.
int landmark_loglog_sample_size(double s0, double s1, double alpha, double power);

// Schoenfeld (1983, Biometrics 39:499): events for the two-sided log-rank test at level
// alpha to detect hazard ratio hr with the given power, allocation fraction q to one arm:
// d = (z_{1-alpha/2} + z_{power})^2 / (q (1 - q) (log hr)^2).
double schoenfeld_events(double hr, double alpha, double power, double allocation = 0.5);

// One-sample log-rank test, one-sided at alpha, exponential hazards with ratio
// delta = lambda1 / lambda0 < 1 (Finkelstein et al. 2003; Wu 2015, Pharm Stat 14:26, from
// O ~ Poisson(delta E0)): expected events under the null
// E0 = (z_{1-alpha} + sqrt(delta) z_{power})^2 / (1 - delta)^2.
double one_sample_logrank_null_events(double delta, double alpha, double power);
// Expected null events per patient for uniform accrual over `accrual` then `follow_up`,
// true hazard lambda1, null hazard lambda0 (administrative censoring only):
// omega = (lambda0 / lambda1) (1 - (exp(-lambda1 f) - exp(-lambda1 (a + f))) / (lambda1 a)).
double one_sample_logrank_events_per_patient(double lambda0, double lambda1, double accrual,
                                             double follow_up);

}  // namespace jisas::analysis
