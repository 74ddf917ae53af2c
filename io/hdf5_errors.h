// HDF5 failures in the project's error type (issue 17). H5::Exception is not a
// std::exception, so one that escapes ends the process with abort (exit 134) and leaves
// the temporary file; and its message names only the C++ wrapper ("DataSet::write"), not
// why the write failed. HDF5 keeps the operating system's errno in its error stack, which
// the next HDF5 call clears: an automatic error handler (run at the failing API call)
// records it here, and rethrow_hdf5_error turns the exception into one line.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

namespace H5 {
class Exception;
}

namespace jisas::io {

// Replaces HDF5's printing of its error stack (to stderr, many lines) by recording the
// errno of the failing call. Idempotent; call before HDF5 calls whose errors matter.
void capture_hdf5_errors();

// The OS errno recorded for the last failed HDF5 call (0: none recorded), and clears it.
int take_hdf5_errno();

// A result file that is discarded (a failed or interrupted run) is abandoned, never
// closed: closing flushes, and on a full disk HDF5 1.10 then fails, prints from the C++
// destructors, leaves the file half torn down (the next close crashes in H5F__close_cb)
// and loops at exit ("HDF5: infinite loop closing library"). The ids get an extra
// reference, so the destructors only decrement; the unlinked file goes with the process.
void abandon_hdf5_objects(std::initializer_list<std::int64_t> ids);
// True once something was abandoned: HDF5's exit handler (H5close, run by the C++
// library's static destructor) would close it, so the process must end with std::_Exit
// after its own destructors ran and its streams were flushed (app/cli.cpp).
bool hdf5_objects_abandoned();

// Writing `path` failed in HDF5: InputError (exit 2) naming the file when the operating
// system refused the write (out of space, quota, file size limit, I/O error), otherwise an
// InternalError (a bug in how jisas-sim calls HDF5).
[[noreturn]] void rethrow_hdf5_write_error(const std::string& path, const H5::Exception& e);

}  // namespace jisas::io
