// JSON to text that never throws on text that is not UTF-8 (a Latin-1 CSV cell in an error
// message, a plugin's device name, an output folder's name): such bytes become U+FFFD instead
// of aborting the run or hiding the case's real error behind nlohmann's type_error 316.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace lstmbench {

inline std::string json_text(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace lstmbench
