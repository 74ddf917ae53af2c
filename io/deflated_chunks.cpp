#include "io/deflated_chunks.h"

#include <algorithm>
#include <cstring>

#include <libdeflate.h>

#include "engine/errors.h"
#include "io/hdf5_types.h"

namespace jisas::io {
namespace {

// An HDF5 call of the C API that failed, as the C++ API would have reported it (its
// errno is recorded by io/hdf5_errors.h's handler): ResultFile turns it into one line.
void check(herr_t status, const char* call) {
  if (status < 0) throw H5::DataSetIException(call, "failed");
}

// The dataset must be what h5::create_extendible makes: 1-D chunks of kChunkRows rows,
// deflated and nothing else, or the chunks written here would not read back.
void check_layout(const H5::DataSet& dataset) {
  const H5::DSetCreatPropList props = dataset.getCreatePlist();
  hsize_t chunk = 0;
  unsigned flags = 0, config = 0;
  std::size_t n_values = 0;
  const bool deflate_alone =
      props.getNfilters() == 1 &&
      props.getFilter(0, flags, n_values, nullptr, 0, nullptr, config) == H5Z_FILTER_DEFLATE;
  if (props.getLayout() != H5D_CHUNKED || props.getChunk(1, &chunk) != 1 ||
      chunk != h5::kChunkRows || !deflate_alone) {
    internal_error("DeflatedChunkWriter: the dataset is not a deflated extendible table");
  }
}

}  // namespace

void DeflatedChunkWriter::FreeCompressor::operator()(libdeflate_compressor* c) const {
  libdeflate_free_compressor(c);
}

DeflatedChunkWriter::DeflatedChunkWriter(H5::DataSet dataset, H5::CompType memory_type, int level)
    : dataset_(std::move(dataset)),
      memory_type_(std::move(memory_type)),
      file_type_(dataset_.getCompType()),
      compressor_(libdeflate_alloc_compressor(level)) {
  check_layout(dataset_);
  if (!compressor_) internal_error("libdeflate_alloc_compressor failed");
  const std::size_t row = std::max(memory_type_.getSize(), file_type_.getSize());
  converted_.resize(h5::kChunkRows * row);
  background_.resize(h5::kChunkRows * file_type_.getSize());
  compressed_.resize(
      libdeflate_zlib_compress_bound(compressor_.get(), h5::kChunkRows * file_type_.getSize()));
}

DeflatedChunkWriter::~DeflatedChunkWriter() = default;

void DeflatedChunkWriter::append_chunk(const void* rows, std::size_t count) {
  if (count == 0) return;
  if (count > h5::kChunkRows || partial_written_)
    internal_error("DeflatedChunkWriter: rows past a partial chunk");
  partial_written_ = count < h5::kChunkRows;
  // The rows in the file's (packed) layout, converted by HDF5 as a write would.
  std::memcpy(converted_.data(), rows, count * memory_type_.getSize());
  check(H5Tconvert(memory_type_.getId(), file_type_.getId(), count, converted_.data(),
                   background_.data(), H5P_DEFAULT),
        "H5Tconvert");
  const std::size_t chunk_bytes = h5::kChunkRows * file_type_.getSize();
  const std::size_t used = count * file_type_.getSize();
  std::fill(converted_.begin() + static_cast<std::ptrdiff_t>(used),
            converted_.begin() + static_cast<std::ptrdiff_t>(chunk_bytes), 0);
  const std::size_t size = libdeflate_zlib_compress(
      compressor_.get(), converted_.data(), chunk_bytes, compressed_.data(), compressed_.size());
  if (size == 0) internal_error("libdeflate: a chunk did not fit its compress bound");
  const hsize_t offset = rows_;
  const hsize_t extent = rows_ + count;
  dataset_.extend(&extent);
  check(H5Dwrite_chunk(dataset_.getId(), H5P_DEFAULT, 0, &offset, size, compressed_.data()),
        "H5Dwrite_chunk");
  rows_ += count;
}

}  // namespace jisas::io
