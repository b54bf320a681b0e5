// `lstmbench compare BASE CANDIDATE`: reads two results files, prints the comparison
// (report/comparison.hpp) and turns a regression into exit code 1, so CI can gate on it.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "common/error.hpp"
#include "common/json_text.hpp"
#include "report/comparison.hpp"
#include "report/paired_comparison.hpp"
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

// Writes text to the file (when one is named). THROWS Error when it cannot.
void write_to(const std::string& path, const std::string& text) {
  if (path.empty()) return;
  std::ofstream out(path);
  if (!(out << text) || !out.flush()) throw Error(path, "cannot write the comparison here");
}

int compare_within(const CompareArgs& args) {
  if (!args.candidate.empty())
    throw Error("--within", "compares the cases of one run: give one results file or folder");
  if (args.assume_stable_machine)
    throw Error("--assume-stable-machine",
                "is for two separate runs; --within pairs cases that shared every round");
  const std::size_t eq = args.within.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == args.within.size())
    throw Error("--within " + args.within, "expected SETTING=BASE, e.g. --within replica=1");
  const std::string path = results::resolve_results_file(args.base);
  const std::vector<results::CaseResult> run = read_side(path);
  const report::PairedComparison comparison = report::compare_within(
      run, args.within.substr(0, eq), args.within.substr(eq + 1), args.threshold);
  std::ostringstream text;
  text << fmt::format("# Comparison within one run\n\nrun: `{}`\n\n", path);
  report::write_paired_comparison(text, comparison);
  std::cout << text.str();
  write_to(args.out_file, text.str());
  write_to(args.json_file, json_text(report::paired_comparison_json(comparison), 2) + "\n");
  return comparison.has_regression ? 1 : 0;
}

}  // namespace

int compare_command(const CompareArgs& args) {
  if (!args.within.empty()) return compare_within(args);
  if (args.candidate.empty())
    throw Error("compare", "needs BASE and CANDIDATE (or one run and --within SETTING=BASE)");
  const std::string base_path = results::resolve_results_file(args.base);
  const std::string candidate_path = results::resolve_results_file(args.candidate);
  const report::Comparison comparison =
      report::compare_results(read_side(base_path), read_side(candidate_path),
                              {.threshold = args.threshold,
                               .alpha = args.alpha,
                               .assume_stable_machine = args.assume_stable_machine});
  if (comparison.only_in_base + comparison.only_in_candidate ==
      static_cast<int>(comparison.rows.size()))
    throw Error(candidate_path, "no case of it is in " + base_path +
                                    " (cases match by id: the same settings); nothing compared");

  std::ostringstream text;
  text << fmt::format("# Comparison\n\nbase: `{}`  \ncandidate: `{}`\n\n", base_path,
                      candidate_path);
  report::write_comparison(text, comparison);
  std::cout << text.str();
  write_to(args.out_file, text.str());
  write_to(args.json_file, json_text(report::comparison_json(comparison), 2) + "\n");
  return comparison.has_regression ? 1 : 0;
}

}  // namespace lstmbench::app
