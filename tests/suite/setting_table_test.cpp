// The setting table drives the case id, results JSON and results.csv: a setting added to the
// table (or a CaseSpec member given a setting) shows up in each of them, or this test fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "report/report.hpp"
#include "results/result_json.hpp"
#include "suite/grid.hpp"
#include "suite/setting.hpp"
#include "suite/suite.hpp"

namespace lstmbench::suite {
namespace {

// A copy of the defaults with one setting changed to a value its default is not.
CaseSpec with_other_value(const SettingDef& def) {
  CaseSpec spec;
  std::visit(
      [&](auto member) {
        auto& v = spec.*member;
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          v = !v;
        } else if constexpr (std::is_same_v<T, std::string>) {
          v += "x";
        } else if constexpr (std::is_same_v<T, double>) {
          v = v * 2 + 0.25;
        } else {
          v += 1;
        }
      },
      def.field);
  return spec;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

TEST(SettingTable, EverySettingChangesTheIdOrIsDeclaredNotToDefineTheCase) {
  const std::string base = case_id(CaseSpec{});
  for (const SettingDef& def : settings()) {
    const CaseSpec spec = with_other_value(def);
    ASSERT_NE(setting_text(def, spec), default_text(def)) << def.name;
    if (def.in_id) {
      EXPECT_NE(case_id(spec), base) << def.name << " is in the id but does not change it";
    } else {
      EXPECT_EQ(case_id(spec), base) << def.name << " is not in the id but changes it";
    }
  }
}

TEST(SettingTable, OnlyTheSettingsThatDefineWhatIsComputedAreInTheId) {
  // Renaming a suite, raising its time limit or measuring it more carefully must still let
  // --resume, merge and compare match its cases.
  std::set<std::string> outside;
  for (const SettingDef& def : settings()) {
    if (!def.in_id) outside.insert(def.name);
  }
  EXPECT_EQ(outside, (std::set<std::string>{"name", "description", "timeout_s", "rounds",
                                            "replicas", "target_rel_ci", "max_rounds", "max_time_s",
                                            "max_sessions", "cpus", "target_loss"}));
}

TEST(SettingTable, EverySettingRoundTripsThroughResultsJson) {
  const nlohmann::json defaults = results::spec_to_json(CaseSpec{});
  for (const SettingDef& def : settings()) {
    const CaseSpec spec = with_other_value(def);
    const nlohmann::json j = results::spec_to_json(spec);
    ASSERT_TRUE(j.contains(def.json_key())) << def.name;
    EXPECT_NE(j.at(def.json_key()), defaults.at(def.json_key())) << def.name;
    const CaseSpec back = results::spec_from_json(nlohmann::json::parse(j.dump()));
    EXPECT_EQ(setting_text(def, back), setting_text(def, spec)) << def.name;
  }
}

TEST(SettingTable, EverySettingWithAColumnIsInResultsCsv) {
  for (const SettingDef& def : settings()) {
    if (def.csv_column.empty()) continue;
    results::CaseResult result;
    result.spec = with_other_value(def);
    std::ostringstream out;
    report::write_csv(out, {result});
    std::istringstream lines(out.str());
    std::string header_line, row_line;
    std::getline(lines, header_line);
    std::getline(lines, row_line);
    const std::vector<std::string> header = split(header_line);
    const std::vector<std::string> row = split(row_line);
    ASSERT_EQ(header.size(), row.size()) << row_line;
    ASSERT_EQ(std::count(header.begin(), header.end(), def.csv_column), 1) << def.csv_column;
    const auto at = std::find(header.begin(), header.end(), def.csv_column) - header.begin();
    EXPECT_EQ(row[static_cast<std::size_t>(at)], setting_text(def, result.spec)) << def.name;
  }
}

TEST(SettingTable, NamesKeysAndColumnsAreUnique) {
  std::set<std::string> names, keys, json_names, columns;
  std::set<int> ranks;
  for (const SettingDef& def : settings()) {
    EXPECT_TRUE(names.insert(def.name).second) << def.name;
    EXPECT_FALSE(def.key.empty()) << def.name;  // defaulted to the name
    EXPECT_TRUE(keys.insert(def.section + "." + def.key).second) << def.name;
    EXPECT_TRUE(json_names.insert(def.json_key()).second) << def.name;
    if (def.csv_column.empty()) continue;
    EXPECT_TRUE(columns.insert(def.csv_column).second) << def.name;
    EXPECT_TRUE(ranks.insert(def.csv_rank).second) << def.name;
  }
  EXPECT_EQ(find_setting("optimizer")->key, "name");  // the one setting whose key differs
  EXPECT_EQ(find_setting("hidden_size")->key, "hidden_size");
}

TEST(SettingTable, DefaultsAreThoseOfAnEmptySuite) {
  const CaseSpec empty = parse_suite("", "x.toml").cases.at(0);
  for (const SettingDef& def : settings()) {
    if (def.name == "name") continue;  // an unnamed suite takes its file's name
    EXPECT_EQ(setting_text(def, empty), default_text(def)) << def.name;
  }
}

}  // namespace
}  // namespace lstmbench::suite
