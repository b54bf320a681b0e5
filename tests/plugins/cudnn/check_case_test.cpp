// check_case and create answer with reasons a person understands; these hold on any machine,
// with or without a GPU (model limits are checked before the device).
#include <gtest/gtest.h>

#include <string>

#include "cudnn_test_support.hpp"

namespace lstmbench::testing {
namespace {

struct Answer {
  lb_status status;
  std::string message;
};

Answer check(Problem& problem, double recurrent_dropout = 0.0) {
  lb_case_config config = problem.config();
  config.recurrent_dropout = recurrent_dropout;
  lb_message message{};
  lb_status status = cudnn_backend().check_case(&config, &message);
  return {status, message.text};
}

Problem problem_with(void (*edit)(ProblemSpec&)) {
  ProblemSpec spec;
  edit(spec);
  return make_problem(spec);
}

TEST(CudnnCheckCase, DeclaresItsVariantsAndOptions) {
  const lb_backend& b = cudnn_backend();
  EXPECT_STREQ(b.device_kind, "gpu");
  EXPECT_STREQ(b.precisions, "fp32,fp16");
  EXPECT_STREQ(b.modes, "eager,graph");
  for (const char* option : {"algo", "tf32", "inject_overflow_step"})
    EXPECT_NE(std::string(b.options).find(option), std::string::npos) << option;
}

TEST(CudnnCheckCase, NeedsTanhActivation) {
  Problem p = problem_with([](ProblemSpec& s) { s.activation = "relu"; });
  Answer a = check(p);
  EXPECT_EQ(a.status, LB_UNSUPPORTED);
  EXPECT_EQ(a.message, "cuDNN's LSTM kernel needs activation=tanh; this case has relu");
}

TEST(CudnnCheckCase, NeedsSigmoidRecurrentActivation) {
  Problem p = problem_with([](ProblemSpec& s) { s.recurrent_activation = "hard_sigmoid"; });
  Answer a = check(p);
  EXPECT_EQ(a.status, LB_UNSUPPORTED);
  EXPECT_NE(a.message.find("recurrent_activation=sigmoid"), std::string::npos) << a.message;
  EXPECT_NE(a.message.find("hard_sigmoid"), std::string::npos) << a.message;
}

TEST(CudnnCheckCase, NeedsZeroRecurrentDropout) {
  Problem p = make_problem({});
  Answer a = check(p, 0.25);
  EXPECT_EQ(a.status, LB_UNSUPPORTED);
  EXPECT_NE(a.message.find("recurrent_dropout=0"), std::string::npos) << a.message;
  EXPECT_NE(a.message.find("0.25"), std::string::npos) << a.message;
}

TEST(CudnnCheckCase, RejectsBf16WithAReason) {
  Problem p = problem_with([](ProblemSpec& s) { s.precision = "bf16"; });
  Answer a = check(p);
  EXPECT_EQ(a.status, LB_UNSUPPORTED);
  EXPECT_NE(a.message.find("bf16"), std::string::npos) << a.message;
  EXPECT_NE(a.message.find("offers precisions fp32,fp16"), std::string::npos) << a.message;
}

TEST(CudnnCheckCase, RejectsABatchAboveItsLimitAsSkipNotFailure) {
  ProblemSpec spec;
  spec.batch_size = 8193;
  Problem p = make_problem(spec);
  Answer a = check(p);
  EXPECT_EQ(a.status, LB_UNSUPPORTED);
  EXPECT_NE(a.message.find("batch_size 8193"), std::string::npos) << a.message;
}

TEST(CudnnCheckCase, RejectsUnknownAlgorithmNamingTheChoices) {
  Problem p = problem_with([](ProblemSpec& s) { s.options = {{"algo", "fastest"}}; });
  Answer a = check(p);
  EXPECT_EQ(a.status, LB_UNSUPPORTED);
  EXPECT_NE(a.message.find("algo=fastest"), std::string::npos) << a.message;
  EXPECT_NE(a.message.find("persist_static_small_h"), std::string::npos) << a.message;
}

TEST(CudnnCheckCase, InjectedOverflowNeedsLossScaling) {
  Problem p = problem_with([](ProblemSpec& s) { s.options = {{"inject_overflow_step", "2"}}; });
  Answer a = check(p);
  EXPECT_EQ(a.status, LB_UNSUPPORTED);
  EXPECT_NE(a.message.find("fp16"), std::string::npos) << a.message;
}

TEST(CudnnCheckCase, RejectsMalformedOptions) {
  Problem p = problem_with([](ProblemSpec& s) { s.options = {{"tf32", "maybe"}}; });
  EXPECT_EQ(check(p).status, LB_UNSUPPORTED);
  Problem q = problem_with([](ProblemSpec& s) {
    s.precision = "fp16";
    s.options = {{"inject_overflow_step", "0"}};
  });
  EXPECT_EQ(check(q).status, LB_UNSUPPORTED);
}

// A case the backend can run: yes with a GPU, else the driver's reason.
TEST(CudnnCheckCase, EligibleCaseDependsOnlyOnTheDevice) {
  for (const char* precision : {"fp32", "fp16"}) {
    Problem p = make_problem({});
    p.spec.precision = precision;
    p.spec.mode = "graph";
    p.spec.options = {{"algo", "persist_static_small_h"}, {"tf32", "false"}};
    Answer a = check(p);
    std::string reason = no_gpu_reason();
    if (reason.empty()) {
      EXPECT_EQ(a.status, LB_OK) << a.message;
    } else {
      EXPECT_EQ(a.status, LB_UNSUPPORTED);
      EXPECT_EQ(a.message.rfind("no CUDA device visible (cudaGetDeviceCount", 0), 0u) << a.message;
    }
  }
}

TEST(CudnnCheckCase, CreateWithoutGpuIsUnsupportedNotACrash) {
  if (no_gpu_reason().empty()) GTEST_SKIP() << "a GPU is visible";
  Problem p = make_problem({});
  CreateAnswer answer = try_create(cudnn_backend(), p);
  EXPECT_EQ(answer.status, LB_UNSUPPORTED);
  EXPECT_FALSE(answer.session_set);
  EXPECT_NE(answer.message.find("no CUDA device visible"), std::string::npos);
}

// An empty training set would reach the batch gather with nothing to gather: create() refuses
// it as bad data. Without a GPU the SDK's create() refuses the case for the device before the
// backend sees the data; backend_options_test checks the same refusal on the host.
TEST(CudnnCheckCase, CreateRefusesAnEmptyTrainingSet) {
  if (std::string reason = no_gpu_reason(); !reason.empty()) GTEST_SKIP() << reason;
  ProblemSpec spec;
  spec.num_train = 0;
  Problem p = make_problem(spec);
  CreateAnswer answer = try_create(cudnn_backend(), p);
  EXPECT_EQ(answer.status, LB_INVALID_ARGUMENT) << answer.message;
  EXPECT_FALSE(answer.session_set);
  EXPECT_FALSE(answer.message.empty());
}

}  // namespace
}  // namespace lstmbench::testing
