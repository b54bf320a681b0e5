#include "run/idle_spin.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace lstmbench::run {

namespace {

// Lower case, surrounding blanks removed: the OpenMP runtimes read these values that way.
std::string normalized(const char* value) {
  std::string text(value);
  const auto blank = [](unsigned char c) { return std::isspace(c) != 0; };
  text.erase(text.begin(), std::find_if_not(text.begin(), text.end(), blank));
  text.erase(std::find_if_not(text.rbegin(), text.rend(), blank).base(), text.end());
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool is_infinite(const std::string& value) { return value == "infinite" || value == "infinity"; }

// Whether a whole-number value is at least `floor`; false for anything that is not a number
// (the runtime ignores it too).
bool at_least(const std::string& value, std::uint64_t floor) {
  std::uint64_t n = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (error == std::errc::result_out_of_range) return true;
  return error == std::errc() && end == value.data() + value.size() && n >= floor;
}

}  // namespace

std::string idle_spin_setting(const EnvLookup& lookup) {
  // The standard setting: libgomp then spins about 3e10 times, LLVM's runtime without end.
  if (const char* v = lookup("OMP_WAIT_POLICY"); v && normalized(v) == "active")
    return std::string("OMP_WAIT_POLICY=") + v;
  // libgomp counts spins: 1e9 of them take a second or more on any current CPU.
  if (const char* v = lookup("GOMP_SPINCOUNT")) {
    const std::string value = normalized(v);
    if (is_infinite(value) || at_least(value, 1'000'000'000))
      return std::string("GOMP_SPINCOUNT=") + v;
  }
  // LLVM's and Intel's runtimes count milliseconds.
  if (const char* v = lookup("KMP_BLOCKTIME")) {
    const std::string value = normalized(v);
    if (is_infinite(value) || at_least(value, 1000)) return std::string("KMP_BLOCKTIME=") + v;
  }
  return {};
}

}  // namespace lstmbench::run
