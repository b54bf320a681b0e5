// Protocol faults: a program that breaks the protocol in one way (fakes/fake_peer.py FAULT)
// must give that case LB_BACKEND_ERROR (or LB_UNSUPPORTED / LB_INVALID_ARGUMENT where that is
// the meaning) with a message naming the program and the fault, within bounded time, and the
// session must still be destroyable without hanging.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "external_test_support.hpp"

namespace lstmbench::testing {
namespace {

using Seconds = std::chrono::duration<double>;

struct Outcome {
  lb_status status = LB_OK;
  std::string stage;  // the call that failed: check_case, create or train_epoch
  std::string message;
  double seconds = 0;  // from create to the end of destroy
};

// Runs one case of the fake peer with `fault` up to its first train_epoch and destroys it.
// A protocol fault kills the program, so every later call must fail at once (`dead`); an
// error reply does not (the program answered; only its case fails).
Outcome run_fake(const std::string& fault, const std::string& timeout_s = "20", bool dead = true) {
  ProblemSpec spec;
  spec.num_train = 8;
  spec.batch_size = 1;
  spec.options =
      peer_options("fake", "tests/plugins/external/fakes/fake_peer.py", {fault}, timeout_s);
  Problem problem = make_problem(spec);
  lb_case_config config = problem.config();
  lb_dataset data = problem.dataset();
  const lb_backend& backend = external_backend();
  lb_message message{};
  Outcome out;
  auto start = std::chrono::steady_clock::now();
  out.stage = "check_case";
  out.status = backend.check_case(&config, &message);
  lb_session* session = nullptr;
  if (out.status == LB_OK) {
    out.stage = "create";
    out.status = backend.create(&config, &data, problem.weights.data(), problem.weights.size(),
                                &session, &message);
  }
  if (out.status == LB_OK) {
    out.stage = "train_epoch";
    std::vector<std::int32_t> order{0, 1, 2, 3, 4, 5, 6, 7};
    lb_epoch_result result{};
    out.status = backend.train_epoch(session, order.data(), order.size(), &result, &message);
    if (out.status != LB_OK) {
      lb_message again{};
      lb_status later = backend.evaluate(session, &result.mean_loss, &again);
      if (dead) {
        EXPECT_EQ(later, LB_BACKEND_ERROR);
        EXPECT_STREQ(again.text, message.text);  // the same fault, told again
      } else {
        EXPECT_EQ(later, LB_OK) << again.text;
      }
    }
  }
  if (session) backend.destroy(session);
  out.seconds = Seconds(std::chrono::steady_clock::now() - start).count();
  out.message = message.text;
  return out;
}

class ExternalFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string why = python_missing("json"); !why.empty()) GTEST_SKIP() << why;
  }
};

// Python starts in well under a second; 10 s leaves room for a loaded 2-core CI machine while
// still catching a plugin that waits out the default 600 s timeout.
constexpr double kPromptSeconds = 10;

void expect_fault(const Outcome& out, lb_status status, const std::string& stage,
                  const std::string& phrase) {
  EXPECT_EQ(out.status, status) << out.message;
  EXPECT_EQ(out.stage, stage) << out.message;
  EXPECT_NE(out.message.find(phrase), std::string::npos) << out.message;
  EXPECT_LT(out.seconds, kPromptSeconds);
}

TEST_F(ExternalFaults, MalformedJsonIsQuoted) {
  Outcome out = run_fake("malformed");
  expect_fault(out, LB_BACKEND_ERROR, "train_epoch",
               "external program 'fake' sent malformed JSON in reply to train_epoch");
  EXPECT_NE(out.message.find(R"('{"ok": true, "mean_loss": 0.5,')"), std::string::npos)
      << out.message;
}

TEST_F(ExternalFaults, MissingFieldIsNamed) {
  expect_fault(run_fake("missing_field"), LB_BACKEND_ERROR, "train_epoch",
               "replied to train_epoch without the field 'mean_loss'");
}

TEST_F(ExternalFaults, ExitMidEpochGivesCodeAndLastStderrLine) {
  Outcome out = run_fake("exit");
  expect_fault(out, LB_BACKEND_ERROR, "train_epoch",
               "external program 'fake' exited with code 3 during train_epoch");
  EXPECT_NE(out.message.find("dying in the middle of an epoch"), std::string::npos) << out.message;
}

TEST_F(ExternalFaults, HangIsCutAtTheTimeout) {
  Outcome out = run_fake("hang", "2");
  expect_fault(out, LB_BACKEND_ERROR, "train_epoch",
               "sent no reply to train_epoch within 2 s (external.timeout_s); killed it");
  EXPECT_GE(out.seconds, 2.0);  // it really waited for the program, not less
}

TEST_F(ExternalFaults, WrongProtocolVersionIsRefused) {
  expect_fault(run_fake("wrong_version"), LB_BACKEND_ERROR, "create",
               "speaks lstmbench-external version 99; this plugin speaks version 1");
}

TEST_F(ExternalFaults, UnsupportedAnswerSkipsTheCaseWithItsReason) {
  expect_fault(run_fake("unsupported"), LB_UNSUPPORTED, "create",
               "the fake peer cannot run this case");
}

TEST_F(ExternalFaults, ErrorReplyCarriesTheProgramsText) {
  expect_fault(run_fake("error", "20", /*dead=*/false), LB_BACKEND_ERROR, "train_epoch",
               "external program 'fake' failed at train_epoch: RuntimeError: CUDA out of memory");
}

TEST_F(ExternalFaults, WrongStepCountIsCaught) {
  expect_fault(run_fake("wrong_steps"), LB_BACKEND_ERROR, "train_epoch",
               "ran 7 steps in train_epoch; 8 windows in batches of 1 make 8");
}

TEST_F(ExternalFaults, ExitBeforeHelloGivesTheReason) {
  expect_fault(run_fake("no_hello"), LB_BACKEND_ERROR, "create",
               "exited with code 2 before its hello (last stderr line: 'ImportError: fake peer");
}

TEST(ExternalOptions, ProgramThatDoesNotExistCannotStart) {
  ProblemSpec spec;
  spec.options = {{"external.name", "ghost"},
                  {"external.command", R"(["/nonexistent/lstmbench-peer"])"}};
  Problem problem = make_problem(spec);
  CreateAnswer answer = try_create(external_backend(), problem);
  EXPECT_EQ(answer.status, LB_BACKEND_ERROR);
  EXPECT_NE(answer.message.find("external program 'ghost' could not start"), std::string::npos)
      << answer.message;
  EXPECT_NE(answer.message.find("No such file or directory"), std::string::npos) << answer.message;
}

TEST(ExternalOptions, CheckCaseRejectsAMissingOrMalformedCommand) {
  for (const auto& [command, phrase] : std::vector<std::pair<std::string, std::string>>{
           {"", "option external.command is missing"},
           {"python3 peer.py", "external.command must be a JSON array of strings"},
           {"[]", "external.command must be a JSON array of strings"},
           {"[\"python3\", 3]", "external.command must be a JSON array of strings"}}) {
    ProblemSpec spec;
    spec.options = {{"external.name", "x"}};
    if (!command.empty()) spec.options.push_back({"external.command", command});
    Problem problem = make_problem(spec);
    lb_case_config config = problem.config();
    lb_message message{};
    EXPECT_EQ(external_backend().check_case(&config, &message), LB_INVALID_ARGUMENT) << command;
    EXPECT_NE(std::string(message.text).find(phrase), std::string::npos) << message.text;
  }
}

TEST(ExternalOptions, CheckCaseRejectsABadTimeout) {
  for (const std::string timeout : {"0", "-1", "soon", "5s"}) {
    ProblemSpec spec;
    spec.options = {{"external.command", R"(["/bin/true"])"}, {"external.timeout_s", timeout}};
    Problem problem = make_problem(spec);
    lb_case_config config = problem.config();
    lb_message message{};
    EXPECT_EQ(external_backend().check_case(&config, &message), LB_INVALID_ARGUMENT) << timeout;
    EXPECT_NE(std::string(message.text).find("external.timeout_s must be a positive number"),
              std::string::npos)
        << message.text;
  }
}

}  // namespace
}  // namespace lstmbench::testing
