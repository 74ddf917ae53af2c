// zlib's and libdeflate's deflate levels on whole 4096-row chunks of a table's packed rows
// (bench/deflate/deflate_speed.sh): MB/s of input and compression ratio, best of 5 passes.
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

template <class Compress>
void measure(const char* name, int level, const std::vector<unsigned char>& rows, std::size_t chunk,
             Compress compress) {
  const std::size_t chunks = rows.size() / chunk;
  double best = 1e30;
  std::size_t compressed = 0;
  for (int pass = 0; pass < 5; ++pass) {
    compressed = 0;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t c = 0; c < chunks; ++c) compressed += compress(rows.data() + c * chunk, chunk);
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  const double bytes = static_cast<double>(chunks * chunk);
  std::printf("%-10s level %d: %6.1f MB/s, ratio %.2f\n", name, level, bytes / best / 1e6,
              bytes / static_cast<double>(compressed));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: deflate_speed ROWS.bin ROW_BYTES\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::vector<unsigned char> rows((std::istreambuf_iterator<char>(in)), {});
  const std::size_t chunk = 4096 * std::strtoul(argv[2], nullptr, 10);  // io/hdf5_types.h
  if (rows.size() < chunk) {
    std::fprintf(stderr, "deflate_speed: fewer rows than one chunk\n");
    return 2;
  }
  std::vector<unsigned char> out(compressBound(chunk));
  for (int level = 1; level <= 3; ++level) {
    measure("zlib", level, rows, chunk, [&](const unsigned char* p, std::size_t n) {
      uLongf size = out.size();
      compress2(out.data(), &size, p, n, level);  // what HDF5's deflate filter calls
      return static_cast<std::size_t>(size);
    });
  }
  for (int level = 1; level <= 6; ++level) {
    libdeflate_compressor* c = libdeflate_alloc_compressor(level);
    measure("libdeflate", level, rows, chunk, [&](const unsigned char* p, std::size_t n) {
      return libdeflate_zlib_compress(c, p, n, out.data(), out.size());
    });
    libdeflate_free_compressor(c);
  }
}
