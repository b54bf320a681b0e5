// A suite between reading and expansion: fixed values, axes and external backends, each value
// validated and carrying its location. Reading fills it from TOML, overrides edit it, expansion
// turns it into cases: three steps, one file each (grid_reader.cpp, overrides.cpp, expand.cpp).
#pragma once

#include <toml++/toml.h>

#include <map>
#include <string>
#include <vector>

#include "suite/case_spec.hpp"
#include "suite/external_backend.hpp"
#include "suite/setting.hpp"
#include "suite/suite.hpp"

namespace lstmbench::suite {

// One dimension of the product: a single setting from [axes], or a [[axes.zip]] group whose
// settings move together.
struct Axis {
  std::vector<std::string> names;
  std::vector<std::vector<Value>> values;  // values[n][k]: setting names[n] at position k

  std::size_t size() const { return values.empty() ? 0 : values.front().size(); }
};

struct Grid {
  std::string path;                    // the suite file, as named in errors
  std::string base;                    // the folder relative csv paths are read from
  std::map<std::string, Value> fixed;  // settings and options given a single value
  std::vector<std::string> options;    // option names declared in [options], in file order
  std::vector<Axis> axes;              // in the order given
  std::map<std::string, ExternalBackend> externals;

  bool is_option(const std::string& name) const;
};

// THROWS lstmbench::Error located at file:line:column.
Grid read_grid(const toml::table& root, const std::string& path);

// Applies --set overrides in order. THROWS lstmbench::Error located at `--set name`.
void apply_overrides(Grid& grid, const std::vector<Override>& overrides);

// The cartesian product of the axes, first axis outermost. THROWS lstmbench::Error for
// combinations that are invalid together (warmup_epochs >= epochs, csv without a path).
Suite expand(const Grid& grid);

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

// Stable case id: FNV-1a (64-bit) of the case's defining settings as text, 16 hex digits. The
// text (docs/suite-format.md) is `name=value` for each setting in the id (settings(), in_id), in
// table order; `replica=N` for copies after the first; `option.NAME=value` per option; and
// `command=ARG` per argument of an external backend's program.
std::string case_id(const CaseSpec& spec);

}  // namespace lstmbench::suite
