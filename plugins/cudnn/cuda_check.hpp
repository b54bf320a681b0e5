// Turning CUDA and cuDNN status codes into exceptions that carry the call and the status, so the
// SDK trampoline reports "cudnnRNNForward: CUDNN_STATUS_NOT_SUPPORTED" to the person reading.
#pragma once

#include <cuda_runtime.h>
#include <cudnn.h>

#include <stdexcept>
#include <string>

namespace lstmbench::cudnn_backend {

class CudaError : public std::runtime_error {
 public:
  CudaError(const std::string& what, cudaError_t status);
  cudaError_t status() const { return status_; }

 private:
  cudaError_t status_;
};

class CudnnError : public std::runtime_error {
 public:
  CudnnError(const std::string& what, cudnnStatus_t status);
  cudnnStatus_t status() const { return status_; }

 private:
  cudnnStatus_t status_;
};

// REQUIRES: what names the call. Throws CudaError unless status is cudaSuccess.
void check_cuda(cudaError_t status, const char* what);
// REQUIRES: what names the call. Throws CudnnError unless status is CUDNN_STATUS_SUCCESS.
void check_cudnn(cudnnStatus_t status, const char* what);
// Checks that the kernel launch just made was accepted (configuration, not execution, errors).
void check_launch(const char* kernel);

}  // namespace lstmbench::cudnn_backend
