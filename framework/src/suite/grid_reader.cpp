// TOML -> Grid: every section, key and value checked, in file order so the first error a person
// sees is the first one in the file.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/error.hpp"
#include "suite/did_you_mean.hpp"
#include "suite/grid.hpp"

namespace lstmbench::suite {
namespace {

const std::vector<std::string> kSections = {"suite", "model",   "data", "optimizer",
                                            "run",   "options", "axes", "external"};

struct Entry {
  const toml::key* key;
  const toml::node* node;
};

std::string str(const toml::key& key) { return std::string(key.str()); }

bool before(const toml::source_position& a, const toml::source_position& b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

// TOML++ keeps a table's keys sorted by name; the suite's meaning (axis order) and the order of
// errors follow the file instead.
std::vector<Entry> in_file_order(const toml::table& table) {
  std::vector<Entry> entries;
  for (auto&& [key, node] : table) entries.push_back({&key, &node});
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return before(a.key->source().begin, b.key->source().begin);
  });
  return entries;
}

std::vector<std::string> split_command(const std::string& text) {
  // Whitespace separates arguments; single or double quotes keep spaces inside one argument.
  std::vector<std::string> args;
  std::string current;
  bool in_arg = false;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        current += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_arg = true;
    } else if (c == ' ' || c == '\t') {
      if (in_arg) args.push_back(std::move(current));
      current.clear();
      in_arg = false;
    } else {
      current += c;
      in_arg = true;
    }
  }
  if (in_arg) args.push_back(std::move(current));
  return args;
}

class Reader {
 public:
  explicit Reader(const std::string& path) {
    grid_.path = path;
    grid_.base = std::filesystem::path(path).parent_path().string();
  }

  Grid read(const toml::table& root) {
    const toml::table* axes = nullptr;
    for (const auto& [key, node] : in_file_order(root)) {
      const std::string& name = str(*key);
      if (std::find(kSections.begin(), kSections.end(), name) == kSections.end()) {
        unknown_section(*key);
      }
      const toml::table* table = node->as_table();
      if (table == nullptr) {
        throw Error(at(*node),
                    fmt::format("[{}] must be a table, got {}", name, describe_node(*node)));
      }
      if (name == "options") {
        read_options(*table);
      } else if (name == "axes") {
        axes = table;  // read last: an axis may name an option declared further down
      } else if (name == "external") {
        read_externals(*table);
      } else {
        read_section(name, *table);
      }
    }
    if (axes != nullptr) read_axes(*axes);
    return std::move(grid_);
  }

 private:
  std::string at(const toml::node& node) const {
    return format_location(grid_.path, node.source());
  }
  std::string at(const toml::key& key) const { return format_location(grid_.path, key.source()); }

  [[noreturn]] void unknown_section(const toml::key& key) const {
    if (const SettingDef* def = find_setting(str(key))) {
      throw Error(at(key), fmt::format("setting '{}' must be written as {} = ... in [{}]", str(key),
                                       def->key, def->section));
    }
    const auto close = closest_name(str(key), kSections);
    throw Error(at(key), fmt::format("unknown section [{}]{}; sections are {}", str(key),
                                     close ? "; did you mean [" + *close + "]?" : "",
                                     fmt::join(kSections, ", ")));
  }

  [[noreturn]] void unknown_key(const std::string& section, const toml::key& key) const {
    const std::string& name = str(key);
    if (const SettingDef* def = find_setting(name)) {
      throw Error(at(key), fmt::format("setting '{}' must be written as {} = ... in [{}]", name,
                                       def->key, def->section));
    }
    const std::vector<std::string> here = section_keys(section);
    std::string hint = did_you_mean(name, here);
    if (hint.empty()) {
      if (const auto other = closest_name(name, setting_names())) {
        const SettingDef* def = find_setting(*other);
        hint = fmt::format("; did you mean '{}' (in [{}])?", def->key, def->section);
      } else {
        hint = fmt::format("; [{}] has {}", section, fmt::join(here, ", "));
      }
    }
    throw Error(at(key), fmt::format("unknown setting '{}' in [{}]{}", name, section, hint));
  }

  void read_section(const std::string& section, const toml::table& table) {
    for (const auto& [key, node] : in_file_order(table)) {
      const SettingDef* def = find_setting_key(section, str(*key));
      if (def == nullptr) unknown_key(section, *key);
      grid_.fixed.insert_or_assign(def->name, check_setting(*def, *node, at(*node), grid_.base));
    }
  }

  void read_options(const toml::table& table) {
    for (const auto& [key, node] : in_file_order(table)) {
      const std::string& name = str(*key);
      // Options share the settings' flat names (for [axes] and --set), so they must not clash.
      if (const SettingDef* def = find_setting(name)) {
        throw Error(at(*key), fmt::format("option '{}' has the name of a setting; set {} in [{}]",
                                          name, def->key, def->section));
      }
      grid_.fixed.insert_or_assign(name, check_option(name, *node, at(*node)));
      grid_.options.push_back(name);
    }
  }

  void read_externals(const toml::table& table) {
    for (const auto& [key, node] : in_file_order(table)) {
      const std::string& name = str(*key);
      const toml::table* ext = node->as_table();
      if (ext == nullptr) {
        throw Error(at(*node), fmt::format("[external.{}] must be a table with command = ..., "
                                           "got {}",
                                           name, describe_node(*node)));
      }
      ExternalBackend backend{name, {}};
      bool has_command = false;
      for (const auto& [ext_key, value] : in_file_order(*ext)) {
        if (str(*ext_key) != "command") {
          throw Error(at(*ext_key),
                      fmt::format("unknown setting '{}' in [external.{}]{}", str(*ext_key), name,
                                  did_you_mean(str(*ext_key), {"command"})));
        }
        has_command = true;
        backend.command = read_command(name, *value);
      }
      if (!has_command) {
        throw Error(at(*node), fmt::format("[external.{}] needs command = \"program args\" or "
                                           "command = [\"program\", \"arg\", ...]",
                                           name));
      }
      grid_.externals.insert_or_assign(name, std::move(backend));
    }
  }

  std::vector<std::string> read_command(const std::string& name, const toml::node& node) const {
    std::vector<std::string> argv;
    if (const auto* s = node.as_string()) {
      argv = split_command(s->get());
    } else if (const auto* array = node.as_array()) {
      for (const auto& element : *array) {
        const auto* arg = element.as_string();
        if (arg == nullptr) {
          throw Error(at(element), fmt::format("command of [external.{}] must list strings, got {}",
                                               name, describe_node(element)));
        }
        argv.push_back(arg->get());
      }
    } else {
      throw Error(at(node), fmt::format("command of [external.{}] must be a string or an array "
                                        "of strings, got {}",
                                        name, describe_node(node)));
    }
    if (argv.empty() || argv.front().empty()) {
      throw Error(at(node), fmt::format("command of [external.{}] must name a program", name));
    }
    return argv;
  }

  // Resolves an [axes] / [[axes.zip]] key to a sweepable setting or a declared option.
  void check_axis_name(const toml::key& key, const std::string& where) const {
    const std::string& name = str(key);
    if (const SettingDef* def = find_setting(name)) {
      if (!def->sweepable) {
        throw Error(at(key), fmt::format("{} describes the whole suite and cannot vary; set it "
                                         "once in [{}]",
                                         name, def->section));
      }
      return;
    }
    if (grid_.is_option(name)) return;
    std::vector<std::string> known = setting_names();
    known.insert(known.end(), grid_.options.begin(), grid_.options.end());
    throw Error(at(key), fmt::format("unknown setting '{}' in {}{} (an option must be declared "
                                     "in [options] to be swept)",
                                     name, where, did_you_mean(name, known)));
  }

  std::vector<Value> read_axis_values(const toml::key& key, const toml::node& node) const {
    const std::string& name = str(key);
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      throw Error(at(node), fmt::format("axis {} must be an array of values, e.g. {} = [a, b], "
                                        "got {}",
                                        name, name, describe_node(node)));
    }
    if (array->empty()) {
      throw Error(at(node), fmt::format("axis {} is empty; give at least one value", name));
    }
    std::vector<Value> values;
    const SettingDef* def = find_setting(name);
    for (const auto& element : *array) {
      values.push_back(def != nullptr ? check_setting(*def, element, at(element), grid_.base)
                                      : check_option(name, element, at(element)));
    }
    return values;
  }

  struct PlacedAxis {
    toml::source_position position;
    Axis axis;
    std::vector<std::string> name_locations;
  };

  void read_axes(const toml::table& table) {
    std::vector<PlacedAxis> placed;
    for (const auto& [key, node] : in_file_order(table)) {
      if (str(*key) == "zip") {
        const toml::array* groups = node->as_array();
        if (groups == nullptr || !groups->is_array_of_tables()) {
          throw Error(at(*node),
                      "axes.zip must be written as [[axes.zip]] tables of settings "
                      "whose arrays move together");
        }
        for (const auto& group : *groups) placed.push_back(read_zip(*group.as_table()));
        continue;
      }
      check_axis_name(*key, "[axes]");
      placed.push_back(
          {key->source().begin, {{str(*key)}, {read_axis_values(*key, *node)}}, {at(*key)}});
    }
    std::stable_sort(placed.begin(), placed.end(), [](const PlacedAxis& a, const PlacedAxis& b) {
      return before(a.position, b.position);
    });
    std::map<std::string, std::string> first_seen;
    for (auto& p : placed) {
      for (std::size_t n = 0; n < p.axis.names.size(); ++n) {
        const std::string& name = p.axis.names[n];
        const auto [it, inserted] = first_seen.emplace(name, p.name_locations[n]);
        if (!inserted) {
          throw Error(p.name_locations[n],
                      fmt::format("{} is given twice (first at {}); a setting may be in [axes] or "
                                  "in one [[axes.zip]] group, once",
                                  name, it->second));
        }
      }
      grid_.axes.push_back(std::move(p.axis));
    }
  }

  PlacedAxis read_zip(const toml::table& group) {
    PlacedAxis out{group.source().begin, {}, {}};
    if (group.empty()) {
      throw Error(at(group), "[[axes.zip]] is empty; list settings whose arrays move together");
    }
    const toml::key* first_key = nullptr;
    for (const auto& [key, node] : in_file_order(group)) {
      check_axis_name(*key, "[[axes.zip]]");
      std::vector<Value> values = read_axis_values(*key, *node);
      if (!out.axis.values.empty() && values.size() != out.axis.size()) {
        throw Error(at(*node),
                    fmt::format("[[axes.zip]] arrays must have the same length: {} has {} values, "
                                "{} has {}",
                                str(*key), values.size(), str(*first_key), out.axis.size()));
      }
      if (first_key == nullptr) first_key = key;
      out.axis.names.push_back(str(*key));
      out.axis.values.push_back(std::move(values));
      out.name_locations.push_back(at(*key));
    }
    if (first_key != nullptr) out.position = first_key->source().begin;
    return out;
  }

  Grid grid_;
};

}  // namespace

bool Grid::is_option(const std::string& name) const {
  return std::find(options.begin(), options.end(), name) != options.end();
}

Grid read_grid(const toml::table& root, const std::string& path) { return Reader(path).read(root); }

}  // namespace lstmbench::suite
