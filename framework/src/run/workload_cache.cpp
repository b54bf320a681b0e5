#include "run/workload_cache.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "common/error.hpp"
#include "run/resources.hpp"
#include "workload/shared_workload.hpp"
#include "workload/workload.hpp"

namespace lstmbench::run {

namespace fs = std::filesystem;

WorkloadCache::WorkloadCache(const std::vector<suite::CaseSpec>& cases, std::string dir)
    : dir_(std::move(dir)) {
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error) throw Error(dir_, "cannot create the folder for shared workloads: " + error.message());
  for (const suite::CaseSpec& spec : cases) {
    const std::string key = workload::workload_key(spec);
    if (by_key_.count(key)) continue;
    // Checked before building: an impossible workload must not take the runner down with it.
    if (std::string why =
            does_not_fit(fmt::format("the workload of case {} ({})", spec.index, spec.backend),
                         workload_bytes(spec), available_memory_bytes());
        !why.empty())
      throw Error(spec.suite_name.empty() ? "suite" : spec.suite_name, why);
    // A case the runner will refuse for its memory needs no workload built for it.
    if (!does_not_fit("", case_memory_estimate(spec), available_memory_bytes()).empty()) continue;
    const auto start = std::chrono::steady_clock::now();
    const workload::Workload built = workload::build_workload(spec);
    const std::vector<float> weights = workload::initial_weights(spec, built.input_size);
    Entry entry;
    entry.file = (fs::path(dir_) / fmt::format("workload-{}.bin", by_key_.size())).string();
    workload::write_workload_file(entry.file, built, weights);
    entry.build_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    entry.first_case_id = spec.id;
    by_key_.emplace(key, std::move(entry));
  }
}

WorkloadCache::~WorkloadCache() {
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string WorkloadCache::file_for(const suite::CaseSpec& spec) const {
  const auto it = by_key_.find(workload::workload_key(spec));
  return it == by_key_.end() ? "" : it->second.file;
}

double WorkloadCache::build_ms_charged_to(const suite::CaseSpec& spec) const {
  const auto it = by_key_.find(workload::workload_key(spec));
  return it != by_key_.end() && it->second.first_case_id == spec.id ? it->second.build_ms : 0.0;
}

}  // namespace lstmbench::run
