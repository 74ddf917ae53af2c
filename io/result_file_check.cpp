// The root attributes of a result file, checked before use (docs/output-format.md,
// "Validation"); the datasets are checked in result_file_check_tables.cpp.
#include "io/result_file_check.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <filesystem>
#include <string_view>

#include <fmt/format.h>

#include "analysis/cohort/records.h"
#include "engine/errors.h"
#include "io/hdf5_probe.h"
#include "io/hdf5_types.h"
#include "io/result_file.h"
#include "io/result_file_check_parts.h"

namespace jisas::io {
namespace check {

void fail(const std::string& what) {
  throw InputError(what);
}

std::string kind_name(Kind kind) {
  switch (kind) {
    case Kind::Int: return "integer";
    case Kind::Float: return "floating-point";
    case Kind::String: return "text";
  }
  return "?";
}

namespace {

std::string class_name(H5T_class_t c) {
  switch (c) {
    case H5T_INTEGER: return "integer";
    case H5T_FLOAT: return "floating-point";
    case H5T_STRING: return "text";
    case H5T_COMPOUND: return "a compound";
    case H5T_ARRAY: return "an array";
    default: return fmt::format("of HDF5 type class {}", static_cast<int>(c));
  }
}

}  // namespace

void check_kind(const H5::DataType& type, Kind kind, const std::string& what) {
  const H5T_class_t c = type.getClass();
  const H5T_class_t expected = kind == Kind::Int     ? H5T_INTEGER
                               : kind == Kind::Float ? H5T_FLOAT
                                                     : H5T_STRING;
  if (c != expected)
    fail(fmt::format("{} is {}, expected {}", what, class_name(c), kind_name(kind)));
  // The readers read strings as variable-length (io/hdf5_types.cpp), as the writer writes.
  if (kind == Kind::String && H5Tis_variable_str(type.getId()) <= 0)
    fail(fmt::format("{} is fixed-length text, expected variable-length", what));
}

hsize_t entries(const H5::Attribute& attribute, const std::string& what) {
  const H5::DataSpace space = attribute.getSpace();
  switch (space.getSimpleExtentType()) {
    case H5S_NULL: return 0;
    case H5S_SCALAR: return 1;
    case H5S_SIMPLE:
      if (space.getSimpleExtentNdims() == 1)
        return static_cast<hsize_t>(space.getSimpleExtentNpoints());
      break;
    default: break;
  }
  fail(fmt::format("{} is not a list (rank {})", what, space.getSimpleExtentNdims()));
}

void check_attribute(const H5::H5Object& object, const std::string& name, Kind kind, hsize_t count,
                     const std::string& count_what, const std::string& where) {
  const std::string what = fmt::format("attribute {}{}", name, where);
  const H5::Attribute attribute = object.openAttribute(name);
  check_kind(attribute.getDataType(), kind, what);
  const hsize_t n = entries(attribute, what);
  if (n == count) return;
  if (count_what.empty()) fail(fmt::format("{} has {} entries, expected {}", what, n, count));
  fail(fmt::format("{} has {} entries for {}", what, n, count_what));
}

}  // namespace check

namespace {

using check::fail;
using check::Kind;

constexpr int kAlways = 0;        // every 1.x file has it
constexpr int kOptional = 10000;  // never required (only some designs have it)

// What the count of an attribute is, for its length check.
enum class Count { One, Two, Four, Tests, Landmarks, Any };

struct AttributeRule {
  const char* name;
  Kind kind;
  Count count;
  int since;  // required from this minor version on (and checked whenever present)
};

// docs/output-format.md, "Root attributes" (filetype, format_version, test_names and
// landmark_names are checked first: the others' lengths depend on them).
constexpr AttributeRule kRootAttributes[] = {
    {"tool_version", Kind::String, Count::One, kAlways},
    {"git_commit", Kind::String, Count::One, kAlways},
    {"created_utc", Kind::String, Count::One, kAlways},
    {"seed", Kind::Int, Count::One, kAlways},
    {"seeding_scheme", Kind::Int, Count::One, kAlways},
    {"scenario_name", Kind::String, Count::One, kAlways},
    {"scenario_path", Kind::String, Count::One, kAlways},
    {"scenario_yaml", Kind::String, Count::One, kAlways},
    {"scenario_overrides", Kind::String, Count::Any, 5},
    {"cohorts_per_point", Kind::Int, Count::One, kAlways},
    {"landmark_days", Kind::Float, Count::Landmarks, kAlways},
    {"test_alphas", Kind::Float, Count::Tests, kAlways},
    {"test_kinds", Kind::String, Count::Tests, 2},  // written since 1.1, required since 1.2
    {"test_at_days", Kind::Float, Count::Tests, 2},
    {"test_null_rates", Kind::Float, Count::Tests, 2},
    {"test_alternatives", Kind::String, Count::Tests, 2},
    {"test_statistics", Kind::String, Count::Tests, 2},
    {"test_closed_forms", Kind::String, Count::Tests, 2},
    {"test_effects", Kind::String, Count::Tests, 2},
    {"target_power", Kind::Float, Count::One, 1},
    {"look_test", Kind::String, Count::One, kOptional},
    {"two_stage_design", Kind::Int, Count::Four, kOptional},
    {"allocation_ratio", Kind::Int, Count::Two, kOptional},
    {"shard", Kind::Int, Count::Two, kOptional},
};

void check_rule(const H5::H5File& file, const AttributeRule& rule, const ResultShape& shape) {
  if (!file.attrExists(rule.name)) {
    if (shape.format_minor < rule.since) return;
    fail(
        fmt::format("attribute {} is missing (format 1.{} has it)", rule.name, shape.format_minor));
  }
  if (rule.count == Count::Any) {
    const H5::Attribute a = file.openAttribute(rule.name);
    check::check_kind(a.getDataType(), rule.kind, fmt::format("attribute {}", rule.name));
    check::entries(a, fmt::format("attribute {}", rule.name));
    return;
  }
  const std::string tests = fmt::format("{} tests", shape.tests);
  const std::string landmarks = fmt::format("{} landmarks", shape.landmarks);
  switch (rule.count) {
    case Count::Tests:
      return check::check_attribute(file, rule.name, rule.kind, shape.tests, tests);
    case Count::Landmarks:
      return check::check_attribute(file, rule.name, rule.kind, shape.landmarks, landmarks);
    case Count::One: return check::check_attribute(file, rule.name, rule.kind, 1, "");
    case Count::Two: return check::check_attribute(file, rule.name, rule.kind, 2, "");
    default: return check::check_attribute(file, rule.name, rule.kind, 4, "");
  }
}

template <class T>
std::vector<T> values(const H5::H5File& file, const char* name, const H5::PredType& type) {
  const H5::Attribute a = file.openAttribute(name);
  std::vector<T> v(check::entries(a, name));
  if (!v.empty()) a.read(type, v.data());
  return v;
}

std::vector<double> doubles(const H5::H5File& file, const char* name) {
  if (!file.attrExists(name)) return {};
  return values<double>(file, name, H5::PredType::NATIVE_DOUBLE);
}

std::vector<long long> integers(const H5::H5File& file, const char* name) {
  if (!file.attrExists(name)) return {};
  return values<long long>(file, name, H5::PredType::NATIVE_LLONG);
}

// filetype and format_version: is this a result file at all, and of which version.
void check_identity(const H5::H5File& file, ResultShape& shape, ResultUse use) {
  const std::string not_ours =
      fmt::format("not a jisas-sim result file (filetype is not '{}')", kFileType);
  if (!file.attrExists("filetype")) fail(not_ours);
  check::check_attribute(file, "filetype", Kind::String, 1, "");
  if (h5::read_string_attribute(file, "filetype") != kFileType) fail(not_ours);
  if (!file.attrExists("format_version")) fail("attribute format_version is missing");
  check::check_attribute(file, "format_version", Kind::Int, 2, "");
  const auto version = integers(file, "format_version");
  if (version[0] > kFormatVersionMajor)
    fail(fmt::format("format version {}.{} is newer than this jisas-sim reads ({}.x)", version[0],
                     version[1], kFormatVersionMajor));
  if (version[0] != kFormatVersionMajor || version[1] < 0 || version[1] > INT_MAX)
    fail(fmt::format("format version {}.{} is not a jisas-sim format", version[0], version[1]));
  shape.format_minor = static_cast<int>(version[1]);
  if (use == ResultUse::Merge && shape.format_minor != kFormatVersionMinor) {
    fail(fmt::format("format version 1.{}, but merge joins shards of this jisas-sim's 1.{}",
                     shape.format_minor, kFormatVersionMinor));
  }
}

// test_names and landmark_names set the lengths the other attributes must have.
void check_names(const H5::H5File& file, ResultShape& shape) {
  for (const char* name : {"test_names", "landmark_names"}) {
    if (!file.attrExists(name)) fail(fmt::format("attribute {} is missing", name));
    const H5::Attribute a = file.openAttribute(name);
    check::check_kind(a.getDataType(), Kind::String, fmt::format("attribute {}", name));
    const hsize_t n = check::entries(a, fmt::format("attribute {}", name));
    const bool tests = name[0] == 't';
    const std::size_t max = tests ? analysis::kMaxTests : analysis::kMaxLandmarks;
    if (n > max)
      fail(fmt::format("attribute {} has {} entries, at most {} are stored", name, n, max));
    (tests ? shape.tests : shape.landmarks) = static_cast<std::size_t>(n);
  }
}

bool open_unit(double v) {
  return v > 0.0 && v < 1.0;
}

// The values the readers compute with (sample sizes, the shard's cohort range, the flags):
// a flipped bit there must not become a division by zero, an endless search or exit 70.
void check_numbers(const H5::H5File& file, const char* name, bool (*ok)(double),
                   const char* expected) {
  const std::vector<double> v = doubles(file, name);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!ok(v[i]))
      fail(fmt::format("attribute {} entry {} is {}, expected {}", name, i + 1, v[i], expected));
  }
}

void check_counts(const H5::H5File& file, const char* name, long long min) {
  for (const long long v : integers(file, name)) {
    if (v < min || v > INT_MAX)
      fail(fmt::format("attribute {} holds {}, expected {} to {}", name, v, min, INT_MAX));
  }
}

void check_values(const H5::H5File& file, ResultShape& shape) {
  check_counts(file, "cohorts_per_point", 1);
  shape.cohorts_per_point = static_cast<long>(integers(file, "cohorts_per_point")[0]);
  if (file.attrExists("shard")) {
    const auto s = integers(file, "shard");
    if (!(s[1] >= 1 && s[1] <= INT_MAX && s[0] >= 0 && s[0] < s[1]))
      fail(fmt::format("attribute shard is [{}, {}], expected [k, N] with 0 <= k < N", s[0], s[1]));
    shape.shard = std::array<int, 2>{static_cast<int>(s[0]), static_cast<int>(s[1])};
  }
  check_counts(file, "allocation_ratio", 1);
  check_counts(file, "two_stage_design", 0);
  check_numbers(file, "test_alphas", open_unit, "a level in (0, 1)");
  check_numbers(file, "target_power", open_unit, "a power in (0, 1)");
  check_numbers(
      file, "test_null_rates", [](double v) { return std::isnan(v) || open_unit(v); },
      "a rate in (0, 1) or NaN");
  check_numbers(
      file, "landmark_days", [](double v) { return std::isfinite(v) && v > 0.0; },
      "a positive number of days");
  check_numbers(
      file, "test_at_days", [](double v) { return std::isnan(v) || (std::isfinite(v) && v > 0.0); },
      "a positive number of days or NaN");
}

H5::H5File open_hdf5(const std::string& path) {
  H5::Exception::dontPrint();
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    throw InputError(fmt::format("{}: cannot open file: no such file", path));
  try {
    return H5::H5File(path, H5F_ACC_RDONLY);
  } catch (const H5::Exception&) {
    throw InputError(fmt::format("{}: not a jisas-sim result file (not readable as HDF5)", path));
  }
}

constexpr long double kMaxWholeRead = 256.0L * 1024 * 1024;

// A dataset's bytes as stored (no conversion), a block of rows at a time (a large
// /measurements is not held in memory at once).
void read_dataset(const H5::DataSet& ds) {
  const H5::DataType type = ds.getDataType();
  H5::DataSpace space = ds.getSpace();
  const int rank = space.getSimpleExtentNdims();
  if (rank != 1) {  // the histograms: small (a dataset the format does not have may not be)
    const auto bytes_needed =
        static_cast<long double>(space.getSimpleExtentNpoints()) * type.getSize();
    if (bytes_needed > kMaxWholeRead) fail("a dataset of more than 256 MB that is not a table");
    std::vector<char> bytes(static_cast<std::size_t>(bytes_needed));
    if (!bytes.empty()) ds.read(bytes.data(), type);
    return;
  }
  hsize_t rows = 0;
  space.getSimpleExtentDims(&rows);
  constexpr hsize_t kBlock = 65536;
  std::vector<char> bytes(static_cast<std::size_t>(std::min(rows, kBlock)) * type.getSize());
  for (hsize_t first = 0; first < rows; first += kBlock) {
    const hsize_t count = std::min(kBlock, rows - first);
    space.selectHyperslab(H5S_SELECT_SET, &count, &first);
    ds.read(bytes.data(), type, H5::DataSpace(1, &count), space);
  }
}

void read_text_attributes(const H5::H5Object& object) {
  for (int a = 0; a < object.getNumAttrs(); ++a) {
    const H5::Attribute attribute = object.openAttribute(static_cast<unsigned>(a));
    if (attribute.getTypeClass() == H5T_STRING)
      h5::read_strings_attribute(object, attribute.getName());
  }
}

// Every dataset and every text attribute of `group` and of the objects below it.
void read_all(const H5::Group& group) {
  read_text_attributes(group);
  for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
    const std::string name = group.getObjnameByIdx(i);
    if (group.childObjType(name) == H5O_TYPE_GROUP) {
      read_all(group.openGroup(name));
    } else {
      const H5::DataSet ds = group.openDataSet(name);
      read_text_attributes(ds);
      read_dataset(ds);
    }
  }
}

}  // namespace

void check_whole_result_file(const std::string& path) {
  const auto read = [&] {
    try {
      read_all(open_checked_result_file(path).file.openGroup("/"));
    } catch (const H5::Exception& e) {
      throw InputError(damaged_file_message(path, e));
    }
  };
  if (probe_hdf5_read(path, read)) return;
  read();  // the probe could not read it all: the same read here names what failed
}

std::string damaged_file_message(const std::string& path, const H5::Exception& e) {
  std::string detail = e.getDetailMsg();
  std::replace(detail.begin(), detail.end(), '\n', ' ');  // one line, whatever HDF5 says
  return fmt::format("{}: damaged result file (HDF5: {})", path, detail);
}

ResultShape check_result_file(const H5::H5File& file, const std::string& path, ResultUse use) {
  try {
    ResultShape shape;
    check_identity(file, shape, use);
    check_names(file, shape);
    for (const AttributeRule& rule : kRootAttributes) check_rule(file, rule, shape);
    check_values(file, shape);
    check::check_tables(file, shape);
    return shape;
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", path, e.what()));
  } catch (const H5::Exception& e) {
    throw InputError(damaged_file_message(path, e));
  }
}

CheckedResultFile open_checked_result_file(const std::string& path, ResultUse use) {
  H5::H5File file = open_hdf5(path);
  const ResultShape shape = check_result_file(file, path, use);
  return {std::move(file), shape};
}

}  // namespace jisas::io
