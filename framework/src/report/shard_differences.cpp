#include "report/shard_differences.hpp"

#include <algorithm>

#include "common/json_text.hpp"
#include "report/environment_view.hpp"
#include "report/format.hpp"

namespace lstmbench::report {

using nlohmann::json;

namespace {

constexpr const char* kNotRecorded = "not recorded";

std::string text_of(const json& value) {
  return value.is_string() ? value.get<std::string>() : json_text(value);
}

// The value of `key` in the first plugin description that has it ("" when none does).
std::string first_plugin_value(const json& plugins, const char* key) {
  for (const json& plugin : plugins) {
    const json environment = plugin.is_object() ? plugin.value("environment", json()) : json();
    if (environment.is_object() && environment.contains(key) && !environment[key].is_null())
      return text_of(environment[key]);
  }
  return "";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> hardware_facts(const json& environment) {
  std::vector<std::pair<std::string, std::string>> facts;
  if (!environment.is_object()) return facts;
  for (const char* key : {"cpu", "cores"})
    if (environment.contains(key) && !environment[key].is_null())
      facts.emplace_back(key, text_of(environment[key]));
  const json plugins = plugins_of(environment);
  std::vector<std::string> gpus;
  for (const json& plugin : plugins)
    if (plugin.is_object())
      for (const std::string& gpu : devices_of(plugin.value("environment", json())).devices)
        if (std::find(gpus.begin(), gpus.end(), gpu) == gpus.end()) gpus.push_back(gpu);
  if (!gpus.empty()) {
    std::string list;
    for (const std::string& gpu : gpus) list += (list.empty() ? "" : ", ") + gpu;
    facts.emplace_back("GPUs", list);
  }
  for (const auto& [field, key] :
       {std::pair{"CUDA driver", "cuda_driver"}, std::pair{"CUDA runtime", "cuda_runtime_loaded"},
        std::pair{"cuDNN", "cudnn_loaded"}})
    if (std::string value = first_plugin_value(plugins, key); !value.empty())
      facts.emplace_back(field, value);
  for (const json& plugin : plugins) {
    const json described = plugin.is_object() ? plugin.value("environment", json()) : json();
    if (described.is_object() && described.value("library", json()) == "oneDNN" &&
        described.contains("version")) {
      facts.emplace_back("oneDNN", text_of(described["version"]));
      break;
    }
  }
  return facts;
}

std::vector<ShardDifference> shard_differences(const json& environment) {
  std::vector<ShardDifference> differences;
  const json shards = environment.is_object() ? environment.value("shards", json()) : json();
  if (!shards.is_array() || shards.size() < 2) return differences;

  struct Shard {
    std::string source;
    bool recorded = false;
    std::vector<std::pair<std::string, std::string>> facts;
  };
  std::vector<Shard> read;
  std::vector<std::string> fields;  // every field any shard has, in first-seen order
  for (const json& shard : shards) {
    if (!shard.is_object()) continue;
    Shard s;
    s.source = text_of(shard.value("source", json("?")));
    const json described = shard.value("environment", json());
    s.recorded = described.is_object() && !described.empty();
    s.facts = hardware_facts(described);
    for (const auto& [field, value] : s.facts)
      if (std::find(fields.begin(), fields.end(), field) == fields.end()) fields.push_back(field);
    read.push_back(std::move(s));
  }

  // Adds source under value, keeping values in first-seen order.
  auto add = [](ShardDifference& d, const std::string& value, const std::string& source) {
    auto it = std::find_if(d.values.begin(), d.values.end(),
                           [&](const auto& v) { return v.first == value; });
    if (it == d.values.end()) it = d.values.insert(d.values.end(), {value, {}});
    it->second.push_back(source);
  };
  ShardDifference missing{"environment.json", {}};
  for (const Shard& s : read) add(missing, s.recorded ? "recorded" : "missing", s.source);
  if (missing.values.size() > 1) differences.push_back(std::move(missing));

  for (const std::string& field : fields) {
    ShardDifference d{field, {}};
    for (const Shard& s : read) {
      if (!s.recorded) continue;
      auto fact = std::find_if(s.facts.begin(), s.facts.end(),
                               [&](const auto& f) { return f.first == field; });
      add(d, fact == s.facts.end() ? kNotRecorded : fact->second, s.source);
    }
    if (d.values.size() > 1) differences.push_back(std::move(d));
  }
  return differences;
}

std::string describe(const ShardDifference& difference) {
  std::string text = difference.field + ": ";
  for (std::size_t i = 0; i < difference.values.size(); ++i) {
    const auto& [value, sources] = difference.values[i];
    text += (i ? "; " : "") + value + " in ";
    for (std::size_t j = 0; j < sources.size(); ++j) text += (j ? ", " : "") + sources[j];
  }
  return text;
}

void write_shard_warning(std::ostream& out, const json& environment) {
  const std::vector<ShardDifference> differences = shard_differences(environment);
  if (differences.empty()) return;
  out << "> **Warning: the merged shards did not all run on the same hardware and software.** "
         "Times from shards that differ here were measured on different setups; compare cases "
         "within a shard.\n>\n";
  for (const ShardDifference& d : differences)
    out << "> - " << markdown_cell(cap_text(describe(d), kReasonCap, "…")) << '\n';
  out << '\n';
}

}  // namespace lstmbench::report
