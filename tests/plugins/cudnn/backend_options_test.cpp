// What create() refuses before it touches the device, checked on the host.
#include "backend_options.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lstmbench::cudnn_backend {
namespace {

TEST(CudnnBackendOptions, RefusesAnEmptyTrainingSet) {
  sdk::Dataset data;
  data.num_train = 0;
  data.num_val = 4;
  std::string reason = unusable_data_reason(data);
  EXPECT_NE(reason.find("num_train=0"), std::string::npos) << reason;
}

// Evaluation is optional (the runner skips it without validation windows): training alone
// needs no validation set.
TEST(CudnnBackendOptions, AcceptsAnEmptyValidationSet) {
  sdk::Dataset data;
  data.num_train = 1;
  data.num_val = 0;
  EXPECT_EQ(unusable_data_reason(data), "");
}

// One limit, stated once: the largest batch passes, one more is refused, naming both numbers.
TEST(CudnnBackendOptions, BatchLimitIsTheNamedConstant) {
  sdk::CaseConfig config;
  config.batch_size = kMaxBatch;
  EXPECT_EQ(unsupported_model_reason(config), "");
  config.batch_size = kMaxBatch + 1;
  std::string reason = unsupported_model_reason(config);
  EXPECT_NE(reason.find("batch_size " + std::to_string(kMaxBatch + 1)), std::string::npos)
      << reason;
  EXPECT_NE(reason.find(std::to_string(kMaxBatch)), std::string::npos) << reason;
}

}  // namespace
}  // namespace lstmbench::cudnn_backend
