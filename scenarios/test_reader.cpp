#include "scenarios/test_reader.h"

#include <fmt/format.h>

#include "scenarios/distribution_reader.h"

namespace jisas::scenarios {
namespace {

using analysis::Alternative;

Alternative alternative(FieldReader& r, const Field& t, Alternative fallback) {
  if (!r.optional(t, "alternative")) return fallback;
  return *analysis::parse_alternative(r.choice(t, "alternative", {"two.sided", "less", "greater"}));
}

// ---- One parse function per test: its own keys, and its default alternative ------------

TestMethod landmark_vs_historical(FieldReader& r, const Field& t, Alternative& alt) {
  r.check_keys(t, {"type", "name", "alpha", "alternative", "at", "null_rate"});
  alt = alternative(r, t, Alternative::Greater);
  return LandmarkVsHistoricalTest{r.duration(t, "at", kPositive),
                                  r.number(t, "null_rate", kOpenUnit)};
}

TestMethod binomial_landmark(FieldReader& r, const Field& t, Alternative& alt) {
  r.check_keys(t, {"type", "name", "alpha", "alternative", "at", "null_rate"});
  alt = alternative(r, t, Alternative::Greater);
  return BinomialLandmarkTest{r.duration(t, "at", kPositive), r.number(t, "null_rate", kOpenUnit)};
}

// The historical curve: `historical` (piecewise exponential) or, without it, the
// exponential curve through S(at) = null_rate.
TestMethod one_sample_logrank(FieldReader& r, const Field& t, Alternative& alt) {
  r.check_keys(t, {"type", "name", "alpha", "alternative", "at", "null_rate", "historical"});
  alt = alternative(r, t, Alternative::Greater);
  OneSampleLogRankTest spec;
  if (const auto h = r.optional(t, "historical")) {
    const Distribution d =
        distribution(r, *h, Scale::Days, {Distribution::Kind::PiecewiseExponential});
    spec.historical_breaks = d.breaks;
    spec.historical_rates = d.rates;
    return spec;
  }
  spec.at = r.duration(t, "at", kPositive);
  spec.null_rate = r.number(t, "null_rate", kOpenUnit);
  return spec;
}

TestMethod mann_whitney(FieldReader& r, const Field& t, Alternative& alt) {
  r.check_keys(t, {"type", "name", "alpha", "alternative", "covariate"});
  r.choice(t, "covariate", {"cmr_duration"});
  alt = alternative(r, t, Alternative::TwoSided);
  return MannWhitneyTest{MannWhitneyTest::Covariate::CmrDuration};
}

// `greater`: the IFN arm relapses less (one-sided superiority, the usual design of an IFN
// trial); the default stays two-sided.
TestMethod logrank_arms(FieldReader& r, const Field& t, Alternative& alt) {
  r.check_keys(t, {"type", "name", "alpha", "alternative"});
  alt = alternative(r, t, Alternative::TwoSided);
  return LogRankArmsTest{};
}

TestMethod km_difference(FieldReader& r, const Field& t, Alternative& alt) {
  r.check_keys(t, {"type", "name", "alpha", "alternative", "at"});
  alt = alternative(r, t, Alternative::Greater);  // IFN better: S1 > S0
  return KmDifferenceTest{r.duration(t, "at", kPositive)};
}

TestMethod weighted_logrank(FieldReader& r, const Field& t, Alternative& alt) {
  r.check_keys(t, {"type", "name", "alpha", "alternative", "rho", "gamma"});
  alt = alternative(r, t, Alternative::Greater);  // IFN better: fewer relapses than expected
  return WeightedLogRankTest{r.number(t, "rho", {0.0, 10.0}), r.number(t, "gamma", {0.0, 10.0})};
}

// `weights: [[rho, gamma], ...]`, at least two and all different; default the four of
// Lin et al. 2020.
TestMethod maxcombo(FieldReader& r, const Field& t, Alternative& alt) {
  r.check_keys(t, {"type", "name", "alpha", "alternative", "weights"});
  alt = alternative(r, t, Alternative::Greater);
  MaxComboTest spec;
  const auto weights = r.optional(t, "weights");
  if (!weights) return spec;
  spec.rho.clear();
  spec.gamma.clear();
  const std::vector<Field> pairs = r.list(*weights);
  if (pairs.size() < 2 || pairs.size() > 8) r.fail(*weights, "give 2 to 8 [rho, gamma] pairs");
  for (const Field& pair : pairs) {
    const std::vector<Field> rg = r.list(pair);
    if (rg.size() != 2) r.fail(pair, "expected [rho, gamma]");
    spec.rho.push_back(r.number(rg[0], {0.0, 10.0}));
    spec.gamma.push_back(r.number(rg[1], {0.0, 10.0}));
    for (std::size_t k = 0; k + 1 < spec.rho.size(); ++k) {
      if (spec.rho[k] == spec.rho.back() && spec.gamma[k] == spec.gamma.back())
        r.fail(pair, "this weight is already in the list");
    }
  }
  return spec;
}

TestMethod rmst_difference(FieldReader& r, const Field& t, Alternative& alt) {
  r.check_keys(t, {"type", "name", "alpha", "alternative", "tau"});
  alt = alternative(r, t, Alternative::Greater);  // IFN better: longer relapse-free
  return RmstDifferenceTest{r.duration(t, "tau", kPositive)};
}

// ---- The table of test types ----------------------------------------------------------

using TestParser = TestMethod (*)(FieldReader&, const Field&, Alternative&);
struct TestType {
  const char* name;
  TestParser parse;
};
constexpr TestType kTestTypes[] = {
    {"landmark_vs_historical", landmark_vs_historical},
    {"binomial_landmark", binomial_landmark},
    {"one_sample_logrank", one_sample_logrank},
    {"mann_whitney", mann_whitney},
    {"logrank_arms", logrank_arms},
    {"km_difference", km_difference},
    {"weighted_logrank", weighted_logrank},
    {"maxcombo", maxcombo},
    {"rmst_difference", rmst_difference},
};

bool is_name(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

TestSpec test(FieldReader& r, const Field& t) {
  std::vector<std::string_view> names;
  for (const TestType& type : kTestTypes) names.emplace_back(type.name);
  const std::string type = r.choice(t, "type", names);
  TestSpec spec;
  for (const TestType& known : kTestTypes) {
    if (type == known.name) spec.method = known.parse(r, t, spec.alternative);
  }
  const Field name = r.required(t, "name");
  spec.name = r.text(name);
  if (!is_name(spec.name)) {
    r.fail(name, fmt::format("'{}' is not a valid name (letters, digits and _ only)", spec.name));
  }
  spec.alpha = r.number(t, "alpha", kOpenUnit);
  return spec;
}

}  // namespace jisas::scenarios
