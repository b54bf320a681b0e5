// Suites: TOML files (docs/suite-format.md) turned into validated cases.
//
// Every setting has one flat, unique name; sections only group them. A setting given a single
// value is fixed; [axes] lists values to sweep (cartesian product), [[axes.zip]] tables list
// settings whose values move together. `--set name=value` overrides anything. Unknown names are
// errors with a did-you-mean; every error is an lstmbench::Error located at file:line:column.
#pragma once

#include <string>
#include <vector>

#include "suite/case_spec.hpp"

namespace lstmbench::suite {

struct Suite {
  std::string name;
  std::string description;
  std::string path;  // the file it was read from
  std::vector<CaseSpec> cases;
  std::vector<std::string> axis_names;  // the settings that vary, in the order they were given
};

// An override from the command line, `--set name=value` (value parsed as TOML, else as text).
struct Override {
  std::string name;
  std::string value;
};

// Parses, validates and expands a suite file. Throws lstmbench::Error naming file:line:column
// (or `--set name` for an override) and the setting. RETURNS: the suite with its cases.
Suite load_suite(const std::string& path, const std::vector<Override>& overrides = {});

// Same, from TOML text; `path` names it in errors and anchors relative csv paths.
Suite parse_suite(const std::string& toml_text, const std::string& path,
                  const std::vector<Override>& overrides = {});

}  // namespace lstmbench::suite
