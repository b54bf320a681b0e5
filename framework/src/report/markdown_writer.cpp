// report.md: environment, the seed table, the backend pivot, skipped and failed cases.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/json_text.hpp"
#include "report/format.hpp"
#include "report/markdown_table.hpp"
#include "report/pivot_table.hpp"
#include "report/report.hpp"
#include "report/seed_table.hpp"

namespace lstmbench::report {
namespace {

using nlohmann::json;

// Environment keys in the order a reader wants them (run/environment.hpp records them).
// Keys shown as code are copied into terminals and git.
struct EnvironmentKey {
  const char* key;
  const char* label;
  bool code;
};
constexpr EnvironmentKey kEnvironmentKeys[] = {
    {"command", "command", true},
    {"date", "date", false},
    {"git_commit", "git commit", true},
    {"host", "host", false},
    {"machine", "machine", false},
    {"os", "os", false},
    {"cpu", "cpu", false},
    {"cores", "cores", false},
    {"compiler", "compiler", false},
    {"lstmbench", "lstmbench", false},
};

// A JSON value as a person reads it: strings without quotes, anything else as compact JSON.
std::string plain(const json& value) {
  return value.is_string() ? value.get<std::string>() : json_text(value);
}

// {"a": 1, "b": "x"} -> "a=1; b=x".
std::string key_values(const json& object) {
  if (!object.is_object()) return plain(object);
  std::string text;
  for (const auto& [key, value] : object.items()) {
    if (!text.empty()) text += "; ";
    text += key + "=" + plain(value);
  }
  return text;
}

void write_environment(std::ostream& out, const json& environment) {
  if (!environment.is_object() || environment.empty()) return;
  out << "## Environment\n\n";
  for (const auto& [key, label, code] : kEnvironmentKeys) {
    if (!environment.contains(key) || environment[key].is_null()) continue;
    const std::string value = plain(environment[key]);
    out << "- **" << label << "**: " << (code ? "`" + value + "`" : value) << '\n';
  }
  // Whatever else the runner recorded, so a new key shows up without a change here.
  for (const auto& [key, value] : environment.items()) {
    const bool known = key == "plugins" || key == "load_failures" ||
                       std::any_of(std::begin(kEnvironmentKeys), std::end(kEnvironmentKeys),
                                   [&](auto& k) { return key == k.key; });
    if (!known && !value.is_null()) out << "- **" << key << "**: " << plain(value) << '\n';
  }
  out << '\n';

  // The runner's plugin_environment() gives {"plugins": [...], "load_failures": [...]}; accept
  // it nested under "plugins" as well as merged into the environment.
  json plugins = environment.value("plugins", json::array());
  json failures = environment.value("load_failures", json::array());
  if (plugins.is_object()) {
    failures = plugins.value("load_failures", json::array());
    plugins = plugins.value("plugins", json::array());
  }
  if (plugins.is_array() && !plugins.empty()) {
    MarkdownTable table;
    for (const char* header : {"plugin", "version", "build", "environment"})
      table.add_column(header);
    for (const auto& plugin : plugins) {
      auto field = [&](const char* name) {
        return plugin.contains(name) ? key_values(plugin[name]) : std::string(kMissing);
      };
      table.add_row({field("name"), field("version"), field("build_info"), field("environment")});
    }
    out << "### Plugins\n\n";
    table.write(out);
    out << '\n';
  }
  if (failures.is_array() && !failures.empty()) {
    MarkdownTable table;
    table.add_column("plugin file");
    table.add_column("why it did not load");
    for (const auto& failure : failures)
      table.add_row(
          {plain(failure.value("path", json(""))), plain(failure.value("reason", json("")))});
    out << "### Plugins that did not load\n\n";
    table.write(out);
    out << '\n';
  }
}

void write_counts(std::ostream& out, const std::vector<run::CaseResult>& results) {
  std::map<run::Status, int> counts;
  for (const auto& r : results) ++counts[r.status];
  std::string text;
  for (const auto& [status, count] : counts) {
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", count, run::to_string(status));
  }
  out << fmt::format("{} case{}: {}.\n\n", results.size(), results.size() == 1 ? "" : "s",
                     text.empty() ? "none" : text);
}

void write_skipped(std::ostream& out, const std::vector<run::CaseResult>& results) {
  MarkdownTable table;
  for (const char* header : {"backend", "case", "reason"}) table.add_column(header);
  for (const auto& r : results)
    if (r.status == run::Status::skipped)
      table.add_row(
          {r.spec.backend, describe_case(r.spec), r.reason.empty() ? kMissing : r.reason});
  if (table.empty()) return;
  out << "## Skipped\n\nCases a backend declined, with its reason.\n\n";
  table.write(out);
  out << '\n';
}

void write_failed(std::ostream& out, const std::vector<run::CaseResult>& results) {
  MarkdownTable table;
  for (const char* header : {"backend", "case", "status", "reason"}) table.add_column(header);
  for (const auto& r : results) {
    if (r.status == run::Status::ok || r.status == run::Status::skipped) continue;
    std::string reason = r.reason;
    if (reason.empty() && r.status == run::Status::unverified) reason = r.verification.note;
    if (reason.empty() && r.status == run::Status::diverged && r.diverged_epoch > 0)
      reason = fmt::format("non-finite loss in epoch {}", r.diverged_epoch);
    table.add_row({r.spec.backend, describe_case(r.spec), run::to_string(r.status),
                   reason.empty() ? kMissing : reason});
  }
  if (table.empty()) return;
  out << "## Failed\n\nCases whose status is neither ok nor skipped (the run's exit code is "
         "1).\n\n";
  table.write(out);
  out << '\n';
}

}  // namespace

void write_markdown(std::ostream& out, const std::vector<run::CaseResult>& results,
                    const nlohmann::json& environment) {
  const std::string suite = results.empty() ? "" : results.front().spec.suite_name;
  out << "# lstmbench report" << (suite.empty() ? "" : ": " + markdown_cell(suite)) << "\n\n";
  write_counts(out, results);
  write_environment(out, environment);

  out << "## Results\n\n"
         "Times are wall-clock ms per epoch over the timed epochs (warm-up epochs excluded; the "
         "first epoch is shown on its own); GFLOP/s uses the one FLOP formula of "
         "docs/metrics.md.\n\n";
  if (std::none_of(results.begin(), results.end(), [](auto& r) { return ran(r); })) {
    out << "No case ran.\n\n";
  } else {
    write_seed_table(out, results);
    out << '\n';
  }

  std::ostringstream pivot;
  if (write_backend_pivot(pivot, results)) {
    out << "## Mean ms/epoch by backend\n\nSpeed-up = the first backend's mean ms/epoch / this "
           "backend's (above 1: faster).\n\n"
        << pivot.str() << '\n';
  }
  write_skipped(out, results);
  write_failed(out, results);
}

}  // namespace lstmbench::report
