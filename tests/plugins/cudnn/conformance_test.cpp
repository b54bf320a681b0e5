// Conformance of the cudnn backend on a GPU: against the reference backend, graph against eager,
// fp16 against fp32, the loss-scale skip path and every cuDNN algorithm. Without a visible GPU
// every test here is skipped with the driver's reason.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "cudnn_test_support.hpp"

namespace lstmbench::testing {
namespace {

constexpr int kSteps = 20;

// Two layers (layer 0 maps 3 features, layer 1 maps H), 20 validation windows (not a multiple
// of the batch: the padded last batch is covered), lr 1e-3 as Keras's default.
ProblemSpec base_spec() {
  ProblemSpec s;
  s.input_size = 3;
  s.hidden_size = 16;
  s.num_layers = 2;
  s.seq_len = 12;
  s.batch_size = 8;
  s.num_train = 8 * kSteps;
  s.num_val = 20;
  s.learning_rate = 1e-3;
  s.seed = 20240611;
  return s;
}

// The harness draws unit-normal data; scaled by 1/4 the fp16 gradients times the initial loss
// scale 2^15 stay far below fp16's maximum 65504 (about 1e3 here), so no step is skipped and
// fp16 and fp32 take the same steps.
Problem fp16_friendly_problem(ProblemSpec spec) {
  Problem p = make_problem(spec);
  for (auto* v : {&p.train_x, &p.train_y, &p.val_x, &p.val_y})
    for (float& x : *v) x *= 0.25f;
  return p;
}

double max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i)
    worst = std::max(worst, std::abs(static_cast<double>(a[i]) - b[i]));
  return worst;
}

double mean_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += std::abs(static_cast<double>(a[i]) - b[i]);
  return a.empty() ? 0.0 : sum / static_cast<double>(a.size());
}

class CudnnConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string reason = no_gpu_reason();
    if (!reason.empty()) GTEST_SKIP() << reason;
  }

  static const lb_backend& reference() {
#ifndef LSTMBENCH_HAVE_REFERENCE
    throw std::runtime_error("the reference plugin is not part of this build");
#endif
    static const LoadedPlugin plugin = load_plugin(plugin_path("lstmbench_reference"));
    return plugin.find_backend("reference");
  }

  static Trace run(Problem problem, const std::string& precision, const std::string& mode,
                   int steps, std::vector<std::pair<std::string, std::string>> options = {}) {
    problem.spec.precision = precision;
    problem.spec.mode = mode;
    problem.spec.options = std::move(options);
    return train_steps(cudnn_backend(), problem, steps);
  }
};

// Strict fp32 (CUDNN_FMA_MATH, no TF32) differs from the reference only in summation order:
// after one step losses agree to a few float ulps of accumulated rounding over T x N terms
// (1e-5), weights to 1e-4 (Adam's first step is lr * g/|g|, insensitive to small errors in g).
// Over 20 steps Adam's normalisation amplifies rounding in near-zero gradients, hence 1e-4 on
// losses and 1e-3 on weights (relative, floor 1e-3 as in max_rel_error).
TEST_F(CudnnConformance, Fp32MatchesReferenceAfterOneStep) {
  Problem p = make_problem(base_spec());
  Trace ref = train_steps(reference(), p, 1);
  Trace got = run(p, "fp32", "eager", 1);
  ASSERT_EQ(got.step_losses.size(), 1u);
  EXPECT_LE(max_rel_error(got.step_losses, ref.step_losses), 1e-5);
  EXPECT_LE(max_rel_error(got.weights, ref.weights), 1e-4);
  EXPECT_LE(max_rel_error(std::vector<double>{got.val_loss}, std::vector<double>{ref.val_loss}),
            1e-5);
}

TEST_F(CudnnConformance, Fp32MatchesReferenceAfterTwentySteps) {
  Problem p = make_problem(base_spec());
  Trace ref = train_steps(reference(), p, kSteps);
  Trace got = run(p, "fp32", "eager", kSteps);
  ASSERT_EQ(got.step_losses.size(), static_cast<std::size_t>(kSteps));
  EXPECT_LE(max_rel_error(got.step_losses, ref.step_losses), 1e-4);
  EXPECT_LE(max_rel_error(got.weights, ref.weights), 1e-3);
  EXPECT_LE(max_rel_error(std::vector<double>{got.val_loss}, std::vector<double>{ref.val_loss}),
            1e-4);
  EXPECT_NE(got.details.find("math=fma"), std::string::npos) << got.details;
}

// Graph mode replays the same kernels with the same reduction orders (the fused head sums in
// the unfused kernels' order), so results should be bit-identical; 1e-6 leaves room only for
// cuDNN itself choosing other kernels under capture (determinism in cuDNN 9 is unverified).
TEST_F(CudnnConformance, GraphMatchesEager) {
  for (const char* precision : {"fp32", "fp16"}) {
    Problem p = fp16_friendly_problem(base_spec());
    Trace eager = run(p, precision, "eager", kSteps);
    Trace graph = run(p, precision, "graph", kSteps);
    EXPECT_LE(max_rel_error(graph.step_losses, eager.step_losses), 1e-6) << precision;
    EXPECT_LE(max_rel_error(graph.weights, eager.weights), 1e-6) << precision;
    EXPECT_NE(graph.details.find("mode=graph"), std::string::npos) << graph.details;
  }
}

// A graph is replayed across epochs: the device-side step counter restarts every epoch.
TEST_F(CudnnConformance, GraphMatchesEagerOverEpochs) {
  ProblemSpec spec = base_spec();
  spec.num_train = 8 * 5;
  Problem eager_p = make_problem(spec);
  Problem graph_p = eager_p;
  graph_p.spec.mode = "graph";
  Trace eager = train(cudnn_backend(), eager_p, 3);
  Trace graph = train(cudnn_backend(), graph_p, 3);
  ASSERT_EQ(graph.step_losses.size(), 15u);
  EXPECT_LE(max_rel_error(graph.step_losses, eager.step_losses), 1e-6);
  EXPECT_LE(max_rel_error(graph.epoch_losses, eager.epoch_losses), 1e-6);
}

// fp16 rounds inputs, weights and h to 11 significant bits (relative error ~5e-4 each); the
// loss, computed in fp32 from fp16 h, then agrees to ~1e-3, so 2e-2 is a safe bound. Weights:
// 20 Adam steps move each weight by at most ~20*lr; sign flips of near-zero fp16 gradients can
// move a few elements by up to twice that, while on average the runs must agree far better
// (a tenth of the total drift).
TEST_F(CudnnConformance, Fp16FollowsFp32) {
  Problem p = fp16_friendly_problem(base_spec());
  Trace fp32 = run(p, "fp32", "eager", kSteps);
  Trace fp16 = run(p, "fp16", "eager", kSteps);
  EXPECT_EQ(fp16.skipped_steps, 0);
  EXPECT_LE(max_rel_error(fp16.step_losses, fp32.step_losses), 2e-2);
  double drift = kSteps * p.spec.learning_rate;
  EXPECT_LE(max_abs_diff(fp16.weights, fp32.weights), 2.0 * drift);
  EXPECT_LE(mean_abs_diff(fp16.weights, fp32.weights), 0.1 * drift);
  EXPECT_NE(fp16.details.find("math=tensor_op"), std::string::npos) << fp16.details;
  // Input features are padded to a multiple of 8 for tensor cores (3 -> 8).
  EXPECT_NE(fp16.details.find("input_features=8"), std::string::npos) << fp16.details;
}

// An injected non-finite gradient in step 1: the step is skipped, the scale halves from 2^15,
// and the weights read back are exactly the initial ones (fp32 masters untouched).
TEST_F(CudnnConformance, LossScaleSkipsInjectedOverflow) {
  for (const char* mode : {"eager", "graph"}) {
    Problem p = fp16_friendly_problem(base_spec());
    Trace t = run(p, "fp16", mode, 1, {{"inject_overflow_step", "1"}});
    EXPECT_EQ(t.skipped_steps, 1) << mode;
    EXPECT_EQ(max_abs_diff(t.weights, p.weights), 0.0) << mode;
    EXPECT_NE(t.details.find("loss_scale=16384"), std::string::npos) << t.details;
    EXPECT_NE(t.details.find("applied_steps=0"), std::string::npos) << t.details;
    EXPECT_TRUE(std::isfinite(t.step_losses.at(0)));
  }
}

// Only the injected step is skipped; training goes on with the halved scale.
TEST_F(CudnnConformance, LossScaleSkipsOnlyTheInjectedStep) {
  Problem p = fp16_friendly_problem(base_spec());
  Trace t = run(p, "fp16", "graph", 3, {{"inject_overflow_step", "2"}});
  EXPECT_EQ(t.skipped_steps, 1);
  EXPECT_NE(t.details.find("loss_scale=16384"), std::string::npos) << t.details;
  EXPECT_NE(t.details.find("applied_steps=2"), std::string::npos) << t.details;
  EXPECT_GT(max_abs_diff(t.weights, p.weights), 0.0);
}

// Every algorithm either runs or falls back to standard and says so. Where it runs, the losses
// match the standard algorithm's to fp32 summation-order differences (1e-4 over 5 steps).
TEST_F(CudnnConformance, EveryAlgorithmRunsOrFallsBack) {
  Problem p = make_problem(base_spec());
  for (const char* mode : {"eager", "graph"}) {
    Trace standard = run(p, "fp32", mode, 5, {{"algo", "standard"}});
    EXPECT_NE(standard.details.find("algo=standard;requested=standard;fallback=none"),
              std::string::npos)
        << standard.details;
    for (const char* algo : {"persist_static", "persist_static_small_h", "persist_dynamic"}) {
      Trace t = run(p, "fp32", mode, 5, {{"algo", algo}});
      std::string ran = std::string("algo=") + algo + ";requested=" + algo + ";fallback=none";
      std::string fell = std::string("algo=standard;requested=") + algo + ";fallback=";
      bool as_asked = t.details.find(ran) != std::string::npos;
      bool fell_back = t.details.find(fell) != std::string::npos &&
                       t.details.find(fell + "none") == std::string::npos;
      EXPECT_TRUE(as_asked || fell_back) << mode << " " << algo << ": " << t.details;
      EXPECT_LE(max_rel_error(t.step_losses, standard.step_losses), 1e-4)
          << mode << " " << algo << ": " << t.details;
    }
  }
}

// A batch of 100 spans four chunks of the head (32 + 32 + 32 + 4 rows): the blocks' partial
// sums and the last block's final sums must give what the reference gives, to the tolerances
// of the one-step test above, and graph (fused head, one kernel) must equal eager (three
// kernels) as for a single chunk. 130 validation windows make the evaluation span chunks too.
TEST_F(CudnnConformance, HeadOverSeveralChunksMatchesReference) {
  ProblemSpec spec = base_spec();
  spec.batch_size = 100;
  spec.num_train = 300;
  spec.num_val = 130;
  Problem p = make_problem(spec);
  Trace ref = train_steps(reference(), p, 1);
  Trace eager = run(p, "fp32", "eager", 1);
  Trace graph = run(p, "fp32", "graph", 1);
  EXPECT_LE(max_rel_error(eager.step_losses, ref.step_losses), 1e-5);
  EXPECT_LE(max_rel_error(eager.weights, ref.weights), 1e-4);
  EXPECT_LE(max_rel_error(std::vector<double>{eager.val_loss}, std::vector<double>{ref.val_loss}),
            1e-5);
  EXPECT_LE(max_rel_error(graph.step_losses, eager.step_losses), 1e-6);
  EXPECT_LE(max_rel_error(graph.weights, eager.weights), 1e-6);
}

// device_bytes is what create took from the device (cudaMemGetInfo before and after), so it
// covers at least the session's own buffers (buffer_bytes in the details).
TEST_F(CudnnConformance, DeviceBytesCoverTheSessionsBuffers) {
  Problem p = make_problem(base_spec());
  lb_case_config config = p.config();
  lb_dataset data = p.dataset();
  lb_message message{};
  lb_session* session = nullptr;
  ASSERT_EQ(cudnn_backend().create(&config, &data, p.weights.data(), p.weights.size(), &session,
                                   &message),
            LB_OK)
      << message.text;
  lb_session_info info{};
  lb_status status = cudnn_backend().query_info(session, &info, &message);
  cudnn_backend().destroy(session);
  ASSERT_EQ(status, LB_OK) << message.text;
  std::string details = info.details;
  std::size_t at = details.find("buffer_bytes=");
  ASSERT_NE(at, std::string::npos) << details;
  long long buffers = std::stoll(details.substr(at + 13));
  EXPECT_GT(buffers, 0) << details;
  EXPECT_GE(info.device_bytes, buffers) << details;
}

// The probe at create runs a whole step (both heads, both optimizer schedules) and an
// evaluation, then restores the weights and the state: a session that has not trained
// evaluates and reads back exactly what the reference does with the initial weights.
TEST_F(CudnnConformance, ProbeLeavesNoTrace) {
  for (const char* mode : {"eager", "graph"}) {
    Problem p = make_problem(base_spec());
    Trace ref = train(reference(), p, 0);
    p.spec.mode = mode;
    Trace t = train(cudnn_backend(), p, 0);  // no epoch: create, evaluate, read back
    EXPECT_EQ(t.weights, p.weights) << mode;
    EXPECT_NE(t.details.find("applied_steps=0;skipped_steps=0"), std::string::npos) << t.details;
    EXPECT_LE(max_rel_error(std::vector<double>{t.val_loss}, std::vector<double>{ref.val_loss}),
              1e-5)
        << mode;
  }
}

}  // namespace
}  // namespace lstmbench::testing
