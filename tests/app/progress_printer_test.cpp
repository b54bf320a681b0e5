// The run's progress output: the live status line's content, and that it is rewritten in place
// only in live mode (a log or a pipe gets whole lines, --quiet nothing).
#include "progress_printer.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace lstmbench::app {
namespace {

results::CaseResult partial_case(int epochs, std::vector<double> epoch_ms,
                                 std::vector<int> rounds) {
  results::CaseResult r;
  r.spec.id = "onednn-b32";
  r.spec.backend = "onednn";
  r.spec.batch_size = 32;
  r.spec.learning_rate = 0.001;
  r.spec.epochs = epochs;
  r.epoch_ms = std::move(epoch_ms);
  r.epoch_round = std::move(rounds);
  r.status = results::Status::ok;
  return r;
}

// Everything the printer wrote to a temporary FILE*.
class Captured {
 public:
  Captured() : file_(std::tmpfile()) {}
  ~Captured() { std::fclose(file_); }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    std::rewind(file_);
    std::string out;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, file_)) out.append(buffer, n);
    return out;
  }

 private:
  std::FILE* file_;
};

TEST(ProgressStatusLine, EpochRoundElapsedAndBothEtas) {
  // 3 of 10 epochs at 2 s each: 7 left at 2 s = 14 s. Suite: 30 of 120 epochs in 60 s: 180 s
  // left = 3.0 min.
  const auto r = partial_case(10, {2000, 2000, 2000}, {0, 1, 2});
  const std::string line = ProgressPrinter::status_line(r, 9, 60.0, 30, 120);
  EXPECT_NE(line.find("onednn/fp32/eager/b32/lr0.001: epoch 3/10"), std::string::npos) << line;
  EXPECT_NE(line.find("round 2/9"), std::string::npos) << line;
  EXPECT_NE(line.find("60 s"), std::string::npos) << line;
  EXPECT_NE(line.find("case ETA 14 s"), std::string::npos) << line;
  EXPECT_NE(line.find("suite ETA 3.0 min"), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\r'), std::string::npos);
}

TEST(ProgressStatusLine, WarmUpBeforeTheFirstRound) {
  const auto r = partial_case(10, {2500}, {0});
  EXPECT_NE(ProgressPrinter::status_line(r, 0, 3.0, 0, 100).find("warm-up"), std::string::npos);
}

TEST(ProgressDuration, Units) {
  EXPECT_EQ(ProgressPrinter::duration_text(42), "42 s");
  EXPECT_EQ(ProgressPrinter::duration_text(252), "4.2 min");
  EXPECT_EQ(ProgressPrinter::duration_text(5400), "1.5 h");
  EXPECT_EQ(ProgressPrinter::duration_text(-1), "?");
}

TEST(ProgressPrinter, LiveRewritesOneLineAndClearsItForFinishedCases) {
  Captured out;
  const auto r = partial_case(3, {10, 10}, {0, 1});
  ProgressPrinter printer(ProgressPrinter::Mode::live, {r.spec}, out.file());
  printer.on_case_update(r);
  printer.on_case_update(partial_case(3, {10, 10, 10}, {0, 1, 2}));
  printer.on_case_done(partial_case(3, {10, 10, 10}, {0, 1, 2}), 1, 1);
  printer.finish();
  const std::string text = out.text();
  EXPECT_NE(text.find("\ronednn/fp32/eager/b32/lr0.001: epoch 2/3"), std::string::npos);
  EXPECT_NE(text.find("\ronednn/fp32/eager/b32/lr0.001: epoch 3/3"), std::string::npos);
  // The finished case's line starts on a cleared line and ends the output with a newline.
  EXPECT_NE(text.find("\r\x1b[K[1/1] onednn/fp32/eager/b32/lr0.001: ok"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

TEST(ProgressPrinter, LinesModeWritesNoCarriageReturn) {
  Captured out;
  const auto r = partial_case(3, {10, 10, 10}, {0, 1, 2});
  ProgressPrinter printer(ProgressPrinter::Mode::lines, {r.spec}, out.file());
  printer.on_case_update(r);
  printer.on_round(1, 2, 1, 0.5);
  printer.on_case_done(r, 1, 1);
  printer.finish();
  const std::string text = out.text();
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  EXPECT_NE(text.find("round 1/2: 1 case"), std::string::npos) << text;
  EXPECT_NE(text.find("[1/1]"), std::string::npos) << text;
}

TEST(ProgressPrinter, QuietWritesNothing) {
  Captured out;
  const auto r = partial_case(3, {10, 10, 10}, {0, 1, 2});
  ProgressPrinter printer(ProgressPrinter::Mode::quiet, {r.spec}, out.file());
  printer.on_case_update(r);
  printer.on_round(1, 2, 1, 0.5);
  printer.on_case_done(r, 1, 1);
  printer.finish();
  EXPECT_EQ(out.text(), "");
}

TEST(ProgressPrinter, ALongReasonIsCappedOnItsLine) {
  Captured out;
  auto r = partial_case(3, {}, {});
  r.status = results::Status::failed;
  r.reason = std::string(1 << 20, 'x');
  ProgressPrinter printer(ProgressPrinter::Mode::lines, {r.spec}, out.file());
  printer.on_case_done(r, 1, 1);
  const std::string text = out.text();
  EXPECT_LT(text.size(), 1000u);
  EXPECT_NE(text.find("truncated"), std::string::npos);
}

}  // namespace
}  // namespace lstmbench::app
