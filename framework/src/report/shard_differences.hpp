// Shards merged into one report may have run on different machines. `merge` records each
// shard's environment (environment["shards"]); this compares what they say about the hardware,
// the driver and the libraries, so that the report and the merge say where shards differ.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace lstmbench::report {

// One fact on which the shards disagree: each value with the shards (their sources, as given
// to merge) that recorded it, in first-seen order.
struct ShardDifference {
  std::string field;  // "cpu", "cores", "GPUs", "CUDA driver", "CUDA runtime", "cuDNN", "oneDNN"
  std::vector<std::pair<std::string, std::vector<std::string>>> values;
};

// RETURNS: the compared facts one environment.json holds, as (field, value), in a fixed order:
// cpu and cores of the host, and from the plugins' own descriptions the GPU names, the CUDA
// driver and runtime, cuDNN and oneDNN versions. A fact it does not hold is left out.
std::vector<std::pair<std::string, std::string>> hardware_facts(const nlohmann::json& environment);

// RETURNS: the facts on which the shards of environment["shards"] ({source, environment}
// objects) disagree. A shard that recorded no environment differs in "environment.json"; one
// that lacks a fact others have shows it as "not recorded".
std::vector<ShardDifference> shard_differences(const nlohmann::json& environment);

// RETURNS: "cpu: Xeon A in shard-1, shard-3; EPYC B in shard-2".
std::string describe(const ShardDifference& difference);

// A warning for the top of report.md, one line per difference; nothing when the shards agree.
void write_shard_warning(std::ostream& out, const nlohmann::json& environment);

}  // namespace lstmbench::report
