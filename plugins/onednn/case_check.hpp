// Which cases the onednn backend can run, and why not when it cannot.
#pragma once

#include <lstmbench/plugin.hpp>
#include <string>

namespace lstmbench::onednn {

// RETURNS: empty if the case can run, else a reason a person reads in the report, e.g.
// "oneDNN's LSTM primitive computes activation=tanh; this case has relu".
std::string unsupported_reason(const sdk::CaseConfig& config);

// RETURNS: the thread count the case asks for (option "threads"), or every core by default.
// Throws std::invalid_argument for a value that is not a positive integer.
int requested_threads(const sdk::CaseConfig& config);

}  // namespace lstmbench::onednn
