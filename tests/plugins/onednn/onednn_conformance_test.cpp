// Conformance: onednn (fp32) against the reference backend (float64) on the same canonical
// weights and the same batches, after 1 and 20 steps, with 1 and 3 layers and batch 1, 7 and 32.
//
// Tolerance (docs/onednn-backend.md): both backends compute the same function, so the only
// difference is rounding. oneDNN accumulates in fp32 (unit roundoff 6e-8) over GEMM sums of
// length I+H and T=12 recurrent steps, and its gates use jit polynomial approximations of
// exp/tanh accurate to a few ulp. Adam then
// divides each gradient by sqrt(v): for a weight whose gradient is tiny, a small absolute
// gradient error becomes a visible step difference, which is why weights get a looser bound
// than losses and why the relative error has an absolute floor of 1e-3 (weights are O(0.1..1)).
// After 20 steps errors compound through the trajectory, hence the looser second pair of bounds.
// Measured worst cases on these problems (oneDNN 2.6.3, AVX-512 and AVX2 paths alike) are about
// 10x below every bound: losses 1e-7 (1 step) and 2.5e-6 (20 steps), weights 6.5e-5.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <tuple>

#include "onednn_test_problem.hpp"
#include "support/plugin_harness.hpp"

namespace lstmbench::testing {
namespace {

constexpr double kLossTolOneStep = 1e-5;
constexpr double kWeightTolOneStep = 5e-4;
constexpr double kLossTol20Steps = 5e-5;
constexpr double kWeightTol20Steps = 1e-3;

const lb_backend& backend(const char* target, const char* name) {
  static std::map<std::string, LoadedPlugin> loaded;
  auto it = loaded.find(target);
  if (it == loaded.end()) it = loaded.emplace(target, load_plugin(plugin_path(target))).first;
  return it->second.find_backend(name);
}

// layers, batch, steps, optimizer
using Params = std::tuple<int, int, int, std::string>;

class OnednnConformance : public ::testing::TestWithParam<Params> {};

TEST_P(OnednnConformance, MatchesReference) {
#ifndef LSTMBENCH_HAVE_REFERENCE
  GTEST_SKIP() << "the reference plugin is not part of this build";
#endif
  auto [layers, batch, steps, optimizer] = GetParam();
  Problem problem =
      make_problem(onednn_conformance_spec(layers, batch, steps, optimizer, "fp32", 1000));

  Trace expected = train_steps(backend("lstmbench_reference", "reference"), problem, steps);
  Trace actual = train_steps(backend("lstmbench_onednn", "onednn"), problem, steps);

  ASSERT_EQ(actual.step_losses.size(), static_cast<std::size_t>(steps));
  ASSERT_EQ(expected.step_losses.size(), static_cast<std::size_t>(steps));
  const double loss_tol = steps == 1 ? kLossTolOneStep : kLossTol20Steps;
  const double weight_tol = steps == 1 ? kWeightTolOneStep : kWeightTol20Steps;
  double loss_err = max_rel_error(actual.step_losses, expected.step_losses);
  double weight_err = max_rel_error(actual.weights, expected.weights);
  double val_err =
      max_rel_error(std::vector<double>{actual.val_loss}, std::vector<double>{expected.val_loss});
  RecordProperty("loss_rel_error", std::to_string(loss_err));
  RecordProperty("weight_rel_error", std::to_string(weight_err));
  EXPECT_LE(loss_err, loss_tol);
  EXPECT_LE(weight_err, weight_tol);
  EXPECT_LE(val_err, loss_tol);
  // The weights must have moved: a backend that ignored the update would match after 0 steps.
  EXPECT_GT(max_rel_error(actual.weights, problem.weights), 100 * weight_tol);
  std::printf("layers=%d batch=%d steps=%d %s: loss %.2e weights %.2e val %.2e\n", layers, batch,
              steps, optimizer.c_str(), loss_err, weight_err, val_err);
}

INSTANTIATE_TEST_SUITE_P(Adam, OnednnConformance,
                         ::testing::Combine(::testing::Values(1, 3), ::testing::Values(1, 7, 32),
                                            ::testing::Values(1, 20),
                                            ::testing::Values(std::string("adam"))),
                         [](const auto& info) {
                           return "layers" + std::to_string(std::get<0>(info.param)) + "_batch" +
                                  std::to_string(std::get<1>(info.param)) + "_steps" +
                                  std::to_string(std::get<2>(info.param));
                         });

INSTANTIATE_TEST_SUITE_P(Sgd, OnednnConformance, ::testing::Values(Params{3, 7, 20, "sgd"}),
                         [](const auto&) { return std::string("layers3_batch7_steps20"); });

}  // namespace
}  // namespace lstmbench::testing
