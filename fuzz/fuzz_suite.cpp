// Suite text -> suite, through load_suite, the function `lstmbench run` loads a suite with.
// Any lstmbench::Error is the right answer to bad input; anything else is a bug.
#include <cstddef>
#include <cstdint>

#include "common/error.hpp"
#include "input_file.hpp"
#include "suite/suite.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static lstmbench::fuzz::InputFile file("suite", ".toml");
  try {
    lstmbench::suite::load_suite(file.write(data, size));
  } catch (const lstmbench::Error&) {
  }
  return 0;
}
