#include "analysis/cohort/two_stage_analysis.h"

#include <algorithm>
#include <limits>
#include <variant>
#include <vector>

#include "analysis/cohort/looks.h"

namespace jisas::analysis {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::int8_t kEfficacy = 1, kFutility = 2, kFinal = 3;

// An evaluable patient whose status at the landmark is known, and when.
struct Known {
  double day = 0.0;
  bool relapse_free = false;
};

// The evaluable patients whose status at the landmark is known by `last_day`, in
// enrolment order: the first n1 of them are stage 1, the first n the whole trial (a patient
// who leaves before the landmark is replaced by the next one, as protocols do).
std::vector<Known> known_by(std::span<const PatientRecord> patients, double landmark,
                            const scenarios::VisitSchedule& visits, double last_day) {
  std::vector<Known> known;
  for (const PatientRecord& p : patients) {
    if (!p.evaluable) continue;
    const double day = landmark_status_day(p, landmark, visits);
    if (day <= last_day) known.push_back({day, !relapsed_by(p, landmark)});
  }
  return known;
}

// The day the first `count` known patients are all known (NaN with fewer).
double all_known_day(const std::vector<Known>& known, std::size_t count) {
  if (known.size() < count) return std::numeric_limits<double>::quiet_NaN();
  double day = 0.0;
  for (std::size_t i = 0; i < count; ++i) day = std::max(day, known[i].day);
  return day;
}

int relapse_free_among_first(const std::vector<Known>& known, std::size_t count) {
  const std::size_t m = std::min(count, known.size());
  return static_cast<int>(std::count_if(known.begin(), known.begin() + static_cast<long>(m),
                                        [](const Known& k) { return k.relapse_free; }));
}

// Look k's date, patients entered and relapses confirmed by it, the count of relapse-free
// patients in place of z and the rule's thresholds in place of the z bounds.
void record_stage(std::size_t k, double day, std::span<const PatientRecord> patients, int count,
                  double fraction, double efficacy, double futility, CohortResult& row) {
  int entered = 0, events = 0;
  for (const PatientRecord& p : patients) {
    entered += p.entry_day <= day;
    events += p.evaluable && p.relapsed == 1 && p.entry_day + p.confirmed <= day;
  }
  row.look_day[k] = day;
  row.look_patients[k] = entered;
  row.look_events[k] = events;
  row.look_z[k] = count;
  row.look_fraction[k] = fraction;
  row.look_efficacy_z[k] = efficacy;
  row.look_futility_z[k] = futility;
}

}  // namespace

void two_stage_analysis(const scenarios::DesignPoint& point,
                        std::span<const PatientRecord> patients, double final_day,
                        CohortResult& row) {
  const scenarios::TwoStageSpec& spec = *point.analysis.two_stage;
  const TwoStageDesign& d = spec.design;
  const double landmark =
      std::get<scenarios::BinomialLandmarkTest>(point.analysis.tests[spec.test].method).at;
  const std::vector<Known> known = known_by(patients, landmark, point.protocol.visits, final_day);
  const auto n1 = static_cast<std::size_t>(d.n1), n = static_cast<std::size_t>(d.n);
  const int x1 = relapse_free_among_first(known, n1);
  const bool continues = known.size() < n1 || x1 > d.r1;  // fewer known: stage 1 not done
  const double stage1_day = all_known_day(known, n1);
  const double fraction = static_cast<double>(d.n1) / d.n;
  if (stage1_day < final_day) {  // else (or NaN) the final analysis takes its place
    record_stage(0, stage1_day, patients, x1, fraction, kInfinity, d.r1, row);
    if (!continues) {
      row.stop_look = 1;
      row.stop_reason = kFutility;
      return;
    }
  }
  // The final rule on the first n known (all known, if fewer: then it is conservative).
  const int x = relapse_free_among_first(known, n);
  const double final_fraction = static_cast<double>(std::min(known.size(), n)) / d.n;
  record_stage(1, final_day, patients, x, final_fraction, d.r + 1, -kInfinity, row);
  row.stop_look = 2;
  row.stop_reason = continues && x > d.r ? kEfficacy : kFinal;
}

}  // namespace jisas::analysis
