#include "run/session_protocol.hpp"

#include <gtest/gtest.h>

namespace lstmbench::run {
namespace {

TEST(MessageReader, KeepsOnlyMessagesWithTheRunsToken) {
  MessageReader reader("secret");
  std::string stream = "junk from a plugin" + frame_message({{"type", "setup"}}, "secret") +
                       "{\"type\":\"final\",\"lb\":\"guess\"}\n" +
                       frame_message({{"type", "final"}}, "secret");
  reader.feed(stream.data(), stream.size());
  std::vector<nlohmann::json> messages = reader.take();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["type"], "setup");
  EXPECT_EQ(messages[1]["type"], "final");
  EXPECT_GT(reader.junk_bytes(), 0u);
}

TEST(MessageReader, AMessageSplitAcrossReadsArrivesWhole) {
  MessageReader reader("t");
  std::string framed = frame_message({{"type", "round_done"}, {"round", 3}}, "t");
  for (char c : framed) reader.feed(&c, 1);
  std::vector<nlohmann::json> messages = reader.take();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["round"], 3);
}

TEST(MessageReader, JunkOfTheWrongTypeIsIgnoredNotAnError) {
  MessageReader reader("t");
  std::string stream = "[1,2]\n{\"lb\":5,\"type\":\"final\"}\n{\"lb\":\"t\",\"type\":7}\n";
  reader.feed(stream.data(), stream.size());
  EXPECT_TRUE(reader.take().empty());
  EXPECT_EQ(reader.junk_bytes(), stream.size());
}

TEST(EpochMessage, RoundTripsAndNonFiniteLossesArriveAsNaN) {
  EpochRecord r{3, 12.5, -1.0, NAN, 2, {0.01, 0.2}};
  nlohmann::json m = nlohmann::json::parse(frame_message(epoch_message(r), "t"));
  std::optional<EpochRecord> back = epoch_from_message(m);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->round, 3);
  EXPECT_DOUBLE_EQ(back->ms, 12.5);
  EXPECT_TRUE(std::isnan(back->loss));
  EXPECT_EQ(back->skipped_steps, 2);
  EXPECT_DOUBLE_EQ(back->noise.other_cpu, 0.2);
  EXPECT_TRUE(std::isnan(back->noise.gpu.sm_clock_mhz));  // a CPU case: unknown, sent as null
  EXPECT_FALSE(epoch_from_message({{"type", "epoch"}, {"round", "x"}}));
}

TEST(EpochMessage, CarriesTheGpuSample) {
  EpochRecord r{1, 3.0, -1.0, 0.5, 0, {0.0, 0.0, {1755.0, 61.0, 412.5}}};
  std::optional<EpochRecord> back =
      epoch_from_message(nlohmann::json::parse(frame_message(epoch_message(r), "t")));
  ASSERT_TRUE(back);
  EXPECT_DOUBLE_EQ(back->noise.gpu.sm_clock_mhz, 1755.0);
  EXPECT_DOUBLE_EQ(back->noise.gpu.temperature_c, 61.0);
  EXPECT_DOUBLE_EQ(back->noise.gpu.power_w, 412.5);
}

TEST(Tokens, AreLongAndDifferEachTime) {
  std::string a = make_channel_token(), b = make_channel_token();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace lstmbench::run
