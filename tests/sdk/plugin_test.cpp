// lstmbench/plugin.hpp: the LSTMBENCH_PLUGIN export macro and its trampolines, which must turn
// every exception into a status plus message so that nothing throws across the C ABI.
//
// A tiny backend is compiled into this test; its behaviour is chosen per call through the
// case's options ("throw" = what create() and every session call throw, "refuse" = a reason
// for check_case), and the generated C entry point is called directly. The checks the
// trampolines make for every backend (sizes, declared precisions and modes, data, weights,
// window indices) are tested here too: each fires before the toy's own code would.
#include <gtest/gtest.h>

#include <cstring>
#include <lstmbench/canonical_weights.hpp>
#include <lstmbench/plugin.hpp>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace sdk = lstmbench::sdk;

// Throws what `kind` names; does nothing for "" (or anything unknown).
void maybe_throw(const std::string& kind) {
  if (kind == "runtime_error") throw std::runtime_error("the library underneath failed");
  if (kind == "unsupported") throw sdk::Unsupported("needs a GPU with 80 GB");
  if (kind == "bad_alloc") throw std::bad_alloc();
  if (kind == "invalid_argument") throw std::invalid_argument("batch_size must be positive");
  if (kind == "int") throw 42;
  if (kind == "long_message") throw std::runtime_error(std::string(5000, 'x'));
}

class ToySession : public sdk::Session {
 public:
  explicit ToySession(std::string throw_kind) : throw_kind_(std::move(throw_kind)) {}
  sdk::EpochResult train_epoch(std::span<const std::int32_t> order,
                               std::span<double> step_losses) override {
    maybe_throw(throw_kind_);
    for (std::size_t s = 0; s < step_losses.size() && s < order.size(); ++s)
      step_losses[s] = 0.5 + static_cast<double>(order[s]);
    sdk::EpochResult r;
    r.mean_loss = 1.25;
    r.backend_ms = 3.5;
    r.skipped_steps = 2;
    r.num_steps = order.size();
    return r;
  }
  double evaluate() override {
    maybe_throw(throw_kind_);
    return 0.75;
  }
  void read_weights(std::span<float> weights) override {
    maybe_throw(throw_kind_);
    for (std::size_t k = 0; k < weights.size(); ++k) weights[k] = static_cast<float>(k);
  }
  sdk::SessionInfo info() override {
    maybe_throw(throw_kind_);
    return {1234, std::string(LB_DETAILS_CAPACITY + 100, 'd')};
  }

 private:
  std::string throw_kind_;
};

struct ToyBackend {
  static sdk::BackendTraits traits() {
    return {"toy", "a backend for testing the SDK", "cpu", "fp32,fp16", "eager", "throw,refuse"};
  }
  static std::string unsupported_reason(const sdk::CaseConfig& config) {
    if (config.option("refuse") == "throw") throw std::runtime_error("check_case itself broke");
    return config.option("refuse");
  }
  static std::unique_ptr<sdk::Session> create(const sdk::CaseConfig& config, const sdk::Dataset&,
                                              std::span<const float>) {
    std::string kind = config.option("throw");
    if (kind.rfind("session:", 0) == 0) return std::make_unique<ToySession>(kind.substr(8));
    maybe_throw(kind);
    return std::make_unique<ToySession>("");
  }
  // The optional ABI 1.1 call: a made-up ceiling that depends on the case, to see it arrive.
  static double gemm_ceiling_gflops(const sdk::CaseConfig& config) {
    maybe_throw(config.option("throw"));
    return 100.0 * config.batch_size;
  }
};

// A second backend, to check the macro exports several in order; it has no gemm ceiling.
struct OtherBackend {
  static sdk::BackendTraits traits() { return {"other", "", "gpu", "fp32", "eager,graph", ""}; }
  static std::string unsupported_reason(const sdk::CaseConfig& c) {
    return ToyBackend::unsupported_reason(c);
  }
  static std::unique_ptr<sdk::Session> create(const sdk::CaseConfig& c, const sdk::Dataset& d,
                                              std::span<const float> w) {
    return ToyBackend::create(c, d, w);
  }
};

std::string toy_environment() { return R"({"toy": true})"; }

}  // namespace

LSTMBENCH_PLUGIN("toy_plugin", "0.1", &toy_environment, ToyBackend, OtherBackend)

namespace {

const lb_backend& toy() { return LSTMBENCH_ENTRY_NAME()->backends[0]; }
const lb_backend& other() { return LSTMBENCH_ENTRY_NAME()->backends[1]; }

// The canonical weight count of the toy case's shape (input 1, hidden 2, one layer).
const std::size_t kNumWeights = lstmbench::CanonicalLayout(1, 2, 1).total();

// A case whose options say how the toy backend behaves: 10 training and 10 validation windows
// of seq_len 3, batch 1.
struct Case {
  std::vector<lb_option> options;
  lb_case_config config{};
  std::vector<float> x = std::vector<float>(30, 0.0f), y = std::vector<float>(10, 0.0f);
  lb_dataset data{x.data(), y.data(), 10, x.data(), y.data(), 10};

  Case(const char* name, const char* value) {
    options.push_back({name, value});
    config.struct_size = sizeof config;
    config.input_size = 1;
    config.hidden_size = 2;
    config.num_layers = 1;
    config.seq_len = 3;
    config.batch_size = 1;
    config.activation = "tanh";
    config.recurrent_activation = "sigmoid";
    config.optimizer = "adam";
    config.precision = "fp32";
    config.mode = "eager";
    config.options = options.data();
    config.num_options = options.size();
  }
};

lb_status create(Case& c, lb_session** session, lb_message& message,
                 std::size_t num_weights = kNumWeights) {
  std::vector<float> weights(num_weights, 0.0f);
  return toy().create(&c.config, &c.data, weights.data(), num_weights, session, &message);
}

TEST(PluginMacro, ExportsADescriptorTheHostCanCheck) {
  const lb_plugin* p = LSTMBENCH_ENTRY_NAME();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->magic, LSTMBENCH_ABI_MAGIC);
  EXPECT_EQ(p->abi_major, LSTMBENCH_ABI_MAJOR);
  EXPECT_EQ(p->abi_minor, LSTMBENCH_ABI_MINOR);
  EXPECT_EQ(p->struct_size, sizeof(lb_plugin));
  EXPECT_EQ(p->backend_struct_size, sizeof(lb_backend)) << "the host indexes with this stride";
  EXPECT_EQ(p->reserved0, 0u);
  EXPECT_STREQ(p->name, "toy_plugin");
  EXPECT_STREQ(p->version, "0.1");
  EXPECT_NE(std::string(p->build_info).find("sdk abi 1."), std::string::npos) << p->build_info;
  ASSERT_EQ(p->num_backends, 2u);
  EXPECT_STREQ(p->backends[0].name, "toy");
  EXPECT_STREQ(p->backends[0].precisions, "fp32,fp16");
  EXPECT_STREQ(p->backends[0].options, "throw,refuse");
  EXPECT_STREQ(p->backends[1].name, "other");
  EXPECT_STREQ(p->backends[1].device_kind, "gpu");
  EXPECT_EQ(LSTMBENCH_ENTRY_NAME(), p) << "the descriptor is one static object";

  char env[64] = {};
  EXPECT_EQ(p->describe_environment(env, sizeof env), LB_OK);
  EXPECT_STREQ(env, R"({"toy": true})");
  EXPECT_EQ(p->describe_environment(nullptr, 0), LB_INVALID_ARGUMENT);
}

TEST(PluginTrampolines, CheckCaseReturnsTheReasonAsUnsupported) {
  lb_message message{};
  Case ok("refuse", "");
  EXPECT_EQ(toy().check_case(&ok.config, &message), LB_OK);

  Case refused("refuse", "needs activation=tanh; this case has relu");
  EXPECT_EQ(toy().check_case(&refused.config, &message), LB_UNSUPPORTED);
  EXPECT_STREQ(message.text, "needs activation=tanh; this case has relu");

  Case broken("refuse", "throw");
  EXPECT_EQ(toy().check_case(&broken.config, &message), LB_BACKEND_ERROR);
  EXPECT_STREQ(message.text, "check_case itself broke");
}

TEST(PluginTrampolines, CreateRefusesWhatCheckCaseRefuses) {
  // The backend's create would throw "runtime_error" here: the refusal must come first.
  Case c("refuse", "needs activation=tanh; this case has relu");
  c.options.push_back({"throw", "runtime_error"});
  c.config.options = c.options.data();
  c.config.num_options = c.options.size();
  lb_session* session = nullptr;
  lb_message message{};
  EXPECT_EQ(create(c, &session, message), LB_UNSUPPORTED);
  EXPECT_STREQ(message.text, "needs activation=tanh; this case has relu");
  EXPECT_EQ(session, nullptr);
}

struct ThrowCase {
  const char* kind;
  lb_status status;
  const char* message;
};

class CreateThrows : public ::testing::TestWithParam<ThrowCase> {};

TEST_P(CreateThrows, BecomesAStatusAndMessage) {
  const ThrowCase& expected = GetParam();
  Case c("throw", expected.kind);
  lb_session* session = nullptr;
  lb_message message{};
  std::memset(message.text, '?', sizeof message.text);
  EXPECT_EQ(create(c, &session, message), expected.status);
  EXPECT_STREQ(message.text, expected.message);
  EXPECT_EQ(session, nullptr) << "a failed create leaves the session unset";
}

INSTANTIATE_TEST_SUITE_P(
    EachKind, CreateThrows,
    ::testing::Values(ThrowCase{"runtime_error", LB_BACKEND_ERROR, "the library underneath failed"},
                      ThrowCase{"unsupported", LB_UNSUPPORTED, "needs a GPU with 80 GB"},
                      ThrowCase{"bad_alloc", LB_OUT_OF_MEMORY, "out of memory"},
                      ThrowCase{"invalid_argument", LB_INVALID_ARGUMENT,
                                "batch_size must be positive"},
                      ThrowCase{"int", LB_BACKEND_ERROR, "unknown exception in plugin"}),
    [](const ::testing::TestParamInfo<ThrowCase>& info) { return std::string(info.param.kind); });

TEST(PluginTrampolines, LongMessagesAreCutAndTerminated) {
  Case c("throw", "long_message");
  lb_session* session = nullptr;
  lb_message message{};
  EXPECT_EQ(create(c, &session, message), LB_BACKEND_ERROR);
  EXPECT_EQ(std::strlen(message.text), LB_MESSAGE_CAPACITY - 1);
}

TEST(PluginTrampolines, SessionCallsPassResultsThrough) {
  Case c("throw", "");
  lb_session* session = nullptr;
  lb_message message{};
  ASSERT_EQ(create(c, &session, message), LB_OK) << message.text;
  ASSERT_NE(session, nullptr);

  std::int32_t order[3] = {4, 7, 9};
  double losses[3] = {-1, -1, -1};
  lb_epoch_result result{};
  result.step_losses = losses;
  result.step_losses_capacity = 3;
  ASSERT_EQ(toy().train_epoch(session, order, 3, &result, &message), LB_OK);
  EXPECT_EQ(result.mean_loss, 1.25);
  EXPECT_EQ(result.backend_ms, 3.5);
  EXPECT_EQ(result.skipped_steps, 2);
  EXPECT_EQ(result.num_steps, 3u);
  EXPECT_EQ(losses[0], 4.5);
  EXPECT_EQ(losses[2], 9.5);

  lb_epoch_result no_buffer{};
  EXPECT_EQ(toy().train_epoch(session, order, 3, &no_buffer, &message), LB_OK);

  double val = 0.0;
  EXPECT_EQ(toy().evaluate(session, &val, &message), LB_OK);
  EXPECT_EQ(val, 0.75);

  std::vector<float> weights(kNumWeights, -1.0f);
  EXPECT_EQ(toy().read_weights(session, weights.data(), weights.size(), &message), LB_OK);
  EXPECT_EQ(weights[4], 4.0f);

  lb_session_info info{};
  EXPECT_EQ(toy().query_info(session, &info, &message), LB_OK);
  EXPECT_EQ(info.device_bytes, 1234);
  EXPECT_EQ(std::strlen(info.details), LB_DETAILS_CAPACITY - 1) << "cut to the buffer";
  toy().destroy(session);
}

TEST(PluginTrampolines, SessionCallsThatThrowBecomeStatuses) {
  for (auto [kind, status] : {std::pair{"session:runtime_error", LB_BACKEND_ERROR},
                              std::pair{"session:bad_alloc", LB_OUT_OF_MEMORY},
                              std::pair{"session:invalid_argument", LB_INVALID_ARGUMENT}}) {
    Case c("throw", kind);
    lb_session* session = nullptr;
    lb_message message{};
    ASSERT_EQ(create(c, &session, message), LB_OK) << message.text;
    std::int32_t order[1] = {0};
    lb_epoch_result result{};
    EXPECT_EQ(toy().train_epoch(session, order, 1, &result, &message), status) << kind;
    double val = 0.0;
    EXPECT_EQ(toy().evaluate(session, &val, &message), status) << kind;
    std::vector<float> w(kNumWeights);
    EXPECT_EQ(toy().read_weights(session, w.data(), w.size(), &message), status) << kind;
    lb_session_info info{};
    EXPECT_EQ(toy().query_info(session, &info, &message), status) << kind;
    EXPECT_GT(std::strlen(message.text), 0u);
    toy().destroy(session);
  }
}

TEST(PluginMacro, NamesTheEntrySymbolOnce) {
  // The string the host looks up is the identifier the macro defines.
  EXPECT_STREQ(LSTMBENCH_ENTRY_SYMBOL, "lstmbench_plugin_v1");
}

TEST(SdkChecks, RefusesAnUndeclaredPrecisionOrModeBeforeTheBackendsOwnReason) {
  lb_message message{};
  Case precision("refuse", "the backend's own reason");
  precision.config.precision = "bf16";
  EXPECT_EQ(toy().check_case(&precision.config, &message), LB_UNSUPPORTED);
  EXPECT_STREQ(message.text, "backend 'toy' offers precisions fp32,fp16; this case asks for bf16");

  Case mode("refuse", "the backend's own reason");
  mode.config.mode = "graph";
  EXPECT_EQ(toy().check_case(&mode.config, &message), LB_UNSUPPORTED);
  EXPECT_STREQ(message.text, "backend 'toy' offers modes eager; this case asks for graph");

  Case declared("refuse", "");
  declared.config.precision = "fp16";
  EXPECT_EQ(toy().check_case(&declared.config, &message), LB_OK) << message.text;
  declared.config.mode = "graph";
  EXPECT_EQ(other().check_case(&declared.config, &message), LB_UNSUPPORTED)
      << "other offers graph but only fp32";

  // create refuses the same way, before the backend's create (which would throw here).
  Case c("throw", "runtime_error");
  c.config.precision = "bf16";
  lb_session* session = nullptr;
  EXPECT_EQ(create(c, &session, message), LB_UNSUPPORTED);
  EXPECT_NE(std::string(message.text).find("offers precisions fp32,fp16"), std::string::npos);
  EXPECT_EQ(session, nullptr);
}

TEST(SdkChecks, RefusesSizesBelowOne) {
  lb_message message{};
  Case c("refuse", "");
  c.config.hidden_size = 0;
  EXPECT_EQ(toy().check_case(&c.config, &message), LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message.text).find("must all be at least 1"), std::string::npos)
      << message.text;
  lb_session* session = nullptr;
  EXPECT_EQ(create(c, &session, message), LB_INVALID_ARGUMENT);
  EXPECT_EQ(session, nullptr);
}

TEST(SdkChecks, CreateRefusesAnEmptyOrTooSmallTrainingSet) {
  lb_message message{};
  lb_session* session = nullptr;
  Case empty("throw", "runtime_error");
  empty.data.num_train = 0;
  EXPECT_EQ(create(empty, &session, message), LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message.text).find("training set is empty"), std::string::npos)
      << message.text;

  Case small("throw", "runtime_error");
  small.config.batch_size = 11;
  EXPECT_EQ(create(small, &session, message), LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message.text).find("batch_size 11 exceeds the 10 training windows"),
            std::string::npos)
      << message.text;
  EXPECT_EQ(session, nullptr);
}

TEST(SdkChecks, CreateRefusesAWrongWeightCount) {
  lb_message message{};
  lb_session* session = nullptr;
  Case c("throw", "runtime_error");
  EXPECT_EQ(create(c, &session, message, kNumWeights - 1), LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message.text).find("needs " + std::to_string(kNumWeights)),
            std::string::npos)
      << message.text;
  EXPECT_EQ(session, nullptr);
}

TEST(SdkChecks, NoValidationWindowsCreatesButRefusesEvaluate) {
  lb_message message{};
  lb_session* session = nullptr;
  Case c("throw", "");
  c.data.num_val = 0;
  ASSERT_EQ(create(c, &session, message), LB_OK) << message.text;
  double val = -1.0;
  EXPECT_EQ(toy().evaluate(session, &val, &message), LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message.text).find("no validation windows"), std::string::npos);
  EXPECT_EQ(val, -1.0) << "no made-up loss";
  toy().destroy(session);
}

// The session's own calls would throw runtime_error (LB_BACKEND_ERROR): an LB_INVALID_ARGUMENT
// shows the SDK refused before the backend ran.
class OrderChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    c_.config.batch_size = 2;
    ASSERT_EQ(create(c_, &session_, message_), LB_OK) << message_.text;
  }
  void TearDown() override { toy().destroy(session_); }
  lb_status train(std::vector<std::int32_t> order, lb_epoch_result& result) {
    return toy().train_epoch(session_, order.data(), order.size(), &result, &message_);
  }

  Case c_{"throw", "session:runtime_error"};
  lb_session* session_ = nullptr;
  lb_message message_{};
};

TEST_F(OrderChecks, NamesAnIndexOutOfRangeAndItsPosition) {
  lb_epoch_result result{};
  EXPECT_EQ(train({0, 1, 2, 10}, result), LB_INVALID_ARGUMENT);
  EXPECT_STREQ(message_.text,
               "window index 10 at position 3 of the epoch's order is outside 0..9 (the training "
               "windows)");
  EXPECT_EQ(train({0, -1, 2, 3}, result), LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message_.text).find("window index -1 at position 1"), std::string::npos);
  EXPECT_EQ(train({0, 1, 2, 9}, result), LB_BACKEND_ERROR) << "in range: the backend runs";
}

TEST_F(OrderChecks, RefusesAnOrderWithoutAFullBatch) {
  lb_epoch_result result{};
  EXPECT_EQ(train({3}, result), LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message_.text).find("no full batch of 2"), std::string::npos);
}

TEST_F(OrderChecks, RefusesTooSmallAStepLossBuffer) {
  double losses[1] = {};
  lb_epoch_result result{};
  result.step_losses = losses;
  result.step_losses_capacity = 1;
  EXPECT_EQ(train({0, 1, 2, 3}, result), LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message_.text).find("this epoch has 2 steps"), std::string::npos);
}

TEST_F(OrderChecks, RefusesAWrongSizedWeightBuffer) {
  std::vector<float> w(kNumWeights + 1);
  EXPECT_EQ(toy().read_weights(session_, w.data(), w.size(), &message_), LB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(message_.text).find(std::to_string(kNumWeights)), std::string::npos);
}

TEST(GemmCeiling, IsExportedOnlyForABackendThatDefinesIt) {
  ASSERT_NE(toy().gemm_ceiling, nullptr);
  EXPECT_EQ(other().gemm_ceiling, nullptr);

  Case c("throw", "");
  c.config.batch_size = 3;
  lb_message message{};
  double gflops = 0.0;
  EXPECT_EQ(toy().gemm_ceiling(&c.config, &gflops, &message), LB_OK) << message.text;
  EXPECT_EQ(gflops, 300.0);

  Case throws("throw", "runtime_error");
  EXPECT_EQ(toy().gemm_ceiling(&throws.config, &gflops, &message), LB_BACKEND_ERROR);
  EXPECT_STREQ(message.text, "the library underneath failed");

  Case undeclared("throw", "");
  undeclared.config.precision = "bf16";
  EXPECT_EQ(toy().gemm_ceiling(&undeclared.config, &gflops, &message), LB_UNSUPPORTED);
}

}  // namespace
