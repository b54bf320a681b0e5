#include "report/charts_hook.hpp"

namespace lstmbench::report {

void write_charts(std::ostream& /*out*/, const std::vector<results::CaseResult>& /*results*/,
                  const std::string& /*dir*/) {
  // No charts yet: see charts_hook.hpp.
}

}  // namespace lstmbench::report
