// Where the running executable lives: the runner re-executes itself for each case and finds
// its plugins and bundled suites relative to it.
#pragma once

#include <string>

namespace lstmbench::plugin {

// RETURNS: the absolute path of the running executable (/proc/self/exe resolved).
std::string self_executable_path();

}  // namespace lstmbench::plugin
