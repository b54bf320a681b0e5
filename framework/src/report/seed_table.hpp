// Pieces of the seed table that the full Markdown report reuses (internal to the module).
#pragma once

#include <string>

#include "results/case_result.hpp"

namespace lstmbench::report {

// Whether the case trained (ok, diverged, unverified): it has a row in the seed table.
bool ran(const results::CaseResult& result);

// The "verified" cell: "yes (2.1e-6)", "NO (3.1e-2 > 1.0e-4)", or — when it did not run.
std::string verified_cell(const results::Verification& verification);
// The "status" cell: "diverged (epoch 3)", "ok, not verified", or the status.
std::string status_cell(const results::CaseResult& result);

// How the Markdown report spells a time in ms (4 significant digits) and a loss (4 digits).
std::string format_ms(double ms);
std::string format_loss(double loss);

}  // namespace lstmbench::report
