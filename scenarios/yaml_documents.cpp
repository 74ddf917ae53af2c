#include "scenarios/yaml_documents.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include "engine/errors.h"

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

// Where the documents start; two documents cannot start at the same character, so a
// repeat is the parser stuck on a token it cannot use.
std::vector<YAML::Mark> document_starts(const std::string& yaml_text,
                                        const std::string& source_name) {
  std::istringstream in(yaml_text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  while (parser.HandleNextDocument(starts)) {
    const auto n = starts.marks.size();
    if (n >= 2 && same_place(starts.marks[n - 1], starts.marks[n - 2])) {
      throw InputError(fmt::format("{}: YAML syntax error: unexpected character",
                                   mark_prefix(source_name, starts.marks[n - 1])));
    }
  }
  return starts.marks;
}

}  // namespace

YAML::Node load_single_document(const std::string& yaml_text, const std::string& source_name) {
  try {
    const std::vector<YAML::Mark> starts = document_starts(yaml_text, source_name);
    if (starts.size() != 1) {
      const YAML::Mark mark = starts.empty() ? YAML::Mark() : starts[1];
      throw InputError(fmt::format("{}: expected one YAML document, found {}",
                                   mark_prefix(source_name, mark), starts.size()));
    }
    return YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw InputError(
        fmt::format("{}: YAML syntax error: {}", mark_prefix(source_name, e.mark), e.msg));
  }
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path)) {
    const int error = in ? EISDIR : errno;
    throw InputError(fmt::format("{}: cannot open file: {}", path, std::strerror(error)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace jisas::scenarios
