// The datasets of a result file, checked before use (docs/output-format.md, "Validation"):
// each compound table's members against the very memory type its reader reads with (so
// the check cannot drift from the readers), as of the file's format version; its rank and
// rows; and that its extent is backed by stored data, so that a flipped bit in a dimension
// is an error line rather than a huge allocation.
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "io/eligibility_table.h"
#include "io/hdf5_types.h"
#include "io/looks_table.h"
#include "io/result_file_check_parts.h"
#include "io/truth_table.h"

namespace jisas::io::check {
namespace {

constexpr int kOptional = 10000;  // a dataset only some designs have (/looks)
// Deflate compresses at most 1032:1 (zlib's technical details), so a chunked dataset's
// stored bytes bound the data it can hold.
constexpr long double kMaxDeflateRatio = 1100.0L;

// A member's type: the base class and, for an array member, its dimensions.
struct MemberShape {
  H5T_class_t base = H5T_NO_CLASS;
  std::vector<hsize_t> dims;
  bool operator==(const MemberShape&) const = default;
};

MemberShape member_shape(const H5::CompType& type, unsigned i) {
  const H5T_class_t c = type.getMemberClass(i);
  if (c != H5T_ARRAY) return {c, {}};
  const H5::ArrayType array = type.getMemberArrayType(i);
  std::vector<hsize_t> dims(static_cast<std::size_t>(array.getArrayNDims()));
  if (!dims.empty()) array.getArrayDims(dims.data());
  return {array.getSuper().getClass(), dims};
}

std::string describe(const MemberShape& s) {
  std::string text = s.base == H5T_INTEGER ? "integer"
                     : s.base == H5T_FLOAT ? "floating-point"
                     : s.base == H5T_STRING
                         ? "text"
                         : fmt::format("of HDF5 type class {}", static_cast<int>(s.base));
  for (const hsize_t d : s.dims) text += fmt::format("[{}]", d);
  return text;
}

// The minor version that added each member (docs/output-format.md, "format_version");
// a member of a later version than the file's may be absent, the reader leaves its default.
bool per_arm(std::string_view n) {
  return n.find("_control") != std::string_view::npos ||
         n.find("_experimental") != std::string_view::npos;
}
int summary_since(std::string_view n) {
  if (n == "hazard_ratio_quantiles") return 2;
  if (n.starts_with("type_i_error")) return 1;
  return per_arm(n) || n.starts_with("size_at_boundary") ? 6 : 0;
}
int cohort_since(std::string_view n) {
  if (n == "eligibility_draws") return 4;
  if (n.starts_with("hazard_ratio")) return 2;
  if (n == "null_p_value" || n == "null_reject") return 1;
  if (per_arm(n) || n.starts_with("boundary_")) return 6;
  return n.starts_with("look_") || n.ends_with("stop_look") || n.ends_with("stop_reason") ? 3 : 0;
}
int patient_since(std::string_view n) {
  return n == "confirmed" ? 4 : 0;
}
int measurement_since(std::string_view) {
  return 0;
}
int truth_since(std::string_view n) {
  return n.starts_with("boundary_") ? 6 : 5;
}
int look_since(std::string_view n) {
  return n.starts_with("day_q") ? 4 : 3;
}
int eligibility_since(std::string_view) {
  return 4;
}

struct TableRule {
  const char* name;
  int since;  // the dataset is required from this minor version on
  H5::CompType (*memory)(const H5::CompType& file_type);  // what the reader reads it as
  int (*member_since)(std::string_view member);
};

bool has_looks(const H5::CompType& t) {
  return h5::has_member(t, "stop_look") || h5::has_member(t, "look_day");
}

const TableRule kSummary{"summary", 0, [](const H5::CompType&) { return h5::summary_type(); },
                         summary_since};
// The slots of the first of these /cohorts array members the file has (1 if none: the
// member check then names the missing one).
hsize_t slots(const H5::CompType& t, std::initializer_list<const char*> members) {
  for (const char* member : members) {
    if (!h5::has_member(t, member)) continue;
    const MemberShape shape = member_shape(t, static_cast<unsigned>(t.getMemberIndex(member)));
    if (shape.dims.size() == 1) return shape.dims[0];
  }
  return 1;
}

// The file's own array lengths: the member check then requires every per-landmark and
// per-test array to have them, and check_slots that they are the format's.
h5::CohortColumns stored_columns(const H5::CompType& t) {
  return {has_looks(t), slots(t, {"km", "km_lower", "km_upper"}),
          slots(t, {"p_value", "statistic", "reject"})};
}

const TableRule kCohorts{"cohorts", 0,
                         [](const H5::CompType& t) { return h5::cohort_type(stored_columns(t)); },
                         cohort_since};
const TableRule kPatients{"patients", 0, [](const H5::CompType&) { return h5::patient_type(); },
                          patient_since};
const TableRule kMeasurements{"measurements", 0,
                              [](const H5::CompType&) { return h5::measurement_type(); },
                              measurement_since};
const TableRule kTruth{"truth", 5, [](const H5::CompType&) { return truth_type(); }, truth_since};
const TableRule kEligibility{
    "eligibility", 4, [](const H5::CompType&) { return eligibility_type(); }, eligibility_since};
const TableRule kLooks{"looks", kOptional, [](const H5::CompType&) { return look_type(true); },
                       look_since};

void check_members(const H5::CompType& file_type, const TableRule& rule, int minor) {
  std::map<std::string, MemberShape> present;
  for (int m = 0; m < file_type.getNmembers(); ++m) {
    const auto i = static_cast<unsigned>(m);
    present.emplace(file_type.getMemberName(i), member_shape(file_type, i));
  }
  const H5::CompType memory = rule.memory(file_type);
  for (int m = 0; m < memory.getNmembers(); ++m) {
    const auto i = static_cast<unsigned>(m);
    const std::string name = memory.getMemberName(i);
    const auto it = present.find(name);
    if (it == present.end()) {
      if (rule.member_since(name) > minor) continue;
      fail(fmt::format("/{} lacks member '{}'", rule.name, name));
    }
    const MemberShape want = member_shape(memory, i);
    if (!(it->second == want)) {
      fail(fmt::format("/{} member '{}' is {}, expected {}", rule.name, name, describe(it->second),
                       describe(want)));
    }
  }
}

hsize_t product(const std::vector<hsize_t>& dims) {
  long double n = 1;
  for (const hsize_t d : dims) n *= static_cast<long double>(d);
  return n > 1e18L ? static_cast<hsize_t>(1e18L) : static_cast<hsize_t>(n);
}

void check_storage(const H5::DataSet& ds, const std::string& what,
                   const std::vector<hsize_t>& dims) {
  const long double element = static_cast<long double>(ds.getDataType().getSize());
  const long double need = static_cast<long double>(product(dims)) * element;
  const auto stored = static_cast<long double>(ds.getStorageSize());
  const H5::DSetCreatPropList plist = ds.getCreatePlist();
  if (plist.getLayout() != H5D_CHUNKED) {
    if (need == stored) return;
  } else {
    std::vector<hsize_t> chunk(dims.size(), 1);
    if (!chunk.empty()) plist.getChunk(static_cast<int>(chunk.size()), chunk.data());
    const long double chunk_bytes = static_cast<long double>(product(chunk)) * element;
    if (need <= kMaxDeflateRatio * stored + chunk_bytes) return;
  }
  fail(fmt::format("{} has {:.0f} bytes of data but {:.0f} are stored (a damaged extent)", what,
                   static_cast<double>(need), static_cast<double>(stored)));
}

// The dataset's dimensions, after checking its rank and that they are stored.
std::vector<hsize_t> dimensions(const H5::DataSet& ds, const std::string& what, int rank) {
  const H5::DataSpace space = ds.getSpace();
  if (space.getSimpleExtentType() != H5S_SIMPLE || space.getSimpleExtentNdims() != rank)
    fail(fmt::format("{} has rank {}, expected {}", what, space.getSimpleExtentNdims(), rank));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  space.getSimpleExtentDims(dims.data());
  check_storage(ds, what, dims);
  return dims;
}

H5::DataSet open_dataset(const H5::H5Location& where, const std::string& name,
                         const std::string& what) {
  if (!where.nameExists(name)) fail(fmt::format("{} is missing", what));
  if (where.childObjType(name) != H5O_TYPE_DATASET) fail(fmt::format("{} is not a dataset", what));
  return where.openDataSet(name);
}

// Its rows; std::nullopt when absent and not required by the file's version.
std::optional<hsize_t> check_table(const H5::H5File& file, const TableRule& rule, int minor) {
  const std::string what = fmt::format("/{}", rule.name);
  if (!file.nameExists(rule.name)) {
    if (minor < rule.since) return std::nullopt;
    fail(fmt::format("{} is missing (format 1.{} has it)", what, minor));
  }
  const H5::DataSet ds = open_dataset(file, rule.name, what);
  if (ds.getTypeClass() != H5T_COMPOUND) fail(fmt::format("{} is not a compound table", what));
  check_members(ds.getCompType(), rule, minor);
  return dimensions(ds, what, 1)[0];
}

void check_per_point(const H5::H5File& file, const TableRule& rule, const ResultShape& shape) {
  const std::optional<hsize_t> rows = check_table(file, rule, shape.format_minor);
  if (rows && *rows != shape.points) {
    fail(fmt::format("/{} has {} rows for {} design points", rule.name, *rows, shape.points));
  }
}

// index and sample_size (integers), then one floating-point member per grid axis, and the
// axes' labels point by point (format 1.5).
void check_design_points(const H5::H5File& file, ResultShape& shape) {
  const H5::DataSet ds = open_dataset(file, "design_points", "/design_points");
  if (ds.getTypeClass() != H5T_COMPOUND) fail("/design_points is not a compound table");
  const H5::CompType type = ds.getCompType();
  for (const char* name : {"index", "sample_size"}) {
    if (!h5::has_member(type, name)) fail(fmt::format("/design_points lacks member '{}'", name));
  }
  hsize_t axes = 0;
  for (int m = 0; m < type.getNmembers(); ++m) {
    const auto i = static_cast<unsigned>(m);
    const std::string name = type.getMemberName(i);
    const bool key = name == "index" || name == "sample_size";
    axes += key ? 0 : 1;
    const MemberShape want{key ? H5T_INTEGER : H5T_FLOAT, {}};
    const MemberShape have = member_shape(type, i);
    if (!(have == want))
      fail(fmt::format("/design_points member '{}' is {}, expected {}", name, describe(have),
                       describe(want)));
  }
  shape.points = dimensions(ds, "/design_points", 1)[0];
  if (shape.points == 0) fail("/design_points has no rows");
  if (!ds.attrExists("axis_labels") && (axes == 0 || shape.format_minor < 5)) return;
  check_attribute(ds, "axis_labels", Kind::String, shape.points * axes,
                  fmt::format("{} design points x {} axes", shape.points, axes),
                  " of /design_points");
}

// A dimension the file itself sets (a histogram's bins): any count but 0. A known count,
// such as the landmarks, may be 0 (a scenario without landmarks).
constexpr hsize_t kAnyPositive = ~hsize_t{0};

// A histogram dataset of `kind` with dimensions `want` (each a count or kAnyPositive).

std::vector<hsize_t> check_grid(const H5::Group& group, const std::string& name, Kind kind,
                                const std::vector<hsize_t>& want) {
  const std::string what = "/summary_histograms/" + name;
  const H5::DataSet ds = open_dataset(group, name, what);
  check_kind(ds.getDataType(), kind, what);
  const std::vector<hsize_t> dims = dimensions(ds, what, static_cast<int>(want.size()));
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (want[i] == kAnyPositive ? dims[i] == 0 : dims[i] != want[i]) {
      std::vector<std::string> expected;
      for (const hsize_t w : want) expected.push_back(w == kAnyPositive ? "n" : std::to_string(w));
      fail(fmt::format("{} is {}, expected {}", what, fmt::join(dims, " x "),
                       fmt::join(expected, " x ")));
    }
  }
  return dims;
}

// What plot and report draw: counts per design point (and landmark) and bin, and edges.
void check_histograms(const H5::H5File& file, const ResultShape& shape) {
  if (!file.nameExists("summary_histograms")) fail("/summary_histograms is missing");
  if (file.childObjType("summary_histograms") != H5O_TYPE_GROUP)
    fail("/summary_histograms is not a group");
  const H5::Group group = file.openGroup("summary_histograms");
  const hsize_t bins =
      check_grid(group, "relapse_proportion", Kind::Int, {shape.points, kAnyPositive})[1];
  check_grid(group, "km", Kind::Int, {shape.points, shape.landmarks, bins});
  check_attribute(group, "edges", Kind::Float, bins + 1, fmt::format("{} bins", bins),
                  " of /summary_histograms");
  for (const std::string name : {"events", "time_to_relapse", "time_to_regain"}) {
    if (!group.nameExists(name)) continue;
    const hsize_t n = check_grid(group, name, Kind::Int, {shape.points, kAnyPositive})[1];
    check_grid(group, name + "_edges", Kind::Float, {shape.points, n + 1});
  }
}

// Format 1.7 stores the used slots (at least 1), earlier formats kMaxLandmarks and kMaxTests.
void check_slots(const H5::CompType& t, const ResultShape& shape) {
  const h5::CohortColumns stored = stored_columns(t);
  const h5::CohortColumns expected = shape.format_minor >= 7
                                         ? h5::cohort_columns(false, shape.landmarks, shape.tests)
                                         : h5::CohortColumns{};
  for (const auto& [member, have, want] : {std::tuple{"km", stored.landmarks, expected.landmarks},
                                           std::tuple{"p_value", stored.tests, expected.tests}}) {
    if (have != want)
      fail(fmt::format("/cohorts member '{}' has {} slots, format 1.{} with {} {} stores {}",
                       member, have, shape.format_minor,
                       member[0] == 'k' ? shape.landmarks : shape.tests,
                       member[0] == 'k' ? "landmarks" : "tests", want));
  }
}

// One row per (design point, cohort): all of them in a complete file, the shard's range
// of cohorts in a shard (merge checks the range itself).
void check_cohorts(const H5::H5File& file, ResultShape& shape) {
  const hsize_t rows = *check_table(file, kCohorts, shape.format_minor);
  const H5::DataSet ds = file.openDataSet("cohorts");
  shape.cohort_looks = has_looks(ds.getCompType());
  const auto per_point = static_cast<long double>(rows) / static_cast<long double>(shape.points);
  const bool whole = per_point == static_cast<long double>(shape.cohorts_per_point);
  if (shape.shard ? (rows % shape.points != 0 || per_point > shape.cohorts_per_point) : !whole) {
    fail(fmt::format("/cohorts has {} rows for {} design points of {} cohorts{}", rows,
                     shape.points, shape.cohorts_per_point, shape.shard ? " (a shard)" : ""));
  }
  check_slots(ds.getCompType(), shape);
  for (const auto& [name, value] :
       {std::pair{"n_landmarks", shape.landmarks}, std::pair{"n_tests", shape.tests}}) {
    if (!ds.attrExists(name)) continue;
    check_attribute(ds, name, Kind::Int, 1, "", " of /cohorts");
    long long stored = 0;
    ds.openAttribute(name).read(H5::PredType::NATIVE_LLONG, &stored);
    if (stored != static_cast<long long>(value))
      fail(fmt::format("attribute {} of /cohorts is {}, expected {}", name, stored, value));
  }
}

}  // namespace

void check_tables(const H5::H5File& file, ResultShape& shape) {
  check_design_points(file, shape);
  check_per_point(file, kSummary, shape);
  const H5::DataSet summary = file.openDataSet("summary");
  if (summary.attrExists("quantile_probs"))
    check_attribute(summary, "quantile_probs", Kind::Float, 7, "", " of /summary");
  check_per_point(file, kTruth, shape);
  check_per_point(file, kEligibility, shape);
  check_table(file, kLooks, shape.format_minor);
  check_histograms(file, shape);
  check_cohorts(file, shape);
  check_table(file, kPatients, shape.format_minor);
  check_table(file, kMeasurements, shape.format_minor);
}

}  // namespace jisas::io::check
