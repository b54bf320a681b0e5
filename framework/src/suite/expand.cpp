// Grid -> cases: the cartesian product of the axes (first axis outermost, like nested loops in
// the order the suite lists them), each case filled from defaults, fixed values and its point.
#include <fmt/format.h>

#include <filesystem>

#include "common/error.hpp"
#include "suite/grid.hpp"

namespace lstmbench::suite {
namespace {

// A suite this large is a typo in an axis, not a benchmark anyone will wait for.
constexpr std::size_t kMaxCases = 100000;

using Chosen = std::map<std::string, const Value*>;

std::string location_of(const Chosen& chosen, const std::string& name, const std::string& other,
                        const std::string& fallback) {
  if (const auto it = chosen.find(name); it != chosen.end()) return it->second->location;
  if (const auto it = chosen.find(other); it != chosen.end()) return it->second->location;
  return fallback;
}

// Checks between settings, which only a whole case can answer.
void check_case(const CaseSpec& spec, const Chosen& chosen, const std::string& path) {
  if (spec.warmup_epochs >= spec.epochs) {
    throw Error(location_of(chosen, "warmup_epochs", "epochs", path),
                fmt::format("warmup_epochs must be less than epochs (got warmup_epochs {} with "
                            "epochs {}): at least one epoch must be timed after warm-up",
                            spec.warmup_epochs, spec.epochs));
  }
  if (spec.data_source == "csv" && spec.csv_path.empty()) {
    throw Error(location_of(chosen, "source", "path", path),
                "source = \"csv\" needs path (the CSV file) in [data], and column (a header name "
                "or a 0-based index) unless the file has one column");
  }
  if (spec.data_source != "csv" && spec.train_windows == 0) {
    throw Error(location_of(chosen, "train_windows", "source", path),
                "train_windows must be a positive integer for the synthetic series (0, \"every "
                "row\", is only for source = \"csv\")");
  }
}

}  // namespace

std::string case_id(const CaseSpec& spec) {
  std::string text;
  for (const SettingDef& def : settings()) {
    if (!def.in_id) continue;
    const std::string value = setting_text(def, spec);
    if (def.in_id_only_when_set && value == setting_text(def, CaseSpec{})) continue;
    text += fmt::format("{}={}\n", def.name, value);
  }
  // Replica 1 keeps the id it has without replicas: turning them on still resumes copy 1.
  if (spec.replica > 1) text += fmt::format("replica={}\n", spec.replica);
  if (!spec.build.empty()) text += fmt::format("build={}\n", spec.build);
  for (const auto& [name, value] : spec.options) text += fmt::format("option.{}={}\n", name, value);
  for (const auto& arg : external_command(spec)) text += fmt::format("command={}\n", arg);
  // FNV-1a: fixed constants, so the id is the same in every process and build (std::hash is not).
  std::uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return fmt::format("{:016x}", hash);
}

Suite expand(const Grid& grid) {
  Suite suite;
  suite.path = grid.path;
  if (const auto it = grid.fixed.find("name"); it != grid.fixed.end()) {
    suite.name = it->second.as_string();
  } else {
    suite.name = std::filesystem::path(grid.path).stem().string();
    if (suite.name.empty()) suite.name = "suite";
  }
  if (const auto it = grid.fixed.find("description"); it != grid.fixed.end()) {
    suite.description = it->second.as_string();
  }

  std::size_t total = 1;
  for (const Axis& axis : grid.axes) {
    suite.axis_names.insert(suite.axis_names.end(), axis.names.begin(), axis.names.end());
    total *= axis.size();
    if (total > kMaxCases) {
      throw Error(grid.path,
                  fmt::format("the axes make more than {} cases; sweep fewer values", kMaxCases));
    }
  }

  std::vector<std::size_t> point(grid.axes.size());
  for (std::size_t index = 0; index < total; ++index) {
    std::size_t rest = index;
    for (std::size_t a = grid.axes.size(); a-- > 0;) {  // last axis moves fastest
      point[a] = rest % grid.axes[a].size();
      rest /= grid.axes[a].size();
    }
    Chosen chosen;
    for (const auto& [name, value] : grid.fixed) chosen[name] = &value;
    for (std::size_t a = 0; a < grid.axes.size(); ++a) {
      const Axis& axis = grid.axes[a];
      for (std::size_t n = 0; n < axis.names.size(); ++n) {
        chosen[axis.names[n]] = &axis.values[n][point[a]];
      }
    }

    CaseSpec spec;
    for (const SettingDef& def : settings()) {
      if (const auto it = chosen.find(def.name); it != chosen.end()) {
        apply_setting(def, spec, *it->second);
      }
    }
    spec.suite_name = suite.name;
    for (const std::string& option : grid.options) {
      if (const auto it = chosen.find(option); it != chosen.end()) {
        spec.options[option] = it->second->text();
      }
    }
    check_case(spec, chosen, grid.path);
    if (const auto it = grid.externals.find(spec.backend); it != grid.externals.end()) {
      run_on_external_plugin(spec, it->second);
    }
    for (const std::string& name : suite.axis_names) {
      spec.varying.emplace_back(name, chosen.at(name)->text());
    }
    // Identical copies, one row each: the noise floor of the machine, seen within one run.
    for (int replica = 1; replica <= spec.replicas; ++replica) {
      CaseSpec copy = spec;
      copy.replica = replica;
      if (spec.replicas > 1) copy.varying.emplace_back("replica", std::to_string(replica));
      copy.index = static_cast<int>(suite.cases.size());
      copy.id = case_id(copy);
      suite.cases.push_back(std::move(copy));
    }
  }
  if (!suite.cases.empty() && suite.cases.front().replicas > 1)
    suite.axis_names.push_back("replica");
  return suite;
}

}  // namespace lstmbench::suite
