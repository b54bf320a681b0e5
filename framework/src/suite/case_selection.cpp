#include "suite/case_selection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <regex>
#include <set>

#include "common/error.hpp"
#include "suite/did_you_mean.hpp"
#include "suite/grid.hpp"

namespace lstmbench::suite {

std::pair<int, int> parse_shard(const std::string& text) {
  int shard = 0, shards = 0;
  const char* end = text.data() + text.size();
  auto [slash, ok1] = std::from_chars(text.data(), end, shard);
  bool valid = ok1 == std::errc() && slash != end && *slash == '/';
  if (valid) {
    auto [rest, ok2] = std::from_chars(slash + 1, end, shards);
    valid = ok2 == std::errc() && rest == end && shards >= 1 && shard >= 1 && shard <= shards;
  }
  if (!valid) throw Error("--shard " + text, "expected K/N with 1 <= K <= N, e.g. --shard 2/4");
  return {shard, shards};
}

std::string case_name(const CaseSpec& spec) {
  std::string name = fmt::format("{}/{}/{}/b{}/lr{}", spec.backend, spec.precision, spec.mode,
                                 spec.batch_size, spec.learning_rate);
  static const std::set<std::string> kInName = {"backend", "precision", "mode", "batch_size",
                                                "learning_rate"};
  for (const auto& [setting, value] : spec.varying)
    if (!kInName.count(setting)) name += "/" + setting + "=" + value;
  return name;
}

std::vector<CaseSpec> select_cases(const Suite& suite, const Selection& selection) {
  // A --backend no case uses would select nothing and pass: name it instead.
  std::vector<std::string> suite_backends;
  for (const CaseSpec& c : suite.cases)
    if (std::find(suite_backends.begin(), suite_backends.end(), c.backend) == suite_backends.end())
      suite_backends.push_back(c.backend);
  for (const std::string& b : selection.backends)
    if (std::find(suite_backends.begin(), suite_backends.end(), b) == suite_backends.end())
      throw Error("--backend " + b, "no case of " + suite.path + " uses this backend" +
                                        did_you_mean(b, suite_backends));
  auto [shard, shards] = selection.shard.empty() ? std::pair{1, 1} : parse_shard(selection.shard);
  std::regex filter;
  if (!selection.filter.empty()) {
    try {
      filter = std::regex(selection.filter, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      throw Error("--filter " + selection.filter,
                  std::string("not a valid regular expression: ") + e.what());
    }
  }
  std::set<std::string> backends(selection.backends.begin(), selection.backends.end());
  std::vector<CaseSpec> cases;
  for (const CaseSpec& c : suite.cases) {
    if (!backends.empty() && !backends.count(c.backend)) continue;
    if (shards > 1 && c.index % shards != shard - 1) continue;
    if (!selection.filter.empty() && !std::regex_search(case_name(c), filter)) continue;
    cases.push_back(c);
  }
  return cases;
}

std::vector<CaseSpec> baseline_and_candidate(const std::vector<CaseSpec>& cases) {
  std::vector<CaseSpec> out;
  for (const CaseSpec& c : cases) {
    for (const char* build : {"baseline", "candidate"}) {
      CaseSpec copy = c;
      copy.build = build;
      copy.varying.emplace_back("build", build);
      copy.id = case_id(copy);
      out.push_back(std::move(copy));
    }
  }
  return out;
}

}  // namespace lstmbench::suite
