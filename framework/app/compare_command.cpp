// `lstmbench compare BASE CANDIDATE`: reads two results files, prints the comparison
// (report/comparison.hpp) and turns a regression into exit code 1, so CI can gate on it.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "common/error.hpp"
#include "report/comparison.hpp"
#include "run/result_json.hpp"

namespace lstmbench::app {

namespace fs = std::filesystem;

int compare_command(const CompareArgs& args) {
  const std::string base_path = results_file(args.base);
  const std::string candidate_path = results_file(args.candidate);
  const report::Comparison comparison =
      report::compare_results(run::read_results(base_path), run::read_results(candidate_path),
                              {.threshold = args.threshold, .alpha = args.alpha});

  auto write = [&](std::ostream& out) {
    out << fmt::format("# Comparison\n\nbase: `{}`  \ncandidate: `{}`\n\n", base_path,
                       candidate_path);
    report::write_comparison(out, comparison);
  };
  write(std::cout);
  if (!args.out_file.empty()) {
    std::ofstream out(args.out_file);
    if (!out) throw Error(args.out_file, "cannot write the comparison here");
    write(out);
  }
  return comparison.has_regression ? 1 : 0;
}

}  // namespace lstmbench::app
