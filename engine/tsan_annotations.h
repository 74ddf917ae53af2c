// Happens-before annotations for ThreadSanitizer (no-ops in other builds). Debian's libtbb
// is not built with TSan, so a hand-over that happens inside it (a functor built by one
// thread and run by a TBB worker) is invisible to TSan unless published explicitly:
// tsan_release(p) by the builder after building, tsan_acquire(p) by the runner before use.
#pragma once

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace jisas::engine {

#if defined(__SANITIZE_THREAD__)
inline void tsan_release(const void* address) {
  __tsan_release(const_cast<void*>(address));
}
inline void tsan_acquire(const void* address) {
  __tsan_acquire(const_cast<void*>(address));
}
#else
inline void tsan_release(const void*) {}
inline void tsan_acquire(const void*) {}
#endif

}  // namespace jisas::engine
