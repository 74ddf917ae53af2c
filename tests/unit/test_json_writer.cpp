#include "io/json_writer.h"

#include <limits>

#include <catch2/catch.hpp>

TEST_CASE("JSON nesting, commas, escapes and null for non-finite numbers", "[json]") {
  jisas::io::JsonWriter json;
  json.begin_object();
  json.key("a").value(1).key("b").begin_array().value(0.1).value(
      std::numeric_limits<double>::quiet_NaN());
  json.begin_object().end_object().end_array();
  json.key("s").value("q\"\\\n").key("n").null();
  json.end_object();
  CHECK(json.str() == R"({"a":1,"b":[0.1,null,{}],"s":"q\"\\\n","n":null})");
}

TEST_CASE("doubles are written in shortest round-trip form", "[json]") {
  jisas::io::JsonWriter json;
  json.value(0.7407407407407406);
  CHECK(std::stod(json.str()) == 0.7407407407407406);
}

TEST_CASE("booleans are JSON true and false", "[json]") {
  jisas::io::JsonWriter json;
  json.begin_array().boolean(true).boolean(false).value("x").end_array();
  CHECK(json.str() == R"([true,false,"x"])");
}
