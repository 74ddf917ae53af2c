// Kaplan-Meier estimate of relapse-free survival with Greenwood's variance,
// following R's survival package (Therneau, survfit / summary.survfit / print.survfit)
// so that every number can be checked in R.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/time_order.h"

namespace jisas::analysis {

// Scale on which the pointwise confidence interval is symmetric (survfit's conf.type).
enum class ConfType { LogLog, Log, Plain };

std::optional<ConfType> parse_conf_type(std::string_view text);  // "log-log", "log", "plain"
std::string_view to_string(ConfType type);

struct ConfidenceSpec {
  ConfType type = ConfType::LogLog;
  double level = 0.95;  // in (0, 1)
};

// One row per distinct observed time, as survfit's $time. Undefined values are NaN.
struct KmRow {
  double time = 0.0;
  int n_risk = 0;
  int n_event = 0;
  int n_censor = 0;
  double survival = 1.0;
  double std_err = 0.0;  // Greenwood standard error of S(t), as summary.survfit reports
  double log_se = 0.0;   // Greenwood standard error of the cumulative hazard, -log S(t)
  double lower = 0.0;
  double upper = 0.0;
};

struct SurvivalPoint {
  double time = 0.0;
  double survival = 1.0;
  double std_err = 0.0;
  double lower = 1.0;
  double upper = 1.0;
};

// Reusable: fit() keeps its buffers, so a simulation can refit cohort after cohort
// without allocating once the buffers have grown to the largest cohort.
class KaplanMeier {
 public:
  explicit KaplanMeier(ConfidenceSpec spec = {});

  // time >= 0; event[i] is 1 for an event (relapse) and 0 for a censoring.
  // Throws std::invalid_argument when the spans differ in length or an event is not 0/1.
  void fit(std::span<const double> time, std::span<const int> event);

  // Every row with its pointwise limits. These are computed here, at the first call after
  // a fit, not by the fit: a simulated cohort reads S at a few landmarks through at(),
  // and the limits at each of its event times (six transcendental calls each for
  // log-log) were 4% of a run with twins (bench/RESULTS.md, 2026-12-03).
  const std::vector<KmRow>& rows() const;
  // The fit of the patients `order` lists, already in order of time (ties in index
  // order), as fit() of their times and events alone: an arm's KM from the pooled order
  // without sorting again. order(): the last fit's.
  void fit_ordered(std::span<const double> time, std::span<const int> event,
                   std::span<const int> order);
  const std::vector<int>& order() const { return order_; }
  const ConfidenceSpec& confidence() const { return spec_; }

  // S at a landmark, as summary(fit, times = t, extend = TRUE): the last row at or
  // before t; before the first observed time S = 1 with zero error and limits (1, 1).
  SurvivalPoint at(double t) const;
  // S alone at t, as at(t).survival, without the limits (an arm's KM at the landmarks).
  double survival_at(double t) const;

  // Median survival as print.survfit reports it (survival:::survmean): the first time
  // S(t) <= 1/2; if S is exactly 1/2 there and drops later, the midpoint between that
  // time and the time of the next drop. NaN when S never reaches 1/2.
  double median() const;

 private:
  void fit_rows(std::span<const double> time, std::span<const int> event,
                std::span<const int> order);
  // The last row at or before t; nullptr before the first observed time.
  const KmRow* row_at(double t) const;
  ConfidenceSpec spec_;
  double z_ = 0.0;  // normal quantile for the two-sided level
  std::vector<int> order_;
  TimeOrderScratch<int> keyed_;  // sorting scratch, kept between fits
  // mutable: the limits are filled in lazily by rows(), a cache of values the fit
  // determines. A KaplanMeier is not shared between threads (one per analysis).
  mutable std::vector<KmRow> rows_;
  mutable bool rows_have_limits_ = false;
};

struct Interval {
  double lower = 0.0;
  double upper = 0.0;
};

// Pointwise confidence limits of survfit_confint for survival s whose cumulative
// hazard has standard error log_se; z is the normal quantile for the level.
Interval survival_confint(double s, double log_se, double z, ConfType type);

}  // namespace jisas::analysis
