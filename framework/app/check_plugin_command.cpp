// `lstmbench check-plugin PATH_OR_NAME`: the conformance battery (conformance/conformance.hpp)
// over one plugin file's backends, or one backend found on the plugin search path, next to the
// reference backend, printed as a table.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "commands.hpp"
#include "common/error.hpp"
#include "conformance/conformance.hpp"
#include "plugin/plugin_registry.hpp"

namespace lstmbench::app {

namespace fs = std::filesystem;

namespace {

void print_report(const conformance::Report& report) {
  fmt::print("backend {}: {} cases, {} accepted, {} refused\n\n", report.backend,
             report.cases_total, report.cases_accepted, report.refusals.size());
  fmt::print("| {:<34} | {:>5} | {:<6} |\n", "check", "cases", "result");
  fmt::print("|{:-<36}|{:->7}|{:-<8}|\n", "", "", "");
  for (const conformance::CheckResult& c : report.checks)
    fmt::print("| {:<34} | {:>5} | {:<6} |\n", c.name, c.cases,
               c.passed() ? "pass" : fmt::format("FAIL {}", c.failures));
  // Refusals are not failures, but a person should see what the backend declined and why.
  if (!report.refusals.empty()) {
    fmt::print("\nrefused (first of {}):\n", report.refusals.size());
    for (std::size_t i = 0; i < std::min<std::size_t>(report.refusals.size(), 5); ++i)
      fmt::print("  {}\n", report.refusals[i]);
  }
  if (const conformance::CheckResult* failed = report.first_failure())
    fmt::print("\nFAILED {}: {}\n", failed->name, failed->first_failure);
  else
    fmt::print("\nall checks passed\n");
}

}  // namespace

int check_plugin_command(const std::string& target, const std::vector<std::string>& plugin_dirs) {
  plugin::PluginRegistry registry;
  std::vector<const lb_backend*> candidates;
  const bool is_file =
      fs::path(target).extension() == ".so" || target.find('/') != std::string::npos;
  if (is_file) {
    std::error_code ec;
    if (!fs::is_regular_file(target, ec))
      throw Error(target,
                  "no such plugin file (give a .so file, or a backend name found on the "
                  "plugin search path)");
    if (!registry.load(target))
      throw Error(target, "cannot be checked: " + registry.failures().back().reason);
    const lb_plugin& d = *registry.plugins().front()->descriptor;
    for (std::uint32_t i = 0; i < d.num_backends; ++i) candidates.push_back(&d.backends[i]);
    if (candidates.empty()) throw Error(target, "the plugin provides no backend");
  }
  // The reference comes from the search path; a file already loaded above wins its names.
  registry.load_folders(plugin::plugin_search_path(plugin_dirs));
  if (!is_file) {
    plugin::BackendRef ref = registry.find_backend(target);
    if (!ref.backend) throw Error(target, registry.why_unavailable(target).message);
    candidates.push_back(ref.backend);
  }
  plugin::BackendRef reference = registry.find_backend("reference");
  if (!reference.backend)
    throw Error("reference",
                "the reference backend is not loaded; it is what every check "
                "compares against (" +
                    registry.why_unavailable("reference").message + ")");

  bool passed = true;
  for (const lb_backend* candidate : candidates) {
    conformance::Report report = conformance::check_backend(*candidate, *reference.backend);
    print_report(report);
    passed = passed && report.passed();
  }
  return passed ? 0 : 1;
}

}  // namespace lstmbench::app
