// How `run --devices` cuts the cases into groups, one group per device at a time: the cases a
// paired ratio compares (an A/B's two builds, a case's replicas) always in one group, so on
// one device; about cases / devices per group, so that every device gets work.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "suite/case_spec.hpp"

namespace lstmbench::run {

// Cases with their position in the run's case list.
using CaseGroup = std::vector<std::pair<std::size_t, const suite::CaseSpec*>>;

// RETURNS: what the cases compared with each other share: the case's name without its
// `build` and `replica` settings.
std::string comparison_key(const suite::CaseSpec& spec);

// RETURNS: the groups for `devices` devices, in suite order: the cases of one comparison key
// together, about cases.size() / devices per group, never more than max_sessions (a larger set
// of copies is split, as without devices).
std::vector<CaseGroup> device_groups(const CaseGroup& cases, std::size_t devices,
                                     std::size_t max_sessions);

}  // namespace lstmbench::run
