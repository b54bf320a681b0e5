#include "run/device_list.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace lstmbench::run {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_device_list(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(DeviceList, ReadsIdsInTheOrderGiven) {
  EXPECT_EQ(parse_device_list("0"), (std::vector<int>{0}));
  EXPECT_EQ(parse_device_list("3,0,12"), (std::vector<int>{3, 0, 12}));
}

TEST(DeviceList, RefusesWhatIsNotAListOfDistinctNonNegativeIntegersNamingTheEntry) {
  EXPECT_NE(error_of("").find("the list is empty"), std::string::npos);
  EXPECT_NE(error_of("0,gpu1").find("'gpu1' is not a device id"), std::string::npos);
  EXPECT_NE(error_of("-1").find("'-1' is not a device id"), std::string::npos);
  EXPECT_NE(error_of("+1").find("'+1'"), std::string::npos);
  EXPECT_NE(error_of("0, 1").find("' 1'"), std::string::npos);
  EXPECT_NE(error_of("99999999999").find("'99999999999'"), std::string::npos);
  EXPECT_NE(error_of("0,").find("an entry is empty"), std::string::npos);
  EXPECT_NE(error_of("2,1,2").find("device 2 is given twice"), std::string::npos);
  EXPECT_NE(error_of("2,1,2").find("--devices 2,1,2"), std::string::npos);
}

}  // namespace
}  // namespace lstmbench::run
