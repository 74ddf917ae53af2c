#include "analysis/kaplan_meier.h"
#include "analysis/time_order.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>

namespace jisas::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double two_sided_z(double level) {
  if (!(level > 0.0 && level < 1.0)) {
    throw std::invalid_argument("confidence level must lie in (0, 1)");
  }
  return boost::math::quantile(boost::math::normal(), 1.0 - (1.0 - level) / 2.0);
}

}  // namespace

std::optional<ConfType> parse_conf_type(std::string_view text) {
  if (text == "log-log") return ConfType::LogLog;
  if (text == "log") return ConfType::Log;
  if (text == "plain") return ConfType::Plain;
  return std::nullopt;
}

std::string_view to_string(ConfType type) {
  switch (type) {
    case ConfType::LogLog: return "log-log";
    case ConfType::Log: return "log";
    case ConfType::Plain: return "plain";
  }
  return "log-log";
}

// survival:::survfit_confint (survival 3.5) with logse = TRUE and ulimit = TRUE.
// Kalbfleisch & Prentice (2002, sec. 1.3) for the log-log transform.
Interval survival_confint(double s, double log_se, double z, ConfType type) {
  switch (type) {
    case ConfType::Plain: {
      const double half = log_se * s * z;  // Greenwood SE of S times z
      if (std::isnan(half)) return {kNaN, kNaN};
      return {std::max(s - half, 0.0), std::min(s + half, 1.0)};
    }
    case ConfType::Log: {
      if (s == 0.0) return {kNaN, kNaN};
      const double half = z * log_se;
      return {std::exp(std::log(s) - half), std::min(std::exp(std::log(s) + half), 1.0)};
    }
    case ConfType::LogLog: {
      if (s == 0.0 || s == 1.0) return {kNaN, kNaN};
      const double half = z * log_se / std::log(s);
      const double centre = std::log(-std::log(s));
      return {std::exp(-std::exp(centre - half)), std::exp(-std::exp(centre + half))};
    }
  }
  return {kNaN, kNaN};
}

KaplanMeier::KaplanMeier(ConfidenceSpec spec) : spec_(spec), z_(two_sided_z(spec.level)) {}

void KaplanMeier::fit(std::span<const double> time, std::span<const int> event) {
  if (time.size() != event.size()) {
    throw std::invalid_argument("Kaplan-Meier: time and event differ in length");
  }
  order_by_time(time, order_, keyed_);
  fit_rows(time, event, order_);
}

void KaplanMeier::fit_ordered(std::span<const double> time, std::span<const int> event,
                              std::span<const int> order) {
  if (time.size() != event.size()) {
    throw std::invalid_argument("Kaplan-Meier: time and event differ in length");
  }
  order_.assign(order.begin(), order.end());
  fit_rows(time, event, order_);
}

void KaplanMeier::fit_rows(std::span<const double> time, std::span<const int> event,
                           std::span<const int> order) {
  rows_.clear();
  rows_.reserve(order.size());
  rows_have_limits_ = false;
  int at_risk = static_cast<int>(order.size());
  double survival = 1.0;
  double greenwood = 0.0;  // sum d / (n (n - d)), Greenwood (1926)
  for (std::size_t i = 0; i < order.size();) {
    KmRow row;
    row.time = time[order[i]];
    row.n_risk = at_risk;
    for (; i < order.size() && time[order[i]] == row.time; ++i) {
      const int e = event[order[i]];
      if (e != 0 && e != 1) throw std::invalid_argument("Kaplan-Meier: event must be 0 or 1");
      (e == 1 ? row.n_event : row.n_censor) += 1;
    }
    if (row.n_event > 0) {
      const double n = row.n_risk;
      const double d = row.n_event;
      survival *= 1.0 - d / n;
      greenwood += (n == d) ? std::numeric_limits<double>::infinity() : d / (n * (n - d));
    }
    row.log_se = std::sqrt(greenwood);
    row.survival = survival;
    row.std_err = survival * row.log_se;  // 0 * inf = NaN once S = 0, as in R
    rows_.push_back(row);
    at_risk -= row.n_event + row.n_censor;
  }
}

const std::vector<KmRow>& KaplanMeier::rows() const {
  if (!rows_have_limits_) {
    for (KmRow& row : rows_) {
      const Interval ci = survival_confint(row.survival, row.log_se, z_, spec_.type);
      row.lower = ci.lower;
      row.upper = ci.upper;
    }
    rows_have_limits_ = true;
  }
  return rows_;
}

const KmRow* KaplanMeier::row_at(double t) const {
  const auto after = std::upper_bound(rows_.begin(), rows_.end(), t,
                                      [](double v, const KmRow& r) { return v < r.time; });
  return after == rows_.begin() ? nullptr : &*(after - 1);
}

SurvivalPoint KaplanMeier::at(double t) const {
  const KmRow* row = row_at(t);
  if (row == nullptr) return SurvivalPoint{t, 1.0, 0.0, 1.0, 1.0};
  const Interval ci = survival_confint(row->survival, row->log_se, z_, spec_.type);
  return SurvivalPoint{t, row->survival, row->std_err, ci.lower, ci.upper};
}

double KaplanMeier::survival_at(double t) const {
  const KmRow* row = row_at(t);
  return row == nullptr ? 1.0 : row->survival;
}

double KaplanMeier::median() const {
  // survival:::survmean's minmin(), tolerance sqrt(machine epsilon).
  const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon());
  const auto first = std::find_if(rows_.begin(), rows_.end(),
                                  [&](const KmRow& r) { return r.survival < 0.5 + tolerance; });
  if (first == rows_.end()) return kNaN;
  if (std::abs(first->survival - 0.5) < tolerance) {
    const auto drop = std::find_if(first, rows_.end(),
                                   [&](const KmRow& r) { return r.survival < first->survival; });
    if (drop != rows_.end()) return (first->time + drop->time) / 2.0;
  }
  return first->time;
}

}  // namespace jisas::analysis
