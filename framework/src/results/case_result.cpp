#include "results/case_result.hpp"

#include <array>
#include <utility>

#include "common/error.hpp"

namespace lstmbench::results {

namespace {
constexpr std::array<std::pair<Status, const char*>, 7> kStatusNames{{
    {Status::ok, "ok"},
    {Status::skipped, "skipped"},
    {Status::failed, "failed"},
    {Status::crashed, "crashed"},
    {Status::timeout, "timeout"},
    {Status::diverged, "diverged"},
    {Status::unverified, "unverified"},
}};
}  // namespace

const char* to_string(Status status) {
  for (const auto& [value, name] : kStatusNames)
    if (value == status) return name;
  return "unknown";
}

Status status_from_string(const std::string& name) {
  for (const auto& [value, text] : kStatusNames)
    if (name == text) return value;
  throw Error("status", "unknown case status '" + name +
                            "'; expected ok, skipped, failed, crashed, timeout, diverged or "
                            "unverified");
}

}  // namespace lstmbench::results
