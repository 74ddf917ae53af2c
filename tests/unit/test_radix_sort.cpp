// The radix sort behind order_by_time and the entry days (analysis/radix_sort.h): the same
// order as std::sort / std::stable_sort, which it replaced without moving a result; sizes
// on both sides of kRadixFrom.
#include "analysis/radix_sort.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <catch2/catch.hpp>

#include "analysis/time_order.h"

using namespace jisas::analysis;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Values with many ties, both signs, zeros of both signs, infinities and subnormals.
std::vector<double> awkward_values(std::size_t n, unsigned seed) {
  boost::random::mt19937 rng(seed);
  boost::random::uniform_int_distribution<int> pick(0, 9);
  boost::random::uniform_real_distribution<double> any(-1000.0, 1000.0);
  const double specials[] = {0.0, -0.0, kInf, -kInf, 5e-324, -5e-324, 1.0, 30.4375};
  std::vector<double> v(n);
  for (double& x : v) {
    const int k = pick(rng);
    x = k < 4 ? specials[k + 4 * (pick(rng) % 2)] : k < 6 ? std::round(any(rng) / 100.0) : any(rng);
  }
  return v;
}

}  // namespace

TEST_CASE("order keys order as the doubles do and give them back", "[radix_sort]") {
  const std::vector<double> v = awkward_values(2000, 1);
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    CAPTURE(v[i], v[i + 1]);
    CHECK((v[i] < v[i + 1]) == (order_key(v[i]) < order_key(v[i + 1])));
    CHECK((v[i] == v[i + 1]) == (order_key(v[i]) == order_key(v[i + 1])));
    CHECK(from_order_key(order_key(v[i])) == v[i]);  // -0 comes back as +0, which == -0
  }
  CHECK_FALSE(std::signbit(from_order_key(order_key(-0.0))));
}

TEST_CASE("sort_ascending sorts doubles as std::sort does", "[radix_sort]") {
  SortScratch scratch;
  for (const std::size_t n : {0, 1, 2, 63, 64, 65, 203, 1000}) {
    std::vector<double> v = awkward_values(n, static_cast<unsigned>(n) + 7);
    std::vector<double> expected = v;
    std::sort(expected.begin(), expected.end());
    sort_ascending(v, scratch);
    CAPTURE(n);
    REQUIRE(v.size() == expected.size());
    for (std::size_t i = 0; i < n; ++i) CHECK(v[i] == expected[i]);
  }
  // Entry days as a two-arm design draws them: uniform on the accrual window.
  boost::random::mt19937 rng(3);
  boost::random::uniform_real_distribution<double> window(0.0, 851.0);
  std::vector<double> days(203);
  for (double& d : days) d = window(rng);
  std::vector<double> expected = days;
  std::sort(expected.begin(), expected.end());
  sort_ascending(days, scratch);
  CHECK(days == expected);
}

TEST_CASE("order_by_time gives std::stable_sort's order at every size", "[radix_sort]") {
  TimeOrderScratch<int> scratch;
  for (const std::size_t n : {0, 5, 63, 64, 200, 1500}) {
    std::vector<double> time = awkward_values(n, static_cast<unsigned>(n) + 11);
    for (double& t : time) t = std::abs(t);  // times: no sign, many ties
    std::vector<int> expected(n);
    std::iota(expected.begin(), expected.end(), 0);
    std::stable_sort(expected.begin(), expected.end(), [&](int a, int b) {
      return time[static_cast<std::size_t>(a)] < time[static_cast<std::size_t>(b)];
    });
    std::vector<int> order;
    order_by_time(std::span<const double>(time), order, scratch);
    CAPTURE(n);
    CHECK(order == expected);
  }
}
