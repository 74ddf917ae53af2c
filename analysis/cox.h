// Cox proportional hazards model (Cox 1972, JRSS B 34:187) fitted by maximum partial
// likelihood with Efron's handling of tied event times (Efron 1977, JASA 72:557), as
// R's survival::coxph with its defaults (ties = "efron", coxph.control()): Newton-Raphson
// from beta = 0 with step-halving, converged when the log partial likelihood changes by
// less than eps relative, at most iter.max iterations (survival's coxfit6.c; Therneau &
// Grambsch 2000, "Modeling Survival Data", ch. 3).
#pragma once

#include <cmath>
#include <span>
#include <vector>

namespace jisas::analysis {

struct CoxOptions {
  int max_iter = 20;                           // coxph.control()$iter.max; >= 1
  double eps = 1e-9;                           // $eps
  double toler_chol = 1.8189894035458565e-12;  // $toler.chol = eps^0.75
  double toler_inf = 3.1622776601683795e-05;   // $toler.inf = sqrt(1e-9)
};

// What became of one coefficient.
//  Estimated:    a finite maximum-likelihood estimate.
//  Infinite:     the partial likelihood is monotone in it (for a group dummy: no events
//                in that group, or none in the reference, while the other is at risk);
//                flagged by coxph's rule (the Newton step still left, |u' V|, exceeds eps
//                and toler_inf * |coef|), the case where R warns "Loglik converged before
//                variable j; coefficient may be infinite". coef is +-Inf, se NaN.
//  NotEstimable: no information (a zero pivot in the Cholesky decomposition of the
//                information matrix, e.g. a group never at risk at an event time); R
//                reports NA. coef and se are NaN.
enum class CoefStatus { Estimated, Infinite, NotEstimable };

struct ChiSquareTest {
  double chisq = NAN;
  int df = 0;  // coefficients not NotEstimable
  double p_value = NAN;
};

struct CoxResult {
  // false: no estimate (coef, se, Wald, LR are NaN): iter.max reached (R warns "Ran out
  // of iterations and did not converge" and prints the last iterate), or no events at
  // all (iterations 0, every coefficient NotEstimable).
  bool converged = false;
  int iterations = 0;  // as coxph's $iter
  std::vector<double> coef;
  std::vector<double> se;        // sqrt of the diagonal of the inverse information
  std::vector<double> variance;  // p x p row-major inverse information at the estimate
  std::vector<CoefStatus> status;
  double loglik_null = NAN;        // log partial likelihood at beta = 0 ($loglik[1])
  double loglik = NAN;             // at the estimate ($loglik[2])
  ChiSquareTest wald;              // coef' V^-1 coef; NaN when a coefficient is infinite
  ChiSquareTest score;             // U(0)' I(0)^-1 U(0): coxph's "Score (logrank) test"
  ChiSquareTest likelihood_ratio;  // 2 (loglik - loglik_null)
};

// x is n x p, row-major: x[i * p + j] is covariate j of patient i. time >= 0, event 0/1.
// Throws std::invalid_argument when the lengths disagree, p < 1 or an event is not 0/1.
CoxResult cox_fit(std::span<const double> time, std::span<const int> event,
                  std::span<const double> x, int p, const CoxOptions& options = {});

// Treatment (dummy) coding of a factor, as R's contr.treatment: column j - 1 is 1 for
// patients of group j (j = 1..n_groups-1), so group 0 is the reference level.
std::vector<double> dummy_coding(std::span<const int> group, int n_groups);

// One coefficient as summary.coxph reports it: exp(coef), Wald limits
// exp(coef -+ z_{(1+level)/2} se), z = coef / se, two-sided p-value.
struct CoxTerm {
  double coef = NAN;
  double se = NAN;
  double hazard_ratio = NAN;  // exp(coef): 0 or Inf for an infinite coefficient
  double lower = NAN;
  double upper = NAN;
  double z = NAN;
  double p_value = NAN;
  CoefStatus status = CoefStatus::NotEstimable;
};
CoxTerm cox_term(const CoxResult& fit, int j, double level = 0.95);

}  // namespace jisas::analysis
