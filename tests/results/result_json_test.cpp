#include "results/result_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "common/error.hpp"
#include "suite/external_backend.hpp"

namespace lstmbench::results {
namespace {

CaseResult sample() {
  CaseResult r;
  r.spec.suite_name = "s";
  r.spec.id = "abc";
  r.spec.index = 3;
  r.spec.backend = "torch";
  suite::run_on_external_plugin(r.spec, {"torch", {"python", "peer.py"}});
  r.spec.options = {{"threads", "2"}};
  r.spec.varying = {{"batch_size", "32"}};
  r.status = Status::unverified;
  r.reason = "why";
  r.verification = {true, false, 3, 1e-2, 2e-1, 1e-3, "note", ""};
  r.epoch_ms = {1.5, 2.5};
  r.train_loss = {0.5, NAN};
  r.val_loss = NAN;
  r.diverged_epoch = 2;
  r.device_bytes = 123;
  r.backend_details = "algo=x";
  r.visible_devices = "3";
  return r;
}

TEST(ResultJson, RoundTripsEveryField) {
  CaseResult r = sample();
  CaseResult back = result_from_json(nlohmann::json::parse(result_to_json(r).dump()));
  EXPECT_EQ(back.spec.id, "abc");
  EXPECT_EQ(back.spec.index, 3);
  EXPECT_EQ(back.spec.backend, "torch");
  EXPECT_EQ(back.spec.plugin_backend, "external");
  EXPECT_EQ(back.spec.plugin_options, r.spec.plugin_options);
  EXPECT_EQ(back.spec.options, r.spec.options);
  EXPECT_EQ(back.spec.varying, r.spec.varying);
  EXPECT_EQ(back.status, Status::unverified);
  EXPECT_EQ(back.verification.weight_update_error, 2e-1);
  EXPECT_EQ(back.verification.note, "note");
  EXPECT_EQ(back.epoch_ms, r.epoch_ms);
  ASSERT_EQ(back.train_loss.size(), 2u);
  EXPECT_TRUE(std::isnan(back.train_loss[1]));  // JSON null reads back as NaN
  EXPECT_TRUE(std::isnan(back.val_loss));
  EXPECT_EQ(back.diverged_epoch, 2);
  EXPECT_EQ(back.device_bytes, 123);
  EXPECT_EQ(back.backend_details, "algo=x");
  EXPECT_EQ(back.visible_devices, "3");
}

TEST(ResultJson, AGemmCeilingIsKeptAndAMissingOneIsAbsent) {
  CaseResult r = sample();
  const nlohmann::json without = result_to_json(r);
  EXPECT_FALSE(without.contains("gemm_ceiling_gflops"));
  EXPECT_TRUE(std::isnan(result_from_json(without).gemm_ceiling_gflops));
  r.gemm_ceiling_gflops = 123.5;
  const nlohmann::json with = nlohmann::json::parse(result_to_json(r).dump());
  EXPECT_EQ(with.at("gemm_ceiling_gflops"), 123.5);
  EXPECT_EQ(result_from_json(with).gemm_ceiling_gflops, 123.5);
}

TEST(ResultJson, AnIntegerFieldOutOfRangeIsAnErrorNotUndefinedBehaviour) {
  // Found by fuzzing: 1e300 cast to int is undefined; it must be refused like any bad field.
  nlohmann::json j = result_to_json(sample());
  j["spec"]["index"] = 1e300;
  EXPECT_THROW(result_from_json(j), Error);
}

TEST(ResultJson, ReadsTheExternalCommandOfEarlierResults) {
  // Results written before plugin_backend existed carry an external case's program as
  // "external_command"; read back, the case runs on the external plugin as it did then.
  nlohmann::json j = result_to_json(sample());
  j["spec"].erase("plugin_backend");
  j["spec"].erase("plugin_options");
  j["spec"]["external_command"] = {"python", "peer.py"};
  const CaseResult back = result_from_json(j);
  EXPECT_EQ(back.spec.plugin_backend, "external");
  EXPECT_EQ(back.spec.plugin_options, sample().spec.plugin_options);
  EXPECT_THAT(suite::external_command(back.spec), testing::ElementsAre("python", "peer.py"));

  j["spec"]["external_command"] = nullptr;  // what they wrote for every other case
  j["spec"]["backend"] = "onednn";
  EXPECT_TRUE(result_from_json(j).spec.plugin_backend.empty());
}

TEST(ResultJson, UnknownStatusIsAnError) {
  nlohmann::json j = result_to_json(sample());
  j["status"] = "fine";
  EXPECT_THROW(result_from_json(j), Error);
}

}  // namespace
}  // namespace lstmbench::results
