// One point of a suite's grid with every setting resolved: what the runner runs and what every
// report row shows. Produced by the suite module (suite.hpp); read by everything downstream.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lstmbench::suite {

// Each setting's default is the initialiser here; the setting table (setting.cpp) names the
// member every setting fills and reads the default from a default-constructed CaseSpec.
struct CaseSpec {
  // [suite]
  std::string suite_name;
  std::string description;
  int epochs = 50;
  int warmup_epochs = 1;
  std::uint64_t seed = 42;
  double timeout_s = 3600;
  // Measuring (docs/measuring.md): the timed epochs are split over `rounds` rounds, interleaved
  // with every other case's in a seeded random order; more rounds are added (up to max_rounds,
  // within max_time_s of the run) until each case's 95 % interval is within ±target_rel_ci.
  int rounds = 0;            // 0: one round per timed epoch (the finest interleaving)
  int replicas = 1;          // identical copies of every case, reported as separate rows
  double target_rel_ci = 0;  // 0: no stopping rule, exactly `rounds` rounds
  int max_rounds = 200;
  double max_time_s = 0;  // 0: no limit
  int max_sessions = 16;  // cases whose sessions are alive at once
  std::string cpus;       // CPUs every case process is pinned to ("0", "0,1"); "": not pinned
  // The training loss report.md's time-to-target chart measures against; 0: no target.
  double target_loss = 0;
  // [model]
  int hidden_size = 64;
  int num_layers = 1;
  std::string activation = "tanh";
  std::string recurrent_activation = "sigmoid";
  double recurrent_dropout = 0.0;
  // [data]
  std::string data_source = "synthetic";  // "synthetic" | "csv"
  std::string csv_path;                   // absolute, or relative to the suite file's folder
  std::string csv_column;                 // a header name, or a 0-based index as text
  std::string csv_missing = "error";      // empty cells: "error" | "drop" | "interpolate"
  int seq_len = 60;
  int train_windows = 16384;
  int val_windows = 2048;
  // [optimizer]
  std::string optimizer = "adam";  // "adam" | "sgd"
  double learning_rate = 0.001;
  // [run]
  // As the suite names it, an [external.NAME] table's NAME included: what reports show.
  std::string backend = "reference";
  std::string precision = "fp32";  // "fp32" | "fp16" | "bf16"
  std::string mode = "eager";      // "eager" | "graph"
  int batch_size = 32;
  bool verify = true;  // compare against the reference backend before timing
  // [options]: backend-specific settings, passed through as text.
  std::map<std::string, std::string> options;
  // The plugin backend that runs the case when it is not `backend` itself, and the options the
  // suite adds for it beside [options]. Set at load for a backend named by an [external.NAME]
  // table: plugin backend "external" with external.name, external.command (argv as a JSON
  // array) and external.timeout_s (suite/external_backend.hpp).
  std::string plugin_backend;
  std::map<std::string, std::string> plugin_options;

  // Which identical copy this is (1-based; > 1 only with replicas > 1).
  int replica = 1;
  // With `run --baseline-plugin-dir`: "baseline" (the plugin from that folder) or "candidate"
  // (the plugin of this build); empty otherwise.
  std::string build;

  // Position in the suite's expansion (0-based) and a stable id made of the settings that
  // define the case, so --resume can recognise finished cases across runs.
  int index = 0;
  std::string id;
  // The settings that vary across this suite's cases, name -> value as text, in axis order:
  // what a table shows to tell cases apart.
  std::vector<std::pair<std::string, std::string>> varying;
};

}  // namespace lstmbench::suite
