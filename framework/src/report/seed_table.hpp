// Pieces of the seed table that the full Markdown report reuses (internal to the module).
#pragma once

#include <string>

#include "results/case_result.hpp"

namespace lstmbench::report {

// Whether the case trained (ok, diverged, unverified): it has a row in the seed table.
bool ran(const results::CaseResult& result);

// How the Markdown report spells a time in ms (4 significant digits) and a loss (4 digits).
std::string format_ms(double ms);
std::string format_loss(double loss);

}  // namespace lstmbench::report
