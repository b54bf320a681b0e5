// The onednn backend's own behaviour: which cases it refuses and why, its options, what it says
// about itself, and the training invariants that need no second backend.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "support/plugin_harness.hpp"

namespace lstmbench::testing {
namespace {

const lb_backend& onednn() {
  static const LoadedPlugin plugin = load_plugin(plugin_path("lstmbench_onednn"));
  return plugin.find_backend("onednn");
}

// RETURNS: check_case's message, or "" when the case is supported.
std::string refusal(ProblemSpec spec) {
  Problem problem = make_problem(spec);
  lb_case_config config = problem.config();
  lb_message message{};
  lb_status status = onednn().check_case(&config, &message);
  return status == LB_OK ? std::string() : std::string(message.text);
}

TEST(OnednnBackend, DeclaresCpuEagerWithThreadsOption) {
  EXPECT_STREQ(onednn().device_kind, "cpu");
  EXPECT_STREQ(onednn().precisions, "fp32,bf16");
  EXPECT_STREQ(onednn().modes, "eager");
  EXPECT_STREQ(onednn().options, "threads");
}

TEST(OnednnBackend, AcceptsTheSeedModel) {
  ProblemSpec spec;
  EXPECT_EQ(refusal(spec), "");
}

TEST(OnednnBackend, RefusesOtherActivationsWithReason) {
  ProblemSpec spec;
  spec.activation = "relu";
  EXPECT_EQ(refusal(spec), "oneDNN's LSTM primitive computes activation=tanh; this case has relu");
  spec.activation = "tanh";
  spec.recurrent_activation = "hard_sigmoid";
  EXPECT_NE(refusal(spec).find("recurrent_activation=sigmoid; this case has hard_sigmoid"),
            std::string::npos);
}

// The SDK checks window indices and validation windows for every backend (the backend's own
// copies of these checks are gone): a bad index and evaluate without validation windows come
// back as LB_INVALID_ARGUMENT with the SDK's message, not as a crash or a made-up number.
TEST(OnednnBackend, TheSdkRefusesABadWindowIndexAndEvaluateWithoutWindows) {
  ProblemSpec spec;
  spec.num_val = 0;
  Problem problem = make_problem(spec);
  lb_case_config config = problem.config();
  lb_dataset data = problem.dataset();
  lb_message message{};
  lb_session* session = nullptr;
  ASSERT_EQ(onednn().create(&config, &data, problem.weights.data(), problem.weights.size(),
                            &session, &message),
            LB_OK)
      << message.text;
  std::vector<std::int32_t> order(static_cast<std::size_t>(spec.num_train));
  std::iota(order.begin(), order.end(), 0);
  order[2] = spec.num_train;
  lb_epoch_result result{};
  EXPECT_EQ(onednn().train_epoch(session, order.data(), order.size(), &result, &message),
            LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message.text)
                .find("window index " + std::to_string(spec.num_train) + " at position 2"),
            std::string::npos)
      << message.text;
  double val = -1.0;
  EXPECT_EQ(onednn().evaluate(session, &val, &message), LB_INVALID_ARGUMENT);
  EXPECT_EQ(val, -1.0);
  onednn().destroy(session);
}

// ABI 1.1 gemm_ceiling: a measured rate, so only its sanity is checked here (no timing bound).
TEST(OnednnBackend, MeasuresAGemmCeilingInFp32Only) {
  ASSERT_NE(onednn().gemm_ceiling, nullptr);
  ProblemSpec spec;
  spec.options = {{"threads", "1"}};
  Problem problem = make_problem(spec);
  lb_case_config config = problem.config();
  double gflops = -1.0;
  lb_message message{};
  ASSERT_EQ(onednn().gemm_ceiling(&config, &gflops, &message), LB_OK) << message.text;
  EXPECT_TRUE(std::isfinite(gflops));
  EXPECT_GT(gflops, 0.0);

  spec.precision = "bf16";
  Problem bf16 = make_problem(spec);
  lb_case_config bf16_config = bf16.config();
  EXPECT_EQ(onednn().gemm_ceiling(&bf16_config, &gflops, &message), LB_UNSUPPORTED)
      << "no bf16 GEMM to time (or no bf16 on this CPU at all)";
}

// Not in the declared lists (modes eager, precisions fp32,bf16): refused by the SDK.
TEST(OnednnBackend, RefusesGraphModeAndFp16WithReason) {
  ProblemSpec spec;
  spec.mode = "graph";
  EXPECT_EQ(refusal(spec), "backend 'onednn' offers modes eager; this case asks for graph");
  spec.mode = "eager";
  spec.precision = "fp16";
  EXPECT_EQ(refusal(spec), "backend 'onednn' offers precisions fp32,bf16; this case asks for fp16");
}

// bf16 is offered exactly where describe_environment says oneDNN can train it, and otherwise
// refused with a reason that names this CPU's ISA (docs/onednn-backend.md). The refusal text on
// an AVX2 ISA is pinned by OnednnBf16.RefusedNamingTheIsaWhenCappedAtAvx2.
TEST(OnednnBackend, Bf16IsOfferedExactlyWhereTheEnvironmentSaysSo) {
  ProblemSpec spec;
  spec.precision = "bf16";
  std::string reason = refusal(spec);
  std::string env(4096, '\0');
  ASSERT_EQ(load_plugin(plugin_path("lstmbench_onednn"))
                .plugin->describe_environment(env.data(), env.size()),
            LB_OK);
  if (env.find("\"bf16_training\":true") != std::string::npos) {
    EXPECT_EQ(reason, "");
  } else {
    EXPECT_NE(reason.find("bf16 LSTM training"), std::string::npos) << reason;
    EXPECT_NE(reason.find("ISA"), std::string::npos) << reason;
  }
}

TEST(OnednnBackend, RejectsBadThreadsOption) {
  ProblemSpec spec;
  spec.options = {{"threads", "zero"}};
  EXPECT_NE(refusal(spec).find("threads must be a positive integer"), std::string::npos);
}

TEST(OnednnBackend, ThreadsOptionShowsInDetails) {
  ProblemSpec spec;
  spec.options = {{"threads", "1"}};
  Problem problem = make_problem(spec);
  Trace trace = train(onednn(), problem, 1);
  EXPECT_NE(trace.details.find("threads=1;isa="), std::string::npos) << trace.details;
  EXPECT_NE(trace.details.find(";impl="), std::string::npos) << trace.details;
}

TEST(OnednnBackend, EnvironmentNamesVersionIsaAndRuntime) {
  std::string env(4096, '\0');
  ASSERT_EQ(load_plugin(plugin_path("lstmbench_onednn"))
                .plugin->describe_environment(env.data(), env.size()),
            LB_OK);
  for (const char* key : {"\"version\":\"", "\"isa\":\"", "\"cpu_runtime\":\"", "\"threads\":"})
    EXPECT_NE(env.find(key), std::string::npos) << key << " missing in " << env;
}

// A wrong weight count is the host's mistake: it must come back as an error, not a crash.
TEST(OnednnBackend, CreateRejectsWrongWeightCount) {
  Problem problem = make_problem(ProblemSpec{});
  lb_case_config config = problem.config();
  lb_dataset data = problem.dataset();
  lb_message message{};
  lb_session* session = nullptr;
  EXPECT_EQ(onednn().create(&config, &data, problem.weights.data(), problem.weights.size() - 1,
                            &session, &message),
            LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message.text).find("canonical weights"), std::string::npos);
}

// With a zero learning rate nothing may move, so read_weights must return the input exactly:
// this checks the canonical -> oneDNN layout -> canonical round trip bit for bit, padding aside.
TEST(OnednnBackend, WeightsRoundTripExactlyWithZeroLearningRate) {
  ProblemSpec spec;
  spec.num_layers = 2;
  spec.input_size = 3;
  spec.learning_rate = 0.0;
  Problem problem = make_problem(spec);
  Trace trace = train_steps(onednn(), problem, 2);
  ASSERT_EQ(trace.weights.size(), problem.weights.size());
  for (std::size_t i = 0; i < trace.weights.size(); ++i)
    ASSERT_EQ(trace.weights[i], problem.weights[i]) << "weight " << i;
}

// The epoch's mean loss is the mean of its step losses, and every step's loss is written.
TEST(OnednnBackend, EpochLossIsMeanOfStepLosses) {
  ProblemSpec spec;
  spec.num_train = 20;  // 5 steps of 4; the rest of the order is unused
  Problem problem = make_problem(spec);
  Trace trace = train(onednn(), problem, 1);
  ASSERT_EQ(trace.step_losses.size(), 5u);
  double sum = 0.0;
  for (double loss : trace.step_losses) {
    ASSERT_TRUE(std::isfinite(loss));
    sum += loss;
  }
  EXPECT_NEAR(trace.epoch_losses[0], sum / 5.0, 1e-12 * std::abs(sum));
}

}  // namespace
}  // namespace lstmbench::testing
