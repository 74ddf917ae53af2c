// Issue 17: what the loader refuses before it can exhaust memory or lose provenance:
// sizes and visit counts past their documented maxima, explicit tags on numbers,
// durations beyond a double or 1,000 years, oversized and non-UTF-8 files.
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "engine/errors.h"
#include "engine/text_input.h"
#include "scenarios/field_reader.h"
#include "scenarios/run_limits.h"
#include "scenarios/scenario_loader.h"
#include "scenarios/yaml_documents.h"

using Catch::Contains;
using jisas::InputError;
using jisas::scenarios::parse_scenario;

namespace {

const std::string kJisasPath = std::string(JISAS_SOURCE_DIR) + "/scenarios/jisas.yaml";

// jisas.yaml with `from` (which must occur exactly once) replaced by `to`.
std::string edited(const std::string& from, const std::string& to) {
  std::string text = jisas::scenarios::read_text_file(kJisasPath);
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

void parse(const std::string& text) {
  parse_scenario(text, "bad.yaml");
}

std::string temp_file(const std::string& name, const std::string& bytes) {
  const std::string path = std::string(JISAS_BINARY_DIR) + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

}  // namespace

TEST_CASE("sample sizes have a documented maximum", "[input_limits]") {
  CHECK_NOTHROW(parse(edited("sample_size: 15 ", "sample_size: 100000 ")));
  CHECK_THROWS_WITH(
      parse(edited("sample_size: 15 ", "sample_size: 2147483647 ")),
      Contains("bad.yaml:9:16: design.sample_size: must be at most 100000 patients per "
               "cohort, got 2147483647"));
  CHECK_THROWS_WITH(parse(edited("sample_size: 15 ", "sample_size: 99999999999999999999 ")),
                    Contains("bad.yaml:9:16: design.sample_size: must be >= 1, got "
                             "99999999999999999999 (beyond a 32-bit integer)"));
}

TEST_CASE("visits per patient have a documented maximum", "[input_limits]") {
  // Daily visits to the 2012 analysis pass; to one in 2060 (18,600 days) they are refused.
  const std::string daily = edited("visits: {every: 1mo}", "visits: {every: 1d}");
  CHECK_NOTHROW(parse(daily));
  std::string late = daily;
  late.replace(late.find("date: 2012-10-01"), 16, "date: 2060-10-01");
  late.replace(late.find("max_follow_up: 36mo"), 19, "max_follow_up: 100y");
  CHECK_THROWS_WITH(parse(late), Contains("bad.yaml:47:11: protocol.visits: 18658 planned visits "
                                          "per patient over the longest follow-up (18658 days); "
                                          "at most 10000"));
  CHECK(jisas::scenarios::planned_visits({1.0}, 36525.0) == 36525.0);
  jisas::scenarios::VisitSchedule phased;
  phased.phases = {{30.0, 360.0}, {90.0}};
  CHECK(jisas::scenarios::planned_visits(phased, 720.0) == 12.0 + 4.0);
}

TEST_CASE("an explicit tag on a number, duration or date is refused", "[input_limits]") {
  CHECK_THROWS_WITH(parse(edited("sample_size: 15 ", "sample_size: !!str 15 ")),
                    Contains("bad.yaml:9:16: design.sample_size: expected an integer, got '15' "
                             "with the explicit tag '!!str'"));
  CHECK_THROWS_WITH(parse(edited("sample_size: 15 ", "sample_size: !!int 15 ")),
                    Contains("explicit tag '!!int'"));
  CHECK_THROWS_WITH(parse(edited("max_follow_up: 36mo", "max_follow_up: !!str 36mo")),
                    Contains("bad.yaml:18:18: design.max_follow_up: expected a duration"));
  CHECK_THROWS_WITH(parse(edited("max_follow_up: 36mo", "max_follow_up: !custom 36mo")),
                    Contains("explicit tag '!custom'"));
}

TEST_CASE("durations and numbers must be finite and in range", "[input_limits]") {
  // 309 digits of years: finite as a number, infinite in days.
  const std::string years = "1" + std::string(308, '0') + "y";
  CHECK_THROWS_WITH(parse(edited("max_follow_up: 36mo", "max_follow_up: " + years)),
                    Contains("bad.yaml:18:18: design.max_follow_up: must be at most 365250 days "
                             "(1000 years), got 1000") &&
                        Contains("(not representable as a double)"));
  const std::string days = "1" + std::string(309, '0') + "d";
  CHECK_THROWS_WITH(parse(edited("max_follow_up: 36mo", "max_follow_up: " + days)),
                    Contains("bad.yaml:18:18: design.max_follow_up: must be at most 365250 days"));
  CHECK_THROWS_WITH(parse(edited("max_follow_up: 36mo", "max_follow_up: 1001y")),
                    Contains("design.max_follow_up: must be at most 365250 days (1000 years), got "
                             "1001y (365615 days)"));
  CHECK(!jisas::scenarios::parse_duration_days(years).has_value());
  CHECK_THROWS_WITH(parse(edited("sample_size: 15 ", "sample_size: 1e400 ")),
                    Contains("bad.yaml:9:16: design.sample_size: expected an integer"));
}

TEST_CASE("input files are read with a bound", "[input_limits]") {
  CHECK_THROWS_WITH(jisas::scenarios::read_text_file("/dev/zero"),
                    "/dev/zero: larger than 16 MiB, the most an input file may have");
  const std::string big = temp_file("input_limits_big.yaml", std::string((16 << 20) + 1, '#'));
  CHECK_THROWS_WITH(jisas::engine::read_bounded_file(big), Contains("larger than 16 MiB"));
  CHECK(jisas::engine::read_bounded_file(big, 32 << 20).size() == (16u << 20) + 1);
  CHECK_THROWS_WITH(jisas::scenarios::read_text_file(JISAS_SOURCE_DIR),
                    Contains("cannot open file: Is a directory"));
}

TEST_CASE("input files must be UTF-8", "[input_limits]") {
  using jisas::engine::check_utf8_text;
  CHECK_THROWS_WITH(check_utf8_text(std::string("\xFF\xFEn\0a\0", 6), "f.yaml"),
                    "f.yaml: the text is UTF-16 (little-endian), not UTF-8; save the file as "
                    "UTF-8");
  CHECK_THROWS_WITH(check_utf8_text(std::string("\xFE\xFF\0n\0a", 6), "f.yaml"),
                    Contains("UTF-16 (big-endian)"));
  CHECK_THROWS_WITH(check_utf8_text(std::string("n\0a\0m\0e\0", 8), "f.yaml"),
                    Contains("UTF-16 (little-endian, no byte-order mark)"));
  CHECK_THROWS_WITH(check_utf8_text(std::string("name: x\nseed: 1\0", 16), "f.yaml"),
                    "f.yaml:2:8: a NUL byte (byte 0x00): not UTF-8 text; save the file as UTF-8");
  CHECK_THROWS_WITH(check_utf8_text("name: caf\xE9\n", "f.yaml"),
                    Contains("f.yaml:1:10: an invalid UTF-8 sequence (byte 0xE9)"));
  CHECK_THROWS_WITH(check_utf8_text("\xED\xA0\x80", "f.yaml"),
                    Contains("f.yaml:1:1"));                                         // surrogate
  CHECK_THROWS_WITH(check_utf8_text("\xC0\xAF", "f.yaml"), Contains("f.yaml:1:1"));  // overlong
  CHECK_NOTHROW(
      check_utf8_text("\xEF\xBB\xBFname: caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n", "f.yaml"));
  const std::string utf16 = temp_file("input_limits_utf16.yaml", std::string("\xFF\xFEn\0", 4));
  CHECK_THROWS_WITH(jisas::scenarios::load_scenario(utf16),
                    Contains("input_limits_utf16.yaml: the text is UTF-16 (little-endian)"));
}
