#include "workload/shared_workload.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>

#include "common/error.hpp"

namespace lstmbench::workload {
namespace {

constexpr std::array<char, 8> kMagic = {'L', 'B', 'W', 'K', 'L', 'D', '0', '1'};

// The header: the magic, then the sizes; the arrays follow in the order of WorkloadView.
struct Header {
  std::array<char, 8> magic;
  std::uint64_t seq_len, input_size, num_train, num_val, num_weights;
};

}  // namespace

WorkloadView view_of(const Workload& w, std::span<const float> weights) {
  return {w.seq_len, w.input_size, w.num_train, w.num_val, w.train_x,
          w.train_y, w.val_x,      w.val_y,     weights};
}

std::string workload_key(const suite::CaseSpec& s) {
  return fmt::format(
      "source={};path={};column={};missing={};seq_len={};train={};val={};hidden={};layers={};"
      "seed={}",
      s.data_source, s.csv_path, s.csv_column, s.csv_missing, s.seq_len, s.train_windows,
      s.val_windows, s.hidden_size, s.num_layers, s.seed);
}

void write_workload_file(const std::string& path, const Workload& w,
                         const std::vector<float>& weights) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  Header header{kMagic,
                static_cast<std::uint64_t>(w.seq_len),
                static_cast<std::uint64_t>(w.input_size),
                w.num_train,
                w.num_val,
                weights.size()};
  out.write(reinterpret_cast<const char*>(&header), sizeof header);
  for (const std::vector<float>* a : {&w.train_x, &w.train_y, &w.val_x, &w.val_y, &weights})
    out.write(reinterpret_cast<const char*>(a->data()),
              static_cast<std::streamsize>(a->size() * sizeof(float)));
  if (!out.flush()) throw Error(path, "cannot write the shared workload (disk full?)");
}

MappedWorkload::MappedWorkload(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path, std::string("cannot open the shared workload: ") + strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || static_cast<std::size_t>(st.st_size) < sizeof(Header)) {
    ::close(fd);
    throw Error(path, "not a workload file (too short)");
  }
  size_ = static_cast<std::size_t>(st.st_size);
  base_ = mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (base_ == MAP_FAILED) {
    base_ = nullptr;
    throw Error(path, std::string("cannot map the shared workload: ") + strerror(errno));
  }
  Header h;
  std::memcpy(&h, base_, sizeof h);
  const std::size_t window = h.seq_len * h.input_size;
  const std::size_t floats = h.num_train * (window + 1) + h.num_val * (window + 1) + h.num_weights;
  if (h.magic != kMagic || sizeof h + floats * sizeof(float) != size_) {
    munmap(base_, size_);
    base_ = nullptr;
    throw Error(path, "not a workload file of this build (wrong header or size)");
  }
  const float* at = reinterpret_cast<const float*>(static_cast<const char*>(base_) + sizeof h);
  auto take = [&](std::size_t n) {
    std::span<const float> s(at, n);
    at += n;
    return s;
  };
  view_.seq_len = static_cast<int>(h.seq_len);
  view_.input_size = static_cast<int>(h.input_size);
  view_.num_train = h.num_train;
  view_.num_val = h.num_val;
  view_.train_x = take(h.num_train * window);
  view_.train_y = take(h.num_train);
  view_.val_x = take(h.num_val * window);
  view_.val_y = take(h.num_val);
  view_.weights = take(h.num_weights);
}

MappedWorkload::~MappedWorkload() {
  if (base_) munmap(base_, size_);
}

}  // namespace lstmbench::workload
