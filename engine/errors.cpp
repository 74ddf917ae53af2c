#include "engine/errors.h"

#include <fmt/format.h>

namespace jisas {

void internal_error(std::string_view what, const char* file, int line) {
  throw InternalError(fmt::format("{}:{}: internal error: {}", file, line, what));
}

}  // namespace jisas
