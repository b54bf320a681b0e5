// lstmbench: run LSTM-training benchmark suites over backend plugins and report the numbers.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "common/diagnostics.hpp"
#include "common/error.hpp"
#include "plugin/plugin_registry.hpp"
#include "run/environment.hpp"

namespace {

// A process started with stdin, stdout or stderr closed would hand those numbers to the next
// file it opens (results.jsonl as "stderr"): give each closed one /dev/null first.
void open_standard_descriptors() {
  for (int fd = 0; fd <= 2; ++fd)
    if (fcntl(fd, F_GETFD) == -1) {
      int opened = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
      if (opened >= 0 && opened != fd) {
        dup2(opened, fd);
        close(opened);
      }
    }
}

}  // namespace

int main(int argc, char** argv) {
  open_standard_descriptors();
  using namespace lstmbench::app;
  CLI::App app{"lstmbench: LSTM training benchmarks over backend plugins"};
  // The version and the commit of the source it was built from (what environment.json records).
  app.set_version_flag("--version", [] {
    const nlohmann::json host = lstmbench::run::host_environment("");
    return fmt::format("lstmbench {} (git {})", host.value("lstmbench", std::string("?")),
                       host.value("git_commit", std::string("?")));
  });
  app.require_subcommand(1);
  std::vector<std::string> plugin_dirs;
  auto add_plugin_dir = [&](CLI::App* command) {
    command->add_option("--plugin-dir", plugin_dirs,
                        "extra folder to load plugins from, or one plugin .so file (repeatable; "
                        "searched before LSTMBENCH_PLUGIN_PATH and the build/install folder)");
  };

  RunArgs run;
  CLI::App* run_cmd = app.add_subcommand("run", "run a suite (default: the bundled quick suite)");
  run_cmd->add_option("suite", run.suite_path, "suite file (TOML)");
  run_cmd->add_option("--set", run.sets, "override a setting: --set batch_size=128 (repeatable)");
  run_cmd->add_option("--backend", run.backends, "run only cases of this backend (repeatable)");
  run_cmd->add_option("--out", run.out_dir, "output folder (default out/<suite>-<time>)");
  run_cmd->add_option("--filter", run.filter,
                      "run only cases whose name matches this regular expression "
                      "(names: backend/precision/mode/b<batch>/lr<lr>[/setting=value...])");
  run_cmd->add_option("--shard", run.shard,
                      "run shard K of N (K/N, 1-based): cases with index % N == K-1");
  run_cmd->add_option("--dump-workload", run.dump_dir,
                      "write each case's workload (.npy + manifest.json) to this folder and exit");
  run_cmd->add_option(
      "--gbench-json", run.gbench_json,
      "also write the results in Google Benchmark's JSON format to FILE (for its compare.py "
      "and github-action-benchmark)");
  run_cmd->add_flag("--resume", run.resume, "skip cases already in the output's results.jsonl");
  run_cmd->add_flag("--no-isolate", run.no_isolate, "run cases in this process (debugging)");
  run_cmd->add_option("--baseline-plugin-dir", run.baseline_plugin_dir,
                      "A/B in one run: every case also runs with the plugins of this folder "
                      "(another build), interleaved by round; exit 1 when a case is confidently "
                      "slower than there by more than --threshold");
  CLI::Option* devices_option = run_cmd->add_option(
      "--devices", run.devices,
      "run cases on these devices at once (ids, e.g. 0,1,2,3): one case group per "
      "device at a time, each case's process seeing only its device "
      "(CUDA_VISIBLE_DEVICES)");
  run_cmd->add_option("--threshold", run.threshold,
                      "A/B: the slowdown that fails the run (default 0.05 = 5%)");
  run_cmd->add_flag("--quiet,-q", run.quiet,
                    "no progress on stderr (on a terminal, a live status line per running case)");
  run_cmd->add_flag(
      "--fail-on-skip", run.fail_on_skip,
      "exit 1 when a case is skipped too (e.g. a GPU runner whose GPU is not usable)");
  add_plugin_dir(run_cmd);

  CLI::App* list_cmd =
      app.add_subcommand("list", "list plugins, backends, variants and load errors");
  add_plugin_dir(list_cmd);

  std::string doctor_suite;
  std::vector<std::string> doctor_sets;
  bool doctor_json = false;
  CLI::App* doctor_cmd = app.add_subcommand(
      "doctor", "show devices, library versions, CPU ISA and why each case can or cannot run");
  doctor_cmd->add_option("suite", doctor_suite, "suite whose cases to check");
  doctor_cmd->add_option("--set", doctor_sets, "override a setting (repeatable)");
  doctor_cmd->add_flag("--json", doctor_json, "print the environment as JSON");
  add_plugin_dir(doctor_cmd);

  std::string report_results, report_out, report_gbench_json;
  CLI::App* report_cmd =
      app.add_subcommand("report", "rebuild report.md and results.csv from results.jsonl");
  report_cmd->add_option("results", report_results, "results.jsonl of a run")->required();
  report_cmd->add_option("--out", report_out,
                         "folder for the reports (default: the results' folder)");
  report_cmd->add_option(
      "--gbench-json", report_gbench_json,
      "also write the results in Google Benchmark's JSON format to FILE (for its compare.py "
      "and github-action-benchmark)");

  CompareArgs compare;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare",
      "per-case speed-up of CANDIDATE against BASE, or within one run (--within); exit 1 on a "
      "confident regression");
  compare_cmd->add_option("base", compare.base, "results.jsonl or run folder")->required();
  compare_cmd->add_option("candidate", compare.candidate,
                          "results.jsonl or run folder (not with --within)");
  compare_cmd->add_option("--within", compare.within,
                          "SETTING=BASE: compare the cases of one run that differ in SETTING "
                          "alone against those with SETTING=BASE (e.g. replica=1, build=baseline)");
  compare_cmd->add_option("--json", compare.json_file, "also write the comparison as JSON here");
  compare_cmd->add_option("--threshold", compare.threshold,
                          "relative change of the mean that counts (default 0.05 = 5%)");
  compare_cmd->add_option("--alpha", compare.alpha,
                          "1 - the intervals' confidence (default 0.05: 95 % intervals)");
  compare_cmd->add_option("--out", compare.out_file, "also write the Markdown to this file");
  compare_cmd->add_flag("--assume-stable-machine", compare.assume_stable_machine,
                        "judge each case on its own interval, also when every case moved alike "
                        "(by default such a shift is inconclusive: it may be the machine's)");

  std::string merge_out;
  std::vector<std::string> merge_inputs;
  CLI::App* merge_cmd = app.add_subcommand(
      "merge", "combine results of shards or reruns into OUT_DIR (later files win per case)");
  merge_cmd->add_option("out_dir", merge_out, "output folder")->required();
  merge_cmd->add_option("results", merge_inputs, "results.jsonl files or run folders")->required();

  std::string check_target;
  CLI::App* check_cmd = app.add_subcommand(
      "check-plugin",
      "conformance battery: a plugin (.so) or backend (name) against the reference; exit 1 when a "
      "check fails");
  check_cmd->add_option("plugin", check_target, "a plugin .so file, or a backend name")->required();
  add_plugin_dir(check_cmd);

  std::string case_path;
  int result_fd = 3;
  int channel_fd = -1, command_fd = -1;
  CLI::App* case_cmd = app.add_subcommand("run-case", "");  // hidden: one case in a child
  case_cmd->group("");
  case_cmd->add_option("--case", case_path)->required();
  case_cmd->add_option("--channel-fd", channel_fd)->required();
  case_cmd->add_option("--command-fd", command_fd)->required();
  add_plugin_dir(case_cmd);
  CLI::App* probe_cmd = app.add_subcommand("environment-probe", "");  // hidden
  probe_cmd->group("");
  probe_cmd->add_option("--result-fd", result_fd);
  add_plugin_dir(probe_cmd);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  run.devices_given = devices_option->count() > 0;
  for (int i = 0; i < argc; ++i) run.command_line += (i ? " " : "") + std::string(argv[i]);

  try {
    for (const std::string& dir : plugin_dirs)
      if (std::string problem = lstmbench::plugin::plugin_dir_problem(dir); !problem.empty())
        throw lstmbench::Error("--plugin-dir " + dir, problem);
    if (*run_cmd) {
      run.plugin_dirs = plugin_dirs;
      return run_command(run);
    }
    if (*list_cmd) return list_command(plugin_dirs);
    if (*doctor_cmd) return doctor_command(doctor_suite, doctor_sets, plugin_dirs, doctor_json);
    if (*report_cmd)
      return report_command(report_results, report_out, run.command_line, report_gbench_json);
    if (*compare_cmd) return compare_command(compare);
    if (*merge_cmd) return merge_command(merge_out, merge_inputs);
    if (*check_cmd) return check_plugin_command(check_target, plugin_dirs);
    if (*case_cmd) return run_case_command(case_path, channel_fd, command_fd, plugin_dirs);
    if (*probe_cmd) return environment_probe_command(result_fd, plugin_dirs);
  } catch (const lstmbench::Error& e) {
    lstmbench::note("lstmbench: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    lstmbench::note("lstmbench: error: {}\n", e.what());
    return 2;
  }
  return 2;
}
