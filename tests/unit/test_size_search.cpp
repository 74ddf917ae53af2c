#include "trial/size_search.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "analysis/sample_size.h"

using jisas::trial::search_sample_size;
using jisas::trial::SizeSearchSpec;

namespace {

// A curve that counts its calls per n: the search must evaluate each n once.
struct CountingCurve {
  double (*f)(int);
  std::map<int, int> calls;
  double operator()(int n) {
    ++calls[n];
    return f(n);
  }
  bool each_once() const {
    for (const auto& [n, c] : calls) {
      if (c != 1) return false;
    }
    return true;
  }
};

// Increasing: 1 - exp(-n / 30) >= 0.8 from n = ceil(30 log 5) = ceil(48.28) = 49.
double smooth(int n) {
  return 1.0 - std::exp(-n / 30.0);
}

// The exact binomial test against p0 = 0.50 at p = 0.65, one-sided alpha 0.05. In R:
// pw <- function(n) pbinom(qbinom(0.95, n, 0.5), n, 0.65, lower.tail = FALSE)
// n <- 1:400; v <- sapply(n, pw); min(n[v >= 0.8]) is 69, max(n[v < 0.8]) is 75;
// pw(68) = 0.75579223759892955, pw(69) = 0.80205636396649527, pw(75) = 0.78558258195864406,
// pw(76) = 0.82624521751687974.
double sawtooth(int n) {
  return jisas::analysis::exact_binomial_power(n, 0.5, 0.65, 0.05);
}

}  // namespace

TEST_CASE("size search on a monotone curve", "[size_search]") {
  for (const int start : {2, 20, 49, 60, 500}) {
    CountingCurve curve{smooth, {}};
    const auto r = search_sample_size(std::ref(curve), {.n_min = 2, .n_max = 500, .start = start});
    CAPTURE(start);
    REQUIRE(r.n);
    CHECK(*r.n == 49);
    CHECK_FALSE(r.at_n_min);
    CHECK(r.has(48));
    CHECK(r.has(50));
    CHECK(r.power_at(49) == smooth(49));
    CHECK(curve.each_once());
    CHECK(curve.calls.size() == r.evaluated.size());
    CHECK(curve.calls.size() <= 20);  // a bracket and a bisection, not a scan
    CHECK_FALSE(r.stays_from);
  }
}

TEST_CASE("size search at the ends of the range", "[size_search]") {
  auto r = search_sample_size(smooth, {.n_min = 60, .n_max = 500, .start = 100});
  REQUIRE(r.n);
  CHECK(*r.n == 60);
  CHECK(r.at_n_min);
  CHECK_FALSE(r.has(59));  // below n_min
  r = search_sample_size(smooth, {.n_min = 2, .n_max = 40, .start = 10});
  CHECK_FALSE(r.n);
  CHECK(r.has(40));
  r = search_sample_size(smooth, {.n_min = 2, .n_max = 49, .start = 10});
  REQUIRE(r.n);
  CHECK(*r.n == 49);
  CHECK_FALSE(r.has(50));  // above n_max
}

TEST_CASE("size search on the saw-toothed power of an exact test", "[size_search]") {
  // Bisection alone from 40 brackets [40, 80] and ends at the crossing 75 -> 76, missing
  // the first n that reaches 0.8 (69): what the sawtooth scan is for.
  auto r = search_sample_size(sawtooth, {.n_min = 2, .n_max = 400, .start = 40});
  REQUIRE(r.n);
  CHECK(*r.n == 76);
  for (const int start : {10, 40, 69, 100, 300}) {
    CountingCurve curve{sawtooth, {}};
    r = search_sample_size(std::ref(curve),
                           {.n_min = 2, .n_max = 400, .start = start, .sawtooth = true});
    CAPTURE(start);
    REQUIRE(r.n);
    CHECK(*r.n == 69);
    REQUIRE(r.stays_from);
    CHECK(*r.stays_from == 76);
    CHECK(r.checked_to - *r.stays_from + 1 == r.window);
    CHECK(r.window >= 10);
    CHECK(curve.each_once());
  }
  // A window of 1 ends the downward scan at the first size below the target (75): n is then
  // the bisection's crossing, and the power "stays" above from it at once.
  r = search_sample_size(sawtooth,
                         {.n_min = 2, .n_max = 400, .start = 40, .sawtooth = true, .window = 1});
  REQUIRE(r.n);
  CHECK(*r.n == 76);
  REQUIRE(r.stays_from);
  CHECK(*r.stays_from == 76);
  // --n-max inside the saw: the power is above the target at n_max but has not settled.
  r = search_sample_size(sawtooth, {.n_min = 2, .n_max = 74, .start = 40, .sawtooth = true});
  REQUIRE(r.n);
  CHECK(*r.n == 69);
  REQUIRE(r.stays_from);
  CHECK(*r.stays_from == 74);
  CHECK(r.checked_to == 74);
}
