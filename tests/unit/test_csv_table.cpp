#include "io/csv_table.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "engine/errors.h"

using jisas::InputError;
using jisas::io::CsvTable;
using jisas::io::split_csv_line;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("jisas_test_" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}
}  // namespace

TEST_CASE("fields are split, trimmed and unquoted", "[csv]") {
  const auto f = split_csv_line(R"( a , "b, c" ,"say ""hi""",)", "x:1");
  REQUIRE(f.size() == 4);
  CHECK(f[0] == "a");
  CHECK(f[1] == "b, c");
  CHECK(f[2] == "say \"hi\"");
  CHECK(f[3].empty());
  CHECK_THROWS_AS(split_csv_line("\"open", "x:1"), InputError);
}

TEST_CASE("a table reads with CRLF line ends, a byte-order mark and blank lines", "[csv]") {
  const auto path = write_temp("crlf.csv", "\xEF\xBB\xBFtime,event\r\n1.5,1\r\n\r\n2e1,0\r\n");
  const CsvTable table = CsvTable::read(path);
  CHECK(table.header() == std::vector<std::string>{"time", "event"});
  REQUIRE(table.rows().size() == 2);
  CHECK(table.rows()[1].line == 4);  // blank line 3 is skipped but still counted
  CHECK(table.numbers("time") == std::vector<double>{1.5, 20.0});
  std::remove(path.c_str());
}

TEST_CASE("bad cells name file, line and column", "[csv]") {
  const auto path = write_temp("bad.csv", "id,time\na,1\nb,nan\n");
  const CsvTable table = CsvTable::read(path);
  CHECK(table.texts("id") == std::vector<std::string>{"a", "b"});
  CHECK_THROWS_WITH(
      table.numbers("time"),
      Catch::Contains("bad.csv:3:2: column 'time': expected a finite number, found 'nan'"));
  CHECK_THROWS_WITH(table.column("event"), Catch::Contains("bad.csv:1: no column named 'event'"));
  std::remove(path.c_str());
}
