// The table of suite settings: each one's flat name, the section and key it is written under,
// what values it accepts and which CaseSpec field it fills. The one place a new setting is added.
#pragma once

#include <toml++/toml.h>

#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "suite/case_spec.hpp"

namespace lstmbench::suite {

// A setting's value after validation, with where it was written (for later cross-checks).
struct Value {
  std::variant<bool, std::int64_t, double, std::string> data;
  std::string location;  // "file:line:column", or "--set name"

  // The value as a person would write it: strings bare, numbers in their shortest exact form.
  // Same value -> same text, which is what case ids and report columns rely on.
  std::string text() const;
  std::int64_t as_int() const { return std::get<std::int64_t>(data); }
  double as_double() const { return std::get<double>(data); }
  bool as_bool() const { return std::get<bool>(data); }
  const std::string& as_string() const { return std::get<std::string>(data); }
};

enum class Kind {
  kPositiveInt,        // 1 .. INT_MAX
  kNonNegativeInt,     // 0 .. INT_MAX
  kSeed,               // 0 .. 2^63-1 (TOML integers are signed 64-bit)
  kPositiveNumber,     // integer or float > 0
  kNonNegativeNumber,  // integer or float >= 0
  kFraction,           // integer or float in [0, 1)
  kChoice,             // one of `choices`
  kName,               // non-empty string
  kText,               // any string
  kColumn,             // non-empty string (a header) or non-negative integer (a 0-based index)
  kBool,
};

struct SettingDef {
  std::string name;     // the flat name used in [axes], [[axes.zip]] and --set
  std::string section;  // the table it is written in
  std::string key;      // its key there (differs from `name` only for [optimizer] name)
  Kind kind;
  std::vector<std::string> choices;  // for kChoice
  // Suite-level settings (the suite's name and description) describe the whole file, so they
  // may be set or overridden but never swept.
  bool sweepable = true;
  void (*apply)(CaseSpec&, const Value&);
  // Largest integer accepted (kPositiveInt, kNonNegativeInt): sizes stay far from overflowing
  // the weight layout's arithmetic and from allocations no machine has.
  std::int64_t max = INT_MAX;
};

// All settings, in the order of the example suite in docs/suite-format.md.
const std::vector<SettingDef>& settings();
// The sections that hold settings, in file order: suite, model, data, optimizer, run.
const std::vector<std::string>& setting_sections();

const SettingDef* find_setting(std::string_view name);
const SettingDef* find_setting_key(std::string_view section, std::string_view key);
std::vector<std::string> setting_names();
std::vector<std::string> section_keys(std::string_view section);

// Validates one TOML value for a setting. THROWS lstmbench::Error at `location` naming the
// setting, what it must be and what it got. `path_base` anchors a relative csv `path`.
Value check_setting(const SettingDef& def, const toml::node& node, const std::string& location,
                    const std::string& path_base);
// Backend options accept any scalar: string, integer, float or boolean.
Value check_option(std::string_view name, const toml::node& node, const std::string& location);

// How a TOML value reads in a message: strings quoted, numbers as written, "an array", ...
std::string describe_node(const toml::node& node);
// "file:line:column" of a TOML source position.
std::string format_location(const std::string& path, const toml::source_region& region);

}  // namespace lstmbench::suite
