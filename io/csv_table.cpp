#include "io/csv_table.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "engine/errors.h"
#include "engine/text_input.h"

namespace jisas::io {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// Bounded and UTF-8 (engine/text_input.h), so row:column messages point at what is there.
std::string read_file(const std::string& path) {
  std::string text = engine::read_bounded_file(path);
  engine::check_utf8_text(text, path);
  return text;
}

}  // namespace

std::vector<std::string> split_csv_line(std::string_view line, std::string_view where) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back(trim(field));
      field.clear();
    } else {
      field += c;
    }
  }
  if (quoted) throw InputError(fmt::format("{}: unbalanced double quote", where));
  fields.emplace_back(trim(field));
  return fields;
}

CsvTable CsvTable::read(const std::string& path) {
  std::string text = read_file(path);
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // byte-order mark from spreadsheets
  CsvTable table;
  table.path_ = path;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (trim(line).empty()) continue;
    const std::string where = fmt::format("{}:{}", path, number);
    std::vector<std::string> fields = split_csv_line(line, where);
    if (table.header_.empty()) {
      std::set<std::string> seen;
      for (const auto& name : fields) {
        if (name.empty())
          throw InputError(fmt::format("{}: empty column name in the header", where));
        if (!seen.insert(name).second) {
          throw InputError(fmt::format("{}: column '{}' appears twice in the header", where, name));
        }
      }
      table.header_ = std::move(fields);
    } else if (fields.size() != table.header_.size()) {
      throw InputError(fmt::format("{}: row has {} fields but the header has {}", where,
                                   fields.size(), table.header_.size()));
    } else {
      table.rows_.push_back({number, std::move(fields)});
    }
  }
  if (table.header_.empty())
    throw InputError(fmt::format("{}:1: empty file: expected a header row", path));
  if (table.rows_.empty())
    throw InputError(fmt::format("{}:2: no data rows below the header", path));
  return table;
}

std::size_t CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  throw InputError(fmt::format("{}:1: no column named '{}' in the header (columns: {})", path_,
                               name, fmt::join(header_, ", ")));
}

std::string CsvTable::cell_location(const CsvRow& row, std::size_t col) const {
  return fmt::format("{}:{}:{}: column '{}'", path_, row.line, col + 1, header_[col]);
}

std::vector<double> CsvTable::numbers(std::string_view name) const {
  const std::size_t col = column(name);
  std::vector<double> values;
  values.reserve(rows_.size());
  for (const CsvRow& row : rows_) {
    const std::string& cell = row.fields[col];
    double value = 0.0;
    const char* end = cell.data() + cell.size();
    const auto [ptr, ec] = std::from_chars(cell.data(), end, value);
    if (cell.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
      throw InputError(
          fmt::format("{}: expected a finite number, found '{}'", cell_location(row, col), cell));
    }
    values.push_back(value);
  }
  return values;
}

std::vector<std::string> CsvTable::texts(std::string_view name) const {
  const std::size_t col = column(name);
  std::vector<std::string> values;
  values.reserve(rows_.size());
  for (const CsvRow& row : rows_) {
    if (row.fields[col].empty()) {
      throw InputError(fmt::format("{}: empty cell", cell_location(row, col)));
    }
    values.push_back(row.fields[col]);
  }
  return values;
}

}  // namespace jisas::io
