#include "analysis/cohort/cohort_tests.h"

#include <variant>

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::TestSpec& test, const TestInput& input) {
  return std::visit([&](const auto& method) { return evaluate(method, input); }, test.method);
}

TestDescription describe(const scenarios::TestSpec& test) {
  return std::visit([](const auto& method) { return describe(method); }, test.method);
}

}  // namespace jisas::analysis
