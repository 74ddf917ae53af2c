// A scenario as plain structs, units resolved: every time is in days (double), every
// probability in [0, 1]. Filled by load_scenario() (scenario_loader.h) from YAML and
// documented key by key in docs/scenario-schema.md. Holds no YAML types, so engine/,
// models/ and analysis/ never see yaml-cpp.
#pragma once

#include <array>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/spec/distribution.h"
#include "scenarios/spec/kinetics.h"
#include "scenarios/spec/looks.h"
#include "scenarios/spec/tests.h"
#include "scenarios/spec/visits.h"

namespace jisas::scenarios {

inline constexpr int kSchemaVersion = 1;

struct AccrualSpec {
  enum class Kind { Window, Rate };
  Kind kind = Kind::Window;
  std::string start_date;     // ISO date of day 0 of the trial ("" when the scenario has no dates)
  double window_days = 0.0;   // Window: entries uniform over [0, window_days]
  double rate_per_day = 0.0;  // Rate: Poisson entries from day 0 (rate_from empty)
  // Rate, piecewise (rpact's accrualTime and accrualIntensity): rates_per_day[j] from day
  // rate_from[j] (rate_from[0] = 0); the last one until the sample size is reached.
  std::vector<double> rate_from, rates_per_day;
};

struct AnalysisDateSpec {
  enum class Kind { Calendar, MinFollowUp };
  Kind kind = Kind::MinFollowUp;
  double calendar_day = 0.0;   // Calendar: days after accrual start_date
  double min_follow_up = 0.0;  // MinFollowUp: days after the last entry
  // Event-driven (issue 14): the analysis comes at the `events`-th confirmed relapse among
  // evaluable patients, or at the date above if that comes first. 0: at the date above.
  int events = 0;
};

struct WithdrawalSpec {
  double unevaluable = 0.0;  // probability an enrolled patient is never evaluable
  // Constant hazard of consent withdrawal on study, per arm (control, experimental; a
  // single-arm trial's patients are experimental).
  std::array<double, 2> dropout_per_day{};
};

// Allocation to two arms: control (no IFN) and experimental (the protocol's IFN).
struct RandomizationSpec {
  enum class Method {
    None,            // single arm: everyone experimental
    PermutedBlocks,  // blocks of block_size with the ratio exact in each (Zelen 1974)
    Simple,          // each patient experimental with probability e / (e + c)
  };
  enum class Strata { None, Sokal, PriorIfn };  // a block sequence per category
  Method method = Method::None;
  int block_size = 0;                 // PermutedBlocks: a multiple of experimental + control
  int experimental = 1, control = 1;  // the allocation ratio e:c
  Strata strata = Strata::None;
};

struct DesignSpec {
  int sample_size = 0;  // patients enrolled per cohort
  AccrualSpec accrual;
  AnalysisDateSpec analysis_date;
  WithdrawalSpec withdrawal;
  double max_follow_up = 0.0;  // per-patient end of follow-up, days (0 = none)
  RandomizationSpec randomization;
  bool randomized() const { return randomization.method != RandomizationSpec::Method::None; }
};

// Covariates at IM stop (design.md "Population"). Durations are built so they nest:
// CMR duration <= MMR duration <= time on IM.
struct PopulationSpec {
  Distribution age_years;
  double sokal_low = 1.0, sokal_intermediate = 0.0, sokal_high = 0.0;  // sum to 1
  double prior_ifn = 0.0;           // probability of IFN before IM
  Distribution cmr_duration;        // days at the deep response on IM before the stop
  Distribution mmr_before_cmr;      // days in MMR before CMR was reached
  Distribution time_to_mmr;         // days on IM before MMR
  double min_mmr_duration = 730.5;  // eligibility: MMR for at least this long (2 years)
  // Eligibility by depth (the words of kinetics.history): the deep response the patients
  // are in at the stop (NaN: undetectable, CMR; else a ratio, 1e-4 = MR4) and how long
  // they must have held it (cmr_duration is the time at that depth).
  double deep_response = std::numeric_limits<double>::quiet_NaN();
  double min_deep_duration = 0.0;
};

struct AssaySpec {
  double abl_copies_median = 0.0;  // ABL control copies per test, log-normal
  double abl_copies_sdlog = 0.0;
  double conversion_factor = 1.0;  // to the International Scale
  // Draw the assay at every visit, also where it cannot plausibly call a relapse (the
  // simulation of seeding scheme 1; scenarios/quiet_visits.h).
  bool draw_every_visit = false;
};

struct ProtocolSpec {
  bool ifn = true;
  double ifn_start_within = 0.0;  // days: IFN starts uniformly in [0, this]
  // days of IFN from its start (ENDURE: 15 months); infinity = until relapse (JISAS)
  double ifn_duration = std::numeric_limits<double>::infinity();
  double ifn_dose_mu = std::numeric_limits<double>::quiet_NaN();  // for the record; unused
  int ifn_per_week_min = 0, ifn_per_week_max = 0;                 // short-acting doses a week
  // Long-acting (pegylated) IFN instead: an injection every this many days, at a steady
  // exposure (0: short-acting, per_week above).
  double ifn_long_acting_every = 0.0;
  double ifn_long_acting_exposure = 1.0;
  VisitSchedule visits;  // RQ-PCR after the stop
  // MMR, CMR: loss of that response at `confirmations` successive visits. CmrRising (STIM1,
  // Mahon 2010): loss of MMR at one visit, or two successive detectable results the second
  // at least 10 times (1 log) the first.
  enum class LossOf { MMR, CMR, CmrRising };
  LossOf loss_of = LossOf::MMR;
  double threshold = 0.001;  // MMR: BCR-ABL/ABL (IS) below this
  int confirmations = 2;     // successive visits needed to call a relapse
  // The day a relapse is dated at, for every analysis (IM resumes at the confirmation):
  // the first of the confirming run of positive tests, or the confirming visit.
  enum class DatedAt { FirstLoss, Confirmation };
  DatedAt dated_at = DatedAt::FirstLoss;
  double resume_im_mg = 400.0;
};

// The loader accepts at most this many landmarks and tests; the result rows hold arrays
// of exactly this size (analysis/cohort/records.h), so the two cannot disagree.
inline constexpr std::size_t kMaxLandmarks = 8;
inline constexpr std::size_t kMaxTests = 8;

struct AnalysisSpec {
  std::vector<double> landmarks;  // days, at most kMaxLandmarks
  std::vector<TestSpec> tests;    // at most kMaxTests
  int histogram_bins = 20;
  // Also simulate each cohort's null twins: the same design and random streams with the
  // effect each test looks for (TestedEffect) removed by the kinetic model.
  bool null_twin = false;
  double target_power = 0.8;  // for the smallest sample size reaching it
  // Patients of the one large sample that gives the model's truth (trial/model_truth.h);
  // 0: not computed.
  int truth_patients = 20000;
  // Interim looks before the final analysis, and the boundaries of the test they decide
  // on (both or neither).
  std::vector<LookSpec> looks;
  std::optional<SequentialSpec> sequential;
  // Or a two-stage design (its one look is in `looks`).
  std::optional<TwoStageSpec> two_stage;

  bool has_looks() const { return sequential || two_stage; }
  // The index of the test the looks decide on (requires has_looks()).
  std::size_t look_test() const { return sequential ? sequential->test : two_stage->test; }
};

struct OutputSpec {
  std::string path;         // default output file
  int patient_cohorts = 0;  // write /patients and /measurements for this many
};

// Visits whose assay result is certain for the relapse rule (scenarios/quiet_visits.h):
// under a rule on the loss of MMR, a true ratio at most `low` reports no loss, and one at
// least `high` reports a loss, each but with a probability that over `max_skipped` visits
// stays below 1e-12 per patient. Up to max_skipped visits per patient take that result
// without an assay draw. The default skips nothing.
struct QuietVisits {
  double low = 0.0;
  double high = std::numeric_limits<double>::infinity();
  int max_skipped = 0;
};

// One point of the design grid: everything a cohort simulation needs.
struct DesignPoint {
  int index = 0;
  std::vector<double> axis_values;       // this point's value on each grid axis (struct units)
  std::vector<std::string> axis_labels;  // the same values as the scenario wrote them ("24mo")
  DesignSpec design;
  PopulationSpec population;
  KineticsSpec kinetics;
  AssaySpec assay;
  ProtocolSpec protocol;
  AnalysisSpec analysis;
  QuietVisits quiet;  // derived from assay, protocol and design by the loader
};

// A grid axis: a scenario key given as a list, e.g. design.sample_size: [12, 20, 30].
struct GridAxis {
  std::string key;  // dotted key path
  std::vector<double> values;
};

struct Scenario {
  std::string source_path;
  std::string yaml_text;  // verbatim, for the output file
  // The `--set KEY=VALUE` texts applied to yaml_text's document, in order (recorded beside
  // it in the output file: the file alone is not the scenario that ran).
  std::vector<std::string> overrides;
  std::string name;
  std::uint64_t seed = 0;
  int cohorts = 0;
  std::vector<GridAxis> axes;       // empty for a single design point
  std::vector<DesignPoint> points;  // the expanded grid, full factorial, first axis slowest
  OutputSpec output;
  // "FILE:LINE:COL" (or the --set label) of the keys a resource message may name, by key
  // path: cohorts, design.sample_size, protocol.visits, ... and each grid axis.
  std::map<std::string, std::string> key_locations;
};

}  // namespace jisas::scenarios
