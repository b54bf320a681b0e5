// Running the built `lstmbench` from a test: a scratch folder per test, the command's exit code,
// stdout and stderr (support/scratch.hpp), and a tiny suite. Shared by the command-line end-to-end
// tests.
#pragma once

#include <string>

#include "support/scratch.hpp"

namespace lstmbench::testing {

// A suite that runs in well under a second: the reference on a tiny model, one timed epoch.
inline const char* const kTinySuite = R"(
[suite]
name = "tiny"
epochs = 2
warmup_epochs = 1
timeout_s = 20
[model]
hidden_size = 4
[data]
seq_len = 5
train_windows = 32
val_windows = 8
[run]
batch_size = 8
)";

using Outcome = CommandOutcome;

// A command-line test: a scratch folder of its own and a way to run the built lstmbench.
class CliTest : public ScratchTest {
 protected:
  Outcome lstmbench(const std::string& args) {
    return run_shell({}, std::string(LSTMBENCH_EXE) + " " + args);
  }
};

}  // namespace lstmbench::testing
