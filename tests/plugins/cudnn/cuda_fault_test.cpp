// Telling a sticky CUDA fault (the context is dead) from a rejection, and the message a sticky
// fault fails the case with. Host-only: the classification and the text need no device.
#include "cuda_fault.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lstmbench::cudnn_backend {
namespace {

TEST(CudnnCudaFault, FaultsThatKillTheContextAreSticky) {
  for (cudaError_t status : {cudaErrorIllegalAddress, cudaErrorLaunchFailure, cudaErrorAssert,
                             cudaErrorMisalignedAddress, cudaErrorIllegalInstruction,
                             cudaErrorHardwareStackError, cudaErrorLaunchTimeout})
    EXPECT_TRUE(is_sticky(status)) << cudaGetErrorName(status);
}

// What a persistent algorithm's rejection or a failed capture looks like: the context lives on,
// so the fallback may run.
TEST(CudnnCudaFault, RejectionsAndMissingDevicesAreNotSticky) {
  for (cudaError_t status :
       {cudaSuccess, cudaErrorMemoryAllocation, cudaErrorInvalidValue, cudaErrorNotSupported,
        cudaErrorStreamCaptureInvalidated, cudaErrorStreamCaptureUnsupported,
        cudaErrorInsufficientDriver, cudaErrorNoDevice, cudaErrorLaunchOutOfResources})
    EXPECT_FALSE(is_sticky(status)) << cudaGetErrorName(status);
}

// Without a GPU the runtime reports a missing driver or device, which is no fault; with one,
// nothing has run in this process yet.
TEST(CudnnCudaFault, AFreshProcessIsNotInAStickyState) { EXPECT_EQ(sticky_error(), cudaSuccess); }

TEST(CudnnCudaFault, PersistentFaultNamesTheAlgorithmAndTheRerun) {
  std::string m = sticky_fault_message("persist_static", true, "cudnnRNNBackwardData_v8: boom",
                                       cudaErrorIllegalAddress);
  EXPECT_EQ(m.rfind(std::string(kStickyFaultMarker), 0), 0u) << m;
  EXPECT_NE(m.find("algo=persist_static"), std::string::npos) << m;
  EXPECT_NE(m.find("cudaErrorIllegalAddress"), std::string::npos) << m;
  EXPECT_NE(m.find("cudnnRNNBackwardData_v8: boom"), std::string::npos) << m;
  EXPECT_NE(m.find("rerun with algo=standard"), std::string::npos) << m;
}

TEST(CudnnCudaFault, StandardFaultHasNoRerunAdvice) {
  std::string m = sticky_fault_message("standard", false, "training epoch", cudaErrorLaunchFailure);
  EXPECT_EQ(m.rfind(std::string(kStickyFaultMarker), 0), 0u) << m;
  EXPECT_NE(m.find("algo=standard"), std::string::npos) << m;
  EXPECT_EQ(m.find("rerun with"), std::string::npos) << m;
}

}  // namespace
}  // namespace lstmbench::cudnn_backend
