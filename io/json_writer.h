// A minimal streaming JSON writer for the `--json` outputs: objects, arrays, strings,
// integers and doubles, with non-finite numbers written as null. Doubles are written in
// the shortest form that reads back to the same value, so nothing is lost to rounding.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jisas::io {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(double v);
  JsonWriter& value(int v);
  JsonWriter& value(std::string_view v);
  // Not an overload of value(): a string literal would convert to bool before string_view.
  JsonWriter& boolean(bool v);
  JsonWriter& null();

  const std::string& str() const { return out_; }

 private:
  void before_value();
  std::string out_;
  std::vector<bool> first_;  // one entry per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace jisas::io
