#include "analysis/simon_two_stage.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <boost/math/distributions/binomial.hpp>

namespace jisas::analysis {
namespace {

// P(X > k) for X ~ Bin(trials, p), 0 < p < 1; the complement keeps small upper tails
// (alpha near 0.01 with p0 = 0.05) exact instead of 1 - cdf.
double upper_tail(int trials, double p, int k) {
  if (k < 0) return 1.0;
  if (k >= trials) return 0.0;
  const boost::math::binomial dist(trials, p);
  return boost::math::cdf(boost::math::complement(dist, k));
}

double pmf(int trials, double p, int x) {
  return boost::math::pdf(boost::math::binomial(trials, p), x);
}

// P(reject H0 | p) = sum_{x1 = r1+1}^{n1} b(x1; n1, p) P(X2 > r - x1), X2 ~ Bin(n - n1, p)
// (Simon 1989, eq. 1, as the complement of the acceptance probability).
double rejection_probability(const TwoStageDesign& d, double p) {
  double sum = 0.0;
  for (int x1 = d.n1; x1 > d.r1; --x1)
    sum += pmf(d.n1, p, x1) * upper_tail(d.n - d.n1, p, d.r - x1);
  return sum;
}

// pmf and upper tails of Bin(m, p) for every m <= max_n, computed once per search so the
// O(n^4) loop does only multiply-adds (the search reads each entry many times). Row m
// comes from row m - 1 by Pascal's rule b(x; m) = p b(x-1; m-1) + (1-p) b(x; m-1), and
// the tails are suffix sums: both add positive terms only, so the relative error stays
// O(m eps) even far in the tails, at O(max_n^2) cost instead of a pdf/cdf per entry.
class BinomialTable {
 public:
  BinomialTable(double p, int max_n) : pmf_(max_n + 1), upper_(max_n + 1) {
    pmf_[0] = {1.0};
    for (int m = 1; m <= max_n; ++m) {
      const std::vector<double>& prev = pmf_[m - 1];
      pmf_[m].assign(m + 1, 0.0);
      for (int x = 0; x <= m; ++x) {
        pmf_[m][x] = (x > 0 ? p * prev[x - 1] : 0.0) + (x < m ? (1.0 - p) * prev[x] : 0.0);
      }
    }
    for (int m = 0; m <= max_n; ++m) {
      upper_[m].assign(m + 1, 0.0);
      for (int k = m - 1; k >= 0; --k) upper_[m][k] = upper_[m][k + 1] + pmf_[m][k + 1];
    }
  }
  double pmf_at(int m, int x) const { return pmf_[m][x]; }
  // P(X > k), X ~ Bin(m, p), for any integer k.
  double upper_at(int m, int k) const {
    if (k < 0) return 1.0;
    return k >= m ? 0.0 : upper_[m][k];
  }

 private:
  std::vector<std::vector<double>> pmf_;
  std::vector<std::vector<double>> upper_;
};

struct SearchSpec {
  const BinomialTable& null_table;
  const BinomialTable& alt_table;
  double alpha;
  double beta;
};

struct Candidate {
  TwoStageDesign design;
  double expected_n = 0.0;
};

// Best design for fixed (n, n1) with EN(p0) < best.expected_n. r1 runs downwards so each
// step adds one stage-1 outcome x1 = r1 + 1 to the rejection probabilities of every r
// (the accumulation of clinfun's ph2simon), and EN(p0) = n1 + P(X1 > r1 | p0) (n - n1)
// only grows, so the loop stops once it cannot beat the best.
void search_split(const SearchSpec& s, int n, int n1, Candidate& best) {
  const int n2 = n - n1;
  std::vector<double> reject0(n, 0.0);
  std::vector<double> reject1(n, 0.0);
  for (int r1 = n1 - 1; r1 >= 0; --r1) {
    const int x1 = r1 + 1;
    const double b0 = s.null_table.pmf_at(n1, x1);
    const double b1 = s.alt_table.pmf_at(n1, x1);
    for (int r = 0; r < n; ++r) {
      reject0[r] += b0 * s.null_table.upper_at(n2, r - x1);
      reject1[r] += b1 * s.alt_table.upper_at(n2, r - x1);
    }
    const double en = n1 + s.null_table.upper_at(n1, r1) * n2;
    if (!(en < best.expected_n)) return;
    // Power falls with r: Simon takes the largest r that keeps it, then checks alpha.
    int r = r1;
    if (reject1[r] < 1.0 - s.beta) continue;
    while (r + 1 < n && reject1[r + 1] >= 1.0 - s.beta) ++r;
    if (reject0[r] <= s.alpha) best = Candidate{TwoStageDesign{n1, r1, n, r}, en};
  }
}

// Best design with total n whose EN(p0) is below `bound`; nullopt if none.
std::optional<Candidate> search_total(const SearchSpec& s, int n, double bound) {
  Candidate best{TwoStageDesign{}, bound};
  for (int n1 = 1; n1 < n && n1 < best.expected_n; ++n1) search_split(s, n, n1, best);
  if (best.design.n == 0) return std::nullopt;
  return best;
}

void check_search_arguments(double p0, double p1, double alpha, double beta) {
  if (!(p0 > 0.0 && p0 < p1 && p1 < 1.0))
    throw std::invalid_argument("Simon two-stage design: need 0 < p0 < p1 < 1");
  if (!(alpha > 0.0 && alpha < 1.0 && beta > 0.0 && beta < 1.0))
    throw std::invalid_argument("Simon two-stage design: alpha and beta must lie in (0, 1)");
}

}  // namespace

std::string two_stage_design_error(const TwoStageDesign& d) {
  const std::string where = " (n1 = " + std::to_string(d.n1) + ", r1 = " + std::to_string(d.r1) +
                            ", n = " + std::to_string(d.n) + ", r = " + std::to_string(d.r) + ")";
  if (d.n1 < 1) return "two-stage design: stage 1 needs at least one patient" + where;
  if (d.n1 >= d.n) return "two-stage design: n1 must be smaller than n (stage 2 is empty)" + where;
  if (d.r1 < 0) return "two-stage design: r1 must be at least 0" + where;
  if (d.r1 >= d.n1) return "two-stage design: r1 must be smaller than n1 (always stops)" + where;
  if (d.r < d.r1) return "two-stage design: r must be at least r1" + where;
  if (d.r >= d.n) return "two-stage design: r must be smaller than n (never rejects)" + where;
  return {};
}

TwoStageCharacteristics two_stage_characteristics(const TwoStageDesign& design, double p0,
                                                  double p1) {
  if (const std::string error = two_stage_design_error(design); !error.empty())
    throw std::invalid_argument(error);
  if (!(p0 > 0.0 && p0 < 1.0 && p1 > 0.0 && p1 < 1.0))
    throw std::invalid_argument("two-stage design: p0 and p1 must lie in (0, 1)");
  const int n2 = design.n - design.n1;
  TwoStageCharacteristics c;
  c.alpha = rejection_probability(design, p0);
  c.power = rejection_probability(design, p1);
  // Simon (1989) p. 3: PET(p) = B(r1; n1, p), EN(p) = n1 + (1 - PET(p)) n2.
  const double continue_p0 = upper_tail(design.n1, p0, design.r1);
  const double continue_p1 = upper_tail(design.n1, p1, design.r1);
  c.early_stop_p0 = 1.0 - continue_p0;
  c.early_stop_p1 = 1.0 - continue_p1;
  c.expected_n_p0 = design.n1 + continue_p0 * n2;
  c.expected_n_p1 = design.n1 + continue_p1 * n2;
  return c;
}

std::optional<TwoStageDesign> simon_optimal(double p0, double p1, double alpha, double beta,
                                            int max_n) {
  check_search_arguments(p0, p1, alpha, beta);
  if (max_n < 2) return std::nullopt;
  const BinomialTable null_table(p0, max_n);
  const BinomialTable alt_table(p1, max_n);
  const SearchSpec spec{null_table, alt_table, alpha, beta};
  std::optional<Candidate> best;
  for (int n = 2; n <= max_n; ++n) {
    // EN(p0) < n always holds (PET(p0) > 0), so n itself bounds the first search.
    const double bound = best ? std::min(best->expected_n, static_cast<double>(n)) : n;
    if (auto found = search_total(spec, n, bound)) best = found;
  }
  if (!best) return std::nullopt;
  return best->design;
}

std::optional<TwoStageDesign> simon_minimax(double p0, double p1, double alpha, double beta,
                                            int max_n) {
  check_search_arguments(p0, p1, alpha, beta);
  if (max_n < 2) return std::nullopt;
  const BinomialTable null_table(p0, max_n);
  const BinomialTable alt_table(p1, max_n);
  const SearchSpec spec{null_table, alt_table, alpha, beta};
  for (int n = 2; n <= max_n; ++n) {
    if (auto found = search_total(spec, n, n)) return found->design;
  }
  return std::nullopt;
}

}  // namespace jisas::analysis
