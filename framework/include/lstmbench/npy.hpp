// Minimal NumPy .npy (format 1.0) reader and writer: little-endian, C order, one dtype each of
// float32 ("<f4"), float64 ("<f8"), int32 ("<i4") and int64 ("<i8").
//
// Shared by the workload dump (framework) and the external plugin, so that every program that
// trains from a dumped workload reads exactly what the framework wrote. numpy.load reads these
// files; numpy.save's output for these dtypes is read back here.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace lstmbench::npy {

template <class T>
constexpr const char* dtype_descr();
template <>
constexpr const char* dtype_descr<float>() {
  return "<f4";
}
template <>
constexpr const char* dtype_descr<double>() {
  return "<f8";
}
template <>
constexpr const char* dtype_descr<std::int32_t>() {
  return "<i4";
}
template <>
constexpr const char* dtype_descr<std::int64_t>() {
  return "<i8";
}

// REQUIRES: data.size() == product of shape. Throws std::runtime_error naming the path.
template <class T>
void write(const std::string& path, const std::vector<std::size_t>& shape, const T* data) {
  std::string dims;
  for (std::size_t d : shape) dims += std::to_string(d) + ", ";
  if (shape.size() > 1) dims.resize(dims.size() - 2);  // "(n,)" for 1-D, "(a, b)" otherwise
  std::string header = std::string("{'descr': '") + dtype_descr<T>() +
                       "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64.
  std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error(path + ": cannot open for writing");
  const char magic[] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.write(magic, sizeof magic);
  std::uint16_t len = static_cast<std::uint16_t>(header.size());
  const char len_bytes[] = {static_cast<char>(len & 0xff), static_cast<char>(len >> 8)};
  out.write(len_bytes, 2);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  std::size_t count = std::accumulate(shape.begin(), shape.end(), std::size_t{1},
                                      [](std::size_t a, std::size_t b) { return a * b; });
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(count * sizeof(T)));
  if (!out) throw std::runtime_error(path + ": write failed");
}

template <class T>
struct Array {
  std::vector<std::size_t> shape;
  std::vector<T> data;
};

// Reads a file written by write() or numpy.save with the same dtype. Throws std::runtime_error
// naming the path and what was wrong (dtype, order, truncation).
template <class T>
Array<T> read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open");
  char magic[8];
  in.read(magic, 8);
  if (!in || std::memcmp(magic, "\x93NUMPY", 6) != 0)
    throw std::runtime_error(path + ": not a .npy file");
  std::size_t header_len = 0;
  if (magic[6] == 1) {
    unsigned char b[2];
    in.read(reinterpret_cast<char*>(b), 2);
    header_len = b[0] | (b[1] << 8);
  } else {
    unsigned char b[4];
    in.read(reinterpret_cast<char*>(b), 4);
    header_len = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::size_t>(b[3]) << 24);
  }
  std::string header(header_len, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_len));
  if (!in) throw std::runtime_error(path + ": truncated header");
  if (header.find(std::string("'descr': '") + dtype_descr<T>() + "'") == std::string::npos)
    throw std::runtime_error(path + ": expected dtype " + dtype_descr<T>() + ", header is " +
                             header);
  if (header.find("'fortran_order': False") == std::string::npos)
    throw std::runtime_error(path + ": Fortran order is not supported");
  auto open = header.find("'shape': (");
  auto close = header.find(')', open);
  if (open == std::string::npos || close == std::string::npos)
    throw std::runtime_error(path + ": no shape in header");
  Array<T> array;
  std::string dims = header.substr(open + 10, close - open - 10);
  std::size_t pos = 0;
  while (pos < dims.size()) {
    while (pos < dims.size() && (dims[pos] == ' ' || dims[pos] == ',')) ++pos;
    if (pos >= dims.size()) break;
    std::size_t end = pos;
    while (end < dims.size() && dims[end] >= '0' && dims[end] <= '9') ++end;
    if (end == pos) throw std::runtime_error(path + ": bad shape '" + dims + "'");
    array.shape.push_back(std::stoull(dims.substr(pos, end - pos)));
    pos = end;
  }
  std::size_t count = std::accumulate(array.shape.begin(), array.shape.end(), std::size_t{1},
                                      [](std::size_t a, std::size_t b) { return a * b; });
  array.data.resize(count);
  in.read(reinterpret_cast<char*>(array.data.data()),
          static_cast<std::streamsize>(count * sizeof(T)));
  if (!in)
    throw std::runtime_error(path + ": truncated data (expected " + std::to_string(count) +
                             " values)");
  return array;
}

}  // namespace lstmbench::npy
