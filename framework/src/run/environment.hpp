// The environment a run records in every report: what machine, which build, which libraries.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "plugin/plugin_registry.hpp"

namespace lstmbench::run {

// Host facts: date (UTC), host, cpu model, cores, os, compiler, lstmbench version and git
// commit, `command` (the command line that produced the run) and `backend_settings`.
nlohmann::json host_environment(const std::string& command);

// RETURNS: the variables of `variables` (an environ-style list) that change how backend
// libraries run: OMP_*, GOMP_*, KMP_*, MKL_*, DNNL_*, ONEDNN_*, OPENBLAS_*, CUDA_*, CUBLAS_*,
// CUDNN_*, PYTORCH_*, TORCH_*, TF_*, XLA_FLAGS; an object of name -> value, {} when none is set.
nlohmann::json backend_settings(char** variables);

// Each loaded plugin (name, version, path, build_info, its describe_environment JSON) and each
// load failure (path, reason). Calls into the plugins: a GPU plugin may initialise its driver,
// so the runner asks for this in a child process (environment_probe), never in itself.
nlohmann::json plugin_environment(const plugin::PluginRegistry& registry);

}  // namespace lstmbench::run
