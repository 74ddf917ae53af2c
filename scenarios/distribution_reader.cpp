#include "scenarios/distribution_reader.h"

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace jisas::scenarios {
namespace {

using Kind = Distribution::Kind;

// models/distributions.cpp samples a truncated normal by rejection with 10000 tries: with
// at least 1% of the mass kept, all tries fail with probability 0.99^10000 < 1e-43.
constexpr double kMinTruncatedMass = 0.01;

struct DistName {
  std::string_view name;
  Kind kind;
};
constexpr DistName kDistNames[] = {
    {"fixed", Kind::Fixed},     {"uniform", Kind::Uniform},
    {"normal", Kind::Normal},   {"lognormal", Kind::LogNormal},
    {"weibull", Kind::Weibull}, {"piecewise_exponential", Kind::PiecewiseExponential}};

double value(FieldReader& r, const Field& field, Scale scale, const Range& range) {
  return scale == Scale::Days ? r.duration(field, range) : r.number(field, range);
}

double value(FieldReader& r, const Field& map, std::string_view key, Scale scale,
             const Range& range) {
  return value(r, r.required(map, key), scale, range);
}

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

void normal_params(FieldReader& r, const Field& m, Scale scale, Distribution& d) {
  r.check_keys(m, {"dist", "mean", "sd", "min", "max"});
  d.mean = value(r, m, "mean", scale, kAnyNumber);
  d.sd = value(r, m, "sd", scale, kPositive);
  const auto min = r.optional(m, "min"), max = r.optional(m, "max");
  d.min = min ? value(r, *min, scale, kNonNegative) : 0.0;  // the support is positive
  d.max = max ? value(r, *max, scale, kNonNegative) : kInf;
  if (d.max <= d.min) r.fail(*max, fmt::format("must be above min ({:g})", d.min));
  const double mass = normal_cdf((d.max - d.mean) / d.sd) - normal_cdf((d.min - d.mean) / d.sd);
  if (mass < kMinTruncatedMass) {
    r.fail(m, fmt::format("truncation to [{:g}, {:g}] keeps {:.2g}% of the normal's mass; "
                          "need at least {:g}%",
                          d.min, d.max, 100.0 * mass, 100.0 * kMinTruncatedMass));
  }
}

void piecewise_params(FieldReader& r, const Field& m, Distribution& d) {
  r.check_keys(m, {"dist", "breaks", "rates_per_month"});
  for (const Field& b : r.list(r.required(m, "breaks"))) {
    const double day = r.duration(b, kPositive);
    if (!d.breaks.empty() && day <= d.breaks.back()) r.fail(b, "breaks must increase strictly");
    d.breaks.push_back(day);
  }
  const Field rates = r.required(m, "rates_per_month");
  for (const Field& x : r.list(rates)) {
    d.rates.push_back(r.number(x, kNonNegative, 1.0 / kDaysPerMonth));
  }
  if (d.rates.size() != d.breaks.size() + 1) {
    r.fail(rates, fmt::format("needs one rate more than breaks ({}), got {}", d.breaks.size() + 1,
                              d.rates.size()));
  }
  if (d.rates.back() <= 0.0) r.fail(rates, "the last rate must be > 0");
}

Kind distribution_kind(FieldReader& r, const Field& m, std::initializer_list<Kind> allowed) {
  const Field field = r.required(m, "dist");
  const std::string name = r.text(field);
  std::vector<std::string> names;
  bool known = false;
  for (const DistName& d : kDistNames) {
    bool ok = false;
    for (const Kind k : allowed) ok = ok || k == d.kind;
    if (ok && d.name == name) return d.kind;
    if (ok) names.emplace_back(d.name);
    known = known || d.name == name;
  }
  r.fail(field, fmt::format("{} distribution '{}' (expected one of: {})",
                            known ? "this key cannot take the" : "unknown", name, join(names)));
}

}  // namespace

Distribution distribution(FieldReader& r, const Field& m, Scale scale,
                          std::initializer_list<Kind> allowed) {
  Distribution d;
  d.kind = distribution_kind(r, m, allowed);
  switch (d.kind) {
    case Kind::Fixed:
      r.check_keys(m, {"dist", "value"});
      d.value = value(r, m, "value", scale, kNonNegative);
      break;
    case Kind::Uniform: {
      r.check_keys(m, {"dist", "min", "max"});
      d.min = value(r, m, "min", scale, kNonNegative);
      const Field max = r.required(m, "max");
      d.max = value(r, max, scale, kNonNegative);
      if (d.max <= d.min) r.fail(max, fmt::format("must be above min ({:g})", d.min));
      break;
    }
    case Kind::Normal: normal_params(r, m, scale, d); break;
    case Kind::LogNormal:
      r.check_keys(m, {"dist", "median", "sdlog"});
      d.median = value(r, m, "median", scale, kPositive);
      d.sdlog = r.number(m, "sdlog", kPositive);
      break;
    case Kind::Weibull:
      r.check_keys(m, {"dist", "shape", "scale"});
      d.shape = r.number(m, "shape", kPositive);
      d.scale = value(r, m, "scale", scale, kPositive);
      break;
    case Kind::PiecewiseExponential: piecewise_params(r, m, d); break;
  }
  return d;
}

}  // namespace jisas::scenarios
