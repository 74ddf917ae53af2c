#include "io/deflated_chunks.h"

#include <algorithm>
#include <cstring>
#include <string>

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

// Each member is copied as HDF5 converts a member whose type is the same on both sides:
// byte for byte, from its memory offset to its packed one. Members next to each other on
// both sides make one run.
DeflatedChunkWriter::DeflatedChunkWriter(H5::DataSet dataset, const H5::CompType& memory_type,
                                         int level)
    : dataset_(std::move(dataset)),
      memory_row_(memory_type.getSize()),
      compressor_(libdeflate_alloc_compressor(level)) {
  check_layout(dataset_);
  if (!compressor_) internal_error("libdeflate_alloc_compressor failed");
  const H5::CompType file_type = dataset_.getCompType();
  file_row_ = file_type.getSize();
  std::vector<Run> members;
  std::size_t covered = 0;
  for (unsigned m = 0; m < static_cast<unsigned>(memory_type.getNmembers()); ++m) {
    const H5::DataType type = memory_type.getMemberDataType(m);
    const int f = file_type.getMemberIndex(memory_type.getMemberName(m));
    if (!(type == file_type.getMemberDataType(static_cast<unsigned>(f))))
      internal_error("DeflatedChunkWriter: a member's type differs in the file");
    members.push_back({memory_type.getMemberOffset(m),
                       file_type.getMemberOffset(static_cast<unsigned>(f)), type.getSize()});
    covered += type.getSize();
  }
  // Every byte of a file row comes from a member: no padding of undefined value.
  if (covered != file_row_ || file_type.getNmembers() != memory_type.getNmembers())
    internal_error("DeflatedChunkWriter: the file type is not the packed memory type");
  std::sort(members.begin(), members.end(),
            [](const Run& a, const Run& b) { return a.memory_offset < b.memory_offset; });
  for (const Run& m : members) {
    Run* last = runs_.empty() ? nullptr : &runs_.back();
    if (last && last->memory_offset + last->size == m.memory_offset &&
        last->file_offset + last->size == m.file_offset) {
      last->size += m.size;
    } else {
      runs_.push_back(m);
    }
  }
  chunk_.reset(new unsigned char[h5::kChunkRows * file_row_]);
  compressed_capacity_ =
      libdeflate_zlib_compress_bound(compressor_.get(), h5::kChunkRows * file_row_);
  compressed_.reset(new unsigned char[compressed_capacity_]);
}

DeflatedChunkWriter::~DeflatedChunkWriter() = default;

void DeflatedChunkWriter::append(const void* rows, std::size_t count) {
  if (finished_) internal_error("DeflatedChunkWriter: rows after the last chunk or a failed write");
  const auto* in = static_cast<const unsigned char*>(rows);
  for (std::size_t i = 0; i < count; ++i, in += memory_row_) {
    unsigned char* out = chunk_.get() + pending_ * file_row_;
    for (const Run& run : runs_)
      std::memcpy(out + run.file_offset, in + run.memory_offset, run.size);
    if (++pending_ == h5::kChunkRows) write_chunk();
  }
}

void DeflatedChunkWriter::finish() {
  if (finished_) internal_error("DeflatedChunkWriter: finished twice or after a failed write");
  if (pending_ > 0) write_chunk();
  finished_ = true;
}

void DeflatedChunkWriter::write_chunk() {
  finished_ = true;  // until the chunk is written: a failed write (a full disk) ends the table
  const std::size_t chunk_bytes = h5::kChunkRows * file_row_;
  std::fill(chunk_.get() + pending_ * file_row_, chunk_.get() + chunk_bytes, 0);
  const std::size_t size = libdeflate_zlib_compress(compressor_.get(), chunk_.get(), chunk_bytes,
                                                    compressed_.get(), compressed_capacity_);
  if (size == 0) internal_error("libdeflate: a chunk did not fit its compress bound");
  const hsize_t offset = rows_;
  const hsize_t extent = rows_ + pending_;
  dataset_.extend(&extent);
  check(H5Dwrite_chunk(dataset_.getId(), H5P_DEFAULT, 0, &offset, size, compressed_.get()),
        "H5Dwrite_chunk");
  rows_ += pending_;
  pending_ = 0;
  finished_ = false;
}

}  // namespace jisas::io
