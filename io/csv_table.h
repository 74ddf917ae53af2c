// A strict reader for the comma-separated patient data that `jisas-sim analyze` takes:
// a header row, then one row per patient. Every problem is an InputError naming
// file:row:column, where row is the line number in the file (the header is line 1).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jisas::io {

struct CsvRow {
  int line = 0;
  std::vector<std::string> fields;
};

class CsvTable {
 public:
  // Reads the whole file. Fields may be quoted with double quotes (RFC 4180, "" for a
  // quote inside); surrounding spaces are trimmed; blank lines are skipped, as R's
  // read.csv does. Throws InputError for a missing or empty file, a header without
  // data rows, duplicate column names, unbalanced quotes or rows of the wrong width.
  static CsvTable read(const std::string& path);

  const std::string& path() const { return path_; }
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<CsvRow>& rows() const { return rows_; }

  // 0-based index of a named column; InputError if the header lacks it.
  std::size_t column(std::string_view name) const;
  // Every cell of the column as a finite number; InputError naming the first bad cell.
  std::vector<double> numbers(std::string_view name) const;
  std::vector<std::string> texts(std::string_view name) const;

  // "file:line:col: column 'name': " — the prefix of a message about one cell.
  std::string cell_location(const CsvRow& row, std::size_t col) const;

 private:
  std::string path_;
  std::vector<std::string> header_;
  std::vector<CsvRow> rows_;
};

// Splits one line into trimmed fields; throws InputError on an unbalanced quote.
std::vector<std::string> split_csv_line(std::string_view line, std::string_view where);

}  // namespace jisas::io
