// The reference plugin as the runner sees it: loaded from its .so and driven through the C ABI.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "lstm_model.hpp"
#include "optimizers.hpp"
#include "support/plugin_harness.hpp"

namespace lstmbench::reference {
namespace {

using lstmbench::testing::load_plugin;
using lstmbench::testing::make_problem;
using lstmbench::testing::plugin_path;
using lstmbench::testing::Problem;
using lstmbench::testing::ProblemSpec;

const lb_plugin& plugin() {
  static const lb_plugin* p = load_plugin(plugin_path("lstmbench_reference")).plugin;
  return *p;
}

const lb_backend& backend() {
  static const lb_backend& b =
      lstmbench::testing::LoadedPlugin{&plugin()}.find_backend("reference");
  return b;
}

// RETURNS: the status of check_case for the problem's config after `edit`, and the message.
template <class Edit>
std::pair<lb_status, std::string> check_case(Edit edit) {
  Problem problem = make_problem(ProblemSpec{});
  lb_case_config config = problem.config();
  edit(config);
  lb_message message{};
  lb_status status = backend().check_case(&config, &message);
  return {status, message.text};
}

// A session held for a test, destroyed at the end of it.
struct Session {
  lb_session* session = nullptr;
  ~Session() {
    if (session) backend().destroy(session);
  }
};

lb_status create(Problem& problem, Session& out, lb_message& message) {
  lb_case_config config = problem.config();
  lb_dataset data = problem.dataset();
  return backend().create(&config, &data, problem.weights.data(), problem.weights.size(),
                          &out.session, &message);
}

TEST(ReferencePlugin, DeclaresWhatItIs) {
  EXPECT_STREQ(plugin().name, "reference");
  const lb_backend& b = backend();
  EXPECT_STREQ(b.device_kind, "cpu");
  EXPECT_STREQ(b.precisions, "fp32");
  EXPECT_STREQ(b.modes, "eager");
  EXPECT_STREQ(b.options, "extra_work,threads");
  ASSERT_NE(plugin().describe_environment, nullptr);
  char env[256] = {};
  EXPECT_EQ(plugin().describe_environment(env, sizeof env), LB_OK);
  EXPECT_NE(std::string(env).find("float64"), std::string::npos) << env;
}

TEST(ReferencePlugin, AcceptsEveryActivationAndBothOptimizers) {
  for (const char* a : {"tanh", "sigmoid", "hard_sigmoid", "relu", "linear"})
    for (const char* r : {"tanh", "sigmoid", "hard_sigmoid", "relu", "linear"})
      for (const char* o : {"adam", "sgd"}) {
        auto [status, message] = check_case([&](lb_case_config& c) {
          c.activation = a;
          c.recurrent_activation = r;
          c.optimizer = o;
        });
        EXPECT_EQ(status, LB_OK) << a << "/" << r << "/" << o << ": " << message;
      }
}

// The SDK checks window indices and validation windows for every backend (the backend's own
// copies of these checks are gone): a bad index and evaluate without validation windows come
// back as LB_INVALID_ARGUMENT with the SDK's message, not as a crash or a made-up number.
TEST(ReferencePlugin, TheSdkRefusesABadWindowIndexAndEvaluateWithoutWindows) {
  ProblemSpec spec;
  spec.num_val = 0;
  Problem problem = make_problem(spec);
  lb_case_config config = problem.config();
  lb_dataset data = problem.dataset();
  lb_message message{};
  lb_session* session = nullptr;
  ASSERT_EQ(backend().create(&config, &data, problem.weights.data(), problem.weights.size(),
                             &session, &message),
            LB_OK)
      << message.text;
  std::vector<std::int32_t> order(static_cast<std::size_t>(spec.num_train));
  std::iota(order.begin(), order.end(), 0);
  order[2] = spec.num_train;
  lb_epoch_result result{};
  EXPECT_EQ(backend().train_epoch(session, order.data(), order.size(), &result, &message),
            LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message.text)
                .find("window index " + std::to_string(spec.num_train) + " at position 2"),
            std::string::npos)
      << message.text;
  double val = -1.0;
  EXPECT_EQ(backend().evaluate(session, &val, &message), LB_INVALID_ARGUMENT);
  EXPECT_EQ(val, -1.0);
  backend().destroy(session);
}

TEST(ReferencePlugin, ExplainsWhatItRefuses) {
  // Precision and mode come from the declared lists, refused by the SDK.
  auto fp16 = check_case([](lb_case_config& c) { c.precision = "fp16"; });
  EXPECT_EQ(fp16.first, LB_UNSUPPORTED);
  EXPECT_EQ(fp16.second, "backend 'reference' offers precisions fp32; this case asks for fp16");

  auto graph = check_case([](lb_case_config& c) { c.mode = "graph"; });
  EXPECT_EQ(graph.first, LB_UNSUPPORTED);
  EXPECT_EQ(graph.second, "backend 'reference' offers modes eager; this case asks for graph");

  auto dropout = check_case([](lb_case_config& c) { c.recurrent_dropout = 0.2; });
  EXPECT_EQ(dropout.first, LB_UNSUPPORTED);
  EXPECT_NE(dropout.second.find("recurrent_dropout"), std::string::npos) << dropout.second;

  auto gelu = check_case([](lb_case_config& c) { c.activation = "gelu"; });
  EXPECT_EQ(gelu.first, LB_UNSUPPORTED);
  EXPECT_NE(gelu.second.find("gelu"), std::string::npos) << gelu.second;

  // create() refuses the same cases without check_case() having been called.
  ProblemSpec spec;
  spec.precision = "fp16";
  Problem problem = make_problem(spec);
  Session session;
  lb_message message{};
  EXPECT_EQ(create(problem, session, message), LB_UNSUPPORTED);
  EXPECT_EQ(session.session, nullptr);
}

TEST(ReferencePlugin, ExtraWorkSlowsStepsWithoutChangingTheirResults) {
  for (const char* bad : {"1.5", "-0.1", "ten", ""}) {
    ProblemSpec spec;
    spec.options = {{"extra_work", bad}};
    Problem problem = make_problem(spec);
    lb_case_config config = problem.config();
    lb_message message{};
    EXPECT_EQ(backend().check_case(&config, &message), LB_UNSUPPORTED) << bad;
    EXPECT_NE(std::string(message.text).find("extra_work"), std::string::npos) << message.text;
  }
  ProblemSpec plain, slowed;
  slowed.options = {{"extra_work", "0.5"}};
  Problem a = make_problem(plain), b = make_problem(slowed);
  auto first = lstmbench::testing::train(backend(), a, 2);
  auto second = lstmbench::testing::train(backend(), b, 2);
  EXPECT_EQ(first.step_losses, second.step_losses);  // only the time differs
  EXPECT_EQ(first.weights, second.weights);
}

TEST(ReferencePlugin, ThreadsOptionChangesNoResultAndRefusesBadCounts) {
  for (const char* bad : {"0", "-1", "two", "", "257", "1.5"}) {
    ProblemSpec spec;
    spec.options = {{"threads", bad}};
    Problem problem = make_problem(spec);
    lb_case_config config = problem.config();
    lb_message message{};
    EXPECT_EQ(backend().check_case(&config, &message), LB_UNSUPPORTED) << bad;
    EXPECT_NE(std::string(message.text).find("threads"), std::string::npos) << message.text;
    EXPECT_NE(std::string(message.text).find(std::string("'") + bad + "'"), std::string::npos)
        << message.text;
  }
  ProblemSpec one, three;
  three.options = {{"threads", "3"}};
  Problem a = make_problem(one), b = make_problem(three);
  auto first = lstmbench::testing::train(backend(), a, 2);
  auto second = lstmbench::testing::train(backend(), b, 2);
  EXPECT_EQ(first.step_losses, second.step_losses);  // bit for bit, see lstmbench/column_blocks.hpp
  EXPECT_EQ(first.weights, second.weights);
  EXPECT_NE(second.details.find("threads=3"), std::string::npos) << second.details;
}

TEST(ReferencePlugin, ReadWeightsBeforeTrainingGivesTheInitialWeightsExactly) {
  // float -> double -> float is exact, and the harness pre-fills the buffer with NaN, so this
  // also checks every element was written.
  ProblemSpec spec;
  spec.input_size = 3;
  spec.num_layers = 2;
  Problem problem = make_problem(spec);
  auto trace = lstmbench::testing::train(backend(), problem, 0);
  ASSERT_EQ(trace.weights.size(), problem.weights.size());
  for (std::size_t k = 0; k < trace.weights.size(); ++k)
    ASSERT_EQ(trace.weights[k], problem.weights[k]) << "weight " << k;
}

TEST(ReferencePlugin, StepLossesAverageToTheEpochLoss) {
  // 18 windows with batch 4: 4 full steps, the last 2 windows unused.
  ProblemSpec spec;
  spec.num_train = 18;
  Problem problem = make_problem(spec);
  auto trace = lstmbench::testing::train(backend(), problem, 1);
  ASSERT_EQ(trace.step_losses.size(), 4u);
  double sum = std::accumulate(trace.step_losses.begin(), trace.step_losses.end(), 0.0);
  // The same sum in the same order: equal up to the last bit or two.
  EXPECT_DOUBLE_EQ(trace.epoch_losses[0], sum / 4.0);
  for (double loss : trace.step_losses) EXPECT_TRUE(std::isfinite(loss));
}

TEST(ReferencePlugin, SameInputsGiveBitIdenticalResults) {
  for (const char* optimizer : {"adam", "sgd"}) {
    ProblemSpec spec;
    spec.input_size = 3;
    spec.num_layers = 2;
    spec.optimizer = optimizer;
    Problem a = make_problem(spec), b = make_problem(spec);
    auto first = lstmbench::testing::train(backend(), a, 2);
    auto second = lstmbench::testing::train(backend(), b, 2);
    EXPECT_EQ(first.step_losses, second.step_losses) << optimizer;
    EXPECT_EQ(first.weights, second.weights) << optimizer;
    EXPECT_EQ(first.val_loss, second.val_loss) << optimizer;
  }
}

TEST(ReferencePlugin, LossDecreasesOnALearnableProblem) {
  // The target is the window's last value: an LSTM learns to copy it within a few epochs.
  ProblemSpec spec;  // hidden 8, seq_len 6, batch 4 (the harness's defaults)
  spec.num_train = 64;
  spec.num_val = 16;
  spec.learning_rate = 1e-2;
  Problem problem = make_problem(spec);
  for (int n = 0; n < spec.num_train; ++n)
    problem.train_y[n] = problem.train_x[(n + 1) * spec.seq_len - 1];
  for (int n = 0; n < spec.num_val; ++n)
    problem.val_y[n] = problem.val_x[(n + 1) * spec.seq_len - 1];
  auto trace = lstmbench::testing::train(backend(), problem, 15);
  // Starting near the targets' variance (~1), a model that learns anything ends far below;
  // a quarter of the first epoch's loss is a loose bar that a broken gradient cannot clear.
  EXPECT_LT(trace.epoch_losses.back(), 0.25 * trace.epoch_losses.front());
  EXPECT_LT(trace.val_loss, 0.25 * trace.epoch_losses.front());
}

TEST(ReferencePlugin, MatchesItsModelDrivenDirectly) {
  // Through the ABI and straight through LstmModel + Adam/SGD, the same steps give the same
  // bits: the session adds nothing to the math (no reordering, no hidden state).
  for (const char* optimizer : {"adam", "sgd"}) {
    ProblemSpec spec;  // batch 4 (the harness's default): 12 windows are 3 steps
    spec.input_size = 2;
    spec.num_layers = 2;
    spec.num_train = 12;
    spec.num_val = 6;
    spec.optimizer = optimizer;
    Problem problem = make_problem(spec);
    Session session;
    lb_message message{};
    ASSERT_EQ(create(problem, session, message), LB_OK) << message.text;
    std::vector<std::int32_t> order = {5, 0, 11, 3, 7, 2, 9, 1, 4, 10, 8, 6};
    std::vector<double> losses(3, NAN);
    lb_epoch_result result{};
    result.step_losses = losses.data();
    result.step_losses_capacity = losses.size();
    ASSERT_EQ(backend().train_epoch(session.session, order.data(), order.size(), &result, &message),
              LB_OK)
        << message.text;
    double val_loss = NAN;
    ASSERT_EQ(backend().evaluate(session.session, &val_loss, &message), LB_OK);

    ModelShape shape;  // tanh / sigmoid, as the harness's problem
    shape.input_size = spec.input_size;
    shape.hidden_size = spec.hidden_size;
    shape.num_layers = spec.num_layers;
    shape.seq_len = spec.seq_len;
    const std::size_t batch = spec.batch_size;
    LstmModel model(shape, batch);
    std::copy(problem.weights.begin(), problem.weights.end(), model.parameters().begin());
    std::unique_ptr<Optimizer> opt;
    if (std::string(optimizer) == "adam")
      opt = std::make_unique<Adam>(AdamSettings{spec.learning_rate, 0.9, 0.999, 1e-7},
                                   model.layout().total());
    else
      opt = std::make_unique<Sgd>(spec.learning_rate);
    std::vector<double> gradient(model.layout().total());
    const std::size_t window = shape.seq_len * shape.input_size;
    for (std::size_t s = 0; s < 3; ++s) {
      std::vector<double> x, y;
      for (std::size_t b = 0; b < batch; ++b) {
        const std::size_t w = order[s * batch + b];
        x.insert(x.end(), &problem.train_x[w * window], &problem.train_x[(w + 1) * window]);
        y.push_back(problem.train_y[w]);
      }
      EXPECT_EQ(model.forward(x, y), losses[s]) << optimizer << " step " << s;
      model.backward(gradient);
      opt->step(model.parameters(), gradient);
    }
    // Validation: one forward over all six windows (the session uses chunks of 4 and 2, so the
    // sums differ in order: a few roundings, well inside 1e-14 relative).
    std::vector<double> vx(problem.val_x.begin(), problem.val_x.end());
    std::vector<double> vy(problem.val_y.begin(), problem.val_y.end());
    LstmModel whole(shape, spec.num_val);
    std::copy(model.parameters().begin(), model.parameters().end(), whole.parameters().begin());
    EXPECT_NEAR(val_loss, whole.forward(vx, vy), 1e-14 * val_loss) << optimizer;
  }
}

TEST(ReferencePlugin, ReportsFloat64InItsDetails) {
  Problem problem = make_problem(ProblemSpec{});
  auto trace = lstmbench::testing::train(backend(), problem, 1);
  EXPECT_NE(trace.details.find("arith=float64"), std::string::npos) << trace.details;
}

TEST(ReferencePlugin, RejectsMalformedCallsWithAMessage) {
  Problem problem = make_problem(ProblemSpec{});
  lb_message message{};
  {
    Problem short_weights = problem;
    short_weights.weights.pop_back();
    Session session;
    EXPECT_EQ(create(short_weights, session, message), LB_INVALID_ARGUMENT);
    EXPECT_NE(std::string(message.text).find("weights"), std::string::npos) << message.text;
  }
  Session session;
  ASSERT_EQ(create(problem, session, message), LB_OK) << message.text;
  lb_epoch_result result{};
  std::vector<std::int32_t> bad_order = {0, 1, 2, 99};
  EXPECT_EQ(
      backend().train_epoch(session.session, bad_order.data(), bad_order.size(), &result, &message),
      LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message.text).find("99"), std::string::npos) << message.text;
  std::vector<std::int32_t> too_short = {0, 1};
  EXPECT_EQ(
      backend().train_epoch(session.session, too_short.data(), too_short.size(), &result, &message),
      LB_INVALID_ARGUMENT);
  std::vector<float> small(3);
  EXPECT_EQ(backend().read_weights(session.session, small.data(), small.size(), &message),
            LB_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace lstmbench::reference
