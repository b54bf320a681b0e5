// --set name=value: replaces a setting wherever the suite put it. A single value fixes it (and
// removes it from [axes] or its [[axes.zip]] group); an array makes it an axis (in place of the
// old axis, else last).
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "common/error.hpp"
#include "suite/did_you_mean.hpp"
#include "suite/grid.hpp"

namespace lstmbench::suite {
namespace {

constexpr std::string_view kOptionPrefix = "options.";

// The value as TOML when it reads as exactly one TOML value, else as plain text: so
// `batch_size=64` is an integer, `backend=onednn` a string, `lr=[0.1, 0.2]` an array.
toml::table parse_value(const std::string& text) {
  try {
    toml::table parsed = toml::parse("v = " + text, std::string_view("--set"));
    if (parsed.size() == 1 && parsed.contains("v")) return parsed;
  } catch (const toml::parse_error&) {
  }
  toml::table plain;
  plain.insert("v", text);
  return plain;
}

bool wants_text(const SettingDef* def) {
  return def != nullptr && (def->kind == Kind::kName || def->kind == Kind::kText ||
                            def->kind == Kind::kPath || def->kind == Kind::kChoice);
}

// Removes `name` from the axes. RETURNS: where a single-setting axis of that name stood.
std::optional<std::size_t> remove_axis(Grid& grid, const std::string& name) {
  std::optional<std::size_t> position;
  for (std::size_t a = 0; a < grid.axes.size(); ++a) {
    Axis& axis = grid.axes[a];
    const auto it = std::find(axis.names.begin(), axis.names.end(), name);
    if (it == axis.names.end()) continue;
    if (axis.names.size() == 1) {
      grid.axes.erase(grid.axes.begin() + static_cast<std::ptrdiff_t>(a));
      position = a;
    } else {  // the rest of a zip group keeps moving together
      const auto n = it - axis.names.begin();
      axis.names.erase(it);
      axis.values.erase(axis.values.begin() + n);
    }
    break;
  }
  return position;
}

}  // namespace

void apply_overrides(Grid& grid, const std::vector<Override>& overrides) {
  for (const Override& o : overrides) {
    const std::string location = "--set " + o.name;
    std::string name = o.name;
    bool declare_option = false;
    if (name.starts_with(kOptionPrefix)) {
      name = name.substr(kOptionPrefix.size());
      if (name.empty() || find_setting(name) != nullptr) {
        throw Error(location, fmt::format("'{}' is not a valid option name (options may not be "
                                          "empty or share a setting's name)",
                                          name));
      }
      declare_option = !grid.is_option(name);
    } else if (find_setting(name) == nullptr && !grid.is_option(name)) {
      std::vector<std::string> known = setting_names();
      known.insert(known.end(), grid.options.begin(), grid.options.end());
      throw Error(location, fmt::format("unknown setting '{}'{} (a new backend option is set with "
                                        "--set options.NAME=value)",
                                        name, did_you_mean(name, known)));
    }
    const SettingDef* def = find_setting(name);

    const toml::table parsed = parse_value(o.value);
    const toml::node& node = *parsed.get("v");
    auto check = [&](const toml::node& n) {
      if (def == nullptr) return check_option(name, n, location);
      // Text settings take what was typed even when it reads as a number (`--set name=2024`).
      if (wants_text(def) && !n.is_string() && !n.is_array() && &n == &node) {
        const toml::value<std::string> text(o.value);
        return check_setting(*def, text, location, "");
      }
      // Relative paths on the command line are relative to where the command runs: base "".
      return check_setting(*def, n, location, "");
    };

    const std::optional<std::size_t> old_axis = remove_axis(grid, name);
    if (const toml::array* array = node.as_array()) {
      if (def != nullptr && !def->sweepable) {
        throw Error(location, fmt::format("{} describes the whole suite and cannot vary", name));
      }
      if (array->empty()) {
        throw Error(location, fmt::format("axis {} is empty; give at least one value", name));
      }
      Axis axis{{name}, {{}}};
      for (const auto& element : *array) axis.values[0].push_back(check(element));
      const auto at = old_axis.value_or(grid.axes.size());
      grid.axes.insert(grid.axes.begin() + static_cast<std::ptrdiff_t>(at), std::move(axis));
    } else {
      if (o.value.size() >= 2 && o.value.front() == '[' && o.value.back() == ']') {
        throw Error(location, fmt::format("{} is not a TOML array; quote strings, e.g. "
                                          "--set '{}=[\"a\", \"b\"]'",
                                          o.value, name));
      }
      grid.fixed.insert_or_assign(name, check(node));
    }
    if (declare_option) grid.options.push_back(name);
  }
}

}  // namespace lstmbench::suite
