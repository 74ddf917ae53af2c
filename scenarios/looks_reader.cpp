#include "scenarios/looks_reader.h"

#include <cmath>
#include <string_view>
#include <variant>

#include <fmt/format.h>

namespace jisas::scenarios {
namespace {

using analysis::SpendingFunction;

// ---- Looks ------------------------------------------------------------------------------

LookTrigger count_trigger(FieldReader& r, const Field& f, LookTrigger::Kind kind, int sample_size) {
  LookTrigger trigger{kind};
  trigger.count = r.integer(f, kAtLeastOne);
  if (trigger.count > sample_size) {
    r.fail(f, fmt::format("can never be met: a cohort has {} patients", sample_size));
  }
  return trigger;
}

LookTrigger followed_trigger(FieldReader& r, const Field& f, const LookLimits& limits) {
  r.check_keys(f, {"landmark", "patients"});
  LookTrigger trigger = count_trigger(r, r.required(f, "patients"),
                                      LookTrigger::Kind::FollowedToLandmark, limits.sample_size);
  const Field landmark = r.required(f, "landmark");
  trigger.landmark = r.duration(landmark, kPositive);
  if (limits.max_follow_up > 0.0 && trigger.landmark > limits.max_follow_up) {
    r.fail(landmark, "can never be met: beyond design.max_follow_up");
  }
  if (trigger.landmark >= limits.latest_final) {
    r.fail(landmark, "can never be met: the final analysis comes before it");
  }
  return trigger;
}

LookTrigger calendar_trigger(FieldReader& r, const Field& f, const LookLimits& limits) {
  const LookTrigger trigger{LookTrigger::Kind::Calendar, r.duration(f, kPositive)};
  if (trigger.days >= limits.latest_final) {
    r.fail(f, fmt::format("can never be met: the final analysis comes at the latest {:g} days "
                          "after the accrual start",
                          limits.latest_final));
  }
  return trigger;
}

LookSpec look(FieldReader& r, const Field& f, const LookLimits& limits) {
  const int sample_size = limits.sample_size;
  r.check_keys(f, {"calendar", "events", "events_in", "followed", "information", "min_follow_up",
                   "max_wait"});
  LookSpec spec;
  if (const auto c = r.optional(f, "calendar"))
    spec.triggers.push_back(calendar_trigger(r, *c, limits));
  if (const auto e = r.optional(f, "events")) {
    spec.triggers.push_back(count_trigger(r, *e, LookTrigger::Kind::Events, sample_size));
    if (r.optional(f, "events_in")) {
      spec.triggers.back().arm =
          r.choice(f, "events_in", {"control", "experimental"}) == "control" ? 0 : 1;
    }
  } else if (const auto in = r.optional(f, "events_in")) {
    r.fail(*in, "needs 'events'");
  }
  if (const auto p = r.optional(f, "followed"))
    spec.triggers.push_back(followed_trigger(r, *p, limits));
  if (const auto i = r.optional(f, "information")) {
    LookTrigger trigger{LookTrigger::Kind::Information};
    trigger.fraction = r.number(*i, kOpenUnit);
    spec.triggers.push_back(trigger);
  }
  if (spec.triggers.empty())
    r.fail(f, "missing required key: give 'calendar', 'events', 'followed' or 'information'");
  spec.min_follow_up = r.duration_or(f, "min_follow_up", kNonNegative, 0.0);
  if (const auto w = r.optional(f, "max_wait")) spec.max_wait = r.duration(*w, kPositive);
  return spec;
}

// A trigger of the same kind as in the previous look must ask for more.
void check_order(FieldReader& r, const Field& item, const LookSpec& previous,
                 const LookSpec& spec) {
  for (const LookTrigger& t : spec.triggers) {
    for (const LookTrigger& p : previous.triggers) {
      const bool same = t.kind == p.kind && t.arm == p.arm && t.landmark == p.landmark;
      const bool later = t.kind == LookTrigger::Kind::Calendar      ? t.days > p.days
                         : t.kind == LookTrigger::Kind::Information ? t.fraction > p.fraction
                                                                    : t.count > p.count;
      if (same && !later)
        r.fail(item, "looks must come in order: this trigger is not after the previous look's");
    }
  }
}

// ---- Boundaries -------------------------------------------------------------------------

SpendingFunction spending_function(FieldReader& r, const Field& f, double& parameter) {
  const std::string name =
      r.choice(f, "spending", {"obrien_fleming", "pocock", "hwang_shih_decani", "kim_demets"});
  if (name == "hwang_shih_decani") {
    const Field gamma = r.required(f, "gamma");
    parameter = r.number(gamma, {-10.0, 5.0});  // rpact's range for gammaA
    if (parameter == 0.0)
      r.fail(gamma, "must not be 0 (use kim_demets with rho 1 for linear spending)");
    return SpendingFunction::HwangShihDeCani;
  }
  if (name == "kim_demets") {
    parameter = r.number(f, "rho", {0.4, 8.0});  // rpact's range
    return SpendingFunction::KimDeMets;
  }
  return name == "pocock" ? SpendingFunction::PocockType : SpendingFunction::OBrienFlemingType;
}

analysis::LookValues z_list(FieldReader& r, const Field& f, std::size_t n, std::string_view what) {
  const std::vector<Field> items = r.list(f);
  if (items.size() != n)
    r.fail(f, fmt::format("needs {} values ({}), got {}", n, what, items.size()));
  analysis::LookValues values;
  for (const Field& item : items) values.push_back(r.number(item, kAnyNumber));
  return values;
}

analysis::EfficacyBound efficacy(FieldReader& r, const Field& f, double alpha, std::size_t looks) {
  r.check_keys(f, {"spending", "gamma", "rho", "boundary", "cumulative_alpha"});
  if (r.optional(f, "boundary")) {
    const std::string b = r.choice(f, "boundary", {"obrien_fleming", "pocock", "haybittle_peto"});
    using B = analysis::ClassicBoundary;
    return analysis::ClassicEfficacy{b == "pocock"           ? B::Pocock
                                     : b == "haybittle_peto" ? B::HaybittlePeto
                                                             : B::OBrienFleming};
  }
  if (const auto c = r.optional(f, "cumulative_alpha")) {
    analysis::LookValues alphas = z_list(r, *c, looks + 1, "one per look, the final one included");
    for (std::size_t k = 0; k < alphas.size(); ++k) {
      if (!(alphas[k] > (k ? alphas[k - 1] : 0.0))) r.fail(*c, "must increase from above 0");
    }
    if (std::abs(alphas.back() - alpha) > 1e-12) {
      r.fail(*c, fmt::format("must end at the test's alpha ({:g})", alpha));
    }
    return analysis::UserAlphaSpending{alphas};
  }
  double parameter = 0.0;
  const SpendingFunction fn = spending_function(r, f, parameter);
  return analysis::AlphaSpending{fn, parameter};
}

analysis::FutilityBound futility(FieldReader& r, const Field& f, std::size_t looks, int sided,
                                 double& beta) {
  r.check_keys(f, {"spending", "gamma", "rho", "beta", "binding", "z", "conditional_power"});
  const bool binding =
      r.optional(f, "binding") && r.choice(f, "binding", {"true", "false"}) == "true";
  if (const auto cp = r.optional(f, "conditional_power")) {
    if (binding) r.fail(f, "conditional-power futility bounds are non-binding");
    if (sided == 2) r.fail(*cp, "needs a one-sided test (alternative greater or less)");
    return analysis::ConditionalPowerFutility{r.number(*cp, kOpenUnit)};
  }
  if (const auto z = r.optional(f, "z")) {
    if (sided == 2 && binding) r.fail(f, "two-sided fixed futility bounds cannot be binding");
    return analysis::FixedFutility{z_list(r, *z, looks, "one per interim look"), binding};
  }
  if (sided == 2)
    r.fail(f, "beta-spending futility needs a one-sided test (alternative greater or less)");
  beta = r.number(f, "beta", {0.0, 0.5, true, true});
  double parameter = 0.0;
  const SpendingFunction fn = spending_function(r, f, parameter);
  return analysis::BetaSpendingFutility{fn, parameter, binding};
}

std::size_t named_test(FieldReader& r, const Field& name, const std::vector<TestSpec>& tests) {
  const std::string wanted = r.text(name);
  for (std::size_t t = 0; t < tests.size(); ++t) {
    if (tests[t].name == wanted) return t;
  }
  r.fail(name, fmt::format("no test named '{}'", wanted));
}

bool has_information_trigger(const std::vector<LookSpec>& looks) {
  for (const LookSpec& look : looks) {
    for (const LookTrigger& t : look.triggers)
      if (t.kind == LookTrigger::Kind::Information) return true;
  }
  return false;
}

}  // namespace

std::vector<LookSpec> looks(FieldReader& r, const Field& list, const LookLimits& limits) {
  const std::vector<Field> items = r.list(list);
  if (items.empty()) r.fail(list, "give at least one look (or leave 'looks' out)");
  if (items.size() > kMaxLooks) r.fail(list, fmt::format("at most {} interim looks", kMaxLooks));
  std::vector<LookSpec> specs;
  for (const Field& item : items) {
    specs.push_back(look(r, item, limits));
    if (specs.size() > 1) check_order(r, item, specs[specs.size() - 2], specs.back());
  }
  return specs;
}

SequentialSpec sequential(FieldReader& r, const Field& s, const std::vector<TestSpec>& tests,
                          const std::vector<LookSpec>& looks) {
  r.check_keys(s, {"test", "efficacy", "futility", "max_information"});
  const Field name = r.required(s, "test");
  SequentialSpec spec;
  spec.test = named_test(r, name, tests);
  const TestSpec& test = tests[spec.test];
  if (!std::visit([](const auto& m) { return m.kSequential; }, test.method)) {
    r.fail(name, "interim looks take landmark_vs_historical, one_sample_logrank or logrank_arms");
  }
  const int sided = test.alternative == analysis::Alternative::TwoSided ? 2 : 1;
  spec.efficacy = efficacy(r, r.required(s, "efficacy"), test.alpha, looks.size());
  if (const auto f = r.optional(s, "futility"))
    spec.futility = futility(r, *f, looks.size(), sided, spec.beta);
  if (has_information_trigger(looks)) {
    spec.max_information = r.number(r.required(s, "max_information"), kPositive);
  } else if (const auto m = r.optional(s, "max_information")) {
    r.fail(*m, "no look has an 'information' trigger");
  }
  return spec;
}

namespace {

// Simon's optimal or minimax design for the test's p0 and alpha and the given p1, beta.
analysis::TwoStageDesign simon_design(FieldReader& r, const Field& f, const std::string& kind,
                                      double p0, double alpha) {
  const Field p1_field = r.required(f, "p1");
  const double p1 = r.number(p1_field, kOpenUnit);
  if (!(p1 > p0)) r.fail(p1_field, fmt::format("must be above the test's null_rate ({:g})", p0));
  const double beta = r.number(f, "beta", {0.0, 0.5, true, false});
  const int max_n = r.integer_or(f, "max_n", {2.0, 500.0}, 100);
  const auto design = kind == "optimal" ? analysis::simon_optimal(p0, p1, alpha, beta, max_n)
                                        : analysis::simon_minimax(p0, p1, alpha, beta, max_n);
  if (!design) {
    r.fail(f, fmt::format("no two-stage design with n <= {} has alpha <= {:g} and power >= {:g} "
                          "(raise max_n or p1)",
                          max_n, alpha, 1.0 - beta));
  }
  return *design;
}

analysis::TwoStageDesign given_design(FieldReader& r, const Field& f) {
  for (const char* key : {"p1", "beta", "max_n"}) {
    if (const auto k = r.optional(f, key)) r.fail(*k, "only with design optimal or minimax");
  }
  const analysis::TwoStageDesign d{r.integer(f, "n1", kAtLeastOne), r.integer(f, "r1", {0.0, 1e6}),
                                   r.integer(f, "n", kAtLeastOne), r.integer(f, "r", {0.0, 1e6})};
  if (const std::string why = analysis::two_stage_design_error(d); !why.empty()) r.fail(f, why);
  return d;
}

}  // namespace

TwoStageSpec two_stage(FieldReader& r, const Field& f, const std::vector<TestSpec>& tests,
                       int sample_size) {
  r.check_keys(f, {"test", "design", "p1", "beta", "max_n", "n1", "r1", "n", "r"});
  const Field name = r.required(f, "test");
  TwoStageSpec spec{named_test(r, name, tests), {}};
  const TestSpec& test = tests[spec.test];
  const auto* binomial = std::get_if<BinomialLandmarkTest>(&test.method);
  if (!binomial) r.fail(name, "a two-stage design takes a binomial_landmark test");
  if (test.alternative != analysis::Alternative::Greater) {
    r.fail(name, "a two-stage design tests alternative greater (relapse-free above null_rate)");
  }
  const std::string kind = r.choice(f, "design", {"optimal", "minimax", "given"});
  spec.design = kind == "given" ? given_design(r, f)
                                : simon_design(r, f, kind, binomial->null_rate, test.alpha);
  if (spec.design.n > sample_size) {
    r.fail(f, fmt::format("the design needs n = {} patients followed to the landmark; "
                          "design.sample_size is {}",
                          spec.design.n, sample_size));
  }
  return spec;
}

}  // namespace jisas::scenarios
