#include "engine/cohort_runner.h"

#include <cstdint>
#include <cstring>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/unit/model_fixtures.h"
#include "trial/cohort_simulation.h"

using jisas::engine::run_blocks;

namespace {
// Runs items [0, n) and records what the writer received, in the order received.
std::vector<double> run(int threads, std::int64_t block, std::int64_t n) {
  const auto point = jisas::test::jisas_like_point();
  std::vector<double> written;
  std::int64_t expected_first = 0;
  run_blocks<jisas::analysis::CohortResult>(
      {0, n, block, threads},
      [&](std::int64_t i) { return jisas::trial::simulate_cohort(point, 8, i, false).result; },
      [&](std::int64_t first, std::vector<jisas::analysis::CohortResult>& rows) {
        CHECK(first == expected_first);  // blocks arrive in index order
        expected_first += static_cast<std::int64_t>(rows.size());
        for (const auto& r : rows) {
          written.push_back(static_cast<double>(r.cohort));
          written.push_back(r.km[1]);
          written.push_back(r.p_value[0]);
        }
      });
  return written;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}
}  // namespace

TEST_CASE("the writer sees the same rows in the same order for any thread count", "[runner]") {
  const auto one = run(1, 7, 300);
  REQUIRE(one.size() == 900);
  CHECK(same_bits(one, run(2, 7, 300)));
  CHECK(same_bits(one, run(2, 64, 300)));
}
