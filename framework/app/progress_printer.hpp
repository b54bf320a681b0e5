// What `lstmbench run` prints while it runs. On a terminal: one status line for the case that is
// running (epoch k/N, round, elapsed, the case's and the suite's ETA), rewritten in place with
// \r, and a permanent line as each case finishes. Elsewhere (a CI log, a pipe): only the
// finished cases and the rounds, one line each, so logs stay readable. --quiet: nothing.
#pragma once

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "results/case_result.hpp"
#include "suite/case_spec.hpp"

namespace lstmbench::app {

class ProgressPrinter {
 public:
  enum class Mode { quiet, lines, live };

  // RETURNS: live when stderr is a terminal and not quiet, lines when it is not, quiet when asked.
  static Mode mode_for(bool quiet);

  ProgressPrinter(Mode mode, const std::vector<suite::CaseSpec>& cases, std::FILE* out = stderr);

  // A case's result so far (run::RunOptions::on_case_update): after its set-up and each round.
  void on_case_update(const results::CaseResult& partial);
  // After each round of a group (run::RoundFn).
  void on_round(int round, int planned, std::size_t live_cases, double elapsed_s);
  // After each case (run::ProgressFn).
  void on_case_done(const results::CaseResult& result, std::size_t done, std::size_t total);
  // Clears the status line (before the run's own output follows).
  void finish();

  // The live status line of a case, without \r: "onednn/fp32/eager/b32/lr0.001: epoch 17/50,
  // round 16/49, 12.3 s; case ETA 21 s, suite ETA 4.2 min". The case's ETA is its remaining
  // epochs at its own mean epoch time; the suite's is the run's elapsed time scaled by the
  // epochs of the whole suite still to run. Exposed for tests.
  static std::string status_line(const results::CaseResult& partial, int planned_rounds,
                                 double elapsed_s, long long suite_epochs_done,
                                 long long suite_epochs_total);
  // "42 s", "4.2 min", "1.5 h".
  static std::string duration_text(double seconds);

 private:
  void emit(const std::string& text);
  double elapsed_s() const;
  void print_status(const std::string& line);
  void clear_status();

  Mode mode_;
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_;
  long long suite_epochs_total_ = 0;
  std::map<std::string, long long> epochs_done_;  // case id -> epochs streamed so far
  int planned_rounds_ = 0;
  bool status_shown_ = false;
};

}  // namespace lstmbench::app
