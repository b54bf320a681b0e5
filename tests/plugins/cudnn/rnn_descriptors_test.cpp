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

}  // namespace
}  // namespace lstmbench::cudnn_backend
