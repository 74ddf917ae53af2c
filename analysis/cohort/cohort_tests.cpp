#include "analysis/cohort/cohort_tests.h"

#include <type_traits>
#include <variant>

#include "engine/errors.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::TestSpec& test, const TestInput& input) {
  return std::visit([&](const auto& method) { return evaluate(method, input); }, test.method);
}

SequentialStatistic sequential_statistic(const scenarios::TestSpec& test, const TestInput& input) {
  return std::visit(
      [&](const auto& method) -> SequentialStatistic {
        if constexpr (std::decay_t<decltype(method)>::kSequential) {
          return sequential_statistic(method, input);
        } else {
          internal_error("interim looks on a test without a sequential statistic");
        }
      },
      test.method);
}

bool reads_pooled_fit(const scenarios::TestSpec& test) {
  return std::visit(
      [](const auto& method) { return std::decay_t<decltype(method)>::kReadsPooledFit; },
      test.method);
}

bool reads_status_only(const scenarios::TestSpec& test) {
  return std::visit(
      [](const auto& method) {
        using Method = std::decay_t<decltype(method)>;
        static_assert(!(Method::kReadsStatusOnly && Method::kReadsPooledFit));
        return Method::kReadsStatusOnly;
      },
      test.method);
}

TestDescription describe(const scenarios::TestSpec& test) {
  return std::visit([](const auto& method) { return describe(method); }, test.method);
}

}  // namespace jisas::analysis
