#include "app/cli.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <H5Cpp.h>
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "app/analyze_command.h"
#include "app/calibrate_command.h"
#include "app/interrupt.h"
#include "app/numeric_option.h"
#include "app/run_command.h"
#include "app/size_command.h"
#include "app/transport.h"
#include "app/version.h"
#include "engine/errors.h"
#include "io/hdf5_errors.h"

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
  cmd->add_option("--group", options.group_column,
                  "KM per value of this column, log-rank test, Cox and Peto hazard ratios "
                  "against the first value");
  add_nonnegative_list(cmd, "--landmarks", options.landmarks,
                       "survival at these times, e.g. 6,12,24");
  cmd->add_option("--conf-type", conf_type, "confidence interval scale")
      ->check(CLI::IsMember({"log-log", "log", "plain"}))
      ->capture_default_str();
  add_probability(cmd, "--conf-level", options.confidence.level, "confidence level");
  cmd->add_option("--alternative", alternative, "alternative of the Mann-Whitney test")
      ->check(CLI::IsMember({"two.sided", "less", "greater"}))
      ->capture_default_str();
  cmd->add_flag("--json", options.json, "print one JSON object instead of tables");
}

struct CommandOptions {
  AnalyzeOptions analyze;
  std::string conf_type = "log-log";
  std::string alternative = "two.sided";
  RunOptions run;
  std::string validate_path;
  std::vector<std::string> validate_overrides;
  std::string summary_path;
  bool summary_csv = false;
  std::optional<double> summary_target_power;
  PlotOptions plot;
  ReportOptions report;
  MergeOptions merge;
  CalibrateOptions calibrate;
  SizeOptions size;
};

// Repeatable `--set KEY=VALUE`, one value per occurrence (so it cannot swallow the
// scenario argument after it), never split at commas (a value may be a list or a map).
void add_set_option(CLI::App* cmd, std::vector<std::string>& overrides) {
  cmd->add_option("--set", overrides,
                  "KEY=VALUE: change a scenario key, e.g. design.sample_size=[20,40] "
                  "(YAML value; repeatable, applied in order)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_run(CLI::App& app, RunOptions& options) {
  CLI::App* cmd = app.add_subcommand("run", "simulate a scenario's cohorts and write an HDF5 file");
  cmd->add_option("scenario", options.scenario_path, "scenario YAML file")->required();
  add_set_option(cmd, options.overrides);
  cmd->add_option("-o,--output", options.output_path,
                  "output file (default: the scenario's output.path)");
  add_integer(cmd, "--threads", options.threads, {0, kMaxThreads},
              "worker threads (0 = all cores)");
  add_seed(cmd, options.seed);
  add_integer(cmd, "--cohorts", options.cohorts, {1, kMaxCohorts},
              "override the cohorts per design point");
  cmd->add_flag("--force", options.force, "replace an existing output file");
  cmd->add_option("--shard", options.shard,
                  "k/N: only slice k of N of every design point's cohorts");
  cmd->add_flag("--resume", options.resume,
                "continue an interrupted run from OUTPUT.checkpoint (same scenario and options)");
  cmd->add_flag("-q,--quiet", options.quiet, "no progress line");
}

void add_report(CLI::App& app, ReportOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "report", "write a self-contained HTML design report (tables, figures) of a result file");
  cmd->add_option("file", o.result_path, "HDF5 result file")->required();
  cmd->add_option("-o,--output", o.output_path, "HTML file to write")->capture_default_str();
  cmd->add_flag("--force", o.force, "replace an existing file");
}

void add_validate_and_summary(CLI::App& app, CommandOptions& o) {
  CLI::App* validate =
      app.add_subcommand("validate", "check a scenario file and report its design grid");
  validate->add_option("scenario", o.validate_path, "scenario YAML file")->required();
  add_set_option(validate, o.validate_overrides);
  CLI::App* summary =
      app.add_subcommand("summary", "print the per-design-point table of a result file");
  summary->add_option("file", o.summary_path, "HDF5 result file")->required();
  summary->add_flag("--csv", o.summary_csv,
                    "every section as comma-separated tables, every digit (for spreadsheets)");
  add_probability(summary, "--target-power", o.summary_target_power,
                  "power target of the smallest sample size and the closed forms "
                  "(default: the scenario's analysis.target_power)");
  CLI::App* merge =
      app.add_subcommand("merge", "merge the shard files of one run into its result file");
  merge->add_option("parts", o.merge.parts, "shard files (jisas-sim run --shard k/N)")->required();
  merge->add_option("-o,--output", o.merge.output_path, "merged file")->required();
  merge->add_flag("--force", o.merge.force, "replace an existing output file");
  CLI::App* plot =
      app.add_subcommand("plot", "draw protocol figures (PNG, SVG) from a result file");
  plot->add_option("file", o.plot.result_path, "HDF5 result file")->required();
  plot->add_option("-o,--output", o.plot.output_dir, "directory for the figures")
      ->capture_default_str();
  plot->add_option("--format", o.plot.formats, "comma-separated formats")->capture_default_str();
  add_probability(plot, "--target-power", o.plot.target_power, "target line of the power plot");
  plot->add_flag("--force", o.plot.force, "replace existing figures");
  add_report(app, o.report);
}

void add_calibrate(CLI::App& app, CalibrateOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "calibrate", "fit a scenario's grid candidates to published Kaplan-Meier points");
  cmd->add_option("targets", o.targets_path, "calibration YAML file (docs/calibration.md)")
      ->required();
  cmd->add_option("-o,--output", o.output_path, "fitted values (default: the file's output)");
  add_integer(cmd, "--threads", o.threads, {0, kMaxThreads}, "worker threads (0 = all cores)");
  cmd->add_flag("--force", o.force, "replace an existing output file");
}

void add_size(CLI::App& app, SizeOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "size", "smallest sample size at which a test's simulated power reaches a target");
  cmd->add_option("scenario", o.scenario_path, "scenario YAML file (one design point)")->required();
  cmd->add_option("--test", o.test, "the test's name (analysis.tests[].name)")->required();
  add_probability(cmd, "--power", o.power, "target power (default: analysis.target_power)");
  add_set_option(cmd, o.overrides);
  add_integer(cmd, "--cohorts", o.cohorts, {1, kMaxCohorts},
              "cohorts per sample size (default: the scenario's)");
  add_seed(cmd, o.seed);
  add_integer(cmd, "--threads", o.threads, {0, kMaxThreads}, "worker threads (0 = all cores)");
  add_integer(cmd, "--n-min", o.n_min, {1, kMaxSampleSize}, "smallest sample size searched");
  add_integer(cmd, "--n-max", o.n_max, {1, kMaxSampleSize}, "largest sample size searched");
  cmd->add_flag("--sawtooth", o.sawtooth,
                "scan around the crossing as for an exact test (automatic for "
                "binomial_landmark and landmark_vs_historical)");
  add_integer(cmd, "--window", o.window, {0, kMaxSampleSize},
              "sizes a sawtooth scan looks past the last crossing (0: max(10, n/5))");
  cmd->add_flag("--json", o.json, "print one JSON object instead of the table");
  cmd->add_flag("-q,--quiet", o.quiet, "no progress lines");
}

int dispatch(CLI::App& app, CommandOptions& o, Transport& transport) {
  if (app.got_subcommand("calibrate")) calibrate(o.calibrate, std::cout);
  if (app.got_subcommand("size")) size_search(o.size, std::cout);
  if (app.got_subcommand("run")) run_simulation(o.run, transport, std::cout);
  if (app.got_subcommand("validate"))
    validate_scenario(o.validate_path, o.validate_overrides, std::cout);
  if (app.got_subcommand("summary"))
    print_summary(o.summary_path, o.summary_csv, o.summary_target_power, std::cout);
  if (app.got_subcommand("plot")) plot_results(o.plot);
  if (app.got_subcommand("report")) write_report(o.report);
  if (app.got_subcommand("merge")) merge_shards(o.merge, std::cout);
  AnalyzeOptions& analyze = o.analyze;
  const std::string& conf_type = o.conf_type;
  const std::string& alternative = o.alternative;
  if (app.got_subcommand("analyze")) {
    analyze.confidence.type = *analysis::parse_conf_type(conf_type);
    analyze.alternative = *analysis::parse_alternative(alternative);
    run_analyze(analyze, std::cout);
  }
  return 0;
}

// The error of one rank of an MPI job ends the whole job (the others would wait forever).
int fail(Transport& transport, int code) {
  if (transport.size() > 1) transport.abort(code);
  return code;
}

}  // namespace

int run_cli(int argc, char** argv) {
  const std::unique_ptr<Transport> transport = make_transport(argc, argv);
  CLI::App app{"jisas-sim: Monte Carlo planning of treatment-free-remission trials in CML"};
  app.set_version_flag("--version", fmt::format("jisas-sim {} ({})", kToolVersion, kGitCommit));
  app.require_subcommand(1);
  CommandOptions options;
  add_analyze(app, options.analyze, options.conf_type, options.alternative);
  add_run(app, options.run);
  add_validate_and_summary(app, options);
  add_calibrate(app, options.calibrate);
  add_size(app, options.size);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    std::cerr << "jisas-sim: error: " << e.what() << " (see jisas-sim --help)\n";
    return kExitInputError;
  } catch (const InputError& e) {  // a numeric option out of range (app/numeric_option.h)
    std::cerr << "jisas-sim: error: " << e.what() << '\n';
    return fail(*transport, kExitInputError);
  }
  try {
    return dispatch(app, options, *transport);
  } catch (const Interrupted& e) {
    std::cerr << "jisas-sim: " << e.what() << '\n';
    return fail(*transport, kExitInterrupted);
  } catch (const InputError& e) {
    std::cerr << "jisas-sim: error: " << e.what() << '\n';
    return fail(*transport, kExitInputError);
  } catch (const std::exception& e) {
    std::cerr << "jisas-sim: internal error (please report): " << e.what() << '\n';
    return fail(*transport, kExitInternalError);
  } catch (const H5::Exception& e) {  // not a std::exception: uncaught, it would abort
    std::cerr << "jisas-sim: internal error (please report): HDF5: " << e.getFuncName() << ": "
              << e.getDetailMsg() << '\n';
    return fail(*transport, kExitInternalError);
  }
}

namespace {

// With a discarded result file HDF5's exit handler would fail or crash (io/hdf5_errors.h):
// every destructor has run by now, so flush the streams and end without it.
int end_after_hdf5_failure(int code) {
  if (!io::hdf5_objects_abandoned()) return code;
  std::cout.flush();
  std::fflush(nullptr);
  std::_Exit(code);
}

}  // namespace

int finish_standard_output(int code) {
  if (!std::cout.fail()) errno = 0;  // else keep the errno of the write that failed
  std::cout.flush();
  const bool failed = std::cout.fail() || std::fflush(stdout) != 0 || std::ferror(stdout);
  if (!failed) return end_after_hdf5_failure(code);
  // errno is that of the failed write(2) unless a later write of the run overwrote it.
  const int error = errno != 0 ? errno : EIO;
  std::cerr << "jisas-sim: error: cannot write to standard output: " << std::strerror(error)
            << '\n';
  return end_after_hdf5_failure(code == 0 ? kExitInputError : code);
}

}  // namespace jisas::app
