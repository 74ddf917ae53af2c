#include "analysis/cox.h"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/unit/r_reference.h"

using jisas::analysis::CoefStatus;
using jisas::analysis::cox_fit;
using jisas::analysis::cox_term;
using jisas::analysis::dummy_coding;
using jisas::test::matches_r;

// Reference values: R 4.2, survival 3.5.3, printed with format(..., digits = 17) by
//   f <- coxph(Surv(time, event) ~ factor(grp), data = d); s <- summary(f)
//   coef(f); sqrt(diag(f$var)); f$loglik; f$score; s$sctest; f$wald.test; s$logtest;
//   s$conf.int[, 3:4]; s$coefficients[, 5]
// R's fit stops at a relative change of the log-likelihood of 1e-9, so coefficients are
// compared to 1e-7 relative (they agree to ~1e-10 in practice), the rest to 1e-9.
namespace {

std::vector<int> factor_codes(const std::vector<char>& g) {
  std::vector<int> codes;
  for (const char c : g) codes.push_back(c - 'a');
  return codes;
}

}  // namespace

TEST_CASE("Cox model of two groups matches coxph on survival::aml", "[cox]") {
  // coxph(Surv(time, status) ~ x, data = aml): ties at 5, 8, 23, 45; reference Maintained
  const std::vector<double> t{9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5,
                              5, 8,  8,  12, 16, 23, 27, 30, 33, 43, 45};
  const std::vector<int> e{1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1};
  const std::vector<int> g{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  const auto fit = cox_fit(t, e, dummy_coding(g, 2), 1);
  REQUIRE(fit.converged);
  CHECK(fit.iterations == 3);  // f$iter
  CHECK(matches_r(fit.coef[0], 0.91553257501471763, 1e-7));
  CHECK(matches_r(fit.se[0], 0.5119342751720054, 1e-7));
  CHECK(matches_r(fit.loglik_null, -42.724839262760220));
  CHECK(matches_r(fit.loglik, -41.032615596458378));
  CHECK(matches_r(fit.score.chisq, 3.41673439551730285));
  CHECK(matches_r(fit.score.p_value, 0.06453856175894368));
  CHECK(matches_r(fit.wald.chisq, 3.19829992215945103, 1e-7));
  CHECK(matches_r(fit.wald.p_value, 0.07371486063904574, 1e-7));
  CHECK(matches_r(fit.likelihood_ratio.chisq, 3.38444733260368480));
  CHECK(fit.likelihood_ratio.df == 1);
  CHECK(matches_r(fit.likelihood_ratio.p_value, 0.06581424016234029));
  const auto term = cox_term(fit, 0);
  CHECK(matches_r(term.hazard_ratio, std::exp(0.91553257501471763), 1e-7));
  CHECK(matches_r(term.lower, 0.91590725743640833, 1e-7));
  CHECK(matches_r(term.upper, 6.81349576606330221, 1e-7));
  CHECK(matches_r(term.p_value, 0.07371486063904574, 1e-7));
}

TEST_CASE("Cox model of three groups with ties matches coxph", "[cox]") {
  // d <- data.frame(time = c(2,2,3,3,3,5,5,6,7,7,7,7,9,10,11,11,12,14,15,15),
  //   event = c(1,0,1,1,1,1,0,1,1,1,0,1,0,1,1,0,1,0,1,0),
  //   grp = c("a","b","c","a","b","c","c","a","b","b","c","a","a","c","b","c","a","b","c","a"))
  const std::vector<double> t{2, 2, 3, 3, 3, 5, 5, 6, 7, 7, 7, 7, 9, 10, 11, 11, 12, 14, 15, 15};
  const std::vector<int> e{1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0};
  const auto g = factor_codes({'a', 'b', 'c', 'a', 'b', 'c', 'c', 'a', 'b', 'b',
                               'c', 'a', 'a', 'c', 'b', 'c', 'a', 'b', 'c', 'a'});
  const auto fit = cox_fit(t, e, dummy_coding(g, 3), 2);
  REQUIRE(fit.converged);
  CHECK(fit.iterations == 3);
  CHECK(matches_r(fit.coef[0], 0.083637013242860755, 1e-7));
  CHECK(matches_r(fit.coef[1], -0.258309285156197721, 1e-7));
  CHECK(matches_r(fit.se[0], 0.68339529049931480, 1e-7));
  CHECK(matches_r(fit.se[1], 0.67424770072182327, 1e-7));
  CHECK(matches_r(fit.loglik_null, -29.767403831853521));
  CHECK(matches_r(fit.loglik, -29.637881131431918));
  CHECK(matches_r(fit.score.chisq, 0.25388213839007140));
  CHECK(fit.score.df == 2);
  CHECK(matches_r(fit.score.p_value, 0.88078557647079569));
  CHECK(matches_r(fit.wald.chisq, 0.25202895107371193, 1e-7));
  CHECK(matches_r(fit.likelihood_ratio.chisq, 0.25904540084320615));
  CHECK(matches_r(fit.likelihood_ratio.p_value, 0.87851464553705327));
  CHECK(matches_r(cox_term(fit, 0).lower, 0.28484983185755219, 1e-7));
  CHECK(matches_r(cox_term(fit, 1).lower, 0.20601413516724112, 1e-7));
  CHECK(matches_r(cox_term(fit, 0).upper, 4.14982917118633132, 1e-7));
  CHECK(matches_r(cox_term(fit, 1).upper, 2.89559878813567373, 1e-7));
  CHECK(matches_r(cox_term(fit, 0).p_value, 0.90259448758205074, 1e-7));
  CHECK(matches_r(cox_term(fit, 1).p_value, 0.70164013131973069, 1e-7));
}

TEST_CASE("Cox model with heavy ties uses Efron's approximation", "[cox]") {
  // d <- data.frame(time = rep(c(1,2,3), each = 8), event = rep(c(1,1,1,0,1,1,0,1), 3),
  //                 grp = rep(c(0,1,1,0,2,0,1,2), 3))     6 events at each of 3 times
  std::vector<double> t;
  std::vector<int> e;
  std::vector<int> g;
  for (const double time : {1.0, 2.0, 3.0}) {
    for (int i = 0; i < 8; ++i) {
      t.push_back(time);
      e.push_back(std::vector<int>{1, 1, 1, 0, 1, 1, 0, 1}[static_cast<std::size_t>(i)]);
      g.push_back(std::vector<int>{0, 1, 1, 0, 2, 0, 1, 2}[static_cast<std::size_t>(i)]);
    }
  }
  const auto fit = cox_fit(t, e, dummy_coding(g, 3), 2);
  REQUIRE(fit.converged);
  CHECK(std::abs(fit.coef[0]) < 1e-12);                         // R: -8.7224117716018035e-17
  CHECK(matches_r(fit.coef[1], 5.5636515890977212e-01, 1e-7));  // Breslow: 0.405465108
  CHECK(matches_r(fit.se[0], 0.57735026918962618, 1e-7));
  CHECK(matches_r(fit.se[1], 0.57940829550364203, 1e-7));
  CHECK(matches_r(fit.loglik_null, -43.868187445269733));
  CHECK(matches_r(fit.loglik, -43.296206772572489));
  CHECK(matches_r(fit.score.chisq, 1.25799659430433164));
  CHECK(matches_r(fit.wald.chisq, 1.22648944301786855, 1e-7));
  CHECK(matches_r(fit.likelihood_ratio.chisq, 1.14396134539448724));
}

TEST_CASE("Cox model with a continuous covariate matches coxph on survival::ovarian", "[cox]") {
  // coxph(Surv(futime, fustat) ~ age + factor(rx), data = ovarian)
  const std::vector<double> t{59,  115, 156, 421,  431,  448,  464,  475,  477, 563, 638, 744, 769,
                              770, 803, 855, 1040, 1106, 1129, 1206, 1227, 268, 329, 353, 365, 377};
  const std::vector<int> e{1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0,
                           0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0};
  const std::vector<double> age{72.3315, 74.4932, 66.4658, 53.3644, 50.3397, 56.4301, 56.937,
                                59.8548, 64.1753, 55.1781, 56.7562, 50.1096, 59.6301, 57.0521,
                                39.2712, 43.1233, 38.8932, 44.6,    53.9068, 44.2055, 59.589,
                                74.5041, 43.137,  63.2192, 64.4247, 58.3096};
  const std::vector<int> rx{1, 1, 1, 2, 1, 1, 2, 2, 1, 2, 1, 2, 2,
                            2, 1, 1, 1, 1, 2, 2, 2, 1, 1, 2, 2, 2};
  std::vector<double> x;
  for (std::size_t i = 0; i < t.size(); ++i) {
    x.push_back(age[i]);
    x.push_back(rx[i] == 2 ? 1.0 : 0.0);
  }
  const auto fit = cox_fit(t, e, x, 2);
  REQUIRE(fit.converged);
  CHECK(matches_r(fit.coef[0], 0.14732659546911403, 1e-7));
  CHECK(matches_r(fit.coef[1], -0.80397301266511445, 1e-7));
  CHECK(matches_r(fit.se[0], 0.046147047740802638, 1e-7));
  CHECK(matches_r(fit.se[1], 0.632049371879450095, 1e-7));
  CHECK(matches_r(fit.loglik_null, -34.984940371162558));
  CHECK(matches_r(fit.loglik, -27.041898863008381));
  CHECK(matches_r(fit.score.chisq, 1.8557123383619821e+01));
  CHECK(matches_r(fit.wald.chisq, 13.4675068952859646743, 1e-7));
  CHECK(matches_r(fit.likelihood_ratio.p_value, 3.5512471932200475e-04));
}

TEST_CASE("Cox model: a group without events has an infinite coefficient", "[cox]") {
  // d <- data.frame(time = c(1,2,2,3,4,5,5,6), event = c(1,1,1,0,1,0,0,0),
  //                 grp = c("a","a","b","b","a","c","c","c"))
  // R: coef c = -21.83 with the warning "Loglik converged before variable 2;
  // coefficient may be infinite"; coef b = -0.56435069723161335, se b = 1.2294739141916926;
  // loglik -7.2034055210830950 -3.9835765874194005; score 5.269105272196462408;
  // likelihood ratio p 0.039961893810737018 (2 df)
  const std::vector<double> t{1, 2, 2, 3, 4, 5, 5, 6};
  const std::vector<int> e{1, 1, 1, 0, 1, 0, 0, 0};
  const auto fit =
      cox_fit(t, e, dummy_coding(factor_codes({'a', 'a', 'b', 'b', 'a', 'c', 'c', 'c'}), 3), 2);
  REQUIRE(fit.converged);
  CHECK(fit.status[0] == CoefStatus::Estimated);
  CHECK(fit.status[1] == CoefStatus::Infinite);
  CHECK(fit.coef[1] == -INFINITY);
  CHECK(std::isnan(fit.se[1]));
  CHECK(matches_r(fit.coef[0], -0.56435069723161335, 1e-7));
  CHECK(matches_r(fit.se[0], 1.2294739141916926, 1e-7));
  CHECK(matches_r(fit.loglik, -3.9835765874194005, 1e-9));
  CHECK(matches_r(fit.score.chisq, 5.269105272196462408));
  CHECK(matches_r(fit.likelihood_ratio.p_value, 0.039961893810737018, 1e-8));
  CHECK(std::isnan(fit.wald.chisq));  // R's Wald test on -21.8 +- 22512 means nothing
  const auto term = cox_term(fit, 1);
  CHECK(term.hazard_ratio == 0.0);
  CHECK(std::isnan(term.lower));
  CHECK(std::isnan(term.p_value));
}

TEST_CASE("Cox model: a group never at risk at an event time is not estimable", "[cox]") {
  // d <- data.frame(time = c(3,4,5,6,1,1), event = c(1,1,0,1,0,0),
  //                 grp = c("a","b","a","b","c","c"))
  // R: coef b -0.34657359027997264, se 1.435499972755075, coef c NA;
  // score 0.058823529411764677, likelihood ratio 0.058024590377938168 on 1 df
  const std::vector<double> t{3, 4, 5, 6, 1, 1};
  const std::vector<int> e{1, 1, 0, 1, 0, 0};
  const auto fit = cox_fit(t, e, dummy_coding(factor_codes({'a', 'b', 'a', 'b', 'c', 'c'}), 3), 2);
  REQUIRE(fit.converged);
  CHECK(fit.status[1] == CoefStatus::NotEstimable);
  CHECK(std::isnan(fit.coef[1]));
  CHECK(matches_r(fit.coef[0], -0.34657359027997264, 1e-7));
  CHECK(matches_r(fit.se[0], 1.435499972755075, 1e-7));
  CHECK(matches_r(fit.score.chisq, 0.058823529411764677));
  CHECK(fit.likelihood_ratio.df == 1);
  CHECK(matches_r(fit.likelihood_ratio.chisq, 0.058024590377938168, 1e-8));
}

TEST_CASE("Cox model: running out of iterations gives no estimate", "[cox]") {
  // coxph(..., data = aml, control = coxph.control(iter.max = 1)) warns "Ran out of
  // iterations and did not converge"; jisas-sim reports NaN rather than the last iterate.
  const std::vector<double> t{9, 13, 13, 18, 23, 5, 5, 8, 8, 12};
  const std::vector<int> e{1, 1, 0, 1, 1, 1, 1, 1, 1, 1};
  const std::vector<int> g{0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
  jisas::analysis::CoxOptions options;
  options.max_iter = 1;
  const auto fit = cox_fit(t, e, dummy_coding(g, 2), 1, options);
  CHECK_FALSE(fit.converged);
  CHECK(fit.iterations == 1);
  CHECK(std::isnan(fit.coef[0]));
  CHECK(std::isnan(fit.likelihood_ratio.chisq));
  CHECK(std::isfinite(fit.score.chisq));  // computed at beta = 0, before any iteration
  CHECK(cox_fit(t, e, dummy_coding(g, 2), 1).converged);
}

TEST_CASE("Cox model: no events and bad input", "[cox]") {
  const std::vector<double> t{1, 2, 3};
  const std::vector<int> none{0, 0, 0};
  const auto fit = cox_fit(t, none, dummy_coding(std::vector<int>{0, 1, 1}, 2), 1);
  CHECK_FALSE(fit.converged);
  CHECK(fit.status[0] == CoefStatus::NotEstimable);
  CHECK(fit.score.df == 0);
  CHECK_THROWS_AS(cox_fit(t, std::vector<int>{0, 2, 1}, std::vector<double>{0, 1, 1}, 1),
                  std::invalid_argument);
  CHECK_THROWS_AS(cox_fit(t, none, std::vector<double>{0, 1}, 1), std::invalid_argument);
  CHECK_THROWS_AS(dummy_coding(std::vector<int>{0, 3}, 2), std::invalid_argument);
}
