// Chunks of an extendible dataset (h5::create_extendible) packed and deflated here and
// written whole with H5Dwrite_chunk, past HDF5's filter pipeline and chunk cache (issue
// 18). HDF5 would deflate each chunk with zlib; libdeflate writes the same format (RFC
// 1950) 1.6 times as fast at the same size (bench/deflate/deflate_speed.sh). A reader
// inflates the chunks through the dataset's deflate filter as before: the data read back
// are the same to the bit, only the compressed bytes differ.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <H5Cpp.h>

struct libdeflate_compressor;

namespace jisas::io {

class DeflatedChunkWriter {
 public:
  // `dataset`: empty, 1-D, chunked by h5::kChunkRows, with the deflate filter alone, of
  // h5::packed(memory_type), the type of the rows append() is given. InternalError
  // otherwise, or if a member's type differs between the two (a conversion, not a copy).
  DeflatedChunkWriter(H5::DataSet dataset, const H5::CompType& memory_type, int level);
  ~DeflatedChunkWriter();
  DeflatedChunkWriter(const DeflatedChunkWriter&) = delete;
  DeflatedChunkWriter& operator=(const DeflatedChunkWriter&) = delete;

  // Appends `count` rows; each chunk is written once it is whole. After a write failed
  // (the HDF5 exception goes on to the caller) the table takes no more rows.
  void append(const void* rows, std::size_t count);
  // Writes the last, partial chunk (if any), padded with zero bytes, HDF5's default fill
  // value, which it also stores past a dataset's extent. Nothing may be appended after.
  void finish();

 private:
  void write_chunk();

  // A stretch of bytes that a row keeps whole, at its offsets in memory and in the file.
  struct Run {
    std::size_t memory_offset, file_offset, size;
  };
  H5::DataSet dataset_;
  std::vector<Run> runs_;
  std::size_t memory_row_ = 0, file_row_ = 0;  // bytes per row
  std::size_t rows_ = 0;                       // written to the file so far
  std::size_t pending_ = 0;                    // rows in chunk_ not yet written
  bool finished_ = false;                      // by finish(), or a write that failed
  // Allocated, not value-initialised: a short run touches only the pages it fills.
  std::unique_ptr<unsigned char[]> chunk_, compressed_;
  std::size_t compressed_capacity_ = 0;
  struct FreeCompressor {
    void operator()(libdeflate_compressor* c) const;
  };
  std::unique_ptr<libdeflate_compressor, FreeCompressor> compressor_;
};

}  // namespace jisas::io
