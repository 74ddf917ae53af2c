// libFuzzer target: any bytes as a scenario file. The loader must either return a
// scenario or throw InputError (one clear message); anything else (a crash, a sanitizer
// report, another exception, a hang) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/errors.h"
#include "scenarios/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const jisas::scenarios::Scenario sc = jisas::scenarios::parse_scenario(text, "fuzz.yaml");
    (void)sc;
  } catch (const jisas::InputError&) {
  }
  return 0;
}
