// `--set KEY=VALUE` overrides (scenarios/overrides.h): applied to the document before the
// loader checks it, so they load like the same text in the file and errors name them.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/errors.h"
#include "scenarios/scenario_loader.h"

using Catch::Contains;
using jisas::InputError;
using jisas::scenarios::kDaysPerMonth;
using jisas::scenarios::parse_scenario;
using jisas::scenarios::Scenario;

namespace {

const std::string kJisasPath = std::string(JISAS_SOURCE_DIR) + "/scenarios/jisas.yaml";

std::string jisas_text() {
  std::ifstream in(kJisasPath);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Scenario with(const std::vector<std::string>& overrides) {
  return parse_scenario(jisas_text(), "jisas.yaml", overrides);
}

// jisas.yaml with `from` (which must occur exactly once) replaced by `to`.
Scenario edited(const std::string& from, const std::string& to) {
  std::string text = jisas_text();
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return parse_scenario(text.replace(at, from.size(), to), "jisas.yaml");
}

// The one-line message of the InputError that loading with `overrides` throws.
std::string error_of(const std::vector<std::string>& overrides) {
  try {
    with(overrides);
  } catch (const InputError& e) {
    const std::string message = e.what();
    CHECK(message.find('\n') == std::string::npos);
    return message;
  }
  FAIL("no InputError");
  return "";
}

double hazard_ratio(const Scenario& sc, std::size_t point) {
  return std::get<jisas::scenarios::HazardModelSpec>(sc.points[point].kinetics).ifn_hazard_ratio;
}

}  // namespace

TEST_CASE("an override replaces a scalar in the file's units and is recorded", "[overrides]") {
  const Scenario sc = with({"design.sample_size=20", "protocol.visits.every=2mo",
                            "kinetics.ifn_hazard_ratio=0.7", "analysis.target_power=0.9"});
  REQUIRE(sc.points.size() == 1);
  CHECK(sc.points[0].design.sample_size == 20);
  CHECK(sc.points[0].protocol.visits.first_interval() == 2 * kDaysPerMonth);
  CHECK(hazard_ratio(sc, 0) == 0.7);
  CHECK(sc.points[0].analysis.target_power == 0.9);  // a key the file does not give
  CHECK(sc.overrides ==
        std::vector<std::string>{"design.sample_size=20", "protocol.visits.every=2mo",
                                 "kinetics.ifn_hazard_ratio=0.7", "analysis.target_power=0.9"});
  CHECK(sc.yaml_text == jisas_text());  // the file stays verbatim beside the overrides
  CHECK(with({}).overrides.empty());
  // Applied in order: the last one wins.
  CHECK(with({"design.sample_size=20", "design.sample_size=30"}).points[0].design.sample_size ==
        30);
}

TEST_CASE("an override with a list makes a grid axis as the list in the file does", "[overrides]") {
  const Scenario sc =
      with({"design.sample_size=[12, 20, 30]", "kinetics.ifn_hazard_ratio=[1.0,0.5]"});
  const Scenario file = edited("ifn_hazard_ratio: 0.5", "ifn_hazard_ratio: [1.0, 0.5]");
  REQUIRE(sc.axes.size() == 2);
  CHECK(sc.axes[0].key == "design.sample_size");
  CHECK(sc.axes[0].values == std::vector<double>{12, 20, 30});
  CHECK(sc.axes[1].key == "kinetics.ifn_hazard_ratio");
  REQUIRE(sc.points.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(sc.points[i].design.sample_size == (i < 2 ? 12 : i < 4 ? 20 : 30));
    CHECK(hazard_ratio(sc, i) == (i % 2 == 0 ? 1.0 : 0.5));
  }
  // A duration grid keeps the file's units.
  const Scenario follow = with({"design.max_follow_up=[2y, 36mo]"});
  CHECK(follow.axes[0].key == "design.max_follow_up");
  CHECK(follow.axes[0].values ==
        edited("max_follow_up: 36mo", "max_follow_up: [2y, 36mo]").axes[0].values);
  CHECK(file.axes.size() == 1);
}

TEST_CASE("an override with a map replaces the whole map and indexes reach list items",
          "[overrides]") {
  using jisas::scenarios::ProtocolSpec;
  const Scenario sc = with({"protocol.relapse={loss_of: cmr, threshold: 0.001, confirmations: 1}",
                            "analysis.tests[0].alpha=0.1"});
  const ProtocolSpec& p = sc.points[0].protocol;
  CHECK(p.loss_of == ProtocolSpec::LossOf::CMR);
  CHECK(p.confirmations == 1);
  CHECK(p.dated_at == ProtocolSpec::DatedAt::FirstLoss);  // the default: the map is replaced
  CHECK(sc.points[0].analysis.tests[0].alpha == 0.1);
  CHECK(sc.points[0].analysis.tests[1].alpha == 0.05);
  const Scenario tests =
      with({"analysis.tests=[{type: mann_whitney, name: mw, "
            "covariate: cmr_duration, alpha: 0.01}]"});
  REQUIRE(tests.points[0].analysis.tests.size() == 1);
  CHECK(tests.points[0].analysis.tests[0].name == "mw");
}

TEST_CASE("an unknown key in an override is an error naming the override", "[overrides]") {
  CHECK_THAT(error_of({"design.sample_sise=20"}),
             Contains("--set design.sample_sise=20: design.sample_sise: unknown key "
                      "'sample_sise' (expected one of: sample_size,"));
  CHECK_THAT(error_of({"colour=blue"}), Contains("--set colour=blue: colour: unknown key"));
  // Maps missing on the way are made, and the first unknown one is reported.
  CHECK_THAT(error_of({"design.extra.depth=1"}),
             Contains("--set design.extra.depth=1: design.extra: unknown key 'extra'"));
  CHECK_THAT(error_of({"protocol.relapse={loss_of: cmr, threshold: 0.001, confirmations: 2, "
                       "often: 1}"}),
             Contains("--set protocol.relapse={loss_of: cmr, threshold: 0.001, confirmations: "
                      "2, often: 1}: protocol.relapse.often: unknown key 'often'"));
}

TEST_CASE("a bad value in an override is an error naming the override", "[overrides]") {
  CHECK_THAT(error_of({"design.sample_size=-3"}),
             Contains("--set design.sample_size=-3: design.sample_size: must be >= 1, got -3"));
  CHECK_THAT(error_of({"protocol.visits.every=2"}),
             Contains("--set protocol.visits.every=2: protocol.visits.every: expected a "
                      "duration with a unit"));
  CHECK_THAT(error_of({"design.sample_size=[20, 0]"}),
             Contains("--set design.sample_size=[20, 0]: design.sample_size: must be >= 1"));
  CHECK_THAT(error_of({"design.sample_size=[]"}),
             Contains("--set design.sample_size=[]: design.sample_size: empty grid list"));
  CHECK_THAT(error_of({"protocol.relapse={loss_of: cmr, confirmations: 2}"}),
             Contains("--set protocol.relapse={loss_of: cmr, confirmations: 2}: "
                      "protocol.relapse.threshold: missing required key"));
  CHECK_THAT(error_of({"analysis.tests[1].alpha=2"}),
             Contains("--set analysis.tests[1].alpha=2: analysis.tests[1].alpha: must be"));
  // The last override of a key is the one named; keys the overrides do not touch still
  // name the file's line.
  CHECK_THAT(error_of({"design={sample_size: 0}", "design.sample_size=-3"}),
             Contains("--set design.sample_size=-3: design.sample_size: must be >= 1"));
  CHECK_THAT(error_of({"design.sample_size=0", "design={sample_size: 20}"}),
             Contains("--set design={sample_size: 20}: design.accrual: missing required key"));
  CHECK_THAT(error_of({"population.sokal.low=0.5"}),
             Contains("jisas.yaml:22:10: population.sokal: low + intermediate + high must sum"));
}

TEST_CASE("a malformed override is one clear line", "[overrides]") {
  CHECK(error_of({"design.sample_size"}) ==
        "--set design.sample_size: expected KEY=VALUE (no '=')");
  CHECK(error_of({"=20"}) == "--set =20: empty KEY (expected --set KEY=VALUE)");
  CHECK(error_of({"design..sample_size=20"}) ==
        "--set design..sample_size=20: KEY must be dotted names such as design.sample_size");
  CHECK(error_of({".design=20"}) ==
        "--set .design=20: KEY must be dotted names such as design.sample_size");
  CHECK(error_of({"design.sample_size="}) ==
        "--set design.sample_size=: no VALUE after '=' (expected --set KEY=VALUE)");
  CHECK_THAT(
      error_of({"design.sample_size=[20, 40"}),
      Contains("--set design.sample_size=[20, 40 (value column") && Contains("YAML syntax error"));
  CHECK_THAT(error_of({"design.sample_size=,"}), Contains("--set design.sample_size=,"));
  CHECK(error_of({"design.sample_size.min=1"}) ==
        "--set design.sample_size.min=1: design.sample_size is the value '15', not a map");
  CHECK(error_of({"analysis.tests.alpha=0.1"}) ==
        "--set analysis.tests.alpha=0.1: analysis.tests is a list: give an index, "
        "analysis.tests[N]");
  CHECK(error_of({"analysis.tests[2].alpha=0.1"}) ==
        "--set analysis.tests[2].alpha=0.1: analysis.tests is a list, which has no item [2]");
  CHECK(error_of({"design.sample_size[0]=1"}) ==
        "--set design.sample_size[0]=1: design.sample_size is the value '15', which has no "
        "item [0]");
  CHECK(error_of({"analysis.tests[x].alpha=0.1"}) ==
        "--set analysis.tests[x].alpha=0.1: a list index must be [N] with N = 0, 1, ...");
  CHECK(error_of({"analysis.tests[0.alpha=0.1"}) ==
        "--set analysis.tests[0.alpha=0.1: a list index must be [N] with N = 0, 1, ...");
  // Malformed overrides are reported before the file is read.
  CHECK_THROWS_WITH(jisas::scenarios::load_scenario("/nonexistent.yaml", {"x"}),
                    "--set x: expected KEY=VALUE (no '=')");
}
