// The framework's one error type: a location a person can find (file:line:column, or the name
// of a setting or file) and a message saying what was wrong and what would be right. Thrown
// anywhere in the core, caught once by the command line, which maps it to an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace lstmbench {

class Error : public std::runtime_error {
 public:
  Error(std::string location, const std::string& message)
      : std::runtime_error(location.empty() ? message : location + ": " + message),
        location_(std::move(location)),
        message_(message) {}

  const std::string& location() const { return location_; }
  const std::string& message() const { return message_; }

 private:
  std::string location_;
  std::string message_;
};

}  // namespace lstmbench
