#include "trial/population.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>
#include <vector>

#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

#include "engine/errors.h"
#include "scenarios/scenario_loader.h"
#include "scenarios/yaml_documents.h"
#include "tests/unit/model_fixtures.h"
#include "trial/cohort_simulation.h"
#include "trial/distributions.h"

using jisas::engine::make_stream;
using jisas::engine::RandomEngine;
using jisas::scenarios::AccrualSpec;
using jisas::scenarios::Distribution;
using jisas::scenarios::PopulationSpec;
using jisas::trial::assign_arms;
using jisas::trial::Covariates;
using jisas::trial::sample_eligible_patient;
using jisas::trial::sample_entry_days;
using Kind = Distribution::Kind;

namespace {

// |observed - p| within 4 SE of a proportion over n draws.
void check_proportion(int hits, int n, double p) {
  const double f = static_cast<double>(hits) / n, se = std::sqrt(p * (1.0 - p) / n);
  CAPTURE(hits, n, f, p, se);
  CHECK(std::abs(f - p) < 4.0 * se);
}

// The JISAS-like population with Sokal 0.4 / 0.35 / 0.25, prior IFN 0.3, and shorter CMR
// and MMR-before-CMR durations than the fixture's so that about half of the candidates
// fail the eligibility rule (mmr_duration >= 730.5 days): the rule really gets exercised.
PopulationSpec population() {
  PopulationSpec p = jisas::test::jisas_like_point().population;
  p.sokal_low = 0.4;
  p.sokal_intermediate = 0.35;
  p.sokal_high = 0.25;
  p.prior_ifn = 0.3;
  p.age_years.kind = Kind::Uniform;
  p.age_years.min = 20.0;
  p.age_years.max = 80.0;
  p.cmr_duration.median = 400.0;    // log-normal, sdlog 0.6
  p.mmr_before_cmr.median = 200.0;  // log-normal, sdlog 0.7
  return p;
}

}  // namespace

TEST_CASE("eligible patients have nested durations and meet the MMR rule", "[population]") {
  const PopulationSpec spec = population();
  RandomEngine rng = make_stream({11, 0, 0, 0, 1});
  constexpr int kN = 20000;
  int low = 0, intermediate = 0, high = 0, prior_ifn = 0;
  for (int i = 0; i < kN; ++i) {
    const Covariates c = sample_eligible_patient(spec, rng);
    REQUIRE(c.cmr_duration > 0.0);
    REQUIRE(c.cmr_duration <= c.mmr_duration);
    REQUIRE(c.mmr_duration <= c.im_duration);
    REQUIRE(c.mmr_duration >= spec.min_mmr_duration);
    REQUIRE(c.age_years >= 20.0);
    REQUIRE(c.age_years <= 80.0);
    REQUIRE(c.sokal >= 0);
    REQUIRE(c.sokal <= 2);
    // time_to_mmr is Fixed at 18 months: im - mmr is exactly that (up to rounding).
    REQUIRE(c.im_duration - c.mmr_duration == Approx(18.0 * 365.25 / 12.0).epsilon(1e-12));
    low += c.sokal == 0;
    intermediate += c.sokal == 1;
    high += c.sokal == 2;
    prior_ifn += c.prior_ifn;
  }
  // Demographics are drawn independently of the durations, so eligibility must not bias them:
  // Sokal and prior IFN proportions within 4 SE of the spec (SE about 0.0035).
  check_proportion(low, kN, 0.4);
  check_proportion(intermediate, kN, 0.35);
  check_proportion(high, kN, 0.25);
  check_proportion(prior_ifn, kN, 0.3);
}

TEST_CASE("the eligibility rule is really binding for this population", "[population]") {
  // Guard for the test above: without the rule, P(mmr_duration < 730.5) is large here
  // (log-normal CMR median 400 plus log-normal MMR-before-CMR median 200), so REQUIRE
  // mmr_duration >= 730.5 over 20000 eligible draws could fail if the rule were not applied.
  const PopulationSpec spec = population();
  RandomEngine rng = make_stream({11, 0, 0, 0, 2});
  int short_mmr = 0;
  for (int i = 0; i < 10000; ++i) {
    const double cmr = jisas::trial::sample(spec.cmr_duration, rng);
    const double mmr = cmr + jisas::trial::sample(spec.mmr_before_cmr, rng);
    short_mmr += mmr < spec.min_mmr_duration;
  }
  CHECK(short_mmr > 3000);
}

TEST_CASE("eligibility by depth: a minimum time at the deep response, and the draws it costs",
          "[population]") {
  // Time at depth ~ U(0, 1200 days), MMR before it 800 days (so the MMR rule of 730.5 days
  // always holds); at least 300 days at depth: acceptance 900 / 1200 = 0.75, so the mean
  // number of draws per eligible patient is 1 / 0.75, and the accepted times are
  // U(300, 1200).
  PopulationSpec spec = population();
  spec.cmr_duration.kind = Kind::Uniform;
  spec.cmr_duration.min = 0.0;
  spec.cmr_duration.max = 1200.0;
  spec.mmr_before_cmr = Distribution{};
  spec.mmr_before_cmr.value = 800.0;
  spec.min_deep_duration = 300.0;
  RandomEngine rng = make_stream({11, 0, 0, 0, 9});
  constexpr int kN = 20000;
  long draws = 0;
  int below_mid = 0;
  for (int i = 0; i < kN; ++i) {
    const Covariates c = sample_eligible_patient(spec, rng);
    REQUIRE(c.cmr_duration >= 300.0);
    draws += c.draws;
    below_mid += c.cmr_duration < 750.0;
  }
  const double acceptance = kN / static_cast<double>(draws);
  // Draws per patient are geometric: sd sqrt(1 - p) / p; acceptance by the delta method.
  const double se = std::sqrt(0.25) / 0.75 / std::sqrt(double(kN)) * 0.75 * 0.75;
  CAPTURE(acceptance, se);
  CHECK(std::abs(acceptance - 0.75) < 4.0 * se);
  check_proportion(below_mid, kN, 0.5);
}

TEST_CASE("eligible patients follow the conditional distribution, not a clamped one",
          "[population]") {
  // cmr = 300 (fixed), mmr_before_cmr ~ U(0, 1000), so mmr ~ U(300, 1300); conditioned on
  // mmr >= 730.5, mmr ~ U(730.5, 1300): mean 1015.25, sd 569.5 / sqrt(12) = 164.4.
  PopulationSpec spec = population();
  spec.cmr_duration = Distribution{};
  spec.cmr_duration.value = 300.0;
  spec.mmr_before_cmr.kind = Kind::Uniform;
  spec.mmr_before_cmr.min = 0.0;
  spec.mmr_before_cmr.max = 1000.0;
  RandomEngine rng = make_stream({11, 0, 0, 0, 3});
  constexpr int kN = 20000;
  double sum = 0.0;
  int below_mid = 0;
  for (int i = 0; i < kN; ++i) {
    const Covariates c = sample_eligible_patient(spec, rng);
    REQUIRE(c.cmr_duration == 300.0);
    sum += c.mmr_duration;
    below_mid += c.mmr_duration < 1015.25;
  }
  const double mean = sum / kN, se = 569.5 / std::sqrt(12.0) / std::sqrt(double(kN));
  CAPTURE(mean, se);
  CHECK(std::abs(mean - 1015.25) < 4.0 * se);
  check_proportion(below_mid, kN, 0.5);
}

TEST_CASE("an eligibility rule that almost never holds throws InputError", "[population]") {
  SECTION("never: fixed durations totalling 20 days") {
    PopulationSpec spec = population();
    spec.cmr_duration = Distribution{};
    spec.cmr_duration.value = 10.0;
    spec.mmr_before_cmr = Distribution{};
    spec.mmr_before_cmr.value = 10.0;
    RandomEngine rng = make_stream({11, 0, 0, 0, 4});
    CHECK_THROWS_AS(sample_eligible_patient(spec, rng), jisas::InputError);
  }
  SECTION("almost never: P(eligible) about 2e-10") {
    // cmr = 30 fixed, mmr_before_cmr log-normal median 30, sdlog 0.5: eligible when
    // mmr_before_cmr >= 700.5, z = log(700.5 / 30) / 0.5 = 6.30, 1 - Phi(6.30) = 1.5e-10.
    PopulationSpec spec = population();
    spec.cmr_duration = Distribution{};
    spec.cmr_duration.value = 30.0;
    spec.mmr_before_cmr.median = 30.0;
    spec.mmr_before_cmr.sdlog = 0.5;
    RandomEngine rng = make_stream({11, 0, 0, 0, 5});
    CHECK_THROWS_AS(sample_eligible_patient(spec, rng), jisas::InputError);
  }
  SECTION("rare but possible (about 1 in 50) still succeeds") {
    // z = log(700.5 / 30) / 1.53 = 2.06, 1 - Phi(2.06) = 0.02: 10000 tries all failing has
    // probability 0.98^10000 = 1e-88.
    PopulationSpec spec = population();
    spec.cmr_duration = Distribution{};
    spec.cmr_duration.value = 30.0;
    spec.mmr_before_cmr.median = 30.0;
    spec.mmr_before_cmr.sdlog = 1.53;
    RandomEngine rng = make_stream({11, 0, 0, 0, 6});
    for (int i = 0; i < 20; ++i) {
      const Covariates c = sample_eligible_patient(spec, rng);
      CHECK(c.mmr_duration >= spec.min_mmr_duration);
    }
  }
}

namespace {

using Randomization = jisas::scenarios::RandomizationSpec;

Randomization blocks(int size, int experimental = 1, int control = 1) {
  Randomization r;
  r.method = Randomization::Method::PermutedBlocks;
  r.block_size = size;
  r.experimental = experimental;
  r.control = control;
  return r;
}

}  // namespace

TEST_CASE("assign_arms is 1:1 within every permuted block", "[population]") {
  for (const int block : {2, 4, 6, 10}) {
    CAPTURE(block);
    RandomEngine rng = make_stream({12, 0, 0, 0, static_cast<std::uint64_t>(block)});
    const int n = 50 * block;
    const std::vector<int> arms = assign_arms(n, blocks(block), {}, rng);
    REQUIRE(arms.size() == static_cast<std::size_t>(n));
    int total = 0;
    std::map<std::vector<int>, int> patterns;
    for (int start = 0; start < n; start += block) {
      int in_block = 0;
      for (int i = start; i < start + block; ++i) {
        REQUIRE((arms[i] == 0 || arms[i] == 1));
        in_block += arms[i];
      }
      CHECK(in_block == block / 2);
      total += in_block;
      ++patterns[std::vector<int>(arms.begin() + start, arms.begin() + start + block)];
    }
    CHECK(total == n / 2);
    CHECK(patterns.size() > 1);  // the blocks are permuted, not one fixed pattern
  }
}

TEST_CASE("assign_arms permutes each block uniformly", "[population]") {
  // Block 4: each of the C(4, 2) = 6 balanced patterns has probability 1/6; over 6000
  // blocks each count is within 4 SE (SE = sqrt(6000 / 6 * 5 / 6) = 28.9) of 1000.
  RandomEngine rng = make_stream({12, 0, 0, 0, 99});
  constexpr int kBlocks = 6000;
  const std::vector<int> arms = assign_arms(4 * kBlocks, blocks(4), {}, rng);
  std::map<std::array<int, 4>, int> counts;
  for (int b = 0; b < kBlocks; ++b) {
    ++counts[{arms[4 * b], arms[4 * b + 1], arms[4 * b + 2], arms[4 * b + 3]}];
  }
  REQUIRE(counts.size() == 6);
  const double se = std::sqrt(kBlocks * (1.0 / 6.0) * (5.0 / 6.0));
  for (const auto& [pattern, count] : counts) {
    CAPTURE(pattern[0], pattern[1], pattern[2], pattern[3], count, se);
    CHECK(std::abs(count - kBlocks / 6.0) < 4.0 * se);
  }
}

TEST_CASE("assign_arms without randomization puts everyone in the experimental arm",
          "[population]") {
  RandomEngine rng = make_stream({12, 0, 0, 0, 0});
  const std::vector<int> arms = assign_arms(17, Randomization{}, {}, rng);
  REQUIRE(arms.size() == 17);
  CHECK(std::all_of(arms.begin(), arms.end(), [](int a) { return a == 1; }));
}

TEST_CASE("k:m allocation is exact within every block, for 2:1 and 1:2", "[population]") {
  for (const auto& [e, c, size] :
       {std::tuple{2, 1, 6}, std::tuple{1, 2, 3}, std::tuple{3, 2, 10}}) {
    CAPTURE(e, c, size);
    RandomEngine rng = make_stream({12, 1, 0, 0, static_cast<std::uint64_t>(size)});
    const int n = 40 * size;
    const std::vector<int> arms = assign_arms(n, blocks(size, e, c), {}, rng);
    std::map<std::vector<int>, int> patterns;
    for (int start = 0; start < n; start += size) {
      const int experimental =
          std::accumulate(arms.begin() + start, arms.begin() + start + size, 0);
      CHECK(experimental == size * e / (e + c));
      ++patterns[std::vector<int>(arms.begin() + start, arms.begin() + start + size)];
    }
    CHECK(patterns.size() > 1);
  }
}

TEST_CASE("stratified blocks: each stratum's own sequence is exact in every block",
          "[population]") {
  // Three strata in an irregular enrolment order: within each stratum, consecutive
  // patients fill blocks of 4 with 2 experimental each; overall balance is within the one
  // incomplete block per stratum.
  RandomEngine strata_rng = make_stream({12, 2, 0, 0, 1});
  std::vector<int> strata;
  for (int i = 0; i < 301; ++i) {
    const double u = boost::random::uniform_01<double>()(strata_rng);
    strata.push_back(u < 0.6 ? 0 : u < 0.9 ? 1 : 2);
  }
  RandomEngine rng = make_stream({12, 2, 0, 0, 2});
  Randomization spec = blocks(4);
  spec.strata = Randomization::Strata::Sokal;
  const std::vector<int> arms = assign_arms(301, spec, strata, rng);
  for (int s = 0; s < 3; ++s) {
    std::vector<int> in;
    for (std::size_t i = 0; i < arms.size(); ++i)
      if (strata[i] == s) in.push_back(arms[i]);
    for (std::size_t start = 0; start + 4 <= in.size(); start += 4)
      CHECK(in[start] + in[start + 1] + in[start + 2] + in[start + 3] == 2);
    const int experimental = std::accumulate(in.begin(), in.end(), 0);
    CHECK(std::abs(2 * experimental - static_cast<int>(in.size())) <= 2);
  }
}

TEST_CASE("simple randomization: experimental with probability e / (e + c)", "[population]") {
  Randomization spec;
  spec.method = Randomization::Method::Simple;
  spec.experimental = 2;
  RandomEngine rng = make_stream({12, 3, 0, 0, 0});
  constexpr int kN = 30000;
  const std::vector<int> arms = assign_arms(kN, spec, {}, rng);
  const double p = std::accumulate(arms.begin(), arms.end(), 0) / static_cast<double>(kN);
  CHECK(std::abs(p - 2.0 / 3.0) < 4.0 * std::sqrt(2.0 / 9.0 / kN));
}

TEST_CASE("window accrual: sorted entry days, uniform over the window", "[population]") {
  // U(0, w): mean w / 2, sd w / sqrt(12).
  AccrualSpec spec{AccrualSpec::Kind::Window, "2009-09-01", 851.0, 0.0, {}, {}};
  RandomEngine rng = make_stream({13, 0, 0, 0, 1});
  constexpr int kN = 20000;
  const std::vector<double> days = sample_entry_days(spec, kN, rng);
  REQUIRE(days.size() == static_cast<std::size_t>(kN));
  CHECK(std::is_sorted(days.begin(), days.end()));
  CHECK(days.front() >= 0.0);
  CHECK(days.back() <= 851.0);
  double sum = 0.0;
  for (const double d : days) sum += d;
  const double se = 851.0 / std::sqrt(12.0) / std::sqrt(double(kN));
  CAPTURE(sum / kN, se);
  CHECK(std::abs(sum / kN - 851.0 / 2.0) < 4.0 * se);
  // and the lower quarter holds a quarter of the entries
  const auto quarter = std::lower_bound(days.begin(), days.end(), 851.0 / 4.0) - days.begin();
  check_proportion(static_cast<int>(quarter), kN, 0.25);
}

TEST_CASE("rate accrual: increasing entry days with mean gap 1 / rate", "[population]") {
  // Poisson entries at 0.05 per day: exponential gaps, mean 20 days, sd 20 days.
  AccrualSpec spec{AccrualSpec::Kind::Rate, "2009-09-01", 0.0, 0.05, {}, {}};
  RandomEngine rng = make_stream({13, 0, 0, 0, 2});
  constexpr int kN = 20000;
  const std::vector<double> days = sample_entry_days(spec, kN, rng);
  REQUIRE(days.size() == static_cast<std::size_t>(kN));
  CHECK(days.front() > 0.0);
  CHECK(std::adjacent_find(days.begin(), days.end(), std::greater_equal<double>()) == days.end());
  const double mean_gap = days.back() / kN;  // gaps from day 0 telescope to the last day
  const double se = 20.0 / std::sqrt(double(kN));
  CAPTURE(mean_gap, se);
  CHECK(std::abs(mean_gap - 20.0) < 4.0 * se);
  // Exponential gaps: P(gap <= 20 ln 2) = 1/2.
  int short_gaps = days.front() <= 20.0 * std::log(2.0);
  for (int i = 1; i < kN; ++i) short_gaps += days[i] - days[i - 1] <= 20.0 * std::log(2.0);
  check_proportion(short_gaps, kN, 0.5);
}

TEST_CASE("piecewise rate accrual: a ramp-up, then the full rate until the sample size",
          "[population]") {
  // 2 a month for 6 months, then 8 a month: the count in [0, 6 months) is Poisson(12)
  // unless the sample size is reached first; past 6 months gaps are exponential with
  // mean 30.4375 / 8 days. Over many cohorts of 60 patients, the mean count before month
  // 6 is 12 (to within 4 SE) and the mean gap after it 1 / rate.
  AccrualSpec spec{AccrualSpec::Kind::Rate,       "", 0.0, 0.0, {0.0, 6 * 30.4375},
                   {2.0 / 30.4375, 8.0 / 30.4375}};
  RandomEngine rng = make_stream({13, 0, 0, 0, 3});
  constexpr int kCohorts = 4000;
  double early = 0.0, late_gap_sum = 0.0;
  long late_gaps = 0;
  for (int c = 0; c < kCohorts; ++c) {
    const std::vector<double> days = sample_entry_days(spec, 60, rng);
    REQUIRE(std::is_sorted(days.begin(), days.end()));
    early += static_cast<double>(
        std::count_if(days.begin(), days.end(), [](double d) { return d < 6 * 30.4375; }));
    for (std::size_t i = 1; i < days.size(); ++i) {
      if (days[i - 1] >= 6 * 30.4375) {
        late_gap_sum += days[i] - days[i - 1];
        ++late_gaps;
      }
    }
  }
  CHECK(std::abs(early / kCohorts - 12.0) < 4.0 * std::sqrt(12.0 / kCohorts));
  const double gap = 30.4375 / 8.0;
  const double n_late = static_cast<double>(late_gaps);
  CHECK(std::abs(late_gap_sum / n_late - gap) < 4.0 * gap / std::sqrt(n_late));
}

TEST_CASE("dropout as a proportion by a time: that proportion has withdrawn by then",
          "[population]") {
  // Nobody relapses (cure fraction 1): the share censored by dropout before 24 months is
  // the planned 20% (hazard -log(0.8) / 24 months) to within 4 binomial SE; per arm, 10%
  // and 30%.
  std::string text = jisas::scenarios::read_text_file(JISAS_SOURCE_DIR "/scenarios/two_arm.yaml");
  const auto replace = [&](const std::string& from, const std::string& to) {
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
  };
  replace("cure_fraction: 0.58", "cure_fraction: 1.0");
  replace(
      "dropout_per_year: 0.03             # assumed",
      "dropout: {control: {proportion: 0.1, by: 24mo}, experimental: {proportion: 0.3, by: 24mo}}");
  replace("max_follow_up: 36mo", "max_follow_up: 24mo");
  replace("sample_size: [100, 203, 300, 400]", "sample_size: 400");
  const auto sc = jisas::scenarios::parse_scenario(text, "dropout.yaml");
  std::array<long, 2> dropped{}, all{};
  for (std::int64_t c = 0; c < 20; ++c) {
    const auto out = jisas::trial::simulate_cohort(sc.points.at(0), 5, c, true);
    for (const auto& p : out.patients) {
      ++all[p.arm];
      dropped[p.arm] += p.censor_reason == 2;  // dropout (before 24 months: max follow-up)
    }
  }
  const double planned[] = {0.1, 0.3};
  for (int arm = 0; arm < 2; ++arm) {
    const double n = static_cast<double>(all[arm]);
    const double share = static_cast<double>(dropped[arm]) / n;
    CAPTURE(arm, share, n);
    CHECK(std::abs(share - planned[arm]) < 4.0 * std::sqrt(planned[arm] * (1 - planned[arm]) / n));
  }
}

TEST_CASE("a simulated stratified 2:1 trial is balanced within Sokal strata", "[population]") {
  std::string text = jisas::scenarios::read_text_file(JISAS_SOURCE_DIR "/scenarios/two_arm.yaml");
  const std::string from = "    block_size: 4                      # 1:1 in permuted blocks of 4";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(),
               "    block_size: 6\n    ratio: [2, 1]\n    strata: sokal");
  const auto sc = jisas::scenarios::parse_scenario(text, "stratified.yaml");
  for (std::int64_t c = 0; c < 5; ++c) {
    const auto out = jisas::trial::simulate_cohort(sc.points.at(0), 4, c, true);
    std::map<int, std::pair<int, int>> by_sokal;  // experimental, all
    for (const auto& p : out.patients) {
      by_sokal[p.sokal].first += p.arm;
      ++by_sokal[p.sokal].second;
    }
    for (const auto& [sokal, counts] : by_sokal) {
      CAPTURE(c, sokal, counts.first, counts.second);
      // 2:1 in blocks of 6: at most the incomplete last block (4 of up to 5) off 2/3.
      CHECK(std::abs(3 * counts.first - 2 * counts.second) <= 6);
    }
  }
  const auto bad = [&](const std::string& to) {
    std::string t = text;
    t.replace(t.find("    block_size: 6"), 17, to);
    return jisas::scenarios::parse_scenario(t, "bad.yaml");
  };
  using Catch::Contains;
  CHECK_THROWS_WITH(bad("    block_size: 4"),
                    Contains("design.randomization.block_size: must be a multiple of 3"));
  CHECK_THROWS_WITH(bad("    block_size: 6\n    method: simple"),
                    Contains("design.randomization.block_size: only with method permuted_blocks"));
}
