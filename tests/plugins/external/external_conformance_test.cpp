// Conformance: the external plugin driving tools/peers/numpy_peer.py against the reference
// backend, on the same canonical weights and batches, after 1 and 20 steps.
//
// Tolerance: both compute in float64 (the numpy peer by design, the reference by design), so
// the losses differ only by summation order, ~1e-15 relative; they cross the protocol as JSON
// numbers, which round-trip doubles exactly. Weights come back through float32 (canonical .npy
// and the ABI): one float32 rounding, 6e-8 relative, with the floor of 1e-3 absolute on weights
// of O(0.1). Adam amplifies a difference of a weight whose gradient is near zero, so after 20
// steps the bounds allow 100x more; observed errors are far below both.
// What this checks is the plugin's plumbing (files, orders, step losses, weights back) and the
// numpy peer's math end to end: a transposed tensor or a shifted batch shows as an O(1) error.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "external_test_support.hpp"

namespace lstmbench::testing {
namespace {

constexpr double kLossTolOneStep = 1e-9;
constexpr double kWeightTolOneStep = 1e-6;
constexpr double kLossTol20Steps = 1e-7;
constexpr double kWeightTol20Steps = 1e-4;

const lb_backend& reference_backend() {
  static LoadedPlugin plugin = load_plugin(plugin_path("lstmbench_reference"));
  return plugin.find_backend("reference");
}

ProblemSpec numpy_spec(int layers, int batch, int steps, const std::string& optimizer) {
  ProblemSpec spec;
  spec.input_size = 3;  // differs from hidden_size, so a transposed kernel cannot go unnoticed
  spec.hidden_size = 8;
  spec.num_layers = layers;
  spec.seq_len = 7;
  spec.batch_size = batch;
  spec.num_train = steps * batch;
  spec.num_val = 9;
  spec.optimizer = optimizer;
  spec.learning_rate = optimizer == "adam" ? 1e-2 : 1e-1;
  spec.seed = 2000 + 100 * layers + batch;
  spec.options = peer_options("numpy", "tools/peers/numpy_peer.py");
  return spec;
}

// layers, batch, steps, optimizer
using Params = std::tuple<int, int, int, std::string>;

class ExternalConformance : public ::testing::TestWithParam<Params> {};

TEST_P(ExternalConformance, NumpyPeerMatchesReference) {
#ifndef LSTMBENCH_HAVE_REFERENCE
  GTEST_SKIP() << "the reference plugin is not part of this build";
#endif
  if (std::string why = python_missing("numpy"); !why.empty()) GTEST_SKIP() << why;
  auto [layers, batch, steps, optimizer] = GetParam();
  Problem problem = make_problem(numpy_spec(layers, batch, steps, optimizer));

  Trace expected = train_steps(reference_backend(), problem, steps);
  Trace actual = train_steps(external_backend(), problem, steps);

  ASSERT_EQ(actual.step_losses.size(), static_cast<std::size_t>(steps));
  const double loss_tol = steps == 1 ? kLossTolOneStep : kLossTol20Steps;
  const double weight_tol = steps == 1 ? kWeightTolOneStep : kWeightTol20Steps;
  double loss_err = max_rel_error(actual.step_losses, expected.step_losses);
  double epoch_err = max_rel_error(actual.epoch_losses, expected.epoch_losses);
  double weight_err = max_rel_error(actual.weights, expected.weights);
  double val_err =
      max_rel_error(std::vector<double>{actual.val_loss}, std::vector<double>{expected.val_loss});
  EXPECT_LE(loss_err, loss_tol);
  EXPECT_LE(epoch_err, loss_tol);
  EXPECT_LE(weight_err, weight_tol);
  EXPECT_LE(val_err, loss_tol);
  // The weights must have moved: a peer that ignored the update would match after 0 steps.
  EXPECT_GT(max_rel_error(actual.weights, problem.weights), 100 * weight_tol);
  EXPECT_NE(actual.details.find("peer=numpy"), std::string::npos) << actual.details;
  std::printf("layers=%d batch=%d steps=%d %s: loss %.2e weights %.2e val %.2e\n", layers, batch,
              steps, optimizer.c_str(), loss_err, weight_err, val_err);
}

INSTANTIATE_TEST_SUITE_P(Cases, ExternalConformance,
                         ::testing::Values(Params{1, 4, 1, "adam"}, Params{1, 4, 20, "adam"},
                                           Params{2, 5, 20, "adam"}, Params{1, 3, 20, "sgd"}));

// The PyTorch and Keras peers, float32, against the reference (float64), when `make peers` has
// made .venv-peers (skipped otherwise: CI needs no multi-gigabyte wheels). Tolerances are the
// onednn backend's (tests/plugins/onednn/onednn_conformance_test.cpp explains them): float32
// rounding over GEMM sums of length I+H and T steps, amplified by Adam for tiny gradients.
constexpr double kFp32LossTol = 1e-4;
constexpr double kFp32WeightTol20Steps = 1e-2;

// peer, python module it needs
using PeerParams = std::tuple<std::string, std::string>;

class FrameworkPeerConformance : public ::testing::TestWithParam<PeerParams> {};

TEST_P(FrameworkPeerConformance, MatchesReferenceOver20Steps) {
#ifndef LSTMBENCH_HAVE_REFERENCE
  GTEST_SKIP() << "the reference plugin is not part of this build";
#endif
  auto [peer, module] = GetParam();
  if (std::string why = python_missing(module, kPeersPython); !why.empty()) GTEST_SKIP() << why;
  const int steps = 20;
  ProblemSpec spec = numpy_spec(2, 5, steps, "adam");
  spec.options = peer_options(peer, "tools/peers/" + peer + "_peer.py", {"--device", "cpu"}, "300",
                              kPeersPython);
  Problem problem = make_problem(spec);

  Trace expected = train_steps(reference_backend(), problem, steps);
  Trace actual = train_steps(external_backend(), problem, steps);

  ASSERT_EQ(actual.step_losses.size(), static_cast<std::size_t>(steps));
  double loss_err = max_rel_error(actual.step_losses, expected.step_losses);
  double weight_err = max_rel_error(actual.weights, expected.weights);
  double val_err =
      max_rel_error(std::vector<double>{actual.val_loss}, std::vector<double>{expected.val_loss});
  EXPECT_LE(loss_err, kFp32LossTol);
  EXPECT_LE(weight_err, kFp32WeightTol20Steps);
  EXPECT_LE(val_err, kFp32LossTol);
  std::printf("%s: loss %.2e weights %.2e val %.2e\n", peer.c_str(), loss_err, weight_err, val_err);
}

INSTANTIATE_TEST_SUITE_P(Peers, FrameworkPeerConformance,
                         ::testing::Values(PeerParams{"torch", "torch"},
                                           PeerParams{"keras", "keras"}),
                         [](const auto& info) { return std::get<0>(info.param); });

TEST(ExternalCapabilities, PrecisionTheProgramLacksIsUnsupportedWithItsReason) {
  if (std::string why = python_missing("numpy"); !why.empty()) GTEST_SKIP() << why;
  ProblemSpec spec = numpy_spec(1, 4, 1, "adam");
  spec.precision = "fp16";
  Problem problem = make_problem(spec);
  lb_case_config config = problem.config();
  lb_message message{};
  // check_case is cheap (starts nothing) and says yes; the program's hello says no.
  ASSERT_EQ(external_backend().check_case(&config, &message), LB_OK) << message.text;
  CreateAnswer answer = try_create(external_backend(), problem);
  EXPECT_EQ(answer.status, LB_UNSUPPORTED);
  EXPECT_NE(answer.message.find("offers precisions fp32; this case has fp16"), std::string::npos)
      << answer.message;
}

TEST(ExternalCapabilities, CreateCanRefuseACase) {
  if (std::string why = python_missing("numpy"); !why.empty()) GTEST_SKIP() << why;
  ProblemSpec spec = numpy_spec(1, 4, 1, "adam");
  spec.activation = "relu";  // the numpy peer has tanh and sigmoid only
  Problem problem = make_problem(spec);
  CreateAnswer answer = try_create(external_backend(), problem);
  EXPECT_EQ(answer.status, LB_UNSUPPORTED);
  EXPECT_NE(answer.message.find("activation=relu"), std::string::npos) << answer.message;
}

}  // namespace
}  // namespace lstmbench::testing
