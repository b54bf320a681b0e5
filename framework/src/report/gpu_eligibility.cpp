#include "report/gpu_eligibility.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/environment_view.hpp"
#include "report/format.hpp"
#include "report/markdown_table.hpp"
#include "report/seed_table.hpp"
#include "suite/case_selection.hpp"

namespace lstmbench::report {
namespace {

// A checklist cell stays short; the case's full reason is in the Skipped and Failed sections.
constexpr std::size_t kCellReason = 200;

Check yes() { return {true, "yes"}; }
Check no(const std::string& why) { return {false, "no: " + cap_text(why, kCellReason, "…")}; }
Check unknown() { return {false, "not recorded"}; }

bool listed(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::string list_text(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace

std::vector<EligibilityRow> gpu_eligibility(const std::vector<results::CaseResult>& results,
                                            const nlohmann::json& environment) {
  std::vector<EligibilityRow> rows;
  for (const auto& r : results) {
    const std::optional<BackendInfo> info = find_backend(environment, r.spec.backend);
    const std::string device = !r.device.empty() ? r.device : info ? info->device : "";
    if (device != "gpu") continue;
    EligibilityRow row;
    row.result = &r;
    const bool environment_known = !plugins_of(environment).empty();
    if (info) {
      row.plugin = {true, "yes (" + info->plugin + ")"};
      const DeviceList devices = devices_of(info->plugin_environment);
      if (!devices.devices.empty()) {
        row.device = {true, "yes: " + list_text(devices.devices)};
      } else if (!devices.no_device_reason.empty()) {
        row.device = no(devices.no_device_reason);
      } else {
        row.device = ran(r) ? Check{true, "yes"} : unknown();
      }
      row.precision = info->precisions.empty() ? unknown()
                      : listed(info->precisions, r.spec.precision)
                          ? yes()
                          : no(r.spec.precision + " not among " + list_text(info->precisions));
      row.mode = info->modes.empty() ? unknown()
                 : listed(info->modes, r.spec.mode)
                     ? yes()
                     : no(r.spec.mode + " not among " + list_text(info->modes));
    } else {
      row.plugin =
          environment_known ? no("no loaded plugin provides " + r.spec.backend) : unknown();
      row.device = row.precision = row.mode = unknown();
    }
    if (ran(r)) {
      row.outcome = {true, "ran on the GPU (" + std::string(results::to_string(r.status)) + ")"};
    } else {
      const std::string why = r.reason.empty() ? std::string(kMissing) : r.reason;
      row.outcome = {false, std::string(results::to_string(r.status)) + ": " +
                                cap_text(why, kCellReason, "…")};
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool write_gpu_eligibility(std::ostream& out, const std::vector<results::CaseResult>& results,
                           const nlohmann::json& environment) {
  const std::vector<EligibilityRow> rows = gpu_eligibility(results, environment);
  if (rows.empty()) return false;
  MarkdownTable table;
  for (const char* header : {"case", "plugin loaded", "GPU found", "precision", "mode", "outcome"})
    table.add_column(header);
  for (const EligibilityRow& row : rows)
    table.add_row({suite::case_name(row.result->spec), row.plugin.text, row.device.text,
                   row.precision.text, row.mode.text, row.outcome.text});
  out << "## GPU eligibility\n\nWhat `lstmbench doctor SUITE` checks, per case of a GPU "
         "backend, from what this run recorded.\n\n";
  table.write(out);
  out << '\n';
  return true;
}

}  // namespace lstmbench::report
