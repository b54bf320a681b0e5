// Owning device and pinned-host allocations. All are made at set-up; a session never allocates
// while it trains (so a captured CUDA Graph's pointers stay valid).
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include "cuda_check.hpp"

namespace lstmbench::cudnn_backend {

// Device memory of a fixed size, zero-filled at allocation (so padding and never-written slots
// read as 0.0 in float and in half). Adds its size to *counter to report the session's footprint.
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(std::size_t bytes, std::int64_t* counter) : bytes_(bytes) {
    if (bytes_ == 0) return;
    void* raw = nullptr;
    check_cuda(cudaMalloc(&raw, bytes_), "cudaMalloc");
    // Owned before anything else can throw: a failing memset frees it on the way out.
    data_.reset(raw);
    check_cuda(cudaMemset(raw, 0, bytes_), "cudaMemset");
    if (counter) *counter += static_cast<std::int64_t>(bytes_);
  }

  void* get() const { return data_.get(); }
  template <class T>
  T* as() const {
    return static_cast<T*>(data_.get());
  }
  std::size_t bytes() const { return bytes_; }

 private:
  struct Free {
    void operator()(void* p) const noexcept { cudaFree(p); }
  };
  std::unique_ptr<void, Free> data_;
  std::size_t bytes_ = 0;
};

// Page-locked host memory, so the per-epoch upload and read-back are true async copies.
class PinnedBuffer {
 public:
  PinnedBuffer() = default;
  explicit PinnedBuffer(std::size_t bytes) : bytes_(bytes) {
    if (bytes_ == 0) return;
    check_cuda(cudaMallocHost(&data_, bytes_), "cudaMallocHost");
  }
  PinnedBuffer(PinnedBuffer&& other) noexcept { swap(other); }
  PinnedBuffer& operator=(PinnedBuffer&& other) noexcept {
    swap(other);
    return *this;
  }
  PinnedBuffer(const PinnedBuffer&) = delete;
  PinnedBuffer& operator=(const PinnedBuffer&) = delete;
  ~PinnedBuffer() {
    if (data_) cudaFreeHost(data_);
  }

  template <class T>
  T* as() const {
    return static_cast<T*>(data_);
  }
  std::size_t bytes() const { return bytes_; }

 private:
  void swap(PinnedBuffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(bytes_, other.bytes_);
  }
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
};

}  // namespace lstmbench::cudnn_backend
