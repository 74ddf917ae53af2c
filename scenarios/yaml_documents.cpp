#include "scenarios/yaml_documents.h"

#include <functional>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include "engine/errors.h"
#include "engine/text_input.h"

namespace jisas::scenarios {
namespace {

std::string mark_prefix(const std::string& source, const YAML::Mark& mark) {
  if (mark.is_null()) return fmt::format("{}:1:1", source);
  return fmt::format("{}:{}:{}", source, mark.line + 1, mark.column + 1);
}

// Records where each document starts and ignores everything else.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;

  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

bool same_place(const YAML::Mark& a, const YAML::Mark& b) {
  return a.pos == b.pos;
}

// Where a message about the text at a mark says it is: "FILE:LINE:COL" for a file.
using Locate = std::function<std::string(const YAML::Mark&)>;

// Where the documents start; two documents cannot start at the same character, so a
// repeat is the parser stuck on a token it cannot use.
std::vector<YAML::Mark> document_starts(const std::string& yaml_text, const Locate& locate) {
  std::istringstream in(yaml_text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  while (parser.HandleNextDocument(starts)) {
    const auto n = starts.marks.size();
    if (n >= 2 && same_place(starts.marks[n - 1], starts.marks[n - 2])) {
      throw InputError(
          fmt::format("{}: YAML syntax error: unexpected character", locate(starts.marks[n - 1])));
    }
  }
  return starts.marks;
}

// The one document of yaml_text, with every problem located by `locate`.
YAML::Node load_one(const std::string& yaml_text, const Locate& locate) {
  try {
    const std::vector<YAML::Mark> starts = document_starts(yaml_text, locate);
    if (starts.size() != 1) {
      const YAML::Mark mark = starts.empty() ? YAML::Mark() : starts[1];
      throw InputError(
          fmt::format("{}: expected one YAML document, found {}", locate(mark), starts.size()));
    }
    return YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}: YAML syntax error: {}", locate(e.mark), e.msg));
  }
}

}  // namespace

YAML::Node load_single_document(const std::string& yaml_text, const std::string& source_name) {
  return load_one(yaml_text,
                  [&](const YAML::Mark& mark) { return mark_prefix(source_name, mark); });
}

// A command-line value is one line: its column is enough.
YAML::Node load_value(const std::string& text, const std::string& label) {
  return load_one(text, [&](const YAML::Mark& mark) {
    return mark.is_null() ? label : fmt::format("{} (value column {})", label, mark.column + 1);
  });
}

std::string read_text_file(const std::string& path) {
  std::string text = engine::read_bounded_file(path);
  engine::check_utf8_text(text, path);
  return text;
}

}  // namespace jisas::scenarios
