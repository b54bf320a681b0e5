#include "run/device_list.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "common/error.hpp"

namespace lstmbench::run {

std::vector<int> parse_id_list(const std::string& text, const IdListWords& words) {
  const std::string where = words.option + " " + text;
  const std::string usage =
      fmt::format("give {} ids separated by commas, e.g. {}", words.noun, words.example);
  if (text.empty()) throw Error(words.option, fmt::format("the list is empty: {}", usage));
  std::vector<int> ids;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string entry = text.substr(start, comma - start);
    if (entry.empty()) throw Error(where, fmt::format("an entry is empty: {}", usage));
    int id = -1;
    const auto [end, error] = std::from_chars(entry.data(), entry.data() + entry.size(), id);
    // Digits only: from_chars would take "-1", and "+1" or " 1" are not ids either.
    const bool digits =
        std::all_of(entry.begin(), entry.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || error != std::errc() || end != entry.data() + entry.size())
      throw Error(where, fmt::format("'{}' is not a {} id (a non-negative integer): {}", entry,
                                     words.noun, usage));
    if (std::find(ids.begin(), ids.end(), id) != ids.end())
      throw Error(where, fmt::format("{} {} is given twice: {}, so list it once", words.noun, id,
                                     words.once));
    ids.push_back(id);
    if (comma == text.size()) break;
    start = comma + 1;
  }
  return ids;
}

std::vector<int> parse_device_list(const std::string& text) {
  return parse_id_list(text, {.option = "--devices",
                              .noun = "device",
                              .example = "--devices 0,1,2,3",
                              .once = "each device runs one case at a time"});
}

}  // namespace lstmbench::run
