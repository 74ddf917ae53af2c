#include "io/eligibility_table.h"

#include <cstddef>

#include "io/hdf5_types.h"

namespace jisas::io {

H5::CompType eligibility_type() {
  using H5::PredType;
  H5::CompType t(sizeof(EligibilityRow));
  t.insertMember("design_point", offsetof(EligibilityRow, design_point), PredType::NATIVE_INT32);
  t.insertMember("drawn", offsetof(EligibilityRow, drawn), PredType::NATIVE_INT64);
  t.insertMember("enrolled", offsetof(EligibilityRow, enrolled), PredType::NATIVE_INT64);
  t.insertMember("acceptance", offsetof(EligibilityRow, acceptance), PredType::NATIVE_DOUBLE);
  return t;
}

void write_eligibility(H5::H5File& file, std::span<const analysis::DesignSummary> summaries) {
  std::vector<EligibilityRow> rows;
  for (const auto& s : summaries) {
    const double acceptance =
        s.eligibility_draws > 0
            ? static_cast<double>(s.eligibility_accepted) / static_cast<double>(s.eligibility_draws)
            : 0.0;
    rows.push_back({s.design_point, s.eligibility_draws, s.eligibility_accepted, acceptance});
  }
  h5::write_table(file, "eligibility", rows, eligibility_type());
}

std::vector<EligibilityRow> read_eligibility(const H5::H5File& file) {
  return h5::read_table<EligibilityRow>(file, "eligibility", eligibility_type());
}

}  // namespace jisas::io
