#include "app/cli.h"

#include <exception>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "app/analyze_command.h"
#include "app/version.h"
#include "engine/errors.h"

namespace jisas::app {
namespace {

void add_analyze(CLI::App& app, AnalyzeOptions& options, std::string& conf_type,
                 std::string& alternative) {
  CLI::App* cmd = app.add_subcommand(
      "analyze", "Kaplan-Meier, log-rank and Mann-Whitney analysis of patient data (CSV)");
  cmd->add_option("data", options.data_path, "CSV file with a header row")->required();
  cmd->add_option("--time", options.time_column, "column with time to relapse or censoring")
      ->capture_default_str();
  cmd->add_option("--event", options.event_column, "column with 1 = relapse, 0 = censored")
      ->capture_default_str();
  cmd->add_option("--covariate", options.covariate_column,
                  "Mann-Whitney of this column: patients without (x) vs with (y) an event");
  cmd->add_option("--group", options.group_column, "log-rank test across this column's values");
  cmd->add_option("--landmarks", options.landmarks, "survival at these times, e.g. 6,12,24")
      ->delimiter(',');
  cmd->add_option("--conf-type", conf_type, "confidence interval scale")
      ->check(CLI::IsMember({"log-log", "log", "plain"}))
      ->capture_default_str();
  cmd->add_option("--conf-level", options.confidence.level, "confidence level")
      ->capture_default_str();
  cmd->add_option("--alternative", alternative, "alternative of the Mann-Whitney test")
      ->check(CLI::IsMember({"two.sided", "less", "greater"}))
      ->capture_default_str();
  cmd->add_flag("--json", options.json, "print one JSON object instead of tables");
}

int dispatch(CLI::App& app, AnalyzeOptions& analyze, const std::string& conf_type,
             const std::string& alternative) {
  if (app.got_subcommand("analyze")) {
    analyze.confidence.type = *analysis::parse_conf_type(conf_type);
    analyze.alternative = *analysis::parse_alternative(alternative);
    run_analyze(analyze, std::cout);
  }
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"jisas-sim: Monte Carlo planning of treatment-free-remission trials in CML"};
  app.set_version_flag("--version", fmt::format("jisas-sim {} ({})", kToolVersion, kGitCommit));
  app.require_subcommand(1);
  AnalyzeOptions analyze;
  std::string conf_type = "log-log";
  std::string alternative = "two.sided";
  add_analyze(app, analyze, conf_type, alternative);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    std::cerr << "jisas-sim: error: " << e.what() << " (see jisas-sim --help)\n";
    return kExitInputError;
  }
  try {
    return dispatch(app, analyze, conf_type, alternative);
  } catch (const InputError& e) {
    std::cerr << "jisas-sim: error: " << e.what() << '\n';
    return kExitInputError;
  } catch (const std::exception& e) {
    std::cerr << "jisas-sim: internal error (please report): " << e.what() << '\n';
    return kExitInternalError;
  }
}

}  // namespace jisas::app
