// The conformance battery against the reference itself (which must pass every check) and against
// the reference with one thing broken at the C ABI: each break must fail exactly the check meant
// to catch it, with a message that says what was wrong.
#include <gtest/gtest.h>

#include <string>

#include "conformance/conformance.hpp"
#include "plugin/plugin_registry.hpp"

namespace lstmbench::conformance {
namespace {

// The loaded reference backend, shared by every test (plugins stay loaded for the process).
const lb_backend& reference() {
  static plugin::PluginRegistry registry;
  static const lb_backend* backend = [] {
    registry.load(std::string(LSTMBENCH_PLUGIN_DIR) + "/lstmbench_reference.so");
    return registry.find_backend("reference").backend;
  }();
  if (!backend) throw std::runtime_error("the reference plugin did not load");
  return *backend;
}

const CheckResult& find(const Report& report, const std::string& name) {
  for (const CheckResult& c : report.checks)
    if (c.name == name) return c;
  throw std::runtime_error("no check " + name);
}

// The checks that failed, by name, to compare with what a break should fail.
std::vector<std::string> failed(const Report& report) {
  std::vector<std::string> names;
  for (const CheckResult& c : report.checks)
    if (!c.passed()) names.push_back(c.name);
  return names;
}

TEST(Conformance, TheReferencePassesEveryCheck) {
  Report r = check_backend(reference(), reference());
  EXPECT_TRUE(r.passed()) << (r.first_failure() ? r.first_failure()->first_failure : "");
  // 5 activations squared x 2 optimizers x 2 layer counts x 3 batch sizes, all accepted.
  EXPECT_EQ(r.cases_total, 5 * 5 * 2 * 2 * 3);
  EXPECT_EQ(r.cases_accepted, r.cases_total);
  EXPECT_EQ(find(r, kLoss).cases, r.cases_total);
  EXPECT_EQ(find(r, kStepCounts).cases, r.cases_total);
}

// Each break below swaps one function of a copy of the reference's table for a wrapper around
// the original; the wrappers are plain functions, as the ABI needs, so the original lives here.
const lb_backend* original = nullptr;

lb_status loss_times_1_5(lb_session* s, const int32_t* order, size_t n, lb_epoch_result* r,
                         lb_message* m) {
  lb_status status = original->train_epoch(s, order, n, r, m);
  r->mean_loss *= 1.5;
  if (r->step_losses)
    for (size_t i = 0; i < r->num_steps; ++i) r->step_losses[i] *= 1.5;
  return status;
}

lb_status forgets_num_steps(lb_session* s, const int32_t* order, size_t n, lb_epoch_result* r,
                            lb_message* m) {
  lb_status status = original->train_epoch(s, order, n, r, m);
  r->num_steps = 0;
  return status;
}

lb_status refuses_silently(const lb_case_config* c, lb_message* m) {
  if (c->num_layers == 2) {
    m->text[0] = '\0';
    return LB_UNSUPPORTED;
  }
  return original->check_case(c, m);
}

lb_status evaluates_a_constant(lb_session*, double* val_loss, lb_message*) {
  *val_loss = 1.0;
  return LB_OK;
}

lb_status reads_zeros(lb_session*, float* weights, size_t n, lb_message*) {
  for (size_t i = 0; i < n; ++i) weights[i] = 0.0f;
  return LB_OK;
}

class BrokenReference : public ::testing::Test {
 protected:
  void SetUp() override {
    original = &reference();
    broken_ = reference();
  }
  Report check() { return check_backend(broken_, reference()); }
  lb_backend broken_{};
};

TEST_F(BrokenReference, ALossOffBy1_5xFailsTheLossCheckOnly) {
  broken_.train_epoch = loss_times_1_5;
  Report r = check();
  EXPECT_EQ(failed(r), std::vector<std::string>{kLoss});
  ASSERT_NE(r.first_failure(), nullptr);
  EXPECT_NE(r.first_failure()->first_failure.find("step losses differ from the reference's by 0.5"),
            std::string::npos)
      << r.first_failure()->first_failure;
}

TEST_F(BrokenReference, AMissingStepCountFailsTheStepCheck) {
  broken_.train_epoch = forgets_num_steps;
  Report r = check();
  const CheckResult& steps = find(r, kStepCounts);
  EXPECT_EQ(steps.failures, steps.cases);
  EXPECT_NE(steps.first_failure.find("reported num_steps 0, want floor(101/1) = 101"),
            std::string::npos)
      << steps.first_failure;
}

TEST_F(BrokenReference, ARefusalWithoutAReasonFails) {
  broken_.check_case = refuses_silently;
  Report r = check();
  EXPECT_EQ(r.cases_accepted, r.cases_total / 2);
  EXPECT_EQ(r.refusals.size(), static_cast<std::size_t>(r.cases_total / 2));
  const CheckResult& reasons = find(r, kRefusalReasons);
  EXPECT_FALSE(reasons.passed());
  EXPECT_NE(reasons.first_failure.find("LB_UNSUPPORTED with an empty reason"), std::string::npos);
  EXPECT_NE(r.refusals.front().find(": refused: "), std::string::npos) << r.refusals.front();
}

TEST_F(BrokenReference, AConstantEvaluateFails) {
  broken_.evaluate = evaluates_a_constant;
  const CheckResult& evaluate = find(check(), kEvaluate);
  EXPECT_FALSE(evaluate.passed());
  EXPECT_NE(evaluate.first_failure.find("both before and after an epoch"), std::string::npos)
      << evaluate.first_failure;
}

TEST_F(BrokenReference, WeightsThatDoNotRoundTripFail) {
  broken_.read_weights = reads_zeros;
  Report r = check();
  EXPECT_FALSE(find(r, kReadWeights).passed());
  EXPECT_FALSE(find(r, kWeights).passed());
  EXPECT_NE(find(r, kReadWeights).first_failure.find("read back as 0 after create"),
            std::string::npos)
      << find(r, kReadWeights).first_failure;
}

TEST_F(BrokenReference, EmptyAbiFieldsAreNamed) {
  broken_.precisions = "";
  broken_.modes = nullptr;
  const CheckResult& abi = find(check(), kAbiFields);
  EXPECT_FALSE(abi.passed());
  EXPECT_NE(abi.first_failure.find("precisions, modes"), std::string::npos) << abi.first_failure;
}

}  // namespace
}  // namespace lstmbench::conformance
