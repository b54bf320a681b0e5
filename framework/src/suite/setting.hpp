// The table of suite settings: each one's flat name, the section and key it is written under,
// what values it accepts and which CaseSpec field it fills. The one place a new setting is added.
#pragma once

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
  kPositiveInt,        // 1 .. max
  kNonNegativeInt,     // 0 .. max
  kSeed,               // 0 .. 2^63-1 (TOML integers are signed 64-bit)
  kPositiveNumber,     // integer or float > 0
  kNonNegativeNumber,  // integer or float >= 0
  kFraction,           // integer or float in [0, 1)
  kChoice,             // one of `choices`
  kName,               // non-empty string
  kText,               // any string
  kPath,               // non-empty string, a file; made absolute against the suite's folder
  kColumn,             // non-empty string (a header) or non-negative integer (a 0-based index)
  kBool,
};

// The CaseSpec member a setting fills; its type decides how a Value is stored and read.
using Field = std::variant<int CaseSpec::*, double CaseSpec::*, std::string CaseSpec::*,
                           bool CaseSpec::*, std::uint64_t CaseSpec::*>;

// One setting. Written with designated initialisers; members left out take these defaults.
// Its default value is whatever a default-constructed CaseSpec holds (case_spec.hpp).
struct SettingDef {
  std::string name = {};     // the flat name used in [axes], [[axes.zip]], --set, case ids and JSON
  std::string section = {};  // the table it is written in
  std::string key = {};      // its key there; empty in the table means `name` (settings() fills it)
  Kind kind = Kind::kText;
  Field field = {};
  std::vector<std::string> choices = {};  // for kChoice
  // Suite-level settings (the suite's name and description) describe the whole file, so they
  // may be set or overridden but never swept; so do the measuring settings, which interleave
  // every case of a run.
  bool sweepable = true;
  // Part of the case id: the settings that change what is computed. Not the suite's name,
  // description or time limit, nor how epochs are scheduled (rounds, replicas, stopping rule):
  // changing those must still let --resume, merge and compare match the case.
  bool in_id = true;
  // In the id only when it differs from its default: for a setting added after ids were first
  // written, so the ids of earlier results (which could not set it) still match.
  bool in_id_only_when_set = false;
  // Largest integer accepted (kPositiveInt, kNonNegativeInt): sizes stay far from overflowing
  // the weight layout's arithmetic and from allocations no machine has.
  std::int64_t max = INT_MAX;
  std::string json_name = {};  // its field in results JSON; empty means `name`
  // Its results.csv column (docs/report-columns.md) and the column's place among the columns
  // that say what the case is; empty: not a column.
  std::string csv_column = {};
  int csv_rank = 0;

  const std::string& json_key() const { return json_name.empty() ? name : json_name; }
};

// All settings, in the order they appear in a case id (and in docs/suite-format.md).
const std::vector<SettingDef>& settings();
// The sections that hold settings, in file order: suite, model, data, optimizer, run.
const std::vector<std::string>& setting_sections();

const SettingDef* find_setting(std::string_view name);
const SettingDef* find_setting_key(std::string_view section, std::string_view key);
std::vector<std::string> setting_names();
std::vector<std::string> section_keys(std::string_view section);

// Stores a checked value in the setting's CaseSpec member.
void apply_setting(const SettingDef& def, CaseSpec& spec, const Value& value);
// The setting's value in `spec` as text, by Value::text's rules (strings bare, numbers in their
// shortest exact form): what case ids and report columns show.
std::string setting_text(const SettingDef& def, const CaseSpec& spec);
// The setting's value in a default-constructed CaseSpec, as text.
std::string default_text(const SettingDef& def);

}  // namespace lstmbench::suite
