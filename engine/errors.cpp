#include "engine/errors.h"

#include <fmt/format.h>

namespace jisas {

void internal_error(std::string_view what, std::source_location where) {
  throw InternalError(
      fmt::format("{}:{}: internal error: {}", where.file_name(), where.line(), what));
}

}  // namespace jisas
