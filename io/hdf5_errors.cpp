#include "io/hdf5_errors.h"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <H5Cpp.h>
#include <fmt/format.h>

#include "engine/errors.h"
#include "io/output_lock.h"

namespace jisas::io {
namespace {

// The errno of the last failed call; one writer thread writes result files.
thread_local int recorded_errno = 0;
std::atomic<bool> abandoned{false};

// HDF5's file drivers describe a failed system call as "... errno = 28, error message =
// 'No space left on device' ...": the innermost such record names the cause.
herr_t find_errno(unsigned, const H5E_error2_t* error, void* found) {
  if (error->desc == nullptr) return 0;
  if (const char* at = std::strstr(error->desc, "errno = ")) {
    *static_cast<int*>(found) = std::atoi(at + std::strlen("errno = "));
  }
  return 0;
}

herr_t record(hid_t stack, void*) {
  int found = 0;
  H5Ewalk2(stack, H5E_WALK_UPWARD, find_errno, &found);
  if (found != 0) recorded_errno = found;
  return 0;
}

}  // namespace

void capture_hdf5_errors() {
  H5Eset_auto2(H5E_DEFAULT, record, nullptr);
}

int take_hdf5_errno() {
  const int error = recorded_errno;
  recorded_errno = 0;
  return error;
}

void abandon_hdf5_objects(std::initializer_list<std::int64_t> ids) {
  static_assert(sizeof(hid_t) == sizeof(std::int64_t));
  for (const hid_t id : ids) {
    if (id > 0 && H5Iis_valid(id) > 0) H5Iinc_ref(id);
  }
  abandoned = true;
}

bool hdf5_objects_abandoned() {
  return abandoned;
}

void rethrow_hdf5_write_error(const std::string& path, const H5::Exception& e) {
  const int error = take_hdf5_errno();
  if (error != 0) {
    throw InputError(fmt::format("{}: cannot write the result file: {}", shown_path(path),
                                 write_error_reason(error)));
  }
  internal_error(fmt::format("HDF5 failed writing {}: {}: {}", shown_path(path), e.getFuncName(),
                             e.getDetailMsg()));
}

}  // namespace jisas::io
