// io/deflated_chunks.h: rows packed and deflated by libdeflate and written past HDF5's
// filter pipeline read back through it exactly as rows written by HDF5 itself.
#include "io/deflated_chunks.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <H5Cpp.h>
#include <catch2/catch.hpp>

#include "engine/errors.h"
#include "io/hdf5_types.h"

namespace {

// Padding between the members, so the file's packed layout differs from memory's.
struct Row {
  std::int8_t flag = 0;
  double value = 0.0;
  std::int32_t index = 0;
};

H5::CompType row_type() {
  H5::CompType t(sizeof(Row));
  t.insertMember("flag", offsetof(Row, flag), H5::PredType::NATIVE_INT8);
  t.insertMember("value", offsetof(Row, value), H5::PredType::NATIVE_DOUBLE);
  t.insertMember("index", offsetof(Row, index), H5::PredType::NATIVE_INT32);
  return t;
}

std::vector<Row> rows(std::size_t n) {
  std::vector<Row> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = {static_cast<std::int8_t>(i % 3), 0.25 * static_cast<double>(i % 97),
              static_cast<std::int32_t>(i)};
  }
  return out;
}

std::vector<Row> read_back(const H5::DataSet& dataset) {
  hsize_t n = 0;
  dataset.getSpace().getSimpleExtentDims(&n);
  std::vector<Row> out(n);
  if (n > 0) dataset.read(out.data(), row_type());
  return out;
}

bool same(const std::vector<Row>& a, const std::vector<Row>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].flag != b[i].flag || a[i].value != b[i].value || a[i].index != b[i].index)
      return false;
  }
  return true;
}

// The rows appended the way the result file did before io/deflated_chunks.h: HDF5
// converts, chunks and deflates them itself.
void append_through_hdf5(H5::DataSet& dataset, const void* rows, hsize_t count,
                         const H5::DataType& memory_type) {
  hsize_t size = 0;
  dataset.getSpace().getSimpleExtentDims(&size);
  const hsize_t new_size = size + count;
  dataset.extend(&new_size);
  H5::DataSpace file_space = dataset.getSpace();
  file_space.selectHyperslab(H5S_SELECT_SET, &count, &size);
  const H5::DataSpace memory_space(1, &count);
  dataset.write(rows, memory_type, memory_space, file_space);
}

std::string temp_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() / name).string();
}

}  // namespace

TEST_CASE("deflated chunks read back as the rows HDF5 writes itself", "[deflated_chunks]") {
  const std::string path = temp_file("jisas_deflated_chunks_test.h5");
  const auto source = rows(2 * jisas::io::h5::kChunkRows + 123);  // two whole chunks, a part
  {
    H5::H5File file(path, H5F_ACC_TRUNC);
    H5::DataSet direct = jisas::io::h5::create_extendible(file, "direct", row_type());
    H5::DataSet through_hdf5 = jisas::io::h5::create_extendible(file, "hdf5", row_type());
    jisas::io::DeflatedChunkWriter writer(direct, row_type(), jisas::io::h5::kDeflateLevel);
    // Whole chunks and a part, in appends that straddle the chunks' edges.
    for (std::size_t first = 0; first < source.size(); first += 1000) {
      writer.append(source.data() + first, std::min<std::size_t>(1000, source.size() - first));
    }
    writer.finish();
    append_through_hdf5(through_hdf5, source.data(), source.size(), row_type());
    // A row after the partial last chunk would leave a gap in the table.
    REQUIRE_THROWS_AS(writer.append(source.data(), 1), jisas::InternalError);
  }
  H5::H5File file(path, H5F_ACC_RDONLY);
  const H5::DataSet direct = file.openDataSet("direct");
  CHECK(same(read_back(direct), source));
  CHECK(same(read_back(file.openDataSet("hdf5")), source));
  // Deflated, not stored raw: flag and value repeat every 291 rows, the chunks shrink.
  const auto raw = source.size() * jisas::io::h5::packed(row_type()).getSize();
  CHECK(direct.getStorageSize() < raw / 2);
  std::filesystem::remove(path);
}

TEST_CASE("deflated chunks only go to a deflated table of the packed type", "[deflated_chunks]") {
  const std::string path = temp_file("jisas_deflated_chunks_layout.h5");
  H5::H5File file(path, H5F_ACC_TRUNC);
  const hsize_t initial = 0, unlimited = H5S_UNLIMITED, chunk = jisas::io::h5::kChunkRows;
  H5::DSetCreatPropList props;
  props.setChunk(1, &chunk);  // chunked, but not deflated
  const H5::DataSet plain = file.createDataSet("plain", jisas::io::h5::packed(row_type()),
                                               H5::DataSpace(1, &initial, &unlimited), props);
  CHECK_THROWS_AS(jisas::io::DeflatedChunkWriter(plain, row_type(), 2), jisas::InternalError);
  // Deflated, but a member is stored as another type: HDF5 would convert it, not copy.
  props.setDeflate(2);
  H5::CompType other(sizeof(Row));
  other.insertMember("flag", offsetof(Row, flag), H5::PredType::NATIVE_INT8);
  other.insertMember("value", offsetof(Row, value), H5::PredType::NATIVE_FLOAT);
  other.insertMember("index", offsetof(Row, index), H5::PredType::NATIVE_INT32);
  const H5::DataSet converted = file.createDataSet("converted", jisas::io::h5::packed(other),
                                                   H5::DataSpace(1, &initial, &unlimited), props);
  CHECK_THROWS_AS(jisas::io::DeflatedChunkWriter(converted, row_type(), 2), jisas::InternalError);
  std::filesystem::remove(path);
}
