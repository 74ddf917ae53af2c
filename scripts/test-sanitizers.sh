#!/usr/bin/env bash
# The test suite under the sanitizers, and the fuzz smoke test (issue 6). Stages:
#   asan  - the suite, AddressSanitizer + UndefinedBehaviorSanitizer (g++, ./build-asan)
#   tsan  - the suite, ThreadSanitizer, TBB parallel paths included (g++, ./build-tsan)
#   Both leave out the tests labelled `statistical` (simulated rates against alpha or
#   analytic power: many cohorts of code paths the other tests run) and `slurm_real` (a
#   real Slurm started by the test: minutes of daemons, run once by scripts/test.sh) and
#   `unsanitized` (a memory bound the shadow memory breaks; two processes racing that the
#   slower start-up under a sanitizer turns into a flaky test; both run by the default suite),
#   run the kill/resume checks with a tenth of the cohorts (tests/run/CMakeLists.txt).
#   TSan also leaves out `single_threaded` (reading damaged files, rendering the report:
#   one thread's work, where TSan finds nothing and runs slowest; ASan keeps them).
#   fuzz  - each libFuzzer target for JISAS_FUZZ_SECONDS (default 30) from the seed corpus
#           (clang, ./build-fuzz)
# Usage: test-sanitizers.sh [asan] [tsan] [fuzz]   (no argument: all three)
# scripts/test.sh runs all three after the default suite; times are in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
stages=("$@")
((${#stages[@]})) || stages=(asan tsan fuzz)
bash scripts/setup.sh >/dev/null
jobs=$(nproc)
# OpenMPI's own libraries leak by design and are not built with the sanitizers; the MPI
# transport is covered by the default suite (tests/run/mpi_checks.sh).
no_mpi=(-DJISAS_WITH_MPI=OFF)

for stage in "${stages[@]}"; do
  echo "== sanitizers: $stage"
  case $stage in
    asan)
      cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJISAS_SANITIZE=ON "${no_mpi[@]}" >/dev/null
      cmake --build build-asan -j "$jobs"
      # libhdf5 leaks a few kB of its own on error paths of damaged files (the bit-flip
      # sweep): the fuzz targets' suppressions (tests/fuzz/lsan.supp) apply here too.
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0" \
        ctest --test-dir build-asan --output-on-failure -j "$jobs" -LE 'statistical|slurm_real|unsanitized'
      ;;
    tsan)
      cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJISAS_SANITIZE_THREAD=ON \
        "${no_mpi[@]}" >/dev/null
      cmake --build build-tsan -j "$jobs"
      TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp" \
        ctest --test-dir build-tsan --output-on-failure -j "$jobs" \
        -LE 'statistical|slurm_real|unsanitized|single_threaded'
      ;;
    fuzz)
      CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DJISAS_FUZZ=ON -DJISAS_BUILD_TESTS=OFF "${no_mpi[@]}" \
        -DJISAS_FUZZ_SECONDS="${JISAS_FUZZ_SECONDS:-30}" >/dev/null
      cmake --build build-fuzz -j "$jobs"
      ctest --test-dir build-fuzz --output-on-failure -j "$jobs" -L fuzz
      ;;
    *)
      echo "test-sanitizers.sh: unknown stage '$stage' (expected asan, tsan or fuzz)" >&2
      exit 2
      ;;
  esac
done
