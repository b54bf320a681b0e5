#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "common/json_text.hpp"
#include "plugin/plugin_registry.hpp"
#include "run/backend_call.hpp"
#include "run/case_session.hpp"
#include "run/environment.hpp"

namespace lstmbench::app {

namespace {

// Prints a JSON value as indented "key: value" lines: readable without a JSON viewer.
void print_tree(const nlohmann::json& j, int indent) {
  std::string pad(static_cast<std::size_t>(indent), ' ');
  if (j.is_object()) {
    for (auto it = j.cbegin(); it != j.cend(); ++it) {
      const std::string& key = it.key();
      const nlohmann::json& value = it.value();
      if (value.is_structured()) {
        fmt::print("{}{}:\n", pad, key);
        print_tree(value, indent + 2);
      } else {
        fmt::print("{}{}: {}\n", pad, key,
                   value.is_string() ? value.get<std::string>() : json_text(value));
      }
    }
  } else if (j.is_array()) {
    for (const auto& value : j) {
      if (value.is_structured()) {
        fmt::print("{}-\n", pad);
        print_tree(value, indent + 2);
      } else {
        fmt::print("{}- {}\n", pad,
                   value.is_string() ? value.get<std::string>() : json_text(value));
      }
    }
  }
}

}  // namespace

int doctor_command(const std::string& suite_path, const std::vector<std::string>& sets,
                   const std::vector<std::string>& plugin_dirs, bool json) {
  plugin::PluginRegistry registry;
  registry.load_folders(plugin::plugin_search_path(plugin_dirs));
  nlohmann::json environment = run::host_environment("lstmbench doctor");
  environment.update(run::plugin_environment(registry));
  if (json) {
    std::cout << json_text(environment, 2) << '\n';
    return 0;
  }
  print_tree(environment, 0);
  if (suite_path.empty()) return 0;

  // Per case: can its backend run it here, and if not, why (the "is my GPU used?" answer).
  suite::Suite suite = load_suite_with_overrides(suite_path, sets);
  fmt::print("\ncases of {}:\n", suite.path);
  for (const suite::CaseSpec& c : suite.cases) {
    std::string what;
    for (const auto& [name, value] : c.varying) what += fmt::format(" {}={}", name, value);
    plugin::BackendRef ref = registry.find_backend(run::plugin_backend_name(c));
    std::string verdict;
    if (!ref.backend) {
      verdict = "no plugin provides backend '" + run::plugin_backend_name(c) + "'";
    } else {
      try {
        std::string reason =
            run::unsupported_reason(*ref.backend, run::CaseConfig(c, 1, c.batch_size));
        verdict = reason.empty() ? "eligible" : "not eligible: " + reason;
      } catch (const std::exception& e) {
        verdict = std::string("check failed: ") + e.what();
      }
    }
    fmt::print("  [{}]{}: {}\n", c.index, what.empty() ? " " + c.backend : what, verdict);
  }
  return 0;
}

}  // namespace lstmbench::app
