// HDF5 compound types for the result file's records, and small helpers for extendible
// datasets. Memory types follow the C++ structs; file types are packed copies, so no
// padding byte (of undefined value) ever reaches the file and datasets are bit-identical
// from run to run.
#pragma once

#include <string>
#include <vector>

#include <H5Cpp.h>

#include "analysis/cohort/records.h"

namespace jisas::io::h5 {

// The summary row as stored in /summary (one per design point).
struct SummaryRecord {
  std::int32_t design_point = 0;
  std::int64_t cohorts = 0;
  double mean_evaluable = 0.0;
  double mean_relapses = 0.0;
  double mean_relapse_proportion = 0.0;
  double relapse_proportion_quantiles[7] = {};
  double km_quantiles[analysis::kMaxLandmarks][7] = {};
  double power[analysis::kMaxTests] = {};
  double power_se[analysis::kMaxTests] = {};
  double power_lower[analysis::kMaxTests] = {};
  double power_upper[analysis::kMaxTests] = {};
  double events_quantiles[7] = {};                // relapses per cohort
  double time_to_relapse_quantiles[7] = {};       // cohort median, months
  double time_to_regain_quantiles[7] = {};        // cohort median, months
  double hazard_ratio_quantiles[7] = {};          // two-arm designs
  double type_i_error[analysis::kMaxTests] = {};  // NaN without null twins
  double type_i_error_se[analysis::kMaxTests] = {};
  // Per arm, [0] control and [1] experimental (format 1.6).
  double mean_evaluable_arm[2] = {};
  double mean_relapses_arm[2] = {};
  double km_arm_quantiles[2][analysis::kMaxLandmarks][7] = {};
  double median_rfs_arm_quantiles[2][7] = {};  // cohorts whose arm reached its median
  double median_rfs_reached_arm[2] = {};       // fraction of cohorts
  // Per test: the rejection rate in the boundary twins, NaN without them (format 1.6).
  double size_at_boundary[analysis::kMaxTests] = {};
  double size_at_boundary_se[analysis::kMaxTests] = {};
};

// A patient or measurement row tagged with its (design point, cohort).
template <class Record>
struct Tagged {
  std::int32_t design_point = 0;
  std::int64_t cohort = 0;
  Record record;
};

inline constexpr hsize_t kChunkRows = 4096;  // rows per chunk of the extendible datasets
// Their deflate level, without the shuffle filter. On /cohorts rows level 1 was both faster
// and smaller than shuffle + level 4, the earlier choice (format 1.6 rows of 100,000
// jisas.yaml cohorts: 9.1 against 9.9 MB, the 1-thread run 17% shorter); level 2 then took
// the same time as level 1 and made files 2-11% smaller (jisas.yaml with its twins,
// 110,000 cohorts: 7.1 against 8.0 MB; bench/RESULTS.md, 2026-12-03 session 11). Shuffle
// groups byte k of every row; rows that repeat whole deflate well without it. With
// libdeflate (io/deflated_chunks.h) level 1 is 1.4 times as fast as 2 but its files 9%
// larger (bench/deflate/deflate_speed.sh, bench/RESULTS.md 2026-12-04): 2 is kept.
inline constexpr int kDeflateLevel = 2;

// What a /cohorts row holds besides its fixed fields: the interim-look fields (format 1.3),
// written only when the scenario has looks, and the slots of its per-landmark and per-test
// arrays. Format 1.7 stores the scenario's counts (at least 1, HDF5 has no empty array);
// earlier formats stored kMaxLandmarks and kMaxTests, NaN past the used ones, which were
// most of a row's 716 bytes and of the writer's deflate time (bench/RESULTS.md, 2026-12-03).
struct CohortColumns {
  bool looks = false;
  hsize_t landmarks = analysis::kMaxLandmarks;
  hsize_t tests = analysis::kMaxTests;
};
// The columns of a format 1.7 file for this many landmarks and tests.
CohortColumns cohort_columns(bool looks, std::size_t landmarks, std::size_t tests);
// A type over CohortResult: as a memory type it reads or writes the first `landmarks`
// (`tests`) slots of each array, the struct's other slots untouched.
H5::CompType cohort_type(const CohortColumns& columns);
H5::CompType summary_type();
H5::CompType patient_type();
H5::CompType measurement_type();
H5::CompType packed(const H5::CompType& memory_type);

// An empty 1-D dataset of packed(type), chunked and deflated, that grows by whole chunks
// (io/deflated_chunks.h).
H5::DataSet create_extendible(H5::Group& where, const std::string& name, const H5::CompType& type);

void write_string_attribute(H5::H5Object& object, const std::string& name,
                            const std::string& value);
void write_strings_attribute(H5::H5Object& object, const std::string& name,
                             const std::vector<std::string>& values);
std::string read_string_attribute(const H5::H5Object& object, const std::string& name);
std::vector<std::string> read_strings_attribute(const H5::H5Object& object,
                                                const std::string& name);

// Whether a compound type has a member of this name (older files lack newer members).
bool has_member(const H5::CompType& type, const std::string& name);

// A small compound table (a row per design point, or per look): written packed, so the
// rows' struct padding (undefined bytes) is not stored; nothing for no rows.
template <class Row>
void write_table(H5::H5File& file, const std::string& name, const std::vector<Row>& rows,
                 const H5::CompType& memory_type) {
  if (rows.empty()) return;
  const hsize_t count = rows.size();
  H5::DataSet ds = file.createDataSet(name, packed(memory_type), H5::DataSpace(1, &count));
  ds.write(rows.data(), memory_type);
}

// Its rows read as `memory_type` (a subset of the file's members); none without it.
template <class Row>
std::vector<Row> read_table(const H5::H5File& file, const std::string& name,
                            const H5::CompType& memory_type, const Row& initial = Row{}) {
  if (!file.nameExists(name)) return {};
  const H5::DataSet ds = file.openDataSet(name);
  hsize_t count = 0;
  ds.getSpace().getSimpleExtentDims(&count);
  // Members the file's type lacks (an older format) keep `initial`'s values.
  std::vector<Row> rows(count, initial);
  if (count > 0) ds.read(rows.data(), memory_type);
  return rows;
}

template <class T>
void write_array_attribute(H5::H5Object& object, const std::string& name,
                           const std::vector<T>& values, const H5::PredType& type) {
  const hsize_t n = values.size();
  if (n == 0) {
    object.createAttribute(name, type, H5::DataSpace(H5S_NULL));
    return;
  }
  const H5::DataSpace space(1, &n);
  object.createAttribute(name, type, space).write(type, values.data());
}

}  // namespace jisas::io::h5
