// Messages to stderr that can never stop a run. Progress lines and warnings are for a person
// watching; when stderr is closed, a full disk or /dev/full, losing them must not cost the
// results (fmt::print would throw, and a throw while reporting an error aborts the process).
#pragma once

#include <fmt/format.h>
#include <unistd.h>

#include <string>

namespace lstmbench {

// Writes text to file descriptor 2, ignoring every error.
inline void write_stderr(const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(2, text.data() + written, text.size() - written);
    if (n <= 0) return;
    written += static_cast<std::size_t>(n);
  }
}

template <class... Args>
void note(fmt::format_string<Args...> format, Args&&... args) {
  write_stderr(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace lstmbench
