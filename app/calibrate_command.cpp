#include "app/calibrate_command.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "app/version.h"
#include "engine/errors.h"
#include "io/output_lock.h"
#include "scenarios/calibration.h"
#include "trial/calibration_fit.h"

namespace jisas::app {
namespace {

std::string months(double days) {
  return fmt::format("{:g}mo", days / scenarios::kDaysPerMonth);
}

// "arm: control, " for a target of one arm, nothing for all patients.
std::string arm_field(int arm) {
  if (arm < 0) return "";
  return fmt::format("arm: {}, ", arm == 1 ? "experimental" : "control");
}

// The candidate's grid values as "key: value" pairs, in axis order.
std::string candidate_values(const scenarios::Scenario& sc, int point) {
  std::string text;
  const auto& values = sc.points[static_cast<std::size_t>(point)].axis_values;
  for (std::size_t a = 0; a < sc.axes.size(); ++a) {
    text += fmt::format("{}{}: {:g}", a ? ", " : "", sc.axes[a].key, values[a]);
  }
  return text;
}

// A candidate's fit to every trial: the trials' fits in file order, and their sum.
struct JointFit {
  int point = 0;
  std::vector<trial::CandidateFit> trials;
  double distance = 0.0;
};

int cohorts_of(const scenarios::CalibrationTrial& t, int point) {
  const int n = t.scenario.points[static_cast<std::size_t>(point)].design.sample_size;
  return (t.patients + n - 1) / n;
}

JointFit fit_joint(const scenarios::CalibrationSpec& spec, int point, int threads) {
  JointFit fit{point, {}, 0.0};
  for (const auto& t : spec.trials) {
    fit.trials.push_back(trial::fit_candidate(t.scenario.points[static_cast<std::size_t>(point)],
                                              t.scenario.seed, cohorts_of(t, point), t.targets,
                                              threads));
    fit.distance += fit.trials.back().distance;
  }
  return fit;
}

std::string header(const scenarios::CalibrationSpec& spec, std::size_t candidates,
                   const JointFit& best) {
  std::string y = fmt::format(
      "# jisas-sim {} ({}) calibrate {}\n"
      "# Minimum distance over the {} grid candidates: each simulated with the same random\n"
      "# streams, its evaluable patients pooled into one Kaplan-Meier curve per trial;\n"
      "# distance = sum over targets of ((simulated - published) / se)^2, se = 95% CI width / "
      "3.92.\n",
      kToolVersion, kGitCommit, spec.source_path, candidates);
  for (std::size_t i = 0; i < spec.trials.size(); ++i) {
    const auto& t = spec.trials[i];
    const std::string named = t.name == t.scenario.source_path
                                  ? t.name
                                  : fmt::format("{}: {}", t.name, t.scenario.source_path);
    y += fmt::format("# {} (seed {}, {} cohorts, {} evaluable patients)\n", named, t.scenario.seed,
                     cohorts_of(t, best.point), best.trials[i].patients);
  }
  return y;
}

std::string report(const scenarios::CalibrationSpec& spec, const std::vector<JointFit>& fits,
                   const JointFit& best) {
  const bool joint = spec.trials.size() > 1;
  const scenarios::Scenario& sc = spec.trials.front().scenario;
  std::string y = header(spec, fits.size(), best);
  if (joint) {
    y += "trials: [";
    for (std::size_t i = 0; i < spec.trials.size(); ++i) {
      y += fmt::format("{}{{name: \"{}\", scenario: {}}}", i ? ", " : "", spec.trials[i].name,
                       spec.trials[i].scenario.source_path);
    }
    y += "]\n";
  } else {
    y += fmt::format("scenario: {}\n", sc.source_path);
  }
  y += fmt::format("fitted: {{{}}}\ndistance: {:.4f}\ntargets:\n", candidate_values(sc, best.point),
                   best.distance);
  for (std::size_t k = 0; k < spec.trials.size(); ++k) {
    const auto& trial = spec.trials[k];
    for (std::size_t i = 0; i < trial.targets.size(); ++i) {
      const auto& t = trial.targets[i];
      const double s = best.trials[k].simulated[i];
      y += fmt::format(
          "  - {{{}at: {}, {}published: {:g}, ci: [{:g}, {:g}], simulated: {:.4f}, inside_ci: {}, "
          "source: \"{}\"}}\n",
          joint ? fmt::format("trial: \"{}\", ", trial.name) : "", months(t.at), arm_field(t.arm),
          t.rate, t.lower, t.upper, s, t.lower <= s && s <= t.upper, t.source);
    }
  }
  y += "candidates:\n";
  for (const auto& f : fits) {
    std::vector<double> simulated;
    for (const auto& t : f.trials)
      simulated.insert(simulated.end(), t.simulated.begin(), t.simulated.end());
    y += fmt::format("  - {{{}, distance: {:.4f}, simulated: [{:.4f}]}}\n",
                     candidate_values(sc, f.point), f.distance, fmt::join(simulated, ", "));
  }
  return y;
}

// Through a marked temporary and a rename that, without --force, never replaces a file
// that appeared during the fit (io/output_lock.h, as run and merge write theirs).
void write_atomically(const std::string& path, const std::string& text, bool force) {
  const std::string temporary = io::marked_temporary(path);
  try {
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out.flush()) {
        throw InputError(fmt::format("{}: cannot write: {}", io::shown_path(path),
                                     io::write_error_reason(errno)));
      }
    }
    io::publish(temporary, path, force);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

}  // namespace

void calibrate(const CalibrateOptions& options, std::ostream& out) {
  const scenarios::CalibrationSpec spec = scenarios::load_calibration(options.targets_path);
  const std::string output = options.output_path.empty() ? spec.output : options.output_path;
  // Checked and locked before the fit, so a mistake costs nothing and a second calibrate
  // on the same output is refused instead of racing the first.
  io::check_output_path(output, options.force);
  const io::OutputLock lock(output);
  io::remove_stale_temporaries(output, "");
  const int threads = options.threads > 0
                          ? options.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const scenarios::Scenario& sc = spec.trials.front().scenario;
  std::vector<JointFit> fits;
  for (const auto& point : sc.points) {
    fits.push_back(fit_joint(spec, point.index, threads));
    fmt::print(out, "candidate {}/{}: {} -> distance {:.3f}\n", fits.size(), sc.points.size(),
               candidate_values(sc, point.index), fits.back().distance);
  }
  // The first of equal distances wins, so the choice does not depend on anything but order.
  const auto best = std::min_element(fits.begin(), fits.end(), [](const auto& a, const auto& b) {
    return a.distance < b.distance;
  });
  write_atomically(output, report(spec, fits, *best), options.force);
  fmt::print(out, "best: {} (distance {:.3f}), written to {}\n", candidate_values(sc, best->point),
             best->distance, output);
}

}  // namespace jisas::app
