#include "suite/setting.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <filesystem>
#include <optional>
#include <type_traits>

#include "common/error.hpp"
#include "suite/did_you_mean.hpp"
#include "suite/grid.hpp"

namespace lstmbench::suite {
namespace {

const std::vector<std::string> kActivations = {"tanh", "sigmoid", "hard_sigmoid", "relu", "linear"};

std::vector<SettingDef> make_settings() {
  using K = Kind;
  using S = CaseSpec;
  return {
      {.name = "name",
       .section = "suite",
       .kind = K::kName,
       .field = &S::suite_name,
       .sweepable = false,
       .in_id = false,
       .json_name = "suite",
       .csv_column = "suite",
       .csv_rank = 0},
      {.name = "description",
       .section = "suite",
       .kind = K::kText,
       .field = &S::description,
       .sweepable = false,
       .in_id = false},
      {.name = "epochs",
       .section = "suite",
       .kind = K::kPositiveInt,
       .field = &S::epochs,
       .csv_column = "epochs",
       .csv_rank = 17},
      {.name = "warmup_epochs",
       .section = "suite",
       .kind = K::kNonNegativeInt,
       .field = &S::warmup_epochs,
       .csv_column = "warmup_epochs",
       .csv_rank = 18},
      {.name = "seed",
       .section = "suite",
       .kind = K::kSeed,
       .field = &S::seed,
       .csv_column = "seed",
       .csv_rank = 19},
      {.name = "timeout_s",
       .section = "suite",
       .kind = K::kPositiveNumber,
       .field = &S::timeout_s,
       .in_id = false},
      // How the timed epochs are measured on a shared machine (docs/measuring.md). Suite-wide:
      // rounds interleave every case, so they cannot differ between cases.
      {.name = "rounds",
       .section = "suite",
       .kind = K::kNonNegativeInt,
       .field = &S::rounds,
       .sweepable = false,
       .in_id = false,
       .max = 1000},
      {.name = "replicas",
       .section = "suite",
       .kind = K::kPositiveInt,
       .field = &S::replicas,
       .sweepable = false,
       .in_id = false,
       .max = 100},
      {.name = "target_rel_ci",
       .section = "suite",
       .kind = K::kFraction,
       .field = &S::target_rel_ci,
       .sweepable = false,
       .in_id = false},
      {.name = "max_rounds",
       .section = "suite",
       .kind = K::kPositiveInt,
       .field = &S::max_rounds,
       .sweepable = false,
       .in_id = false,
       .max = 10000},
      {.name = "max_time_s",
       .section = "suite",
       .kind = K::kNonNegativeNumber,
       .field = &S::max_time_s,
       .sweepable = false,
       .in_id = false},
      {.name = "max_sessions",
       .section = "suite",
       .kind = K::kPositiveInt,
       .field = &S::max_sessions,
       .sweepable = false,
       .in_id = false,
       .max = 1024},
      // Where case processes run, not what they compute: cases pinned differently still match.
      {.name = "cpus",
       .section = "suite",
       .kind = K::kText,
       .field = &S::cpus,
       .sweepable = false,
       .in_id = false},
      // Only what the report draws (a time-to-target chart): not in the id, so a target added to
      // a suite later still resumes and compares its cases. One target for the whole chart.
      {.name = "target_loss",
       .section = "suite",
       .kind = K::kPositiveNumber,
       .field = &S::target_loss,
       .sweepable = false,
       .in_id = false},
      {.name = "hidden_size",
       .section = "model",
       .kind = K::kPositiveInt,
       .field = &S::hidden_size,
       .max = 16384,
       .csv_column = "hidden_size",
       .csv_rank = 11},
      {.name = "num_layers",
       .section = "model",
       .kind = K::kPositiveInt,
       .field = &S::num_layers,
       .max = 64,
       .csv_column = "num_layers",
       .csv_rank = 12},
      {.name = "activation",
       .section = "model",
       .kind = K::kChoice,
       .field = &S::activation,
       .choices = kActivations,
       .csv_column = "activation",
       .csv_rank = 20},
      {.name = "recurrent_activation",
       .section = "model",
       .kind = K::kChoice,
       .field = &S::recurrent_activation,
       .choices = kActivations,
       .csv_column = "recurrent_activation",
       .csv_rank = 21},
      {.name = "recurrent_dropout",
       .section = "model",
       .kind = K::kFraction,
       .field = &S::recurrent_dropout,
       .csv_column = "recurrent_dropout",
       .csv_rank = 22},
      {.name = "source",
       .section = "data",
       .kind = K::kChoice,
       .field = &S::data_source,
       .choices = {"synthetic", "csv"},
       .csv_column = "data_source",
       .csv_rank = 16},
      {.name = "path", .section = "data", .kind = K::kPath, .field = &S::csv_path},
      {.name = "column", .section = "data", .kind = K::kColumn, .field = &S::csv_column},
      // Added after ids were first written: in a case's id only when set, so earlier ids hold.
      {.name = "missing",
       .section = "data",
       .kind = K::kChoice,
       .field = &S::csv_missing,
       .choices = {"error", "drop", "interpolate"},
       .in_id_only_when_set = true},
      {.name = "seq_len",
       .section = "data",
       .kind = K::kPositiveInt,
       .field = &S::seq_len,
       .max = 100000,
       .csv_column = "seq_len",
       .csv_rank = 13},
      // 0 is only for csv: "every row" (docs/workload.md); check_case refuses it otherwise.
      {.name = "train_windows",
       .section = "data",
       .kind = K::kNonNegativeInt,
       .field = &S::train_windows,
       .csv_column = "train_windows",
       .csv_rank = 14},
      {.name = "val_windows",
       .section = "data",
       .kind = K::kNonNegativeInt,
       .field = &S::val_windows,
       .csv_column = "val_windows",
       .csv_rank = 15},
      // [optimizer] name would clash with [suite] name, so its flat name is `optimizer`.
      {.name = "optimizer",
       .section = "optimizer",
       .key = "name",
       .kind = K::kChoice,
       .field = &S::optimizer,
       .choices = {"adam", "sgd"},
       .csv_column = "optimizer",
       .csv_rank = 10},
      {.name = "learning_rate",
       .section = "optimizer",
       .kind = K::kPositiveNumber,
       .field = &S::learning_rate,
       .csv_column = "learning_rate",
       .csv_rank = 9},
      {.name = "backend",
       .section = "run",
       .kind = K::kName,
       .field = &S::backend,
       .csv_column = "backend",
       .csv_rank = 3},
      {.name = "precision",
       .section = "run",
       .kind = K::kChoice,
       .field = &S::precision,
       .choices = {"fp32", "fp16", "bf16"},
       .csv_column = "precision",
       .csv_rank = 6},
      {.name = "mode",
       .section = "run",
       .kind = K::kChoice,
       .field = &S::mode,
       .choices = {"eager", "graph"},
       .csv_column = "mode",
       .csv_rank = 7},
      {.name = "batch_size",
       .section = "run",
       .kind = K::kPositiveInt,
       .field = &S::batch_size,
       .csv_column = "batch_size",
       .csv_rank = 8},
      {.name = "verify", .section = "run", .kind = K::kBool, .field = &S::verify},
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
    case Kind::kPath:
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

// Same value -> same text: strings bare, numbers in the shortest text that reads back exactly.
template <class T>
std::string text_of(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v ? "true" : "false";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return v;
  } else {
    return fmt::format("{}", v);
  }
}

std::optional<double> number_of(const toml::node& node) {
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  if (const auto* f = node.as_floating_point()) return f->get();
  return std::nullopt;
}

}  // namespace

std::string Value::text() const {
  return std::visit([](const auto& v) { return text_of(v); }, data);
}

const std::vector<SettingDef>& settings() {
  static const std::vector<SettingDef> table = [] {
    std::vector<SettingDef> defs = make_settings();
    for (SettingDef& def : defs) {
      if (def.key.empty()) def.key = def.name;
    }
    return defs;
  }();
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

void apply_setting(const SettingDef& def, CaseSpec& spec, const Value& value) {
  std::visit(
      [&](auto member) {
        using T = std::decay_t<decltype(spec.*member)>;
        if constexpr (std::is_same_v<T, bool>) {
          spec.*member = value.as_bool();
        } else if constexpr (std::is_same_v<T, std::string>) {
          spec.*member = value.as_string();
        } else if constexpr (std::is_same_v<T, double>) {
          spec.*member = value.as_double();
        } else {  // int, std::uint64_t: the range was checked against the kind and `max`
          spec.*member = static_cast<T>(value.as_int());
        }
      },
      def.field);
}

std::string setting_text(const SettingDef& def, const CaseSpec& spec) {
  return std::visit([&](auto member) { return text_of(spec.*member); }, def.field);
}

std::string default_text(const SettingDef& def) {
  static const CaseSpec defaults;
  return setting_text(def, defaults);
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
      out.data = s->get();
      break;
    }
    case Kind::kPath: {
      const auto* s = node.as_string();
      if (s == nullptr || s->get().empty()) fail(def, node, location);
      // A relative path means "next to the suite file"; made absolute here so the runner, the
      // workload and a --resume from another folder all read the same file.
      const std::filesystem::path p(s->get());
      out.data =
          std::filesystem::absolute(p.is_absolute() ? p : std::filesystem::path(path_base) / p)
              .lexically_normal()
              .string();
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
