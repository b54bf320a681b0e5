// Writes the sample results of the writers' tests as a run folder would hold them
// (results.jsonl, results.json, results.csv, report.md) into the folder given, for the schema
// test (check_schema.py) to check what the writers produce.
#include <fstream>
#include <iostream>

#include "common/json_text.hpp"
#include "report/report.hpp"
#include "results/result_json.hpp"
#include "sample_results.hpp"

int main(int argc, char** argv) {
  using namespace lstmbench;
  if (argc != 2) {
    std::cerr << "usage: write_sample_results FOLDER\n";
    return 2;
  }
  const auto results = report::testing::sample_results();
  report::write_reports(argv[1], results, report::testing::sample_environment());
  std::ofstream lines(std::string(argv[1]) + "/results.jsonl");
  for (const auto& r : results) lines << json_text(results::result_to_json(r)) << '\n';
  return lines.flush() ? 0 : 1;
}
