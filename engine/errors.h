// The two kinds of failure (house style rule 8). An InputError is the user's to fix and
// its message says what to fix, naming file:line:column and the key where there is one;
// an InternalError is a bug in jisas-sim and names the source file and line.
// Both are caught only in main, each with its own exit code.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace jisas {

inline constexpr int kExitInputError = 2;
inline constexpr int kExitInternalError = 70;  // EX_SOFTWARE from sysexits.h

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// The builtins (GCC and Clang) stand in for std::source_location, which Clang 14 cannot
// use with libstdc++ 12; like it, they name the caller's file and line.
[[noreturn]] void internal_error(std::string_view what, const char* file = __builtin_FILE(),
                                 int line = __builtin_LINE());

}  // namespace jisas
