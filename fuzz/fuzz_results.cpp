// results.jsonl -> case results, through read_results (what `report`, `compare`, `merge` and
// `run --resume` read). Any lstmbench::Error is the right answer to bad input; anything else is
// a bug. The reader's header is included here only, so a move of it is a one-line change (and
// one in CMakeLists.txt, which links its library).
#include <cstddef>
#include <cstdint>

#include "common/error.hpp"
#include "input_file.hpp"
#include "results/run_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static lstmbench::fuzz::InputFile file("results", ".jsonl");
  try {
    lstmbench::results::read_results(file.write(data, size));
  } catch (const lstmbench::Error&) {
  }
  return 0;
}
