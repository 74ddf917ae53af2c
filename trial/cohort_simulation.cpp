#include "trial/cohort_simulation.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include <tbb/task_arena.h>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "analysis/cohort/cohort_analysis.h"
#include "analysis/cohort/cohort_tests.h"
#include "engine/event_queue.h"
#include "engine/helper_threads.h"
#include "engine/timeline.h"
#include "models/models.h"
#include "trial/population.h"
#include "trial/protocol.h"
#include "trial/streams.h"

namespace jisas::trial {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using analysis::CohortOutput;
using analysis::Measurement;
using analysis::PatientRecord;

double analysis_day(const scenarios::AnalysisDateSpec& spec, const std::vector<double>& entries) {
  if (spec.kind == scenarios::AnalysisDateSpec::Kind::Calendar) return spec.calendar_day;
  return (entries.empty() ? 0.0 : entries.back()) + spec.min_follow_up;
}

models::IfnCourse sample_ifn(const scenarios::ProtocolSpec& spec, engine::RandomEngine& rng) {
  if (!spec.ifn) return {};
  // (Boost's uniform_real_distribution never returns for an empty interval [0, 0).)
  const double start =
      spec.ifn_start_within > 0.0
          ? boost::random::uniform_real_distribution<double>(0.0, spec.ifn_start_within)(rng)
          : 0.0;
  if (spec.ifn_long_acting_every > 0.0) {
    return {start, start + spec.ifn_duration, 0, spec.ifn_long_acting_exposure};
  }
  const int per_week = boost::random::uniform_int_distribution<int>(spec.ifn_per_week_min,
                                                                    spec.ifn_per_week_max)(rng);
  return {start, start + spec.ifn_duration, per_week, per_week / 5.0};
}

// Where a patient stands in the cohort: enrolment order, entry day, arm.
struct Enrolment {
  int index = 0;
  double entry_day = 0.0;
  int arm = 1;
};

// What the trial draws for a patient whatever the kinetic model: covariates (the
// durations too, unless the model simulates them), withdrawal and the IFN course.
struct PatientStart {
  Covariates covariates;
  double dropout = kInf;  // days on study until consent withdrawal
  models::IfnCourse ifn;
};

Covariates draw_covariates(const scenarios::DesignPoint& point, const PatientStreams& streams,
                           bool model_draws_durations) {
  auto baseline_rng = streams(Purpose::Baseline);
  return model_draws_durations ? sample_demographics(point.population, baseline_rng)
                               : sample_eligible_patient(point.population, baseline_rng);
}

// The stratum of each patient for stratified randomization (empty without strata): the
// covariate drawn again from the patient's own baseline stream, so nothing else changes.
std::vector<int> randomization_strata(const scenarios::DesignPoint& point,
                                      const CohortStreams& cohort, int n,
                                      bool model_draws_durations) {
  using Strata = scenarios::RandomizationSpec::Strata;
  const Strata strata = point.design.randomization.strata;
  std::vector<int> categories;
  if (strata == Strata::None) return categories;
  for (int i = 0; i < n; ++i) {
    const PatientStreams streams{cohort, static_cast<std::uint64_t>(i) + 1};
    const Covariates c = draw_covariates(point, streams, model_draws_durations);
    categories.push_back(strata == Strata::Sokal ? c.sokal : c.prior_ifn);
  }
  return categories;
}

PatientStart draw_start(const scenarios::DesignPoint& point, const PatientStreams& streams,
                        const Enrolment& enrolment, bool model_draws_durations,
                        PatientRecord& record) {
  PatientStart start;
  start.covariates = draw_covariates(point, streams, model_draws_durations);
  auto withdrawal_rng = streams(Purpose::Withdrawal);
  const bool unevaluable = boost::random::bernoulli_distribution<double>(
      point.design.withdrawal.unevaluable)(withdrawal_rng);
  const double rate = point.design.withdrawal.dropout_per_day[enrolment.arm == 1 ? 1 : 0];
  if (rate > 0.0)
    start.dropout = boost::random::exponential_distribution<double>(rate)(withdrawal_rng);
  auto protocol_rng = streams(Purpose::Protocol);
  if (enrolment.arm == 1) start.ifn = sample_ifn(point.protocol, protocol_rng);
  record.evaluable = !unevaluable;
  return start;
}

void record_start(const Enrolment& enrolment, const PatientStart& start, double cutoff_day,
                  PatientRecord& record) {
  const Covariates& c = start.covariates;
  record.patient = enrolment.index;
  record.entry_day = enrolment.entry_day;
  record.arm = static_cast<std::int8_t>(enrolment.arm);
  record.age_years = c.age_years;
  record.sokal = static_cast<std::int8_t>(c.sokal);
  record.prior_ifn = c.prior_ifn;
  record.cmr_duration = c.cmr_duration;
  record.mmr_duration = c.mmr_duration;
  record.im_duration = c.im_duration;
  record.ifn_per_week = static_cast<std::int8_t>(start.ifn.per_week);
  record.eligibility_draws = c.draws;
  record.evaluable = record.evaluable && enrolment.entry_day <= cutoff_day;
}

void record_truth(const models::PatientTruth& truth, PatientRecord& record) {
  record.cured = truth.cured;
  record.latent_relapse = truth.latent_relapse;
  if (!truth.durations) return;
  record.eligibility_draws = truth.eligibility_draws;
  record.cmr_duration = truth.durations->cmr;
  record.mmr_duration = truth.durations->mmr;
  record.im_duration = truth.durations->im;
}

// Days on study at the analysis date: to the cutoff, the dropout or the end of follow-up.
double follow_up_days(const scenarios::DesignPoint& point, double entry_day, double dropout,
                      double cutoff_day) {
  const double max_follow_up = point.design.max_follow_up > 0.0 ? point.design.max_follow_up : kInf;
  return std::min({cutoff_day - entry_day, dropout, max_follow_up});
}

// The study part of a patient's timeline, the same for every kinetic model: protocol
// visits from the stop until relapse, censoring or the analysis date.
void follow_on_study(const scenarios::DesignPoint& point, const PatientStreams& streams,
                     double dropout, double cutoff_day, models::Kinetics& kinetics,
                     PatientRecord& record, engine::EventQueue<EventKind>& queue,
                     std::vector<Measurement>* measurements, bool regaining) {
  record.follow_up = follow_up_days(point, record.entry_day, dropout, cutoff_day);
  auto assay_rng = streams(Purpose::Assay);
  std::optional<engine::RandomEngine> quiet_assay_rng;
  if (measurements != nullptr) quiet_assay_rng = streams(Purpose::QuietAssay);
  record.visit_key = streams.hash(Purpose::Visits);
  ProtocolRules rules(point, kinetics, assay_rng, record,
                      {measurements, quiet_assay_rng ? &*quiet_assay_rng : nullptr, regaining});
  queue.clear();
  rules.start(queue, dropout, cutoff_day - record.entry_day, point.design.max_follow_up);
  engine::run_timeline(queue, kinetics, rules);
}

// The patients of the model's truth sample (analysis.truth_patients, 20,000 by default)
// and of each boundary-twin probe of it are simulated in parallel, on the run's threads
// (the TBB arena's concurrency: `run` sets up in an arena of --threads), by helper threads
// the sample keeps for its probes (SharedCohort). A patient draws only from its own
// streams and writes only its own slot, so the records are the same at any thread count.
// Trial cohorts stay serial (no helpers): they run in parallel themselves.
constexpr std::size_t kPatientsPerTake = 64;

// simulate(i, queue) for i in [0, n); serially with `queue` (a workspace's) without
// helpers. In parallel, each thread takes blocks of patients from an atomic counter. The
// helpers are std::threads, not TBB tasks: their hand-offs are a mutex and condition
// variables, which ThreadSanitizer sees, where TBB's waits happen inside Debian's libtbb,
// which is not built for it (engine/cohort_runner.h). A patient's exception (a population
// no patient of which meets the eligibility rule) is rethrown after the loop, that of the
// lowest index, as the serial loop would have thrown it.
template <class Simulate>
void for_each_patient(std::size_t n, engine::HelperThreads* helpers,
                      engine::EventQueue<EventKind>& queue, const Simulate& simulate) {
  if (helpers == nullptr || helpers->threads() < 2 || n < 2 * kPatientsPerTake) {
    for (std::size_t i = 0; i < n; ++i) simulate(i, queue);
    return;
  }
  std::atomic<std::size_t> next{0}, failed_at{n};
  std::mutex failure_mutex;
  std::exception_ptr failure;  // that of failed_at
  const auto work = [&] {
    engine::EventQueue<EventKind> own_queue;
    for (std::size_t first; (first = next.fetch_add(kPatientsPerTake)) < n;) {
      const std::size_t last = std::min(first + kPatientsPerTake, n);
      // Patients after a failed one cannot change which exception is thrown.
      for (std::size_t i = first; i < last && i < failed_at; ++i) {
        try {
          simulate(i, own_queue);
        } catch (...) {
          const std::lock_guard lock(failure_mutex);
          if (i < failed_at) failed_at = i, failure = std::current_exception();
        }
      }
    }
  };
  helpers->run_on_all(work);
  if (failure) std::rethrow_exception(failure);
}

// What a cohort's twins (null and boundary: the same point with one model parameter
// changed, on the same streams) reuse of its simulation (issue 18): the entries, arms and
// analysis date, and per patient what the trial draws at the stop, which no model
// parameter changes (covariates, withdrawal, IFN course), the pre-stop state where the
// tested effect cannot change it, the model's patient and the record. A twin patient
// whose model draws the same course (Model::same_course) takes the cohort's record: the
// protocol would follow it with the same streams to the same result.
template <class Model>
struct CohortShare {
  struct Patient {
    PatientStreams streams;  // a twin's patient draws from the same (the prefix is hashed once)
    PatientStart start;
    PatientRecord started;  // enrolment, covariates and evaluability, before the kinetics
    std::optional<typename Model::PreStop> pre_stop;
    std::optional<typename Model::Patient> drawn;
    PatientRecord record;
  };
  std::vector<double> entries;
  analysis::SortScratch entry_sort;
  std::vector<int> arms;
  double cutoff = 0.0;
  bool keep_pre_stop = false;  // a twin reuses the pre-stop state
  std::vector<Patient> patients;
};

}  // namespace

// The workspace's buffers: one share per kinetic model (a cohort uses its point's), the
// patients of the cohort and then of each twin in turn, and the analyses' buffers.
template <class Specs>
struct SharesOf;
template <class... Specs>
struct SharesOf<std::variant<Specs...>> {
  using type = std::tuple<CohortShare<models::ModelOf<Specs>>...>;
};

struct CohortWorkspace::Buffers {
  SharesOf<scenarios::KineticsSpec>::type shares;
  std::vector<PatientRecord> patients;
  engine::EventQueue<EventKind> queue;  // a patient's timeline, when the patients run serially
  analysis::AnalysisWorkspace analysis;
};

CohortWorkspace::CohortWorkspace() : buffers_(std::make_unique<Buffers>()) {}
CohortWorkspace::~CohortWorkspace() = default;

// A point's model and its twins' (PointModels), each made from its own design point.
template <class Model>
struct ModelSet {
  using ModelType = Model;
  ModelSet(const scenarios::DesignPoint& p, const NullTwins& twins, const BoundaryTwins* edges)
      : point(std::get<typename Model::Spec>(p.kinetics), p) {
    for (std::size_t e = 0; e < scenarios::kTestedEffects; ++e) {
      const auto& twin = twins.points[e];
      if (twin) null[e].emplace(std::get<typename Model::Spec>(twin->kinetics), *twin);
    }
    if (edges == nullptr) return;
    for (const auto& twin : edges->twins)
      boundary.emplace_back(std::get<typename Model::Spec>(twin.point.kinetics), twin.point);
  }
  Model point;
  std::array<std::optional<Model>, scenarios::kTestedEffects> null;
  std::vector<Model> boundary;
};

template <class Specs>
struct ModelSetsOf;
template <class... Specs>
struct ModelSetsOf<std::variant<Specs...>> {
  using type = std::variant<ModelSet<models::ModelOf<Specs>>...>;
};

struct PointModels::Sets : ModelSetsOf<scenarios::KineticsSpec>::type {
  using ModelSetsOf<scenarios::KineticsSpec>::type::variant;
};

namespace {

template <class Model>
CohortShare<Model>& share_of(CohortWorkspace::Buffers& w) {
  return std::get<CohortShare<Model>>(w.shares);
}

// One cohort of one design point under the kinetic model `Model` (models/kinetic_model.h).
template <class Model>
class CohortDriver {
 public:
  using Share = CohortShare<Model>;

  CohortDriver(const scenarios::DesignPoint& point, std::uint64_t seed, std::int64_t cohort,
               engine::HelperThreads* helpers = nullptr)
      : CohortDriver(point, nullptr, seed, cohort, helpers) {}
  // `prepared`: the point's model made once for the run (PointModels); nullptr: its own.
  CohortDriver(const scenarios::DesignPoint& point, const Model* prepared, std::uint64_t seed,
               std::int64_t cohort, engine::HelperThreads* helpers = nullptr)
      : point_(point),
        own_model_(prepared == nullptr ? std::make_optional<Model>(
                                             std::get<typename Model::Spec>(point.kinetics), point)
                                       : std::nullopt),
        model_(prepared != nullptr ? *prepared : *own_model_),
        streams_{seed, static_cast<std::uint64_t>(point.index), static_cast<std::uint64_t>(cohort)},
        cohort_(cohort),
        helpers_(helpers) {}
  CohortDriver(const CohortDriver&) = delete;  // model_ may refer to own_model_
  CohortDriver& operator=(const CohortDriver&) = delete;

  // The cohort, in the workspace's buffers; with `sharing`, the workspace's share of
  // this model keeps what its twins reuse.
  CohortOutput run(bool keep_patients, bool sharing, CohortWorkspace::Buffers& w) const {
    CohortOutput out;
    simulate_patients(sharing, w, keep_patients ? &out.measurements : nullptr);
    out.result =
        analysis::analyse_cohort(point_, w.patients, share_of<Model>(w).cutoff, w.analysis);
    out.result.cohort = cohort_;
    if (keep_patients) out.patients = w.patients;  // a copy: the buffer stays the workspace's
    return out;
  }

  // The cohort's patients into w.patients, without its analysis (a truth sample's records).
  // Measurements, when kept, are appended in patient order: the patients then run serially.
  void simulate_patients(bool sharing, CohortWorkspace::Buffers& w,
                         std::vector<Measurement>* measurements) const {
    Share& s = share_of<Model>(w);
    enrol(s);
    std::vector<PatientRecord>& patients = w.patients;
    patients.resize(s.entries.size());
    s.patients.resize(sharing ? s.entries.size() : 0);
    engine::HelperThreads* const helpers = measurements != nullptr ? nullptr : helpers_;
    for_each_patient(s.entries.size(), helpers, w.queue, [&](std::size_t i, auto& queue) {
      patients[i] =
          simulate_patient({static_cast<int>(i), s.entries[i], s.arms[i]}, s.cutoff, queue,
                           measurements, sharing ? &s.patients[i] : nullptr, s.keep_pre_stop);
    });
  }

  // A twin of the cohort `share` was filled by (this driver's point is the twin's): its
  // patients into `patients`. With `status_only` (analysis::twin_reads_status_only), a
  // patient whose certain visits decide its status at the end of follow-up is not followed.
  void twin_patients(Share& share, bool reuse_pre_stop, std::vector<PatientRecord>& patients,
                     engine::EventQueue<EventKind>& serial_queue, bool status_only = false) const {
    patients.resize(share.patients.size());
    for_each_patient(share.patients.size(), helpers_, serial_queue,
                     [&](std::size_t i, auto& queue) {
                       twin_patient(share.patients[i], share.cutoff, queue, reuse_pre_stop,
                                    status_only, patients[i]);
                     });
  }
  // How many of the twin's patients are relapse-free at `at` (twin_relapse_free_at).
  std::size_t twin_relapse_free_count(Share& share, bool reuse_pre_stop, double at,
                                      engine::EventQueue<EventKind>& serial_queue) const {
    std::vector<std::uint8_t> relapse_free(share.patients.size());
    for_each_patient(
        share.patients.size(), helpers_, serial_queue, [&](std::size_t i, auto& queue) {
          relapse_free[i] =
              twin_relapse_free_at(share.patients[i], share.cutoff, queue, reuse_pre_stop, at);
        });
    return static_cast<std::size_t>(std::count(relapse_free.begin(), relapse_free.end(), 1));
  }
  analysis::CohortResult run_twin(CohortWorkspace::Buffers& w, bool reuse_pre_stop,
                                  analysis::TestMask tests) const {
    Share& share = share_of<Model>(w);
    twin_patients(share, reuse_pre_stop, w.patients, w.queue,
                  analysis::twin_reads_status_only(point_, tests));
    return analysis::analyse_twin(point_, w.patients, share.cutoff, tests, w.analysis);
  }

 private:
  void enrol(Share& s) const {
    auto accrual_rng = streams_(0, Purpose::Accrual);
    sample_entry_days(point_.design.accrual, point_.design.sample_size, accrual_rng, s.entries,
                      s.entry_sort);
    s.cutoff = analysis_day(point_.design.analysis_date, s.entries);
    auto randomization_rng = streams_(0, Purpose::Randomization);
    assign_arms(point_.design.sample_size, point_.design.randomization,
                randomization_strata(point_, streams_, point_.design.sample_size,
                                     Model::kSimulatesEligibility),
                randomization_rng, s.arms);
  }

  PatientRecord simulate_patient(const Enrolment& enrolment, double cutoff_day,
                                 engine::EventQueue<EventKind>& queue,
                                 std::vector<Measurement>* measurements,
                                 typename Share::Patient* share, bool keep_pre_stop) const {
    const PatientStreams streams{streams_, static_cast<std::uint64_t>(enrolment.index) + 1};
    PatientRecord record;
    const PatientStart start =
        draw_start(point_, streams, enrolment, Model::kSimulatesEligibility, record);
    record_start(enrolment, start, cutoff_day, record);
    if (share != nullptr) {
      share->streams = streams;
      share->start = start;
      share->started = record;
      share->pre_stop.reset();  // the workspace's previous cohort's: the model must not reuse it
    }
    // Drawn for every enrolled patient, evaluable or not, so that a patient's draws do
    // not depend on the analysis date.
    const typename Model::Patient patient =
        model_.draw(start.covariates, start.ifn, streams,
                    share != nullptr && keep_pre_stop ? &share->pre_stop : nullptr);
    follow(patient, start, streams, cutoff_day, queue, measurements, true, record);
    if (share != nullptr) {
      share->drawn = patient;
      share->record = record;
    }
    return record;
  }

  // The twin's record of a cohort's patient, written in place (a record returned by value
  // went through a copy on the stack whose 8-byte stores stalled the 16-byte loads of its
  // copy into the vector).
  void twin_patient(typename Share::Patient& cohort, double cutoff_day,
                    engine::EventQueue<EventKind>& queue, bool reuse_pre_stop, bool status_only,
                    PatientRecord& record) const {
    const PatientStreams& streams = cohort.streams;  // the twin's point keeps the index
    const auto patient = twin_draw(cohort, streams, reuse_pre_stop);
    if (!patient) {
      record = cohort.record;
      return;
    }
    record = cohort.started;
    if (status_only && certain_status(*patient, cohort.start, streams, cutoff_day, record)) return;
    follow(*patient, cohort.start, streams, cutoff_day, queue, nullptr, false, record);
  }

  // The twin patient's model draw, or nullopt where it keeps the cohort's record: no
  // analysis reads an unevaluable patient beyond that (its record, model truth included,
  // is kept without a draw), and a patient of the same course would be followed to it.
  std::optional<typename Model::Patient> twin_draw(typename Share::Patient& cohort,
                                                   const PatientStreams& streams,
                                                   bool reuse_pre_stop) const {
    if (!cohort.started.evaluable) return std::nullopt;
    const typename Model::Patient patient =
        model_.draw(cohort.start.covariates, cohort.start.ifn, streams,
                    reuse_pre_stop ? &cohort.pre_stop : nullptr);
    if (Model::same_course(patient, *cohort.drawn)) return std::nullopt;
    return patient;
  }

  // Whether a twin patient is relapse-free at `at` (days on study), as its record from
  // twin_patient would say; where the certain visits alone decide it, without following.
  bool twin_relapse_free_at(typename Share::Patient& cohort, double cutoff_day,
                            engine::EventQueue<EventKind>& queue, bool reuse_pre_stop,
                            double at) const {
    const auto relapse_free = [at](const PatientRecord& r) {
      return !analysis::relapsed_by(r, at);
    };
    const PatientStreams& streams = cohort.streams;  // the twin's point keeps the index
    const auto patient = twin_draw(cohort, streams, reuse_pre_stop);
    if (!patient) return relapse_free(cohort.record);
    const double on_study = cutoff_day - cohort.started.entry_day;
    if (const auto certain = certain_relapse_free_at(*patient, cohort.start, streams, on_study, at))
      return *certain;
    PatientRecord record = cohort.started;
    follow(*patient, cohort.start, streams, cutoff_day, queue, nullptr, false, record);
    return relapse_free(record);
  }

  // A status-only twin's record (analysis::twin_reads_status_only), into `record` (the
  // started record), where the certain visits decide whether a relapse is confirmed by the
  // end of follow-up: true, with the model's truth, `relapsed` and `follow_up` as following
  // would give them; the days NaN and the censoring reason not set (no such twin's
  // analysis reads them). false, `record` untouched, where a drawn visit could decide or
  // the model's kinetics do not see ahead: the patient is followed.
  bool certain_status(const typename Model::Patient& patient, const PatientStart& start,
                      const PatientStreams& streams, double cutoff_day,
                      PatientRecord& record) const {
    using ModelKinetics = decltype(model_.kinetics(patient, start.ifn));
    if constexpr (ModelKinetics::kQuietUntilSeesAhead) {
      ModelKinetics kinetics = model_.kinetics(patient, start.ifn);
      const std::uint64_t visit_key = streams.hash(Purpose::Visits);
      const double follow_up = follow_up_days(point_, record.entry_day, start.dropout, cutoff_day);
      const std::optional<bool> relapse_free =
          trial::certain_relapse_free_to_end(point_, visit_key, kinetics, follow_up);
      if (!relapse_free) return false;
      record_truth(model_.truth(patient), record);
      record.visit_key = visit_key;
      record.follow_up = follow_up;
      record.relapsed = *relapse_free ? 0 : 1;
      record.time = record.confirmed = record.first_loss = record.time_to_regain = kNaN;
      return true;
    } else {
      return false;
    }
  }

  // trial::certain_relapse_free_at, where the model's kinetics see ahead (hazard); else
  // nullopt: the patient is followed.
  std::optional<bool> certain_relapse_free_at(const typename Model::Patient& patient,
                                              const PatientStart& start,
                                              const PatientStreams& streams, double on_study,
                                              double at) const {
    using ModelKinetics = decltype(model_.kinetics(patient, start.ifn));
    if constexpr (ModelKinetics::kQuietUntilSeesAhead) {
      ModelKinetics kinetics = model_.kinetics(patient, start.ifn);
      return trial::certain_relapse_free_at(point_, streams.hash(Purpose::Visits), kinetics,
                                            start.dropout, on_study, at);
    } else {
      return std::nullopt;
    }
  }

  // The model's truth into the record, then the study visits of an evaluable patient (up
  // to the relapse unless `regaining`: twins read only their tests' data).
  void follow(const typename Model::Patient& patient, const PatientStart& start,
              const PatientStreams& streams, double cutoff_day,
              engine::EventQueue<EventKind>& queue, std::vector<Measurement>* measurements,
              bool regaining, PatientRecord& record) const {
    record_truth(model_.truth(patient), record);
    if (!record.evaluable) return;
    auto kinetics = model_.kinetics(patient, start.ifn);
    follow_on_study(point_, streams, start.dropout, cutoff_day, kinetics, record, queue,
                    measurements, regaining);
  }

  const scenarios::DesignPoint& point_;
  std::optional<Model> own_model_;
  const Model& model_;
  CohortStreams streams_;
  std::int64_t cohort_;
  engine::HelperThreads* helpers_;  // nullptr: the patients run serially
};

// The tested effects the point's twins remove; whether one of them reuses the pre-stop state.
template <class Model>
bool twins_reuse_pre_stop(const NullTwins& twins) {
  bool reuse = false;
  for (std::size_t e = 0; e < scenarios::kTestedEffects; ++e) {
    const auto effect = static_cast<scenarios::TestedEffect>(e);
    reuse = reuse || (twins.of(effect) && Model::pre_stop_unchanged_by(effect));
  }
  return reuse;
}

// Each null twin's decisions go to the tests that look for its effect.
template <class Model>
void add_null_twins(const scenarios::DesignPoint& point, const NullTwins& twins,
                    const ModelSet<Model>& models, std::uint64_t seed, std::int64_t cohort,
                    CohortWorkspace::Buffers& w, analysis::CohortResult& row) {
  std::array<analysis::TestMask, scenarios::kTestedEffects> tests_of;
  for (std::size_t t = 0; t < point.analysis.tests.size(); ++t) {
    tests_of[static_cast<std::size_t>(analysis::describe(point.analysis.tests[t]).effect)].set(t);
  }
  std::array<std::optional<analysis::CohortResult>, scenarios::kTestedEffects> twin_results;
  for (std::size_t e = 0; e < scenarios::kTestedEffects; ++e) {
    const auto effect = static_cast<scenarios::TestedEffect>(e);
    if (!twins.of(effect)) continue;
    twin_results[e] = CohortDriver<Model>(*twins.of(effect), &*models.null[e], seed, cohort)
                          .run_twin(w, Model::pre_stop_unchanged_by(effect), tests_of[e]);
  }
  for (std::size_t t = 0; t < point.analysis.tests.size(); ++t) {
    const auto effect = analysis::describe(point.analysis.tests[t]).effect;
    const auto& twin = twin_results[static_cast<std::size_t>(effect)];
    if (!twin) continue;
    row.null_p_value[t] = twin->p_value[t];
    row.null_reject[t] = twin->reject[t];
    if (!point.analysis.has_looks() || point.analysis.look_test() != t) continue;
    row.null_stop_look = twin->stop_look;
    row.null_stop_reason = twin->stop_reason;
  }
}

// Each boundary twin's decisions go to the tests it was calibrated for.
template <class Model>
void add_boundary_twins(const scenarios::DesignPoint& point, const BoundaryTwins& boundary,
                        const ModelSet<Model>& models, std::uint64_t seed, std::int64_t cohort,
                        CohortWorkspace::Buffers& w, analysis::CohortResult& row) {
  for (std::size_t k = 0; k < boundary.twins.size(); ++k) {
    analysis::TestMask tests;
    for (std::size_t t = 0; t < point.analysis.tests.size(); ++t) {
      tests.set(t, boundary.of_test[t] == static_cast<int>(k));
    }
    const analysis::CohortResult twin =
        CohortDriver<Model>(boundary.twins[k].point, &models.boundary[k], seed, cohort)
            .run_twin(w, Model::kPreStopUnchangedByParameters, tests);
    for (std::size_t t = 0; t < point.analysis.tests.size(); ++t) {
      if (boundary.of_test[t] != static_cast<int>(k)) continue;
      row.boundary_p_value[t] = twin.p_value[t];
      row.boundary_reject[t] = twin.reject[t];
    }
  }
}

template <class Model>
CohortOutput simulate_with_twins(const scenarios::DesignPoint& point, const NullTwins& twins,
                                 const BoundaryTwins* boundary, const ModelSet<Model>& models,
                                 std::uint64_t seed, std::int64_t cohort, bool keep_patients,
                                 CohortWorkspace::Buffers& w) {
  // (Kept only when the cohort shares at all, that is when it has twins.)
  share_of<Model>(w).keep_pre_stop =
      Model::kPreStopUnchangedByParameters || twins_reuse_pre_stop<Model>(twins);
  const bool any_boundary = boundary != nullptr && !boundary->twins.empty();
  bool any_null = false;
  for (const auto& twin : twins.points) any_null = any_null || twin.has_value();
  CohortOutput out = CohortDriver<Model>(point, &models.point, seed, cohort)
                         .run(keep_patients, any_null || any_boundary, w);
  if (any_null) add_null_twins<Model>(point, twins, models, seed, cohort, w, out.result);
  if (any_boundary)
    add_boundary_twins<Model>(point, *boundary, models, seed, cohort, w, out.result);
  return out;
}

}  // namespace

SharedCohort::SharedCohort(const scenarios::DesignPoint& point, std::uint64_t seed,
                           std::int64_t cohort) {
  std::visit(
      [&](const auto& spec) {
        using Model = models::ModelOf<std::decay_t<decltype(spec)>>;
        auto workspace = std::make_shared<CohortWorkspace>();
        // Kept for every twin: threads started once (engine/helper_threads.h).
        auto helpers =
            std::make_shared<engine::HelperThreads>(tbb::this_task_arena::max_concurrency());
        // Its twins (a boundary search's probes) differ in one parameter.
        share_of<Model>(workspace->buffers()).keep_pre_stop = Model::kPreStopUnchangedByParameters;
        CohortDriver<Model>(point, seed, cohort, helpers.get())
            .simulate_patients(true, workspace->buffers(), nullptr);
        // Moved, not copied: the twins refill the buffer (twin_patients) or do not use it.
        patients_ = std::move(workspace->buffers().patients);
        twin_ = [workspace, helpers, seed,
                 cohort](const scenarios::DesignPoint& twin) -> const std::vector<PatientRecord>& {
          CohortWorkspace::Buffers& w = workspace->buffers();
          CohortDriver<Model>(twin, seed, cohort, helpers.get())
              .twin_patients(share_of<Model>(w), Model::kPreStopUnchangedByParameters, w.patients,
                             w.queue);
          return w.patients;
        };
        twin_rate_ = [workspace, helpers, seed, cohort](const scenarios::DesignPoint& twin,
                                                        double at) {
          CohortWorkspace::Buffers& w = workspace->buffers();
          CohortShare<Model>& share = share_of<Model>(w);
          const std::size_t free =
              CohortDriver<Model>(twin, seed, cohort, helpers.get())
                  .twin_relapse_free_count(share, Model::kPreStopUnchangedByParameters, at,
                                           w.queue);
          return static_cast<double>(free) / static_cast<double>(share.patients.size());
        };
      },
      point.kinetics);
}

std::vector<PatientRecord> simulate_sample(const scenarios::DesignPoint& point, std::uint64_t seed,
                                           std::int64_t cohort) {
  return std::visit(
      [&](const auto& spec) {
        using Model = models::ModelOf<std::decay_t<decltype(spec)>>;
        CohortWorkspace workspace;
        engine::HelperThreads helpers(tbb::this_task_arena::max_concurrency());
        CohortDriver<Model>(point, seed, cohort, &helpers)
            .simulate_patients(false, workspace.buffers(), nullptr);
        return std::move(workspace.buffers().patients);
      },
      point.kinetics);
}

double SharedCohort::twin_relapse_free_rate(const scenarios::DesignPoint& twin, double at) const {
  return twin_rate_(twin, at);
}

const std::vector<analysis::PatientRecord>& SharedCohort::twin_patients(
    const scenarios::DesignPoint& twin) const {
  return twin_(twin);
}

CohortOutput simulate_cohort(const scenarios::DesignPoint& point, std::uint64_t seed,
                             std::int64_t cohort, bool keep_patients) {
  return std::visit(
      [&](const auto& spec) {
        using Model = models::ModelOf<std::decay_t<decltype(spec)>>;
        CohortWorkspace workspace;
        return CohortDriver<Model>(point, seed, cohort)
            .run(keep_patients, false, workspace.buffers());
      },
      point.kinetics);
}

PointModels::PointModels(const scenarios::DesignPoint& point, const NullTwins& twins,
                         const BoundaryTwins* boundary)
    : models_(std::visit(
          [&](const auto& spec) {
            using Model = models::ModelOf<std::decay_t<decltype(spec)>>;
            return std::make_unique<Sets>(std::in_place_type<ModelSet<Model>>, point, twins,
                                          boundary);
          },
          point.kinetics)) {}
PointModels::~PointModels() = default;
PointModels::PointModels(PointModels&&) noexcept = default;

CohortOutput simulate_cohort_and_twins(const scenarios::DesignPoint& point, const NullTwins& twins,
                                       const BoundaryTwins* boundary, const PointModels& models,
                                       std::uint64_t seed, std::int64_t cohort, bool keep_patients,
                                       CohortWorkspace& workspace) {
  return std::visit(
      [&](const auto& set) {
        using Model = typename std::decay_t<decltype(set)>::ModelType;
        return simulate_with_twins<Model>(point, twins, boundary, set, seed, cohort, keep_patients,
                                          workspace.buffers());
      },
      models.sets());
}

CohortOutput simulate_cohort_and_twins(const scenarios::DesignPoint& point, const NullTwins& twins,
                                       const BoundaryTwins* boundary, std::uint64_t seed,
                                       std::int64_t cohort, bool keep_patients) {
  CohortWorkspace workspace;
  const PointModels models(point, twins, boundary);
  return simulate_cohort_and_twins(point, twins, boundary, models, seed, cohort, keep_patients,
                                   workspace);
}

}  // namespace jisas::trial
