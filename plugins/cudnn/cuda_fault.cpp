#include "cuda_fault.hpp"

#include <fmt/format.h>

namespace lstmbench::cudnn_backend {

bool is_sticky(cudaError_t status) {
  switch (status) {
    case cudaErrorContained:
    case cudaErrorIllegalAddress:
    case cudaErrorLaunchTimeout:
    case cudaErrorAssert:
    case cudaErrorHardwareStackError:
    case cudaErrorIllegalInstruction:
    case cudaErrorMisalignedAddress:
    case cudaErrorInvalidAddressSpace:
    case cudaErrorInvalidPc:
    case cudaErrorLaunchFailure:
    case cudaErrorTensorMemoryLeak:
    case cudaErrorMpsClientTerminated:
    case cudaErrorExternalDevice:
      return true;
    default:
      return false;
  }
}

cudaError_t sticky_error() {
  // A fault in an asynchronous kernel surfaces at the next synchronisation; a sticky one is then
  // also what cudaPeekAtLastError reports, and stays.
  cudaError_t status = cudaDeviceSynchronize();
  if (is_sticky(status)) return status;
  status = cudaPeekAtLastError();
  return is_sticky(status) ? status : cudaSuccess;
}

std::string sticky_fault_message(std::string_view algo, bool persistent, std::string_view what,
                                 cudaError_t fault) {
  std::string message = fmt::format("{} algo={} faulted with {}: {}", kStickyFaultMarker, algo,
                                    cudaGetErrorName(fault), what);
  if (persistent)
    message +=
        "; the CUDA context is unusable, so the standard algorithm was not tried in this "
        "process: rerun with algo=standard";
  return message;
}

}  // namespace lstmbench::cudnn_backend
