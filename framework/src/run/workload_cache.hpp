// The run's workloads, built once: before the first case runs, the runner builds every distinct
// workload of the selected cases (workload_key: data, model shape, seed) and writes each to a file
// that the cases map read-only (shared_workload.hpp). A missing or malformed data file therefore
// stops the run here, with its file and line, before anything is measured.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "suite/case_spec.hpp"

namespace lstmbench::run {

class WorkloadCache {
 public:
  // Builds and writes the workloads of `cases` into dir (created).
  // THROWS: lstmbench::Error from the workload (file:line of a bad data row, a missing column,
  // too few rows for the windows) or naming a file that cannot be written.
  WorkloadCache(const std::vector<suite::CaseSpec>& cases, std::string dir);
  // Removes the files: they are a cache of this run, not a result.
  ~WorkloadCache();
  WorkloadCache(const WorkloadCache&) = delete;
  WorkloadCache& operator=(const WorkloadCache&) = delete;

  // RETURNS: the file holding this case's workload.
  std::string file_for(const suite::CaseSpec& spec) const;
  // RETURNS: the milliseconds this case's workload took to build, for the first case that uses
  // it (which is charged with it in the report), 0 for the others.
  double build_ms_charged_to(const suite::CaseSpec& spec) const;

 private:
  struct Entry {
    std::string file;
    double build_ms = 0.0;
    std::string first_case_id;
  };
  std::string dir_;
  std::map<std::string, Entry> by_key_;
};

}  // namespace lstmbench::run
