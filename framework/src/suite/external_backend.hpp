// [external.NAME] tables: a backend NAME whose work is done by a separate program speaking the
// JSON-lines protocol (docs/external-protocol.md). At load a case naming it becomes a case for
// the `external` plugin, with the program in that plugin's options; the case keeps NAME as its
// backend, which is what reports show.
#pragma once

#include <string>
#include <vector>

#include "suite/case_spec.hpp"

namespace lstmbench::suite {

struct ExternalBackend {
  std::string name;                  // NAME, what the suite's `backend` setting names
  std::vector<std::string> command;  // argv of the program
};

// The plugin backend every [external.NAME] case runs on.
inline constexpr const char* kExternalPlugin = "external";

// Makes `spec` a case of the `external` plugin running `backend`: plugin_backend "external" and
// plugin_options external.name, external.command (argv as a JSON array of strings) and
// external.timeout_s (the case's timeout_s, for the plugin's own wait on the program).
void run_on_external_plugin(CaseSpec& spec, const ExternalBackend& backend);

// RETURNS: the argv of an external case's program, empty for any other case.
std::vector<std::string> external_command(const CaseSpec& spec);

}  // namespace lstmbench::suite
