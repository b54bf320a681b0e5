#include "results/result_json.hpp"

#include <cmath>
#include <limits>
#include <type_traits>
#include <variant>

#include "common/error.hpp"
#include "suite/external_backend.hpp"
#include "suite/setting.hpp"

namespace lstmbench::results {

using nlohmann::json;

namespace {

// JSON has no NaN or infinity: nlohmann writes them as null, and null reads back as NaN.
double number_or_nan(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::numeric_limits<double>::quiet_NaN();
  return it->get<double>();
}

std::vector<double> numbers(const json& j, const char* key) {
  std::vector<double> out;
  auto it = j.find(key);
  if (it == j.end()) return out;
  for (const json& v : *it)
    out.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
  return out;
}

template <class T>
void read_if(const json& j, const char* key, T& field) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // nlohmann converts a float to an integer with a plain cast, undefined out of range.
    if (it->is_number_float()) {
      const double value = it->get<double>();
      if (!(value >= static_cast<double>(std::numeric_limits<T>::min()) &&
            value < std::ldexp(1.0, std::numeric_limits<T>::digits))) {
        throw Error("", std::string(key) + " is " + it->dump() + ", out of range");
      }
    }
  }
  field = it->get<T>();
}

}  // namespace

json spec_to_json(const suite::CaseSpec& s) {
  json varying = json::array();
  for (const auto& [name, value] : s.varying) varying.push_back({name, value});
  json j{{"index", s.index}, {"id", s.id},           {"replica", s.replica},
         {"build", s.build}, {"options", s.options}, {"varying", varying}};
  for (const suite::SettingDef& def : suite::settings()) {
    std::visit([&](auto member) { j[def.json_key()] = s.*member; }, def.field);
  }
  if (!s.plugin_backend.empty()) {
    j["plugin_backend"] = s.plugin_backend;
    j["plugin_options"] = s.plugin_options;
  }
  return j;
}

suite::CaseSpec spec_from_json(const json& j) {
  suite::CaseSpec s;
  read_if(j, "index", s.index);
  read_if(j, "id", s.id);
  read_if(j, "replica", s.replica);
  read_if(j, "build", s.build);
  read_if(j, "options", s.options);
  for (const suite::SettingDef& def : suite::settings()) {
    std::visit([&](auto member) { read_if(j, def.json_key().c_str(), s.*member); }, def.field);
  }
  read_if(j, "plugin_backend", s.plugin_backend);
  read_if(j, "plugin_options", s.plugin_options);
  // Results written before plugin_backend existed name an external backend's program here.
  if (auto it = j.find("external_command"); it != j.end() && it->is_array()) {
    suite::run_on_external_plugin(s, {s.backend, it->get<std::vector<std::string>>()});
  }
  if (auto it = j.find("varying"); it != j.end())
    for (const json& pair : *it)
      s.varying.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
  return s;
}

json verification_to_json(const Verification& v) {
  return {{"ran", v.ran},
          {"passed", v.passed},
          {"steps", v.steps},
          {"max_rel_error_loss", v.max_rel_error_loss},
          {"weight_update_error", v.weight_update_error},
          {"tolerance", v.tolerance},
          {"note", v.note},
          {"reused_from", v.reused_from}};
}

Verification verification_from_json(const json& j) {
  Verification v;
  read_if(j, "ran", v.ran);
  read_if(j, "passed", v.passed);
  read_if(j, "steps", v.steps);
  v.max_rel_error_loss = number_or_nan(j, "max_rel_error_loss");
  v.weight_update_error = number_or_nan(j, "weight_update_error");
  read_if(j, "tolerance", v.tolerance);
  read_if(j, "note", v.note);
  read_if(j, "reused_from", v.reused_from);
  return v;
}

json result_to_json(const CaseResult& r) {
  json j{{"spec", spec_to_json(r.spec)},
         {"status", to_string(r.status)},
         {"reason", r.reason},
         {"verification", verification_to_json(r.verification)},
         {"epoch_ms", r.epoch_ms},
         {"backend_epoch_ms", r.backend_epoch_ms},
         {"train_loss", r.train_loss},
         {"epoch_round", r.epoch_round},
         {"epoch_steal", r.epoch_steal},
         {"epoch_other_cpu", r.epoch_other_cpu},
         {"rounds_run", r.rounds_run},
         {"stop_reason", r.stop_reason},
         {"phase_ms",
          {{"workload", r.phases.workload_ms},
           {"spawn", r.phases.spawn_ms},
           {"verification", r.phases.verification_ms},
           {"create", r.phases.create_ms},
           {"warmup", r.phases.warmup_ms},
           {"timed", r.phases.timed_ms}}},
         {"peak_rss_bytes", r.peak_rss_bytes},
         {"val_loss", r.val_loss},
         {"diverged_epoch", r.diverged_epoch},
         {"skipped_steps", r.skipped_steps},
         {"steps_per_epoch", r.steps_per_epoch},
         {"device_bytes", r.device_bytes},
         {"backend_details", r.backend_details},
         {"device", r.device},
         {"visible_devices", r.visible_devices},
         {"plugin", r.plugin},
         {"setup_ms", r.setup_ms},
         {"log_path", r.log_path}};
  // Only GPU cases have these; CPU results stay as they were.
  if (!r.epoch_gpu_clock_mhz.empty()) j["epoch_gpu_clock_mhz"] = r.epoch_gpu_clock_mhz;
  if (!r.epoch_gpu_temp_c.empty()) j["epoch_gpu_temp_c"] = r.epoch_gpu_temp_c;
  if (!r.epoch_gpu_power_w.empty()) j["epoch_gpu_power_w"] = r.epoch_gpu_power_w;
  // Absent, not null, for a backend without a ceiling: as results written before it existed.
  if (std::isfinite(r.gemm_ceiling_gflops)) j["gemm_ceiling_gflops"] = r.gemm_ceiling_gflops;
  return j;
}

CaseResult result_from_json(const json& j) {
  CaseResult r;
  r.spec = spec_from_json(j.at("spec"));
  r.status = status_from_string(j.at("status").get<std::string>());
  read_if(j, "reason", r.reason);
  if (auto it = j.find("verification"); it != j.end()) r.verification = verification_from_json(*it);
  r.epoch_ms = numbers(j, "epoch_ms");
  r.backend_epoch_ms = numbers(j, "backend_epoch_ms");
  r.train_loss = numbers(j, "train_loss");
  read_if(j, "epoch_round", r.epoch_round);
  r.epoch_steal = numbers(j, "epoch_steal");
  r.epoch_other_cpu = numbers(j, "epoch_other_cpu");
  r.epoch_gpu_clock_mhz = numbers(j, "epoch_gpu_clock_mhz");
  r.epoch_gpu_temp_c = numbers(j, "epoch_gpu_temp_c");
  r.epoch_gpu_power_w = numbers(j, "epoch_gpu_power_w");
  read_if(j, "rounds_run", r.rounds_run);
  read_if(j, "stop_reason", r.stop_reason);
  if (auto it = j.find("phase_ms"); it != j.end() && it->is_object()) {
    r.phases.workload_ms = number_or_nan(*it, "workload");
    r.phases.spawn_ms = number_or_nan(*it, "spawn");
    r.phases.verification_ms = number_or_nan(*it, "verification");
    r.phases.create_ms = number_or_nan(*it, "create");
    r.phases.warmup_ms = number_or_nan(*it, "warmup");
    r.phases.timed_ms = number_or_nan(*it, "timed");
  }
  read_if(j, "peak_rss_bytes", r.peak_rss_bytes);
  r.val_loss = number_or_nan(j, "val_loss");
  read_if(j, "diverged_epoch", r.diverged_epoch);
  read_if(j, "skipped_steps", r.skipped_steps);
  read_if(j, "steps_per_epoch", r.steps_per_epoch);
  read_if(j, "device_bytes", r.device_bytes);
  read_if(j, "backend_details", r.backend_details);
  read_if(j, "device", r.device);
  read_if(j, "visible_devices", r.visible_devices);
  read_if(j, "plugin", r.plugin);
  read_if(j, "setup_ms", r.setup_ms);
  read_if(j, "log_path", r.log_path);
  r.gemm_ceiling_gflops = number_or_nan(j, "gemm_ceiling_gflops");
  return r;
}

}  // namespace lstmbench::results
