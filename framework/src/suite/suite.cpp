#include "suite/suite.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "suite/grid.hpp"
#include "suite/toml_limits.hpp"

namespace lstmbench::suite {

Suite load_suite(const std::string& path, const std::vector<Override>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(path, fmt::format("cannot read the suite file: {}", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_suite(text.str(), path, overrides);
}

Suite parse_suite(const std::string& toml_text, const std::string& path,
                  const std::vector<Override>& overrides) {
  check_toml_limits(toml_text, path);  // before TOML++, whose recursion these limits bound
  toml::table root;
  try {
    // The path as a string_view: two string arguments are ambiguous in TOML++ 3.3.
    root = toml::parse(toml_text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    throw Error(format_location(path, e.source()), std::string(e.description()));
  }
  Grid grid = read_grid(root, path);
  apply_overrides(grid, overrides);
  return expand(grid);
}

}  // namespace lstmbench::suite
