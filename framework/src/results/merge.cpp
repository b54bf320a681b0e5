#include "results/merge.hpp"

#include <algorithm>
#include <map>

#include "results/run_folder.hpp"

namespace lstmbench::results {

std::vector<CaseResult> latest_per_case(std::vector<CaseResult> results) {
  // Keep the position of the last result of each id, then order by suite position.
  std::map<std::string, std::size_t> last;
  for (std::size_t i = 0; i < results.size(); ++i) last[results[i].spec.id] = i;
  std::vector<std::size_t> kept;
  for (const auto& [id, position] : last) kept.push_back(position);
  std::stable_sort(kept.begin(), kept.end(), [&](std::size_t a, std::size_t b) {
    if (results[a].spec.index != results[b].spec.index)
      return results[a].spec.index < results[b].spec.index;
    return a < b;
  });
  std::vector<CaseResult> out;
  out.reserve(kept.size());
  for (std::size_t position : kept) out.push_back(std::move(results[position]));
  return out;
}

std::vector<CaseResult> merge_results_files(const std::vector<std::string>& files) {
  std::vector<CaseResult> all;
  for (const std::string& file : files)
    for (CaseResult& r : read_results(file)) all.push_back(std::move(r));
  return latest_per_case(std::move(all));
}

}  // namespace lstmbench::results
