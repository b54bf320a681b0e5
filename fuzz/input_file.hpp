// The loaders under test read files, so each fuzz input is written to one file per process,
// rewritten for every input and removed at exit.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace lstmbench::fuzz {

class InputFile {
 public:
  // `name` and `extension` make the file recognisable ("lstmbench-fuzz-suite-1234.toml").
  InputFile(const std::string& name, const std::string& extension)
      : path_((std::filesystem::temp_directory_path() /
               ("lstmbench-fuzz-" + name + "-" + std::to_string(::getpid()) + extension))
                  .string()) {}
  ~InputFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // RETURNS: the path, now holding exactly these bytes.
  const std::string& write(const std::uint8_t* data, std::size_t size) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path_;
  }

 private:
  std::string path_;
};

}  // namespace lstmbench::fuzz
