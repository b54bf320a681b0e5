// `lstmbench compare BASE CANDIDATE`: reads two results files, prints the comparison
// (report/comparison.hpp) and turns a regression into exit code 1, so CI can gate on it.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "common/error.hpp"
#include "report/comparison.hpp"
#include "results/run_folder.hpp"

namespace lstmbench::app {

namespace fs = std::filesystem;

namespace {

// An epoch longer than this (about 115 days) is a corrupt file, not a measurement.
constexpr double kMaxEpochMs = 1e10;

// Reads one side; an empty side or an impossible number is an input error (exit 2), never a
// comparison that passes because nothing was compared.
std::vector<results::CaseResult> read_side(const std::string& path) {
  std::vector<results::CaseResult> side = results::read_results(path);
  if (side.empty()) throw Error(path, "holds no case results: nothing to compare");
  for (const results::CaseResult& r : side)
    for (std::size_t e = 0; e < r.epoch_ms.size(); ++e)
      if (!(r.epoch_ms[e] >= 0 && r.epoch_ms[e] <= kMaxEpochMs))
        throw Error(path, fmt::format("case {} ({}): epoch {} took {} ms, which is not a "
                                      "measurement (expected 0 to {} ms)",
                                      r.spec.index, r.spec.id, e + 1, r.epoch_ms[e], kMaxEpochMs));
  return side;
}

}  // namespace

int compare_command(const CompareArgs& args) {
  const std::string base_path = results::resolve_results_file(args.base);
  const std::string candidate_path = results::resolve_results_file(args.candidate);
  const report::Comparison comparison =
      report::compare_results(read_side(base_path), read_side(candidate_path),
                              {.threshold = args.threshold, .alpha = args.alpha});
  if (comparison.only_in_base + comparison.only_in_candidate ==
      static_cast<int>(comparison.rows.size()))
    throw Error(candidate_path, "no case of it is in " + base_path +
                                    " (cases match by id: the same settings); nothing compared");

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
