// The paddingFill value handed to cudnnSetRNNDataDescriptor: cuDNN reads it as the data
// descriptor's type, so it must be a float for fp32 and a half for fp16 (a double would be read
// as its first 4 or 2 bytes). Host-only.
#include "rnn_descriptors.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace lstmbench::cudnn_backend {
namespace {

TEST(CudnnPaddingFill, IsAFloatZeroForFloatData) {
  PaddingFill fill(CUDNN_DATA_FLOAT);
  EXPECT_EQ(fill.bytes(), sizeof(float));
  float value = -1.0f;
  std::memcpy(&value, fill.get(), sizeof value);
  EXPECT_EQ(value, 0.0f);
}

TEST(CudnnPaddingFill, IsAHalfZeroForHalfData) {
  PaddingFill fill(CUDNN_DATA_HALF);
  EXPECT_EQ(fill.bytes(), sizeof(__half));
  EXPECT_EQ(fill.bytes(), 2u);
  __half value = __float2half(-1.0f);
  std::memcpy(&value, fill.get(), sizeof value);
  EXPECT_EQ(__half2float(value), 0.0f);
}

// cuDNN itself takes the value and hands it back in the descriptor's type. Descriptor calls are
// host-only, so this runs without a GPU; if this cuDNN build cannot even create a descriptor
// here, the test says so and skips.
TEST(CudnnPaddingFill, CudnnReadsItBackInTheDataType) {
  for (cudnnDataType_t type : {CUDNN_DATA_FLOAT, CUDNN_DATA_HALF}) {
    cudnnRNNDataDescriptor_t desc = nullptr;
    cudnnStatus_t created = cudnnCreateRNNDataDescriptor(&desc);
    if (created != CUDNN_STATUS_SUCCESS)
      GTEST_SKIP() << "cudnnCreateRNNDataDescriptor: " << cudnnGetErrorString(created);
    const int batch = 3;
    int lengths[batch] = {5, 5, 5};
    PaddingFill fill(type);
    EXPECT_EQ(cudnnSetRNNDataDescriptor(desc, type, CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_UNPACKED, 5,
                                        batch, 4, lengths, fill.get()),
              CUDNN_STATUS_SUCCESS);
    cudnnDataType_t got_type{};
    cudnnRNNDataLayout_t layout{};
    int max_len = 0, got_batch = 0, vector = 0, got_lengths[batch] = {};
    // Poisoned so that a fill cuDNN does not write (or writes wider than the type) shows.
    unsigned char back[8];
    std::memset(back, 0xff, sizeof back);
    EXPECT_EQ(cudnnGetRNNDataDescriptor(desc, &got_type, &layout, &max_len, &got_batch, &vector,
                                        batch, got_lengths, back),
              CUDNN_STATUS_SUCCESS);
    cudnnDestroyRNNDataDescriptor(desc);
    EXPECT_EQ(got_type, type);
    unsigned char zeros[8] = {};
    EXPECT_EQ(std::memcmp(back, zeros, fill.bytes()), 0) << "type " << type;
    for (std::size_t i = fill.bytes(); i < sizeof back; ++i)
      EXPECT_EQ(back[i], 0xff) << "byte " << i << " of type " << type;
  }
}

}  // namespace
}  // namespace lstmbench::cudnn_backend
