// Internals of io/result_file_check.cpp, shared by its two halves (the root attributes
// here and in result_file_check.cpp, the datasets in result_file_check_tables.cpp).
#pragma once

#include <string>
#include <vector>

#include <H5Cpp.h>

#include "io/result_file_check.h"

namespace jisas::io::check {

// A failure of the check, without the file name (the caller prefixes it once).
[[noreturn]] void fail(const std::string& what);

enum class Kind { Int, Float, String };

// Whether `type` is of `kind` (strings: variable-length, as the readers read them); else
// fail with "<what> is <its class>, expected <kind>".
void check_kind(const H5::DataType& type, Kind kind, const std::string& what);
std::string kind_name(Kind kind);

// Entries of an attribute: 0 for a null dataspace, 1 for a scalar; fails unless 1-D.
hsize_t entries(const H5::Attribute& attribute, const std::string& what);

// The attribute `name` of `object` as `kind` with exactly `count` entries ("for 2 tests":
// `count_what` names what the count is of, or is empty for a fixed count).
void check_attribute(const H5::H5Object& object, const std::string& name, Kind kind, hsize_t count,
                     const std::string& count_what, const std::string& where = "");

// The datasets: tables' members and rows, histogram shapes; `shape` holds the attributes'.
void check_tables(const H5::H5File& file, ResultShape& shape);

}  // namespace jisas::io::check
