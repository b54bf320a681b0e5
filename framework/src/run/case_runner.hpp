// The per-case lifecycle, in the process that calls it: capability check -> workload ->
// verification against the reference -> create -> warm-up and timed epochs -> validation loss
// -> session info -> destroy. Never throws: every outcome becomes a CaseResult status.
#pragma once

#include "plugin/plugin_registry.hpp"
#include "run/case_result.hpp"
#include "suite/case_spec.hpp"

namespace lstmbench::run {

// The backend that runs a case: the suite's backend name, or "external" for [external.NAME].
std::string plugin_backend_name(const suite::CaseSpec& spec);

CaseResult run_case(const suite::CaseSpec& spec, const plugin::PluginRegistry& registry);

}  // namespace lstmbench::run
