// The `external` plugin: a backend whose work is done by a separate program, named by the
// suite's [external.NAME] table, over the JSON-lines protocol of docs/external-protocol.md.
#include <lstmbench/plugin.hpp>
#include <memory>

#include "external_session.hpp"
#include "peer_connection.hpp"

namespace lstmbench::external {

struct ExternalBackend {
  static sdk::BackendTraits traits() {
    return {
        "external",       "a separate program speaking the lstmbench-external JSON-lines protocol",
        "external",
        "fp32,fp16,bf16",  // what the program offers is in its hello; create decides
        "eager,graph",    "external.name,external.command,external.timeout_s"};
  }

  // Cheap on purpose: no program is started here. Bad options throw std::invalid_argument
  // (LB_INVALID_ARGUMENT); the program's own yes or no comes at create.
  static std::string unsupported_reason(const sdk::CaseConfig& config) {
    parse_options(config.options);
    return {};
  }

  static std::unique_ptr<sdk::Session> create(const sdk::CaseConfig& config,
                                              const sdk::Dataset& data,
                                              std::span<const float> weights) {
    return std::make_unique<ExternalSession>(config, data, weights);
  }
};

}  // namespace lstmbench::external

LSTMBENCH_PLUGIN("external", "1.0", nullptr, lstmbench::external::ExternalBackend)
