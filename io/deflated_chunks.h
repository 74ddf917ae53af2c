// Whole chunks of an extendible dataset (h5::create_extendible) deflated here and written
// with H5Dwrite_chunk, past HDF5's filter pipeline (issue 18). HDF5 would deflate each
// chunk with zlib; libdeflate writes the same format (RFC 1950) 1.5 times as fast at the
// same size, and the rows need no trip through HDF5's chunk cache. A reader inflates the
// chunks through the dataset's deflate filter as before: the data read back are the same
// to the bit, only the compressed bytes differ.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <H5Cpp.h>

struct libdeflate_compressor;

namespace jisas::io {

class DeflatedChunkWriter {
 public:
  // `dataset`: empty, 1-D, chunked by h5::kChunkRows, with the deflate filter alone;
  // `memory_type` describes the rows append() is given.
  DeflatedChunkWriter(H5::DataSet dataset, H5::CompType memory_type, int level);
  ~DeflatedChunkWriter();
  DeflatedChunkWriter(const DeflatedChunkWriter&) = delete;
  DeflatedChunkWriter& operator=(const DeflatedChunkWriter&) = delete;

  // Appends `count` rows (at most h5::kChunkRows) as the next chunk: every call but the
  // last must be given a whole chunk. The last chunk is padded with zero bytes, HDF5's
  // default fill value, which it also stores past a dataset's extent.
  void append_chunk(const void* rows, std::size_t count);

 private:
  H5::DataSet dataset_;
  H5::CompType memory_type_;
  H5::CompType file_type_;
  std::size_t rows_ = 0;  // written so far
  bool partial_written_ = false;
  std::vector<unsigned char> converted_, background_, compressed_;
  struct FreeCompressor {
    void operator()(libdeflate_compressor* c) const;
  };
  std::unique_ptr<libdeflate_compressor, FreeCompressor> compressor_;
};

}  // namespace jisas::io
