#include "trial/distributions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/errors.h"

using jisas::engine::make_stream;
using jisas::engine::RandomEngine;
using jisas::scenarios::Distribution;
using jisas::trial::cumulative_hazard;
using jisas::trial::inverse_cumulative_hazard;
using jisas::trial::sample;
using Kind = Distribution::Kind;

namespace {

constexpr int kDraws = 40000;

std::vector<double> draws(const Distribution& d, std::uint64_t purpose) {
  RandomEngine rng = make_stream({20240517, 0, 0, 0, purpose});
  std::vector<double> out(kDraws);
  for (double& x : out) x = sample(d, rng);
  return out;
}

double mean_of(const std::vector<double>& x) {
  double s = 0.0;
  for (const double v : x) s += v;
  return s / static_cast<double>(x.size());
}

double fraction_below(const std::vector<double>& x, double q) {
  return static_cast<double>(std::count_if(x.begin(), x.end(), [q](double v) { return v <= q; })) /
         static_cast<double>(x.size());
}

// |mean - expected| within 4 Monte Carlo standard errors, SE = sd / sqrt(n) from the
// closed-form sd.
void check_mean(const std::vector<double>& x, double expected, double sd) {
  const double m = mean_of(x), se = sd / std::sqrt(static_cast<double>(x.size()));
  CAPTURE(m, expected, se);
  CHECK(std::abs(m - expected) < 4.0 * se);
}

// Empirical CDF at q against the closed form p, within 4 SE = 4 sqrt(p (1 - p) / n).
void check_cdf(const std::vector<double>& x, double q, double p) {
  const double f = fraction_below(x, q);
  const double se = std::sqrt(p * (1.0 - p) / static_cast<double>(x.size()));
  CAPTURE(q, f, p, se);
  CHECK(std::abs(f - p) < 4.0 * se);
}

double normal_pdf(double z) {
  return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI);
}
double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

Distribution piecewise() {  // breaks 10, 30 days; rates 0.05, 0.01, 0.1 per day
  Distribution d;
  d.kind = Kind::PiecewiseExponential;
  d.breaks = {10.0, 30.0};
  d.rates = {0.05, 0.01, 0.1};
  return d;
}

}  // namespace

TEST_CASE("fixed distribution always returns its value", "[distributions]") {
  Distribution d;
  d.kind = Kind::Fixed;
  d.value = 42.5;
  for (const double x : draws(d, 1)) REQUIRE(x == 42.5);
}

TEST_CASE("uniform sampling: support, mean and quartiles", "[distributions]") {
  // U(a, b): mean (a + b) / 2, sd (b - a) / sqrt(12), F(q) = (q - a) / (b - a).
  Distribution d;
  d.kind = Kind::Uniform;
  d.min = 2.0;
  d.max = 7.0;
  const auto x = draws(d, 2);
  CHECK(*std::min_element(x.begin(), x.end()) >= 2.0);
  CHECK(*std::max_element(x.begin(), x.end()) <= 7.0);
  check_mean(x, 4.5, 5.0 / std::sqrt(12.0));
  for (const double p : {0.1, 0.25, 0.5, 0.75, 0.9}) check_cdf(x, 2.0 + 5.0 * p, p);
}

TEST_CASE("truncated normal sampling: support, mean and CDF", "[distributions]") {
  // N(mu, sigma) truncated to [a, b], alpha = (a - mu) / sigma, beta = (b - mu) / sigma,
  // Z = Phi(beta) - Phi(alpha) (Johnson, Kotz & Balakrishnan 1994, vol. 1, section 10.1):
  //   mean = mu + sigma (phi(alpha) - phi(beta)) / Z,
  //   var  = sigma^2 [1 + (alpha phi(alpha) - beta phi(beta)) / Z - ((phi(alpha) - phi(beta)) /
  //   Z)^2], F(q) = (Phi((q - mu) / sigma) - Phi(alpha)) / Z.
  Distribution d;
  d.kind = Kind::Normal;
  d.mean = 10.0;
  d.sd = 3.0;
  d.min = 8.0;
  d.max = 20.0;
  const double alpha = (d.min - d.mean) / d.sd, beta = (d.max - d.mean) / d.sd;
  const double z = normal_cdf(beta) - normal_cdf(alpha);
  const double lambda = (normal_pdf(alpha) - normal_pdf(beta)) / z;
  const double mean = d.mean + d.sd * lambda;
  const double var =
      d.sd * d.sd *
      (1.0 + (alpha * normal_pdf(alpha) - beta * normal_pdf(beta)) / z - lambda * lambda);
  const auto x = draws(d, 3);
  CHECK(*std::min_element(x.begin(), x.end()) >= 8.0);
  CHECK(*std::max_element(x.begin(), x.end()) <= 20.0);
  check_mean(x, mean, std::sqrt(var));  // mean 11.525..., untruncated would be 10
  for (const double q : {9.0, 10.0, 12.0, 15.0}) {
    check_cdf(x, q, (normal_cdf((q - d.mean) / d.sd) - normal_cdf(alpha)) / z);
  }
}

TEST_CASE("log-normal sampling: mean and quantiles", "[distributions]") {
  // exp(N(log m, s)): mean m exp(s^2 / 2), var m^2 exp(s^2) (exp(s^2) - 1),
  // F(q) = Phi((log q - log m) / s).
  Distribution d;
  d.kind = Kind::LogNormal;
  d.median = 852.0;
  d.sdlog = 0.6;
  const double s2 = d.sdlog * d.sdlog;
  const auto x = draws(d, 4);
  CHECK(*std::min_element(x.begin(), x.end()) > 0.0);
  check_mean(x, d.median * std::exp(s2 / 2.0),
             d.median * std::sqrt(std::exp(s2) * (std::exp(s2) - 1.0)));
  for (const double zq : {-1.5, -0.5, 0.0, 0.5, 1.5}) {
    check_cdf(x, d.median * std::exp(d.sdlog * zq), normal_cdf(zq));
  }
}

TEST_CASE("Weibull sampling: mean and quantiles", "[distributions]") {
  // S(t) = exp(-(t / scale)^shape): mean scale Gamma(1 + 1/k), var scale^2 (Gamma(1 + 2/k)
  // - Gamma(1 + 1/k)^2), F(q) = 1 - exp(-(q / scale)^k).
  Distribution d;
  d.kind = Kind::Weibull;
  d.shape = 1.3;
  d.scale = 91.3125;
  const double g1 = std::tgamma(1.0 + 1.0 / d.shape), g2 = std::tgamma(1.0 + 2.0 / d.shape);
  const auto x = draws(d, 5);
  CHECK(*std::min_element(x.begin(), x.end()) >= 0.0);
  check_mean(x, d.scale * g1, d.scale * std::sqrt(g2 - g1 * g1));
  for (const double q : {20.0, 60.0, 91.3125, 150.0, 250.0}) {
    check_cdf(x, q, 1.0 - std::exp(-std::pow(q / d.scale, d.shape)));
  }
}

TEST_CASE("piecewise-exponential sampling: mean and CDF", "[distributions]") {
  // H(t) piecewise linear (rates 0.05 on [0, 10), 0.01 on [10, 30), 0.1 after), so
  // F(q) = 1 - exp(-H(q)) with H(5) = 0.25, H(10) = 0.5, H(20) = 0.6, H(30) = 0.7,
  // H(40) = 1.7, and mean = int_0^inf S(t) dt
  //   = (1 - e^-0.5) / 0.05 + e^-0.5 (1 - e^-0.2) / 0.01 + e^-0.7 / 0.1,
  // second moment 2 int_0^inf t S(t) dt, each piece int_s^e t e^{-H(s) - r (t - s)} dt.
  const Distribution d = piecewise();
  const double mean = (1.0 - std::exp(-0.5)) / 0.05 +
                      std::exp(-0.5) * (1.0 - std::exp(-0.2)) / 0.01 + std::exp(-0.7) / 0.1;
  // int_s^e t e^{-r (t - s)} dt = [s - (e + 1/r) e^{-r (e - s)} + 1/r] / r   (finite e)
  const auto piece = [](double s, double e, double r) {
    return (s + 1.0 / r - (e + 1.0 / r) * std::exp(-r * (e - s))) / r;
  };
  const double second = 2.0 * (piece(0.0, 10.0, 0.05) + std::exp(-0.5) * piece(10.0, 30.0, 0.01) +
                               std::exp(-0.7) * (30.0 + 1.0 / 0.1) / 0.1);
  const auto x = draws(d, 6);
  CHECK(*std::min_element(x.begin(), x.end()) >= 0.0);
  check_mean(x, mean, std::sqrt(second - mean * mean));
  const double h[][2] = {{5.0, 0.25}, {10.0, 0.5}, {20.0, 0.6}, {30.0, 0.7}, {40.0, 1.7}};
  for (const auto& [q, hq] : h) check_cdf(x, q, 1.0 - std::exp(-hq));
}

TEST_CASE("piecewise-exponential with a zero last rate gives a cured fraction", "[distributions]") {
  // Rates 0.02 on [0, 50), 0 after: P(T = inf) = S(50) = e^-1, and given T finite, T is
  // in [0, 50] with F(q) = (1 - e^{-0.02 q}) overall.
  Distribution d;
  d.kind = Kind::PiecewiseExponential;
  d.breaks = {50.0};
  d.rates = {0.02, 0.0};
  const auto x = draws(d, 7);
  const double cured = static_cast<double>(std::count_if(x.begin(), x.end(),
                                                         [](double v) { return std::isinf(v); })) /
                       kDraws;
  const double p = std::exp(-1.0), se = std::sqrt(p * (1.0 - p) / kDraws);
  CAPTURE(cured, p, se);
  CHECK(std::abs(cured - p) < 4.0 * se);
  for (const double v : x) {
    if (!std::isinf(v)) REQUIRE(v <= 50.0);
  }
  check_cdf(x, 25.0, 1.0 - std::exp(-0.5));
}

TEST_CASE("cumulative hazards match their closed forms", "[distributions]") {
  SECTION("Weibull: H(t) = (t / scale)^shape") {
    Distribution d;
    d.kind = Kind::Weibull;
    d.shape = 1.3;
    d.scale = 91.3125;
    for (const double t : {1.0, 30.0, 91.3125, 365.25, 2000.0}) {
      CAPTURE(t);
      CHECK(cumulative_hazard(d, t) == Approx(std::pow(t / 91.3125, 1.3)).epsilon(1e-12));
    }
    CHECK(cumulative_hazard(d, 91.3125) == Approx(1.0).epsilon(1e-12));
  }
  SECTION("log-normal: H(t) = -log(1 - Phi(z)), z = (log t - log median) / sdlog") {
    // 1 - Phi(z) = erfc(z / sqrt 2) / 2 (Abramowitz & Stegun 26.2.29), evaluated with
    // std::erfc rather than Boost.Math. Points with z in [-2, 5]: H from 0.023 to 15.
    Distribution d;
    d.kind = Kind::LogNormal;
    d.median = 852.0;
    d.sdlog = 0.6;
    for (const double z : {-2.0, -1.0, 0.0, 0.7, 2.0, 5.0}) {
      const double t = 852.0 * std::exp(0.6 * z);
      const double expected = -std::log(0.5 * std::erfc(z / std::sqrt(2.0)));
      CAPTURE(z, t, expected);
      CHECK(cumulative_hazard(d, t) == Approx(expected).epsilon(1e-12));
    }
    CHECK(cumulative_hazard(d, 852.0) == Approx(std::log(2.0)).epsilon(1e-12));  // S(median) = 1/2
  }
  SECTION("piecewise exponential: H(t) = sum_i rate_i |[start_i, end_i) cap [0, t)|") {
    const Distribution d = piecewise();
    const double h[][2] = {{2.0, 0.1},  {10.0, 0.5}, {10.5, 0.505},
                           {30.0, 0.7}, {31.0, 0.8}, {100.0, 7.7}};
    for (const auto& [t, expected] : h) {
      CAPTURE(t);
      CHECK(std::abs(cumulative_hazard(d, t) - expected) < 1e-12);
    }
  }
  SECTION("H(t) = 0 for t <= 0") {
    Distribution w;
    w.kind = Kind::Weibull;
    CHECK(cumulative_hazard(w, 0.0) == 0.0);
    CHECK(cumulative_hazard(w, -5.0) == 0.0);
    CHECK(cumulative_hazard(piecewise(), -1.0) == 0.0);
  }
}

TEST_CASE("inverse cumulative hazards match their closed forms", "[distributions]") {
  SECTION("Weibull: H^-1(h) = scale h^(1 / shape)") {
    Distribution d;
    d.kind = Kind::Weibull;
    d.shape = 1.3;
    d.scale = 91.3125;
    for (const double h : {0.01, 0.5, 1.0, 3.0}) {
      CAPTURE(h);
      CHECK(inverse_cumulative_hazard(d, h) ==
            Approx(91.3125 * std::pow(h, 1.0 / 1.3)).epsilon(1e-12));
    }
  }
  SECTION("log-normal: H^-1(H(t)) = t") {
    Distribution d;
    d.kind = Kind::LogNormal;
    d.median = 852.0;
    d.sdlog = 0.6;
    CHECK(inverse_cumulative_hazard(d, std::log(2.0)) == Approx(852.0).epsilon(1e-12));
    for (const double t : {200.0, 852.0, 1500.0, 5000.0}) {
      CAPTURE(t);
      CHECK(inverse_cumulative_hazard(d, cumulative_hazard(d, t)) == Approx(t).epsilon(1e-12));
    }
  }
  SECTION("piecewise exponential: hand-computed inverses") {
    const Distribution d = piecewise();
    const double cases[][2] = {{0.1, 2.0},  {0.5, 10.0}, {0.505, 10.5},
                               {0.7, 30.0}, {0.8, 31.0}, {7.7, 100.0}};
    for (const auto& [h, expected] : cases) {
      CAPTURE(h);
      CHECK(std::abs(inverse_cumulative_hazard(d, h) - expected) < 1e-12 * expected);
    }
    CHECK(inverse_cumulative_hazard(d, 0.0) == 0.0);
  }
}

TEST_CASE("cumulative hazard is refused for kinds without one", "[distributions]") {
  for (const Kind k : {Kind::Fixed, Kind::Uniform, Kind::Normal}) {
    Distribution d;
    d.kind = k;
    CHECK_THROWS_AS(cumulative_hazard(d, 1.0), jisas::InternalError);
    CHECK_THROWS_AS(inverse_cumulative_hazard(d, 1.0), jisas::InternalError);
  }
}
