#include "scenarios/design_reader.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "scenarios/run_limits.h"

namespace jisas::scenarios {
namespace {

constexpr Range kAllocation{1.0, 10.0};

// Piecewise Poisson accrual (rpact's accrualTime / accrualIntensity): `per_month[j]` from
// `from[j]`, the first from 0, the last until the sample size is reached.
void piecewise_rate(FieldReader& r, const Field& f, AccrualSpec& spec) {
  r.check_keys(f, {"from", "per_month"});
  const Field from = r.required(f, "from"), rates = r.required(f, "per_month");
  const std::vector<Field> starts = r.list(from), values = r.list(rates);
  if (starts.empty() || starts.size() != values.size()) {
    r.fail(f, "'from' and 'per_month' need the same number of values (at least one)");
  }
  for (std::size_t j = 0; j < starts.size(); ++j) {
    const double day = r.duration(starts[j], kNonNegative);
    if (j == 0 && day != 0.0) r.fail(starts[j], "the first piece starts at 0");
    if (j > 0 && !(day > spec.rate_from.back())) r.fail(starts[j], "must increase strictly");
    spec.rate_from.push_back(day);
    spec.rates_per_day.push_back(r.number(values[j], kNonNegative, 1.0 / kDaysPerMonth));
  }
  if (!(spec.rates_per_day.back() > 0.0)) {
    r.fail(values.back(), "the last rate must be > 0 (it runs until the sample size is reached)");
  }
}

// The window, duration or rate forms; returns the start date's day number, if given.
std::optional<std::int64_t> accrual(FieldReader& r, const Field& a, AccrualSpec& spec) {
  r.check_keys(a, {"start", "end", "duration", "rate_per_month", "piecewise_rate"});
  std::optional<std::int64_t> start;
  if (const auto s = r.optional(a, "start")) {
    start = r.date(*s);
    spec.start_date = r.text(*s);
  }
  const auto end = r.optional(a, "end"), duration = r.optional(a, "duration");
  const auto rate = r.optional(a, "rate_per_month"), piecewise = r.optional(a, "piecewise_rate");
  if ((end ? 1 : 0) + (duration ? 1 : 0) + (rate ? 1 : 0) + (piecewise ? 1 : 0) != 1) {
    r.fail(a,
           "give exactly one of 'end' (a date), 'duration', 'rate_per_month' or "
           "'piecewise_rate'");
  }
  if (end) {
    if (!start) r.fail(*end, "needs design.accrual.start");
    spec.kind = AccrualSpec::Kind::Window;
    const std::int64_t end_day = r.date(*end);
    if (end_day <= *start) {
      r.fail(*end, fmt::format("must be after design.accrual.start ({})", spec.start_date));
    }
    spec.window_days = static_cast<double>(end_day - *start);
  } else if (duration) {
    spec.kind = AccrualSpec::Kind::Window;
    spec.window_days = r.duration(*duration, kPositive);
  } else {
    spec.kind = AccrualSpec::Kind::Rate;
    if (rate) spec.rate_per_day = r.number(*rate, kPositive, 1.0 / kDaysPerMonth);
    if (piecewise) piecewise_rate(r, *piecewise, spec);
  }
  return start;
}

// Two arms: permuted blocks (the default) or simple randomization, e:c, maybe stratified.
RandomizationSpec randomization(FieldReader& r, const Field& f) {
  using R = RandomizationSpec;
  r.check_keys(f, {"method", "block_size", "ratio", "strata"});
  R spec;
  spec.method =
      r.optional(f, "method") && r.choice(f, "method", {"permuted_blocks", "simple"}) == "simple"
          ? R::Method::Simple
          : R::Method::PermutedBlocks;
  if (const auto ratio = r.optional(f, "ratio")) {
    const std::vector<Field> parts = r.list(*ratio);
    if (parts.size() != 2) r.fail(*ratio, "give [experimental, control], e.g. [2, 1]");
    spec.experimental = r.integer(parts[0], kAllocation);
    spec.control = r.integer(parts[1], kAllocation);
  }
  const int unit = spec.experimental + spec.control;
  if (spec.method == R::Method::PermutedBlocks) {
    const Field block = r.required(f, "block_size");
    spec.block_size = r.integer(block, {2.0, 100.0});
    if (spec.block_size % unit != 0) {
      r.fail(block, fmt::format("must be a multiple of {} (the ratio {}:{})", unit,
                                spec.experimental, spec.control));
    }
  } else if (const auto block = r.optional(f, "block_size")) {
    r.fail(*block, "only with method permuted_blocks");
  }
  if (r.optional(f, "strata")) {
    const std::string s = r.choice(f, "strata", {"none", "sokal", "prior_ifn"});
    spec.strata = s == "sokal"       ? R::Strata::Sokal
                  : s == "prior_ifn" ? R::Strata::PriorIfn
                                     : R::Strata::None;
  }
  return spec;
}

// The analysis date: a calendar date or a follow-up after the last entry, optionally
// brought forward to the `events`-th confirmed relapse (an event-driven analysis).
AnalysisDateSpec analysis_date(FieldReader& r, const Field& a, std::optional<std::int64_t> start,
                               int sample_size) {
  r.check_keys(a, {"date", "min_follow_up", "events"});
  const auto date = r.optional(a, "date"), follow_up = r.optional(a, "min_follow_up");
  if (date && follow_up) r.fail(a, "give either 'date' or 'min_follow_up', not both");
  if (!date && !follow_up) {
    r.fail(a,
           "missing required key: give 'date' or 'min_follow_up' (with 'events': the latest "
           "date)");
  }
  AnalysisDateSpec spec;
  if (date) {
    if (!start) r.fail(*date, "needs design.accrual.start");
    spec.kind = AnalysisDateSpec::Kind::Calendar;
    const std::int64_t day = r.date(*date);
    if (day <= *start) r.fail(*date, "must be after design.accrual.start");
    spec.calendar_day = static_cast<double>(day - *start);
  } else {
    spec.kind = AnalysisDateSpec::Kind::MinFollowUp;
    spec.min_follow_up = r.duration(*follow_up, kNonNegative);
  }
  if (const auto events = r.optional(a, "events")) {
    spec.events = r.integer(*events, kAtLeastOne);
    if (spec.events > sample_size) {
      r.fail(*events, fmt::format("can never be met: a cohort has {} patients", sample_size));
    }
  }
  return spec;
}

// A cumulative dropout proportion by a time, as a constant hazard: -log(1 - p) / t.
double dropout_rate(FieldReader& r, const Field& f) {
  r.check_keys(f, {"proportion", "by"});
  const double p = r.number(f, "proportion", {0.0, 1.0, false, true});
  const double by = r.duration(f, "by", kPositive);
  return -std::log1p(-p) / by;
}

// `dropout_per_year`, or `dropout` as a proportion by a time, for both arms or per arm.
void withdrawal(FieldReader& r, const Field& w, bool randomized, WithdrawalSpec& spec) {
  r.check_keys(w, {"unevaluable", "dropout_per_year", "dropout"});
  spec.unevaluable = r.number(w, "unevaluable", kProbability);
  const auto per_year = r.optional(w, "dropout_per_year"), dropout = r.optional(w, "dropout");
  if (per_year && dropout) r.fail(w, "give either 'dropout_per_year' or 'dropout', not both");
  if (!per_year && !dropout)
    r.fail(w, "missing required key: give 'dropout_per_year' or 'dropout'");
  if (per_year) {
    spec.dropout_per_day.fill(r.number(*per_year, kNonNegative, 1.0 / kDaysPerYear));
  } else if (!r.optional(*dropout, "control") && !r.optional(*dropout, "experimental")) {
    spec.dropout_per_day.fill(dropout_rate(r, *dropout));
  } else {
    r.check_keys(*dropout, {"control", "experimental"});
    if (!randomized) r.fail(*dropout, "per-arm dropout needs design.randomization");
    spec.dropout_per_day[0] = dropout_rate(r, r.required(*dropout, "control"));
    spec.dropout_per_day[1] = dropout_rate(r, r.required(*dropout, "experimental"));
  }
}

}  // namespace

DesignSpec design(FieldReader& r, const Field& root) {
  const Field d = r.required(root, "design");
  r.check_keys(
      d, {"sample_size", "accrual", "analysis", "withdrawal", "max_follow_up", "randomization"});
  DesignSpec spec;
  const Field size = r.required(d, "sample_size");
  spec.sample_size = r.integer(size, kAtLeastOne);
  if (spec.sample_size > kMaxSampleSize) {
    r.fail(size, fmt::format("must be at most {} patients per cohort, got {}", kMaxSampleSize,
                             spec.sample_size));
  }
  const auto start = accrual(r, r.required(d, "accrual"), spec.accrual);
  spec.analysis_date = analysis_date(r, r.required(d, "analysis"), start, spec.sample_size);
  spec.max_follow_up = r.duration_or(d, "max_follow_up", kNonNegative, 0.0);
  if (const auto rand = r.optional(d, "randomization"))
    spec.randomization = randomization(r, *rand);
  withdrawal(r, r.required(d, "withdrawal"), spec.randomized(), spec.withdrawal);
  return spec;
}

}  // namespace jisas::scenarios
