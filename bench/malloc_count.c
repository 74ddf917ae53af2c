/* Counts malloc calls of a whole process (issue 18's "no per-cohort heap allocation"):
 * an LD_PRELOAD library whose malloc counts and calls the C library's, and prints
 * "mallocs N" to stderr at exit. Built and used by bench/allocations.sh. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_long calls;

void* malloc(size_t size) {
  static void* (*libc_malloc)(size_t);
  if (!libc_malloc) libc_malloc = (void* (*)(size_t))dlsym(RTLD_NEXT, "malloc");
  atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
  return libc_malloc(size);
}

__attribute__((destructor)) static void report(void) {
  fprintf(stderr, "mallocs %ld\n", atomic_load(&calls));
}
