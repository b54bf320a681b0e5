#include "progress_printer.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <numeric>

#include "report/format.hpp"
#include "stats/case_metrics.hpp"
#include "stats/rounds.hpp"
#include "suite/case_selection.hpp"

namespace lstmbench::app {

namespace {

// A finished case's line repeats its reason; a plugin may print megabytes there.
constexpr std::size_t kReasonCap = 300;

}  // namespace

ProgressPrinter::Mode ProgressPrinter::mode_for(bool quiet) {
  if (quiet) return Mode::quiet;
  return isatty(STDERR_FILENO) ? Mode::live : Mode::lines;
}

// Progress is for a person watching: a closed or full stream costs the line, never the run.
void ProgressPrinter::emit(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
  std::clearerr(out_);
}

ProgressPrinter::ProgressPrinter(Mode mode, const std::vector<suite::CaseSpec>& cases,
                                 std::FILE* out)
    : mode_(mode), out_(out), start_(std::chrono::steady_clock::now()) {
  for (const auto& c : cases) suite_epochs_total_ += std::max(c.epochs, 0);
}

double ProgressPrinter::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string ProgressPrinter::duration_text(double seconds) {
  if (!(seconds >= 0)) return "?";
  if (seconds < 90) return fmt::format("{:.0f} s", seconds);
  if (seconds < 90 * 60) return fmt::format("{:.1f} min", seconds / 60);
  return fmt::format("{:.1f} h", seconds / 3600);
}

std::string ProgressPrinter::status_line(const results::CaseResult& partial, int planned_rounds,
                                         double elapsed_s, long long suite_epochs_done,
                                         long long suite_epochs_total) {
  const int epochs = partial.spec.epochs;
  const int done = static_cast<int>(partial.epoch_ms.size());
  const int round = partial.epoch_round.empty() ? 0 : partial.epoch_round.back();
  std::string line = fmt::format("{}: epoch {}/{}", suite::case_name(partial.spec), done, epochs);
  if (done == 0)
    line = suite::case_name(partial.spec) + ": set up";
  else if (round > 0)
    line += planned_rounds > 0 ? fmt::format(", round {}/{}", round, planned_rounds)
                               : fmt::format(", round {}", round);
  else
    line += ", warm-up";
  line += ", " + duration_text(elapsed_s);
  if (done > 0 && done < epochs) {
    const double mean_ms =
        std::accumulate(partial.epoch_ms.begin(), partial.epoch_ms.end(), 0.0) / done;
    line += "; case ETA " + duration_text((epochs - done) * mean_ms / 1000.0);
  }
  if (suite_epochs_done > 0 && suite_epochs_total > suite_epochs_done)
    line += (done > 0 && done < epochs ? ", suite ETA " : "; suite ETA ") +
            duration_text(elapsed_s * static_cast<double>(suite_epochs_total - suite_epochs_done) /
                          static_cast<double>(suite_epochs_done));
  return line;
}

void ProgressPrinter::on_case_update(const results::CaseResult& partial) {
  epochs_done_[partial.spec.id] = static_cast<long long>(partial.epoch_ms.size());
  if (mode_ != Mode::live) return;
  long long done = 0;
  for (const auto& [id, epochs] : epochs_done_) done += epochs;
  print_status(status_line(partial, planned_rounds_, elapsed_s(), done,
                           std::max(suite_epochs_total_, done)));
}

void ProgressPrinter::on_round(int round, int planned, std::size_t live_cases, double elapsed_s) {
  planned_rounds_ = planned;
  // The live line already shows the round; a log gets one line per round.
  if (mode_ != Mode::lines) return;
  emit(fmt::format("  round {}{}: {} case{}, {:.1f} s elapsed\n", round,
                   round <= planned ? fmt::format("/{}", planned) : std::string(" (extra)"),
                   live_cases, live_cases == 1 ? "" : "s", elapsed_s));
}

void ProgressPrinter::on_case_done(const results::CaseResult& r, std::size_t done,
                                   std::size_t total) {
  epochs_done_[r.spec.id] = static_cast<long long>(r.epoch_ms.size());
  if (mode_ == Mode::quiet) return;
  clear_status();
  std::string outcome = results::to_string(r.status);
  if (!r.epoch_ms.empty()) {
    const stats::CaseMetrics m = stats::case_metrics(r);
    const stats::Interval mean = stats::geometric_interval(stats::round_means_ms(r));
    outcome += "  " + report::fixed_significant(m.epoch_ms.mean, 4) + " ms/epoch";
    if (mean.valid())
      outcome +=
          fmt::format(" (±{:.1f} % over {} rounds)", 100.0 * mean.rel_half_width(), mean.samples);
  }
  if (r.verification.ran) outcome += r.verification.passed ? "  verified" : "  NOT verified";
  if (!r.reason.empty())
    outcome +=
        "  (" + report::cap_text(r.reason, kReasonCap, report::truncated_note(r.log_path)) + ")";
  emit(fmt::format("[{}/{}] {}: {}\n", done, total, suite::case_name(r.spec), outcome));
}

void ProgressPrinter::finish() { clear_status(); }

void ProgressPrinter::print_status(const std::string& line) {
  // \r back to the line's start, the new text, then erase what a longer old line left (EL).
  emit(fmt::format("\r{}\x1b[K", line));
  status_shown_ = true;
}

void ProgressPrinter::clear_status() {
  if (!status_shown_) return;
  emit(fmt::format("\r\x1b[K"));
  status_shown_ = false;
}

}  // namespace lstmbench::app
