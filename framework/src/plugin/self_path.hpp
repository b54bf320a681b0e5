// Where the running executable lives: the runner re-executes itself for each case and finds
// its plugins, bundled suites and peers relative to it.
#pragma once

#include <string>
#include <vector>

namespace lstmbench::plugin {

// RETURNS: the absolute path of the running executable (/proc/self/exe resolved).
std::string self_executable_path();

// The folders a bundled resource may live in, most specific first: the install's
// <exe>/../share/lstmbench/<installed> (also right for an unpacked .deb or .tar.gz), then
// <source tree>/<in_source> (a build tree's runner). RETURNS: those that exist.
std::vector<std::string> bundled_folders(const std::string& installed,
                                         const std::string& in_source);

}  // namespace lstmbench::plugin
