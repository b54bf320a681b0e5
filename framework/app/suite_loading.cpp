#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "commands.hpp"
#include "common/error.hpp"
#include "plugin/self_path.hpp"
#include "suite/external_backend.hpp"

namespace lstmbench::app {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> suite_folders() { return plugin::bundled_folders("suites", "suites"); }

// "ci, gpu-seed, quick, ..." from the first folder that has suites (the install's, else the
// source tree's).
std::string bundled_suite_names() {
  std::vector<std::string> names;
  for (const std::string& folder : suite_folders()) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec))
      if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
    if (!names.empty()) break;
  }
  std::sort(names.begin(), names.end());
  return names.empty() ? std::string("none found") : fmt::format("{}", fmt::join(names, ", "));
}

// The value of ${name}: LSTMBENCH_PEERS is the peers folder (the environment may override it);
// any other name is an environment variable. RETURNS: nullopt when it has none.
std::optional<std::string> placeholder_value(const std::string& name) {
  if (const char* env = std::getenv(name.c_str()); env && *env) return std::string(env);
  if (name == "LSTMBENCH_PEERS") {
    std::vector<std::string> peers = plugin::bundled_folders("peers", "tools/peers");
    if (!peers.empty()) return peers.front();
  }
  return std::nullopt;
}

// Expands ${NAME} and ${NAME:-fallback} in one word of an external command.
std::string expand_placeholders(const std::string& word, const std::string& where) {
  std::string out;
  std::size_t pos = 0;
  while (pos < word.size()) {
    std::size_t open = word.find("${", pos);
    if (open == std::string::npos) break;
    std::size_t close = word.find('}', open);
    if (close == std::string::npos)
      throw Error(where, fmt::format("unterminated ${{...}} in \"{}\"", word));
    out += word.substr(pos, open - pos);
    std::string inside = word.substr(open + 2, close - open - 2);
    std::optional<std::string> fallback;
    if (std::size_t dash = inside.find(":-"); dash != std::string::npos) {
      fallback = inside.substr(dash + 2);
      inside.resize(dash);
    }
    std::optional<std::string> value = placeholder_value(inside);
    if (!value) value = fallback;
    if (!value)
      throw Error(where, fmt::format("${{{}}} in \"{}\" has no value: set the environment "
                                     "variable {} (LSTMBENCH_PEERS alone has a default, the "
                                     "installed or source peers folder)",
                                     inside, word, inside));
    out += *value;
    pos = close + 1;
  }
  return out + word.substr(std::min(pos, word.size()));
}

}  // namespace

std::string resolve_suite_path(const std::string& name) {
  if (name.empty()) return resolve_suite_path("quick");
  std::error_code ec;
  if (name.ends_with(".toml") || fs::exists(name, ec)) return name;
  for (const std::string& folder : suite_folders()) {
    fs::path candidate = fs::path(folder) / (name + ".toml");
    if (fs::exists(candidate, ec)) return candidate.string();
  }
  throw Error(name, fmt::format("no such suite file, and no bundled suite of that name "
                                "(bundled: {}); give a path to a .toml file or one of those names",
                                bundled_suite_names()));
}

suite::Suite load_suite_with_overrides(const std::string& path,
                                       const std::vector<std::string>& sets) {
  std::vector<suite::Override> overrides;
  for (const std::string& set : sets) {
    std::size_t eq = set.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error("--set " + set, "expected name=value, e.g. --set batch_size=128");
    overrides.push_back({set.substr(0, eq), set.substr(eq + 1)});
  }
  suite::Suite suite = suite::load_suite(resolve_suite_path(path), overrides);
  // Placeholders (${LSTMBENCH_PEERS}, ${VAR}) are expanded on this machine; the case id keeps
  // the command as the suite wrote it, so results compare across machines.
  for (suite::CaseSpec& c : suite.cases) {
    if (c.plugin_backend != suite::kExternalPlugin) continue;
    std::vector<std::string> argv = suite::external_command(c);
    for (std::string& word : argv)
      word = expand_placeholders(word,
                                 fmt::format("{}: [external.{}] command", suite.path, c.backend));
    const std::string id = c.id;
    suite::run_on_external_plugin(c, {c.backend, argv});
    c.id = id;
  }
  return suite;
}

std::string default_suite_path() { return resolve_suite_path("quick"); }

}  // namespace lstmbench::app
