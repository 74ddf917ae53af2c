// Multivariate normal rectangle probabilities P(lower_i <= Z_i <= upper_i for all i), Z ~
// N(0, R), for the MaxCombo test's p-value (the maximum of several correlated weighted
// log-rank z statistics; Lin et al. 2020, Stat Biopharm Res 12:187).
//
// Algorithm: Genz (1992, J Comput Graph Stat 1:141) separation of variables on the
// Cholesky factor of R, with the variable reordering of Genz & Bretz (2009, "Computation of
// Multivariate Normal and t Probabilities", Lecture Notes in Statistics 195, section 4.1.3:
// at each step the variable with the smallest expected conditional interval probability
// goes next), integrated by randomised quasi-Monte Carlo (Genz & Bretz 2009, chapter 4):
// an embedded rank-1 lattice sequence with the baker's periodisation, randomised by 12
// random shifts. The shifts come from a fixed-seed splitmix64 sequence, so
// a call is a pure function of its arguments (bit-identical results, no shared state, safe
// to call from many threads at once). Phi^-1 is Wichura's AS 241 (1988).
#pragma once

#include <span>
#include <vector>

namespace jisas::analysis {

// P(lower_i <= Z_i <= upper_i for all i) for Z ~ N(0, correlation). Bounds may be +-inf.
//
// Accuracy: points are added until the standard error estimated from the 12 random shifts
// is at most abs_tolerance / 3 (so the error is below abs_tolerance with high probability,
// Genz & Bretz's 3-sigma rule). The work is capped at 2^17 lattice points per shift
// (about 1.6 million integrand evaluations, about 1 s for a two-sided 4-D call); if the cap is
// reached first the estimate is returned anyway, without an error flag. At the default tolerance
// the hardest test cases need the cap or close to it (8 variables with correlation 0.5; the
// MaxCombo matrix of the test, correlations up to 0.93, with bounds +-3); typical 4-D
// MaxCombo calls need 2^14 to 2^15 points. Negative correlations converge more slowly (the
// integrand's derivative is unbounded at the edge), e.g. a 2-D case with rho = -0.7 needs
// 2^15 points. Variables bounded by (-inf, inf) are dropped (they integrate to 1); when one
// variable is left the answer is the exact normal interval probability, so dimension 1 and
// perfectly correlated sets are exact. At most 17 variables may remain (the lattice's
// generating vector has 16 components); more throw std::invalid_argument.
//
// Singular (positive semi-definite) R: a variable whose conditional variance given the
// variables already placed is <= 1e-12 is an exact linear combination of them; its bounds
// become an extra constraint on the last placed variable (Genz & Bretz 2009, section 4.1.3,
// as mvtnorm's mvtdst), so e.g. perfectly correlated statistics are handled exactly.
//
// Throws std::invalid_argument if the sizes differ or are 0, a bound is NaN, some
// lower_i > upper_i, abs_tolerance is not positive, or correlation is not a symmetric
// matrix with unit diagonal, entries in [-1, 1] and no conditional variance below -1e-10
// (that is, not positive semi-definite up to rounding; checked among the variables with a
// finite bound).
double mvn_probability(std::span<const double> lower, std::span<const double> upper,
                       const std::vector<std::vector<double>>& correlation,
                       double abs_tolerance = 1e-6);

// One-sided MaxCombo p-value 1 - P(Z_i <= z_max for all i): the chance that the largest of
// the correlated statistics reaches z_max under the null.
double mvn_upper_max_p_value(double z_max, const std::vector<std::vector<double>>& correlation,
                             double abs_tolerance = 1e-6);

// Two-sided MaxCombo p-value 1 - P(|Z_i| <= abs_z_max for all i); abs_z_max >= 0.
double mvn_two_sided_max_p_value(double abs_z_max,
                                 const std::vector<std::vector<double>>& correlation,
                                 double abs_tolerance = 1e-6);

}  // namespace jisas::analysis
