// What this machine offers the cudnn backend: whether a CUDA device is visible (and if not, what
// the driver said), and the environment JSON behind `lstmbench doctor`.
#pragma once

#include <lstmbench/plugin_abi.h>

#include <cstddef>
#include <string>

namespace lstmbench::cudnn_backend {

// RETURNS: empty if at least one CUDA device is visible, else "no CUDA device visible (...)"
// with cudaGetDeviceCount's own error text.
std::string no_device_reason();

// RETURNS: a JSON object: plugin, CUDA runtime/driver versions, cuDNN built against
// (CUDNN_VERSION) and loaded (cudnnGetVersion()), and per GPU its name, compute capability and
// memory; or "no_device_reason" when none is visible.
std::string environment_json();

}  // namespace lstmbench::cudnn_backend
