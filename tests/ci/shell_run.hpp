// The CI-script tests' fixture: a scratch folder per test that executable stand-ins are written
// into, and the source tree they read.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "support/scratch.hpp"

namespace lstmbench::testing {

class ShellTest : public ScratchTest {
 protected:
  // Writes an executable script into the folder.
  fs::path write_script(const std::string& name, const std::string& text) {
    const fs::path path = write_file(name, text);
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add);
    return path;
  }
};

inline const fs::path kSourceDir = LSTMBENCH_SOURCE_DIR;

}  // namespace lstmbench::testing
