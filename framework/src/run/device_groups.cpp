#include "run/device_groups.hpp"

#include <algorithm>
#include <map>

#include "suite/case_selection.hpp"

namespace lstmbench::run {

std::string comparison_key(const suite::CaseSpec& spec) {
  suite::CaseSpec point = spec;
  std::erase_if(point.varying, [](const auto& setting) {
    return setting.first == "build" || setting.first == "replica";
  });
  return suite::case_name(point);
}

std::vector<CaseGroup> device_groups(const CaseGroup& pending, std::size_t devices,
                                     std::size_t max_sessions) {
  // Units: the cases of one key, in the order their first case comes.
  std::vector<CaseGroup> units;
  std::map<std::string, std::size_t> unit_of;
  for (const auto& c : pending) {
    auto [it, fresh] = unit_of.try_emplace(comparison_key(*c.second), units.size());
    if (fresh) units.emplace_back();
    units[it->second].push_back(c);
  }
  const std::size_t target =
      std::min(max_sessions, std::max<std::size_t>(1, (pending.size() + devices - 1) / devices));
  std::vector<CaseGroup> groups;
  CaseGroup current;
  for (const CaseGroup& unit : units) {
    if (!current.empty() && current.size() + unit.size() > target) {
      groups.push_back(std::move(current));
      current.clear();
    }
    for (const auto& c : unit) {
      if (current.size() == max_sessions) {
        groups.push_back(std::move(current));
        current.clear();
      }
      current.push_back(c);
    }
  }
  if (!current.empty()) groups.push_back(std::move(current));
  return groups;
}

}  // namespace lstmbench::run
