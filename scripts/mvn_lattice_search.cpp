// Builds the generating vector kLatticeGenerator of analysis/multivariate_normal.cpp: an
// embedded rank-1 lattice sequence in base 2 for 2^10 .. 2^17 points and 16 dimensions, by
// the component-by-component construction (Cools, Kuo & Nuyens 2006, SIAM J Sci Comput
// 28:2162). Component j (z_1 = 1) is the best of 3000 odd candidates drawn by a fixed LCG,
// scored by the squared worst-case error in the weighted Korobov space of smoothness 2
// (product weights gamma_j = 1/j), e^2(N) = -1 + 1/N sum_k prod_j (1 + gamma_j 2 pi^2
// B2({k z_j / N})), summed over N = 2^m with weight 4^m so every size counts.
// Not built by CMake: g++ -O2 -std=c++20 scripts/mvn_lattice_search.cpp && ./a.out (~1 min).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>
#include <vector>

int main() {
  const int kMinBits = 10, kMaxBits = 17, kDims = 16, kCandidates = 3000;
  const std::uint64_t n = std::uint64_t{1} << kMaxBits;
  const auto kernel = [&](std::uint64_t k, std::uint64_t z, double gamma) {
    const double x = static_cast<double>((k * z) & (n - 1)) / static_cast<double>(n);
    return 1.0 + gamma * 2.0 * std::numbers::pi * std::numbers::pi * (x * x - x + 1.0 / 6.0);
  };
  std::vector<double> product(n);
  for (std::uint64_t k = 0; k < n; ++k) product[k] = kernel(k, 1, 1.0);
  std::uint64_t state = 12345;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  std::printf("1");
  for (int j = 1; j < kDims; ++j) {
    const double gamma = 1.0 / (j + 1);
    double best = 1e300;
    std::uint64_t best_z = 0;
    for (int c = 0; c < kCandidates; ++c) {
      const std::uint64_t z = (next() % (n / 2)) * 2 + 1;
      double score = 0.0;
      for (int m = kMinBits; m <= kMaxBits; ++m) {
        const std::uint64_t step = n >> m;
        double sum = 0.0;
        for (std::uint64_t k = 0; k < n; k += step) sum += product[k] * kernel(k, z, gamma);
        score += (sum / static_cast<double>(n / step) - 1.0) * std::pow(4.0, m);
      }
      if (score < best) best = score, best_z = z;
    }
    for (std::uint64_t k = 0; k < n; ++k) product[k] *= kernel(k, best_z, gamma);
    std::printf(", %llu", static_cast<unsigned long long>(best_z));
    std::fflush(stdout);
  }
  std::printf("\n");
}
