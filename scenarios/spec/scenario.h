// A scenario as plain structs, units resolved: every time is in days (double), every
// probability in [0, 1]. Filled by load_scenario() (scenario_loader.h) from YAML and
// documented key by key in docs/scenario-schema.md. Holds no YAML types, so engine/,
// models/ and analysis/ never see yaml-cpp.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace jisas::scenarios {

inline constexpr int kSchemaVersion = 1;
inline constexpr double kDaysPerMonth = 365.25 / 12.0;  // "1mo" = 30.4375 days
inline constexpr double kDaysPerYear = 365.25;

// A positive-support distribution for one covariate or latent time.
struct Distribution {
  enum class Kind { Fixed, Uniform, Normal, LogNormal, Weibull, PiecewiseExponential };
  Kind kind = Kind::Fixed;
  double value = 0.0;                // Fixed
  double min = 0.0, max = 0.0;       // Uniform bounds; for Normal, truncation bounds
  double mean = 0.0, sd = 0.0;       // Normal
  double median = 0.0, sdlog = 0.0;  // LogNormal: exp(N(log median, sdlog))
  double shape = 1.0, scale = 1.0;   // Weibull: S(t) = exp(-(t/scale)^shape)
  std::vector<double> breaks;        // PiecewiseExponential: interval starts after 0
  std::vector<double> rates;         // per day, one more than breaks
};

struct AccrualSpec {
  enum class Kind { Window, Rate };
  Kind kind = Kind::Window;
  std::string start_date;     // ISO date of the first possible entry, day 0 of the trial
  double window_days = 0.0;   // Window: entries uniform over [0, window_days]
  double rate_per_day = 0.0;  // Rate: Poisson entries from day 0
};

struct AnalysisDateSpec {
  enum class Kind { Calendar, MinFollowUp };
  Kind kind = Kind::MinFollowUp;
  double calendar_day = 0.0;   // Calendar: days after accrual start_date
  double min_follow_up = 0.0;  // MinFollowUp: days after the last entry
};

struct WithdrawalSpec {
  double unevaluable = 0.0;      // probability an enrolled patient is never evaluable
  double dropout_per_day = 0.0;  // constant hazard of consent withdrawal on study
};

struct DesignSpec {
  int sample_size = 0;  // patients enrolled per cohort
  AccrualSpec accrual;
  AnalysisDateSpec analysis_date;
  WithdrawalSpec withdrawal;
  double max_follow_up = 0.0;  // per-patient end of follow-up, days (0 = none)
  // Two arms, 1:1 in permuted blocks: control (no IFN) and experimental (the protocol's
  // IFN). 0 = single arm, everyone experimental.
  int randomization_block = 0;
};

// Covariates at IM stop (design.md "Population"). Durations are built so they nest:
// CMR duration <= MMR duration <= time on IM.
struct PopulationSpec {
  Distribution age_years;
  double sokal_low = 1.0, sokal_intermediate = 0.0, sokal_high = 0.0;  // sum to 1
  double prior_ifn = 0.0;           // probability of IFN before IM
  Distribution cmr_duration;        // days in CMR on IM before the stop
  Distribution mmr_before_cmr;      // days in MMR before CMR was reached
  Distribution time_to_mmr;         // days on IM before MMR
  double min_mmr_duration = 730.5;  // eligibility: MMR for at least this long (2 years)
};

// The `hazard` kinetics model: cure fraction plus latent relapse time.
struct HazardModelSpec {
  double cure_fraction = 0.0;                // at the reference CMR duration
  double cure_log_odds_per_year_cmr = 0.0;   // logistic link on CMR years - reference
  Distribution relapse_time;                 // latent time of MMR loss, non-cured, no IFN
  double relapse_log_hr_per_year_cmr = 0.0;  // proportional-hazards link
  double reference_cmr_years = 0.0;
  double ifn_hazard_ratio = 1.0;  // on the latent relapse hazard while on IFN
  double doubling_time = 0.0;     // days, BCR-ABL regrowth off treatment
  double im_half_life = 0.0;      // days, BCR-ABL decline after IM resumption
  double residual_ratio = 0.0;    // BCR-ABL/ABL of the controlled residual disease
};

// IFN-alpha multipliers of the `lsc_immune` model (models/lsc_immune.md), each applied
// as (1 + theta * u) with u the weekly exposure (injections per week / 5); all 0 = null.
struct IfnEffectSpec {
  double immune_recruitment = 0.0;  // theta_R on r_Z
  double immune_window = 0.0;       // theta_Z on p_Z (widens the immune window)
  double immune_kill = 0.0;         // theta_M on m
  double activation = 0.0;          // theta_A on p_XY (quiescent cells into cycle)
  double antiproliferative = 0.0;   // theta_P: p_Y * (1 - theta_P * u)
};

// The simulated imatinib history from diagnosis to the stop (models/lsc_history.h).
struct ImHistorySpec {
  double visit_every = 3.0 * kDaysPerMonth;  // routine RQ-PCR on IM, days
  double min_im_duration = 0.0;              // eligibility, days
  double min_mmr_duration = 2.0 * kDaysPerYear;
  double min_deep_duration = 0.0;                // deep response held for this long, days
  double deep_response = 0.0;                    // ratio at or below this (0: undetectable, CMR)
  Distribution stop_delay;                       // from first eligibility to the stop, days
  double max_im_duration = 20.0 * kDaysPerYear;  // never eligible by then: not enrolled
};

// The `lsc_immune` model (Hahnel et al. 2020, Cancer Res 80:2394): quiescent (X) and
// cycling (Y) leukemic stem cells and immune effectors (Z). Rates are per month and
// counts in cells, as published; models/lsc_immune.md gives each value's source.
struct LscImmuneSpec {
  // Fixed for everyone.
  double p_y = 1.658;     // proliferation of cycling LSCs, /month
  double k_y = 1e6;       // carrying capacity of Y
  double r_z = 200.0;     // immune influx, cells/month
  double a = 2.0;         // immune decay, /month
  double m = 1e-4;        // immune kill, /(cell month)
  double turnover = 0.0;  // delta: extra birth and death of Y (extinction), /month
  // BCR-ABL/ABL from Y: Y / K_Y (myelo's Hahnel plots) or Y / (2 K_Y - Y) (one BCR-ABL
  // allele per leukemic cell against two ABL alleles per normal cell).
  enum class Ratio { YOverKy, YOverTwoKyMinusY };
  Ratio ratio = Ratio::YOverKy;
  // Per patient: a row of Hahnel's Table S1 drawn with these weights by immune class,
  // each fitted rate times 10^N(0, jitter_sd_log10).
  double class_weight_a = 6.0, class_weight_b = 8.0, class_weight_c = 7.0;
  double jitter_sd_log10 = 0.0;
  // X at diagnosis is (p_YX / p_XY) Y0, up to 1e10 for some fits; capped at this many
  // cells (K_Y: the quiescent pool no larger than the cycling one's capacity).
  double x_cap = 1e6;
  IfnEffectSpec ifn;
  ImHistorySpec history;
  // Numerics.
  double switch_cells = 100.0;                    // X + Y below this: exact stochastic simulation
  double ode_rel_tol = 1e-4, ode_abs_tol = 1e-4;  // 1e-9 agrees within MC error (tests)
};

struct KineticsSpec {
  std::string model = "hazard";  // or "lsc_immune"
  HazardModelSpec hazard;
  LscImmuneSpec lsc;
};

struct AssaySpec {
  double abl_copies_median = 0.0;  // ABL control copies per test, log-normal
  double abl_copies_sdlog = 0.0;
  double conversion_factor = 1.0;  // to the International Scale
};

struct ProtocolSpec {
  bool ifn = true;
  double ifn_start_within = 0.0;  // days: IFN starts uniformly in [0, this]
  // days of IFN from its start (ENDURE: 15 months); infinity = until relapse (JISAS)
  double ifn_duration = std::numeric_limits<double>::infinity();
  double ifn_dose_mu = std::numeric_limits<double>::quiet_NaN();  // for the record; unused
  int ifn_per_week_min = 0, ifn_per_week_max = 0;
  double visit_every = 0.0;  // days
  // MMR, CMR: loss of that response at `confirmations` successive visits. CmrRising (STIM1,
  // Mahon 2010): loss of MMR at one visit, or two successive detectable results the second
  // at least 10 times (1 log) the first.
  enum class LossOf { MMR, CMR, CmrRising };
  LossOf loss_of = LossOf::MMR;
  double threshold = 0.001;  // MMR: BCR-ABL/ABL (IS) below this
  int confirmations = 2;     // successive visits needed to call a relapse
  double resume_im_mg = 400.0;
};

struct TestSpec {
  enum class Kind {
    LandmarkVsHistorical,
    BinomialLandmark,
    OneSampleLogRank,
    MannWhitney,
    LogRankArms
  };
  Kind kind = Kind::LandmarkVsHistorical;
  std::string name;        // column name in the output
  double at = 0.0;         // LandmarkVsHistorical: landmark, days
  double null_rate = 0.0;  // historical relapse-free rate at the landmark
  double alpha = 0.05;
  std::string alternative = "greater";     // LandmarkVsHistorical: greater; MannWhitney: any
  std::string covariate = "cmr_duration";  // MannWhitney
  // OneSampleLogRank: the historical curve, piecewise exponential (rates per day); when
  // empty, the exponential curve through S(at) = null_rate.
  std::vector<double> historical_breaks;
  std::vector<double> historical_rates;
};

struct AnalysisSpec {
  std::vector<double> landmarks;  // days, at most kMaxLandmarks
  std::vector<TestSpec> tests;    // at most kMaxTests
  int histogram_bins = 20;
  // Also simulate each cohort's null twin (the same design with the IFN effect set to the
  // null, ifn_hazard_ratio = 1, with the same random streams) to estimate type I error.
  bool null_twin = false;
  double target_power = 0.8;  // for the smallest sample size reaching it
};

struct OutputSpec {
  std::string path;         // default output file
  int patient_cohorts = 0;  // write /patients and /measurements for this many
};

// One point of the design grid: everything a cohort simulation needs.
struct DesignPoint {
  int index = 0;
  std::vector<double> axis_values;  // this point's value on each grid axis (struct units)
  DesignSpec design;
  PopulationSpec population;
  KineticsSpec kinetics;
  AssaySpec assay;
  ProtocolSpec protocol;
  AnalysisSpec analysis;
};

// A grid axis: a scenario key given as a list, e.g. design.sample_size: [12, 20, 30].
struct GridAxis {
  std::string key;  // dotted key path
  std::vector<double> values;
};

struct Scenario {
  std::string source_path;
  std::string yaml_text;  // verbatim, for the output file
  std::string name;
  std::uint64_t seed = 0;
  int cohorts = 0;
  std::vector<GridAxis> axes;       // empty for a single design point
  std::vector<DesignPoint> points;  // the expanded grid, full factorial, first axis slowest
  OutputSpec output;
};

inline constexpr std::size_t kMaxLandmarks = 8;
inline constexpr std::size_t kMaxTests = 8;

}  // namespace jisas::scenarios
