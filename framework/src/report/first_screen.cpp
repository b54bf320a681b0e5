#include "report/first_screen.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/error.hpp"
#include "report/environment_view.hpp"
#include "report/format.hpp"
#include "report/markdown_table.hpp"
#include "report/paired_comparison.hpp"
#include "report/seed_table.hpp"
#include "stats/case_metrics.hpp"
#include "stats/rounds.hpp"

namespace lstmbench::report {
namespace {

// A one-line answer keeps reasons short; the full reason is in the tables below.
constexpr std::size_t kShortReason = 160;

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

// The device a case's backend runs on: what the case recorded, else what its plugin declared.
std::string device_of(const results::CaseResult& r, const nlohmann::json& environment) {
  if (!r.device.empty()) return r.device;
  if (auto info = find_backend(environment, r.spec.backend)) return info->device;
  return "";
}

}  // namespace

std::string gpu_used_line(const std::vector<results::CaseResult>& results,
                          const nlohmann::json& environment) {
  // Devices found, per plugin that reports any (or says why it found none).
  std::vector<std::string> found, none;
  for (const auto& plugin : plugins_of(environment)) {
    if (!plugin.is_object()) continue;
    const DeviceList devices = devices_of(plugin.value("environment", nlohmann::json()));
    const std::string name = plugin.value("name", nlohmann::json("")).is_string()
                                 ? plugin.value("name", std::string())
                                 : std::string("?");
    if (!devices.devices.empty())
      found.push_back(name + ": " + join(devices.devices, ", "));
    else if (!devices.no_device_reason.empty())
      none.push_back(name + ": " + cap_text(devices.no_device_reason, kShortReason, "…"));
  }

  // Cases that ran, by device and backend; GPU backends' cases that did not run, by reason.
  std::map<std::string, std::map<std::string, int>> ran_on;  // device -> backend -> cases
  std::map<std::string, int> gpu_not_run;                    // "backend: reason" -> cases
  int gpu_cases = 0;
  for (const auto& r : results) {
    const std::string device = device_of(r, environment);
    if (ran(r)) {
      ++ran_on[device.empty() ? "unknown device" : device][r.spec.backend];
    } else if (device == "gpu") {
      const std::string why = r.reason.empty() ? results::to_string(r.status) : r.reason;
      ++gpu_not_run[r.spec.backend + " " + results::to_string(r.status) + ": " +
                    cap_text(why, kShortReason, "…")];
    }
    if (device == "gpu") ++gpu_cases;
  }

  const bool used = ran_on.count("gpu") > 0;
  std::string line = used ? "**GPU used?** Yes." : "**GPU used?** No.";
  if (!found.empty()) line += " Devices found: " + join(found, "; ") + ".";
  if (!none.empty()) line += " No device: " + join(none, "; ") + ".";
  if (found.empty() && none.empty()) line += " No plugin reported a device.";
  std::vector<std::string> where;
  for (const auto& [device, backends] : ran_on) {
    std::vector<std::string> parts;
    int total = 0;
    for (const auto& [backend, count] : backends) {
      parts.push_back(fmt::format("{} {}", backend, count));
      total += count;
    }
    where.push_back(fmt::format("{} on {} ({})", total, device, join(parts, ", ")));
  }
  line += where.empty() ? " No case ran." : " Cases that ran: " + join(where, "; ") + ".";
  if (gpu_cases == 0) {
    line += " The suite has no case for a GPU backend.";
  } else if (!gpu_not_run.empty()) {
    std::vector<std::string> reasons;
    for (const auto& [why, count] : gpu_not_run)
      reasons.push_back(fmt::format("{} case{} {}", count, count == 1 ? "" : "s", why));
    line += " Not run on the GPU: " + join(reasons, "; ") + ".";
  }
  return line;
}

bool write_variant_tables(std::ostream& out, const std::vector<results::CaseResult>& results) {
  struct Variant {
    const char* setting;
    const char* base;
    const char* other;
  };
  constexpr Variant kVariants[] = {
      {"precision", "fp32", "fp16"}, {"mode", "eager", "graph"}, {"precision", "fp32", "bf16"}};
  bool wrote = false;
  for (const auto& [setting, base, other] : kVariants) {
    PairedComparison comparison;
    try {
      comparison = compare_within(results, setting, base, 0.05);
    } catch (const Error&) {
      continue;  // the run does not vary this setting, or has no pair: no table
    }
    MarkdownTable table;
    using Align = MarkdownTable::Align;
    table.add_column("case");
    table.add_column(fmt::format("{} ms/epoch", base), Align::right);
    table.add_column(fmt::format("{} ms/epoch", other), Align::right);
    table.add_column(fmt::format("{} vs {} [95 %]", other, base), Align::right);
    for (const PairedRow& row : comparison.rows) {
      if (row.other_value != other) continue;
      auto mean = [](const results::CaseResult& r) {
        const stats::CaseMetrics m = stats::case_metrics(r);
        if (m.epoch_ms.count > 0) return format_ms(m.epoch_ms.mean);
        return std::string(results::to_string(r.status));
      };
      table.add_row(
          {row.label, mean(*row.base), mean(*row.other),
           row.speedup.samples > 0 ? stats::format_speedup(row.speedup) : std::string(kMissing)});
    }
    if (table.empty()) continue;
    out << fmt::format("### {} vs {}\n\n", other, base);
    table.write(out);
    out << '\n';
    wrote = true;
  }
  return wrote;
}

}  // namespace lstmbench::report
