#include "app/size_report.h"

#include <cmath>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "io/json_writer.h"

namespace jisas::app {
namespace {

// "one-sided alpha 0.05 (greater)": an alpha means nothing without its sidedness.
std::string alpha_text(const scenarios::TestSpec& test) {
  if (test.alternative == analysis::Alternative::TwoSided)
    return fmt::format("two-sided alpha {:g}", test.alpha);
  return fmt::format("one-sided alpha {:g} ({})", test.alpha,
                     analysis::to_string(test.alternative));
}

std::string power_text(const SizeReport& r, int n) {
  const double p = r.result.power_at(n);
  return fmt::format("{:.4f} ± {:.4f}", p, power_se(p, r.cohorts));
}

void print_header(const SizeReport& r, std::ostream& out) {
  fmt::print(out, "{} ({}): test {} ({}), {}; target power {:g}\n", r.scenario_name,
             r.scenario_path, r.test->name, r.test_kind, alpha_text(*r.test), r.target);
  fmt::print(out,
             "{} cohorts per n, seed {}, common random numbers (patients 0..n-1 the same at "
             "every n); n searched in [{}, {}]\n",
             r.cohorts, r.seed, r.n_min, r.n_max);
  fmt::print(out, "{:>6} {:>8} {:>8}  {}\n", "n", "power", "MC SE", "reaches target");
  for (const trial::PowerAtSize& e : r.result.evaluated) {
    fmt::print(out, "{:>6} {:>8.4f} {:>8.4f}  {}\n", e.n, e.power, power_se(e.power, r.cohorts),
               e.power >= r.target ? "yes" : "no");
  }
}

void print_sawtooth(const SizeReport& r, std::ostream& out) {
  const trial::SizeSearchResult& s = r.result;
  const std::string why =
      "the power of an exact test is saw-toothed in n (Chernick & Liu 2002, Am Stat 56:149)";
  if (!s.stays_from) {
    fmt::print(out, "power does not stay >= {:g} up to n = {}; {}\n", r.target, s.checked_to, why);
    return;
  }
  const bool settled = s.checked_to - *s.stays_from + 1 >= s.window;
  fmt::print(out, "power stays >= {:g} from n = {} ({} at n = {}..{}{}); {}\n", r.target,
             *s.stays_from, settled ? "every size" : "only checked", *s.stays_from, s.checked_to,
             settled ? fmt::format(", a window of {}", s.window) : ", --n-max", why);
}

}  // namespace

double power_se(double power, std::int64_t cohorts) {
  return std::sqrt(power * (1.0 - power) / static_cast<double>(cohorts));
}

void print_size_text(const SizeReport& r, std::ostream& out) {
  print_header(r, out);
  const trial::SizeSearchResult& s = r.result;
  if (!s.n) {
    fmt::print(out, "power {:g} is not reached up to n = {} (power {}); raise --n-max\n", r.target,
               r.n_max, power_text(r, r.n_max));
    return;
  }
  const int n = *s.n;
  fmt::print(out, "smallest n with power >= {:g}: {}{}\n", r.target, n,
             s.at_n_min ? " (= --n-min: lower it to look below)" : "");
  fmt::print(out, "  power at n - 1 = {}: {}; n = {}: {}; n + 1 = {}: {}\n", n - 1,
             s.has(n - 1) ? power_text(r, n - 1) : "-", n, power_text(r, n), n + 1,
             s.has(n + 1) ? power_text(r, n + 1) : "-");
  if (r.sawtooth) print_sawtooth(r, out);
}

void print_size_json(const SizeReport& r, std::ostream& out) {
  io::JsonWriter j;
  j.begin_object();
  j.key("scenario").value(r.scenario_name).key("scenario_path").value(r.scenario_path);
  j.key("test").value(r.test->name).key("type").value(r.test_kind);
  j.key("alpha").value(r.test->alpha);
  j.key("alternative").value(analysis::to_string(r.test->alternative));
  j.key("target_power").value(r.target).key("cohorts").value(static_cast<double>(r.cohorts));
  j.key("seed").value(std::to_string(r.seed));  // a uint64 does not fit a JSON double
  j.key("n_min").value(r.n_min).key("n_max").value(r.n_max);
  j.key("evaluated").begin_array();
  for (const trial::PowerAtSize& e : r.result.evaluated) {
    j.begin_object().key("n").value(e.n).key("power").value(e.power);
    j.key("mc_se").value(power_se(e.power, r.cohorts)).end_object();
  }
  j.end_array();
  const auto optional = [&](const char* name, const std::optional<int>& v) {
    j.key(name);
    v ? j.value(*v) : j.null();
  };
  optional("n", r.result.n);
  if (r.sawtooth) {
    optional("stays_from", r.result.stays_from);
    j.key("window").value(r.result.window).key("checked_to").value(r.result.checked_to);
  }
  j.end_object();
  out << j.str() << '\n';
}

}  // namespace jisas::app
