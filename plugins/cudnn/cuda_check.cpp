#include "cuda_check.hpp"

namespace lstmbench::cudnn_backend {

CudaError::CudaError(const std::string& what, cudaError_t status)
    : std::runtime_error(what + ": " + cudaGetErrorName(status) + " (" +
                         cudaGetErrorString(status) + ")"),
      status_(status) {}

CudnnError::CudnnError(const std::string& what, cudnnStatus_t status)
    : std::runtime_error(what + ": " + cudnnGetErrorString(status)), status_(status) {}

void check_cuda(cudaError_t status, const char* what) {
  if (status != cudaSuccess) throw CudaError(what, status);
}

void check_cudnn(cudnnStatus_t status, const char* what) {
  if (status != CUDNN_STATUS_SUCCESS) throw CudnnError(what, status);
}

void check_launch(const char* kernel) { check_cuda(cudaGetLastError(), kernel); }

}  // namespace lstmbench::cudnn_backend
