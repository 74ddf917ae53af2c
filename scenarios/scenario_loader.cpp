#include "scenarios/scenario_loader.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string_view>
#include <variant>

#include <fmt/format.h>

#include "engine/errors.h"
#include "scenarios/design_grid.h"
#include "scenarios/design_reader.h"
#include "scenarios/distribution_reader.h"
#include "scenarios/field_reader.h"
#include "scenarios/hazard_reader.h"
#include "scenarios/km_curve_reader.h"
#include "scenarios/looks_reader.h"
#include "scenarios/lsc_immune_reader.h"
#include "scenarios/overrides.h"
#include "scenarios/quiet_visits.h"
#include "scenarios/run_limits.h"
#include "scenarios/test_reader.h"
#include "scenarios/visits_reader.h"
#include "scenarios/yaml_documents.h"

namespace jisas::scenarios {
namespace {

using Kind = Distribution::Kind;

// A grid of more points than this is almost certainly a mistake (each point runs every
// cohort); the limit is documented in docs/scenario-schema.md.
constexpr double kSokalTolerance = 1e-9;

constexpr Range kPerWeek{1.0, 7.0};
constexpr Range kHistogramBins{1.0, 1000.0};

// ---- Sections, one per YAML section ---------------------------------------------------

void sokal(FieldReader& r, const Field& s, PopulationSpec& spec) {
  r.check_keys(s, {"low", "intermediate", "high"});
  spec.sokal_low = r.number(s, "low", kProbability);
  spec.sokal_intermediate = r.number(s, "intermediate", kProbability);
  spec.sokal_high = r.number(s, "high", kProbability);
  const double sum = spec.sokal_low + spec.sokal_intermediate + spec.sokal_high;
  if (std::abs(sum - 1.0) > kSokalTolerance) {
    r.fail(s, fmt::format("low + intermediate + high must sum to 1, got {:.12g}", sum));
  }
}

// `mechanistic`: the kinetic model simulates the history before the stop, which gives the
// durations (lsc_immune).
PopulationSpec population(FieldReader& r, const Field& root, bool mechanistic) {
  const Field p = r.required(root, "population");
  PopulationSpec spec;
  r.check_keys(p, {"age", "sokal", "prior_ifn", "cmr_duration", "mmr_before_cmr", "time_to_mmr",
                   "min_mmr_duration", "deep_response", "min_deep_duration"});
  for (const char* key : {"cmr_duration", "mmr_before_cmr", "time_to_mmr", "min_mmr_duration",
                          "deep_response", "min_deep_duration"}) {
    const auto f = mechanistic ? r.optional(p, key) : std::nullopt;
    if (f) {
      r.fail(*f,
             "comes from the simulated IM history under kinetics.model lsc_immune; "
             "remove it (see kinetics.history)");
    }
  }
  spec.age_years = distribution(r, r.required(p, "age"), Scale::Years,
                                {Kind::Fixed, Kind::Uniform, Kind::Normal, Kind::LogNormal});
  sokal(r, r.required(p, "sokal"), spec);
  spec.prior_ifn = r.number(p, "prior_ifn", kProbability);
  if (mechanistic) return spec;
  spec.cmr_duration = distribution(r, r.required(p, "cmr_duration"), Scale::Days, kAnyDuration);
  spec.mmr_before_cmr = distribution(r, r.required(p, "mmr_before_cmr"), Scale::Days, kAnyDuration);
  spec.time_to_mmr = distribution(r, r.required(p, "time_to_mmr"), Scale::Days, kAnyDuration);
  spec.min_mmr_duration = r.duration(p, "min_mmr_duration", kNonNegative);
  if (const auto depth = r.optional(p, "deep_response")) {
    if (!(depth->node.IsScalar() && depth->node.Scalar() == "undetectable"))
      spec.deep_response = r.number(*depth, {0.0, 0.001, true, true});
  }
  spec.min_deep_duration = r.duration_or(p, "min_deep_duration", kNonNegative, 0.0);
  return spec;
}

// The kinetic models by name, each with its parse function (hazard_reader.h,
// lsc_immune_reader.h); `threshold` is protocol.relapse.threshold.
struct ModelType {
  std::string_view name;
  KineticsSpec (*parse)(FieldReader& r, const Field& k, double threshold);
};
constexpr ModelType kModelTypes[] = {
    {"hazard",
     [](FieldReader& r, const Field& k, double threshold) -> KineticsSpec {
       return hazard_model(r, k, threshold);
     }},
    {"lsc_immune",
     [](FieldReader& r, const Field& k, double) -> KineticsSpec { return lsc_immune(r, k); }},
    {"km_curve",
     [](FieldReader& r, const Field& k, double threshold) -> KineticsSpec {
       return km_curve_model(r, k, threshold);
     }},
};

KineticsSpec kinetics(FieldReader& r, const Field& root, double threshold) {
  const Field k = r.required(root, "kinetics");
  std::vector<std::string_view> names;
  for (const ModelType& type : kModelTypes) names.push_back(type.name);
  const std::string model = r.choice(k, "model", names);
  for (const ModelType& type : kModelTypes) {
    if (type.name == model) return type.parse(r, k, threshold);
  }
  internal_error("kinetics: a model name without a parse function");
}

AssaySpec assay(FieldReader& r, const Field& root) {
  const Field a = r.required(root, "assay");
  r.check_keys(a, {"abl_copies", "conversion_factor", "draw_every_visit"});
  AssaySpec spec;
  const Field abl = r.required(a, "abl_copies");
  r.check_keys(abl, {"median", "sdlog"});
  spec.abl_copies_median = r.number(abl, "median", kPositive);
  spec.abl_copies_sdlog = r.number(abl, "sdlog", kNonNegative);
  spec.conversion_factor = r.number_or(a, "conversion_factor", kPositive, 1.0);
  spec.draw_every_visit = r.optional(a, "draw_every_visit") &&
                          r.choice(a, "draw_every_visit", {"true", "false"}) == "true";
  return spec;
}

void ifn(FieldReader& r, const Field& f, ProtocolSpec& spec) {
  if (f.node.IsScalar() && f.node.Scalar() == "none") {
    spec.ifn = false;
    return;
  }
  if (!f.node.IsMap()) {
    r.fail(f, fmt::format("expected 'none' or a map {{start_within, per_week, ...}}, got {}",
                          describe_node(f.node)));
  }
  r.check_keys(f, {"start_within", "duration", "dose_mu", "per_week", "long_acting"});
  spec.ifn = true;
  spec.ifn_start_within = r.duration(f, "start_within", kNonNegative);
  if (const auto duration = r.optional(f, "duration")) {
    spec.ifn_duration = r.duration(*duration, kPositive);
  }
  spec.ifn_dose_mu = r.number_or(f, "dose_mu", kPositive, spec.ifn_dose_mu);
  if (const auto long_acting = r.optional(f, "long_acting")) {
    if (const auto pw = r.optional(f, "per_week"))
      r.fail(*pw, "give either 'per_week' or 'long_acting'");
    r.check_keys(*long_acting, {"every", "exposure"});
    spec.ifn_long_acting_every = r.duration(*long_acting, "every", kPositive);
    spec.ifn_long_acting_exposure =
        r.number_or(*long_acting, "exposure", {0.0, 1.0, true, false}, 1.0);
    return;
  }
  const Field per_week = r.required(f, "per_week");
  const std::vector<Field> bounds = r.list(per_week);
  if (bounds.size() != 2) r.fail(per_week, "expected [min, max] doses a week");
  spec.ifn_per_week_min = r.integer(bounds[0], kPerWeek);
  spec.ifn_per_week_max = r.integer(bounds[1], kPerWeek);
  if (spec.ifn_per_week_max < spec.ifn_per_week_min) {
    r.fail(bounds[1], fmt::format("max must be >= min ({})", spec.ifn_per_week_min));
  }
}

ProtocolSpec protocol(FieldReader& r, const Field& root) {
  const Field p = r.required(root, "protocol");
  r.check_keys(p, {"ifn", "visits", "relapse", "on_relapse"});
  ProtocolSpec spec;
  ifn(r, r.required(p, "ifn"), spec);
  spec.visits = visit_schedule(r, r.required(p, "visits"));
  const Field relapse = r.required(p, "relapse");
  r.check_keys(relapse, {"loss_of", "threshold", "confirmations", "dated_at"});
  if (r.optional(relapse, "dated_at") &&
      r.choice(relapse, "dated_at", {"first_loss", "confirmation"}) == "confirmation") {
    spec.dated_at = ProtocolSpec::DatedAt::Confirmation;
  }
  const std::string loss_of = r.choice(relapse, "loss_of", {"mmr", "cmr", "cmr_rising"});
  spec.loss_of = loss_of == "mmr"   ? ProtocolSpec::LossOf::MMR
                 : loss_of == "cmr" ? ProtocolSpec::LossOf::CMR
                                    : ProtocolSpec::LossOf::CmrRising;
  spec.threshold = r.number(relapse, "threshold", kOpenUnit);
  spec.confirmations = r.integer(relapse, "confirmations", kAtLeastOne);
  const Field on_relapse = r.required(p, "on_relapse");
  r.check_keys(on_relapse, {"resume_im_mg"});
  spec.resume_im_mg = r.number(on_relapse, "resume_im_mg", kPositive);
  return spec;
}

bool is_name(std::string_view text, std::string_view extra) {
  if (text.empty()) return false;
  for (const char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || extra.find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

std::vector<TestSpec> tests(FieldReader& r, const Field& list) {
  const std::vector<Field> items = r.list(list);
  if (items.size() > kMaxTests) {
    r.fail(list, fmt::format("at most {} tests, got {}", kMaxTests, items.size()));
  }
  std::vector<TestSpec> specs;
  std::set<std::string> names;
  for (const Field& item : items) {
    specs.push_back(test(r, item));
    if (!names.insert(specs.back().name).second) {
      r.fail(r.required(item, "name"), fmt::format("duplicate test name '{}'", specs.back().name));
    }
  }
  return specs;
}

// Looks and their boundaries come together: looks decide nothing without boundaries.
// The latest day the final analysis can come (infinity for open-ended accrual).
double latest_final_day(const DesignSpec& d) {
  if (d.analysis_date.kind == AnalysisDateSpec::Kind::Calendar) return d.analysis_date.calendar_day;
  if (d.accrual.kind == AccrualSpec::Kind::Rate) return std::numeric_limits<double>::infinity();
  return d.accrual.window_days + d.analysis_date.min_follow_up;
}

void interim_looks(FieldReader& r, const Field& a, const DesignSpec& design, AnalysisSpec& spec) {
  const int sample_size = design.sample_size;
  const auto looks_field = r.optional(a, "looks");
  const auto sequential_field = r.optional(a, "sequential");
  if (looks_field && !sequential_field)
    r.fail(*looks_field, "needs analysis.sequential (the boundaries)");
  if (sequential_field && !looks_field) r.fail(*sequential_field, "needs analysis.looks");
  if (const auto t = r.optional(a, "two_stage")) {
    if (looks_field) r.fail(*t, "give either analysis.two_stage or analysis.looks, not both");
    spec.two_stage = two_stage(r, *t, spec.tests, sample_size);
    // One interim look, stage 1; its date is the two-stage rule's own
    // (analysis/cohort/two_stage_analysis.h), so it has no trigger.
    spec.looks = {LookSpec{}};
  }
  if (!looks_field) return;
  spec.looks =
      looks(r, *looks_field, {sample_size, latest_final_day(design), design.max_follow_up});
  spec.sequential = sequential(r, *sequential_field, spec.tests, spec.looks);
}

AnalysisSpec analysis(FieldReader& r, const Field& root, const DesignSpec& design) {
  const Field a = r.required(root, "analysis");
  r.check_keys(a, {"landmarks", "tests", "histogram_bins", "null_twin", "target_power", "looks",
                   "sequential", "two_stage", "truth_patients"});
  AnalysisSpec spec;
  const Field landmarks = r.required(a, "landmarks");
  const std::vector<Field> items = r.list(landmarks);
  if (items.size() > kMaxLandmarks) {
    r.fail(landmarks, fmt::format("at most {} landmarks, got {}", kMaxLandmarks, items.size()));
  }
  for (const Field& item : items) {
    const double day = r.duration(item, kPositive);
    if (!spec.landmarks.empty() && day <= spec.landmarks.back()) {
      r.fail(item, "landmarks must increase strictly");
    }
    spec.landmarks.push_back(day);
  }
  spec.tests = tests(r, r.required(a, "tests"));
  spec.histogram_bins = r.integer_or(a, "histogram_bins", kHistogramBins, 20);
  if (r.optional(a, "null_twin"))
    spec.null_twin = r.choice(a, "null_twin", {"true", "false"}) == "true";
  spec.target_power = r.number_or(a, "target_power", kOpenUnit, 0.8);
  spec.truth_patients = r.integer_or(a, "truth_patients", {0.0, 1e7}, spec.truth_patients);
  interim_looks(r, a, design, spec);
  return spec;
}

OutputSpec output(FieldReader& r, const Field& root, const std::string& name, int cohorts) {
  OutputSpec spec{name + ".h5", 0};
  const auto o = r.optional(root, "output");
  if (!o) return spec;
  r.check_keys(*o, {"path", "patients"});
  if (const auto path = r.optional(*o, "path")) {
    spec.path = r.text(*path);
    if (spec.path.empty()) r.fail(*path, "must not be empty");
  }
  if (const auto patients = r.optional(*o, "patients")) {
    r.check_keys(*patients, {"cohorts"});
    spec.patient_cohorts = r.integer(*patients, "cohorts", {0.0, static_cast<double>(cohorts)});
  }
  return spec;
}

// A two-arm test needs two arms, and the experimental arm needs IFN to differ.
void check_arms(FieldReader& r, const Field& root, const DesignPoint& point) {
  const Field tests = r.required(r.required(root, "analysis"), "tests");
  const std::vector<Field> items = r.list(tests);
  for (std::size_t t = 0; t < point.analysis.tests.size(); ++t) {
    const bool needs_arms =
        std::visit([](const auto& m) { return m.kNeedsArms; }, point.analysis.tests[t].method);
    if (!needs_arms) continue;
    const Field type = r.required(items[t], "type");
    if (!point.design.randomized()) {
      r.fail(type, fmt::format("{} needs design.randomization", r.text(type)));
    }
    if (!point.protocol.ifn) r.fail(type, fmt::format("{} needs protocol.ifn", r.text(type)));
  }
}

// Visits per patient are bounded (scenarios/run_limits.h): each is an event of the
// patient's timeline, and a measurement row for the cohorts whose patients are written.
void check_visit_count(FieldReader& r, const Field& root, const DesignPoint& point) {
  const double days = longest_follow_up(point.design);
  const double visits = planned_visits(point.protocol.visits, days);
  if (!(visits <= kMaxPlannedVisits)) {
    r.fail(r.required(r.required(root, "protocol"), "visits"),
           fmt::format("{:.0f} planned visits per patient over the longest follow-up ({:.0f} "
                       "days); at most {:.0f}",
                       visits, days, kMaxPlannedVisits));
  }
}

DesignPoint design_point(FieldReader& r, const Field& root) {
  DesignPoint point;
  point.design = design(r, root);
  point.protocol = protocol(r, root);  // before kinetics, which checks against its threshold
  check_visit_count(r, root, point);
  point.kinetics = kinetics(r, root, point.protocol.threshold);
  const bool model_draws_durations =
      std::visit([](const auto& spec) { return spec.kSimulatesEligibility; }, point.kinetics);
  point.population = population(r, root, model_draws_durations);
  point.assay = assay(r, root);
  point.analysis = analysis(r, root, point.design);
  check_arms(r, root, point);
  return point;
}

// ---- Top level ------------------------------------------------------------------------

// Each point's quiet visits (scenarios/quiet_visits.h), searched once per distinct assay,
// relapse rule and cap on skipped visits: a grid over sample sizes shares one search.
void set_quiet_visits(std::vector<DesignPoint>& points) {
  const auto same_search = [](const DesignPoint& a, const DesignPoint& b, int cap) {
    return a.assay.abl_copies_median == b.assay.abl_copies_median &&
           a.assay.abl_copies_sdlog == b.assay.abl_copies_sdlog &&
           a.assay.conversion_factor == b.assay.conversion_factor &&
           a.assay.draw_every_visit == b.assay.draw_every_visit &&
           a.protocol.loss_of == b.protocol.loss_of &&
           a.protocol.threshold == b.protocol.threshold && a.quiet.max_skipped == cap;
  };
  for (std::size_t i = 0; i < points.size(); ++i) {
    DesignPoint& point = points[i];
    const double visits = planned_visits(point.protocol.visits, longest_follow_up(point.design));
    const int cap = skipped_visit_cap(visits);
    const auto searched =
        std::find_if(points.begin(), points.begin() + static_cast<long>(i),
                     [&](const DesignPoint& o) { return same_search(o, point, cap); });
    point.quiet = searched != points.begin() + static_cast<long>(i)
                      ? searched->quiet
                      : quiet_visits(point.assay, point.protocol, visits);
  }
}

void check_schema_version(FieldReader& r, const Field& root) {
  const Field field = r.required(root, "schema_version");
  const int version = r.integer(field, kAnyNumber);
  if (version > kSchemaVersion) {
    r.fail(field, fmt::format("schema version {} is newer than this jisas-sim supports ({}); "
                              "upgrade jisas-sim",
                              version, kSchemaVersion));
  }
  if (version < kSchemaVersion) {
    r.fail(field, fmt::format("schema version {} is no longer supported; update the file to "
                              "version {} (docs/scenario-schema.md)",
                              version, kSchemaVersion));
  }
}

// The field at a dotted key path under `map`, if present. Recursive on purpose: assigning
// a YAML::Node to another rebinds the node it refers to (yaml-cpp reference semantics),
// which would rewrite the document.
std::optional<Field> field_at(const FieldReader& r, const Field& map, std::string_view key) {
  if (!map.node.IsMap()) return std::nullopt;
  const std::size_t dot = key.find('.');
  const auto child = r.optional(map, key.substr(0, dot));
  if (!child || dot == std::string_view::npos) return child;
  return field_at(r, *child, key.substr(dot + 1));
}

// Where the keys are that the memory estimate of `validate` may name (app/memory_estimate.h):
// "FILE:LINE:COL", or the --set that gave them.
void record_locations(const FieldReader& r, const Field& root, Scenario& sc) {
  std::vector<std::string> keys = {"cohorts", "design.sample_size", "protocol.visits",
                                   "output.patients.cohorts", "analysis.truth_patients"};
  for (const GridAxis& axis : sc.axes) keys.push_back(axis.key);
  for (const std::string& key : keys) {
    const auto field = field_at(r, root, key);
    if (field) sc.key_locations[key] = r.location(field->node.Mark(), key);
  }
}

Scenario scenario(const YAML::Node& document, const std::string& text, const std::string& source,
                  const std::vector<OverrideOrigin>& origins) {
  FieldReader r(source, origins);
  const Field root{document, ""};
  if (!document.IsMap()) {
    r.fail(root, fmt::format("a scenario must be a map of keys, got {}", describe_node(document)));
  }
  check_schema_version(r, root);
  r.check_keys(root, {"schema_version", "name", "seed", "cohorts", "grid", "design", "population",
                      "kinetics", "assay", "protocol", "analysis", "output"});
  Scenario sc;
  sc.source_path = source;
  sc.yaml_text = text;
  const Field name = r.required(root, "name");
  sc.name = r.text(name);
  if (!is_name(sc.name, ".-")) {
    r.fail(name, "must be letters, digits, '_', '.' or '-' (it names the output file)");
  }
  sc.seed = r.unsigned64(root, "seed");
  sc.cohorts = r.integer(root, "cohorts", kAtLeastOne);
  sc.output = output(r, root, sc.name, sc.cohorts);
  const bool zip =
      r.optional(root, "grid") && r.choice(root, "grid", {"factorial", "zip"}) == "zip";
  sc.points = expand_grid(r, root, grid_lists(r, root), zip, sc.axes, design_point);
  set_quiet_visits(sc.points);
  record_locations(r, root, sc);
  return sc;
}

}  // namespace

Scenario parse_scenario(const std::string& yaml_text, const std::string& source_name,
                        const std::vector<std::string>& overrides) {
  std::vector<Override> parsed;
  for (const std::string& text : overrides) parsed.push_back(parse_override(text));
  YAML::Node document = load_single_document(yaml_text, source_name);
  try {
    const std::vector<OverrideOrigin> origins = apply_overrides(document, parsed);
    Scenario sc = scenario(document, yaml_text, source_name, origins);
    sc.overrides = overrides;
    return sc;
  } catch (const YAML::Exception& e) {
    internal_error(fmt::format("scenario loader: unexpected yaml-cpp error: {}", e.what()));
  }
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  // A malformed --set is reported whether or not the file can be read.
  for (const std::string& text : overrides) parse_override(text);
  return parse_scenario(read_text_file(path), path, overrides);
}

}  // namespace jisas::scenarios
