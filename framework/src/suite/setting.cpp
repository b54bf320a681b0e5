#include "suite/setting.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <filesystem>
#include <optional>

#include "common/error.hpp"
#include "suite/did_you_mean.hpp"

namespace lstmbench::suite {
namespace {

const std::vector<std::string> kActivations = {"tanh", "sigmoid", "hard_sigmoid", "relu", "linear"};

int to_int(const Value& v) { return static_cast<int>(v.as_int()); }

std::vector<SettingDef> make_settings() {
  using K = Kind;
  // Captureless lambdas: each converts to the plain function pointer `apply` expects.
  return {
      {"name",
       "suite",
       "name",
       K::kName,
       {},
       false,
       [](CaseSpec& c, const Value& v) { c.suite_name = v.as_string(); }},
      {"description", "suite", "description", K::kText, {}, false, [](CaseSpec&, const Value&) {}},
      {"epochs",
       "suite",
       "epochs",
       K::kPositiveInt,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.epochs = to_int(v); }},
      {"warmup_epochs",
       "suite",
       "warmup_epochs",
       K::kNonNegativeInt,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.warmup_epochs = to_int(v); }},
      {"seed",
       "suite",
       "seed",
       K::kSeed,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.seed = static_cast<std::uint64_t>(v.as_int()); }},
      {"timeout_s",
       "suite",
       "timeout_s",
       K::kPositiveNumber,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.timeout_s = v.as_double(); }},
      // How the timed epochs are measured on a shared machine (docs/measuring.md). Suite-wide:
      // rounds interleave every case, so they cannot differ between cases.
      {"rounds",
       "suite",
       "rounds",
       K::kNonNegativeInt,
       {},
       false,
       [](CaseSpec& c, const Value& v) { c.rounds = to_int(v); },
       1000},
      {"replicas",
       "suite",
       "replicas",
       K::kNonNegativeInt,
       {},
       false,
       [](CaseSpec& c, const Value& v) { c.replicas = to_int(v); },
       100},
      {"target_rel_ci",
       "suite",
       "target_rel_ci",
       K::kFraction,
       {},
       false,
       [](CaseSpec& c, const Value& v) { c.target_rel_ci = v.as_double(); }},
      {"max_rounds",
       "suite",
       "max_rounds",
       K::kPositiveInt,
       {},
       false,
       [](CaseSpec& c, const Value& v) { c.max_rounds = to_int(v); },
       10000},
      {"max_time_s",
       "suite",
       "max_time_s",
       K::kNonNegativeNumber,
       {},
       false,
       [](CaseSpec& c, const Value& v) { c.max_time_s = v.as_double(); }},
      {"max_sessions",
       "suite",
       "max_sessions",
       K::kPositiveInt,
       {},
       false,
       [](CaseSpec& c, const Value& v) { c.max_sessions = to_int(v); },
       1024},
      {"hidden_size",
       "model",
       "hidden_size",
       K::kPositiveInt,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.hidden_size = to_int(v); },
       16384},
      {"num_layers",
       "model",
       "num_layers",
       K::kPositiveInt,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.num_layers = to_int(v); },
       64},
      {"activation", "model", "activation", K::kChoice, kActivations, true,
       [](CaseSpec& c, const Value& v) { c.activation = v.as_string(); }},
      {"recurrent_activation", "model", "recurrent_activation", K::kChoice, kActivations, true,
       [](CaseSpec& c, const Value& v) { c.recurrent_activation = v.as_string(); }},
      {"recurrent_dropout",
       "model",
       "recurrent_dropout",
       K::kFraction,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.recurrent_dropout = v.as_double(); }},
      {"source",
       "data",
       "source",
       K::kChoice,
       {"synthetic", "csv"},
       true,
       [](CaseSpec& c, const Value& v) { c.data_source = v.as_string(); }},
      {"path",
       "data",
       "path",
       K::kName,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.csv_path = v.as_string(); }},
      {"column",
       "data",
       "column",
       K::kColumn,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.csv_column = v.as_string(); }},
      {"seq_len",
       "data",
       "seq_len",
       K::kPositiveInt,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.seq_len = to_int(v); },
       100000},
      // 0 is only for csv: "every row" (docs/workload.md); check_case refuses it otherwise.
      {"train_windows",
       "data",
       "train_windows",
       K::kNonNegativeInt,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.train_windows = to_int(v); }},
      {"val_windows",
       "data",
       "val_windows",
       K::kNonNegativeInt,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.val_windows = to_int(v); }},
      // [optimizer] name would clash with [suite] name, so its flat name is `optimizer`.
      {"optimizer",
       "optimizer",
       "name",
       K::kChoice,
       {"adam", "sgd"},
       true,
       [](CaseSpec& c, const Value& v) { c.optimizer = v.as_string(); }},
      {"learning_rate",
       "optimizer",
       "learning_rate",
       K::kPositiveNumber,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.learning_rate = v.as_double(); }},
      {"backend",
       "run",
       "backend",
       K::kName,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.backend = v.as_string(); }},
      {"precision",
       "run",
       "precision",
       K::kChoice,
       {"fp32", "fp16", "bf16"},
       true,
       [](CaseSpec& c, const Value& v) { c.precision = v.as_string(); }},
      {"mode",
       "run",
       "mode",
       K::kChoice,
       {"eager", "graph"},
       true,
       [](CaseSpec& c, const Value& v) { c.mode = v.as_string(); }},
      {"batch_size",
       "run",
       "batch_size",
       K::kPositiveInt,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.batch_size = to_int(v); }},
      {"verify",
       "run",
       "verify",
       K::kBool,
       {},
       true,
       [](CaseSpec& c, const Value& v) { c.verify = v.as_bool(); }},
  };
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The part of a message after "<name> must be ...".
std::string expectation(const SettingDef& def) {
  switch (def.kind) {
    case Kind::kPositiveInt:
      return "a positive integer";
    case Kind::kNonNegativeInt:
    case Kind::kSeed:
      return "a non-negative integer";
    case Kind::kPositiveNumber:
      return "a number greater than 0";
    case Kind::kNonNegativeNumber:
      return "a number of at least 0";
    case Kind::kFraction:
      return "a number in [0, 1)";
    case Kind::kChoice:
      return "one of " + join(def.choices);
    case Kind::kName:
      return "a non-empty string";
    case Kind::kText:
      return "a string";
    case Kind::kColumn:
      return "a column name (string) or a 0-based column index (non-negative integer)";
    case Kind::kBool:
      return "true or false";
  }
  return "";
}

[[noreturn]] void fail(const SettingDef& def, const toml::node& node, const std::string& location,
                       const std::string& extra = "") {
  throw Error(location, fmt::format("{} must be {}, got {}{}", def.name, expectation(def),
                                    describe_node(node), extra));
}

std::optional<double> number_of(const toml::node& node) {
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  if (const auto* f = node.as_floating_point()) return f->get();
  return std::nullopt;
}

}  // namespace

std::string Value::text() const {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else {
          return fmt::format("{}", v);  // shortest text that reads back to the same number
        }
      },
      data);
}

const std::vector<SettingDef>& settings() {
  static const std::vector<SettingDef> table = make_settings();
  return table;
}

const std::vector<std::string>& setting_sections() {
  static const std::vector<std::string> sections = {"suite", "model", "data", "optimizer", "run"};
  return sections;
}

const SettingDef* find_setting(std::string_view name) {
  for (const auto& def : settings()) {
    if (def.name == name) return &def;
  }
  return nullptr;
}

const SettingDef* find_setting_key(std::string_view section, std::string_view key) {
  for (const auto& def : settings()) {
    if (def.section == section && def.key == key) return &def;
  }
  return nullptr;
}

std::vector<std::string> setting_names() {
  std::vector<std::string> names;
  for (const auto& def : settings()) names.push_back(def.name);
  return names;
}

std::vector<std::string> section_keys(std::string_view section) {
  std::vector<std::string> keys;
  for (const auto& def : settings()) {
    if (def.section == section) keys.push_back(def.key);
  }
  return keys;
}

Value check_setting(const SettingDef& def, const toml::node& node, const std::string& location,
                    const std::string& path_base) {
  Value out{{}, location};
  switch (def.kind) {
    case Kind::kPositiveInt:
    case Kind::kNonNegativeInt: {
      const auto* i = node.as_integer();
      const std::int64_t min = def.kind == Kind::kPositiveInt ? 1 : 0;
      if (i == nullptr || i->get() < min) fail(def, node, location);
      if (i->get() > def.max) fail(def, node, location, fmt::format(" (at most {})", def.max));
      out.data = i->get();
      break;
    }
    case Kind::kSeed: {
      const auto* i = node.as_integer();
      if (i == nullptr || i->get() < 0) fail(def, node, location);
      out.data = i->get();
      break;
    }
    case Kind::kPositiveNumber: {
      const auto x = number_of(node);
      if (!x || !(*x > 0) || !std::isfinite(*x)) fail(def, node, location);
      out.data = *x;
      break;
    }
    case Kind::kNonNegativeNumber: {
      const auto x = number_of(node);
      if (!x || !(*x >= 0) || !std::isfinite(*x)) fail(def, node, location);
      out.data = *x;
      break;
    }
    case Kind::kFraction: {
      const auto x = number_of(node);
      if (!x || !(*x >= 0 && *x < 1)) fail(def, node, location);
      out.data = *x;
      break;
    }
    case Kind::kChoice: {
      const auto* s = node.as_string();
      if (s == nullptr) fail(def, node, location);
      const std::string& text = s->get();
      if (std::find(def.choices.begin(), def.choices.end(), text) == def.choices.end()) {
        fail(def, node, location, did_you_mean(text, def.choices));
      }
      out.data = text;
      break;
    }
    case Kind::kName:
    case Kind::kText: {
      const auto* s = node.as_string();
      if (s == nullptr || (def.kind == Kind::kName && s->get().empty())) {
        fail(def, node, location);
      }
      std::string text = s->get();
      // A relative csv path means "next to the suite file"; made absolute here so the runner,
      // the workload and a --resume from another folder all read the same file.
      if (def.name == "path") {
        const std::filesystem::path p(text);
        text = std::filesystem::absolute(p.is_absolute() ? p : std::filesystem::path(path_base) / p)
                   .lexically_normal()
                   .string();
      }
      out.data = std::move(text);
      break;
    }
    case Kind::kColumn: {
      if (const auto* s = node.as_string(); s != nullptr && !s->get().empty()) {
        out.data = s->get();
      } else if (const auto* i = node.as_integer(); i != nullptr && i->get() >= 0) {
        out.data = std::to_string(i->get());
      } else {
        fail(def, node, location);
      }
      break;
    }
    case Kind::kBool: {
      const auto* b = node.as_boolean();
      if (b == nullptr) fail(def, node, location);
      out.data = b->get();
      break;
    }
  }
  return out;
}

Value check_option(std::string_view name, const toml::node& node, const std::string& location) {
  Value out{{}, location};
  if (const auto* s = node.as_string()) {
    out.data = s->get();
  } else if (const auto* i = node.as_integer()) {
    out.data = i->get();
  } else if (const auto* f = node.as_floating_point()) {
    out.data = f->get();
  } else if (const auto* b = node.as_boolean()) {
    out.data = b->get();
  } else {
    throw Error(location,
                fmt::format("option {} must be a string, integer, float or boolean, got {}", name,
                            describe_node(node)));
  }
  return out;
}

std::string describe_node(const toml::node& node) {
  if (const auto* s = node.as_string()) return fmt::format("\"{}\"", s->get());
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* f = node.as_floating_point()) {
    // As TOML writes it: 32.0 stays a float in the message, not "32", which reads as an integer.
    std::string text = fmt::format("{}", f->get());
    if (text.find_first_of(".eni") == std::string::npos) text += ".0";
    return text;
  }
  if (const auto* b = node.as_boolean()) return b->get() ? "true" : "false";
  if (node.is_array()) return "an array";
  if (node.is_table()) return "a table";
  return "a date/time";
}

std::string format_location(const std::string& path, const toml::source_region& region) {
  return fmt::format("{}:{}:{}", path.empty() ? "<suite>" : path, region.begin.line,
                     region.begin.column);
}

}  // namespace lstmbench::suite
