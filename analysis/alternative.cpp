#include "analysis/alternative.h"

namespace jisas::analysis {

std::optional<Alternative> parse_alternative(std::string_view text) {
  if (text == "two.sided") return Alternative::TwoSided;
  if (text == "less") return Alternative::Less;
  if (text == "greater") return Alternative::Greater;
  return std::nullopt;
}

std::string_view to_string(Alternative alternative) {
  switch (alternative) {
    case Alternative::TwoSided: return "two.sided";
    case Alternative::Less: return "less";
    case Alternative::Greater: return "greater";
  }
  return "two.sided";
}

}  // namespace jisas::analysis
