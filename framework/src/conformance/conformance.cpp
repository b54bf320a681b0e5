#include "conformance/conformance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "run/backend_call.hpp"
#include "run/verification.hpp"
#include "suite/case_spec.hpp"
#include "workload/shared_workload.hpp"
#include "workload/workload.hpp"

namespace lstmbench::conformance {

namespace {

const char* const kActivations[] = {"tanh", "sigmoid", "hard_sigmoid", "relu", "linear"};
const char* const kOptimizers[] = {"adam", "sgd"};
const int kLayers[] = {1, 2};
const int kBatches[] = {1, 7, 32};
// 3 full batches of 32 plus a remainder, so floor(n / batch) leaves windows unused for 7 and 32.
constexpr int kTrainWindows = 3 * 32 + 5;
constexpr int kValWindows = 8;

bool declared(const char* list) { return list && *list; }

// RETURNS: the first item of a comma list, or `preferred` when the list has it.
std::string pick(const char* list, const std::string& preferred) {
  std::string text = list ? list : "";
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) items.push_back(item);
    start = end + 1;
  }
  if (std::find(items.begin(), items.end(), preferred) != items.end()) return preferred;
  return items.empty() ? preferred : items.front();
}

std::string case_text(const suite::CaseSpec& s) {
  return fmt::format("{}/{} {} layers={} batch={}", s.activation, s.recurrent_activation,
                     s.optimizer, s.num_layers, s.batch_size);
}

// The relative difference the precision's rounding of a stored weight allows: half an ulp of
// its significand (fp32 24 bits, fp16 11, bf16 8), doubled for a round trip through it.
double weight_rounding(const std::string& precision) {
  if (precision == "fp16") return std::ldexp(1.0, -10);
  if (precision == "bf16") return std::ldexp(1.0, -7);
  return std::ldexp(1.0, -23);
}

class Battery {
 public:
  Battery(const lb_backend& candidate, const lb_backend& reference)
      : candidate_(candidate), reference_(reference) {
    for (const char* name : {kAbiFields, kAccepts, kRefusalReasons, kReadWeights, kStepCounts,
                             kEpochLoss, kEvaluate, kLoss, kWeights}) {
      CheckResult check;
      check.name = name;
      report_.checks.push_back(check);
    }
    report_.backend = candidate.name ? candidate.name : "";
  }

  Report run() {
    check_abi_fields();
    for (const char* act : kActivations)
      for (const char* rec : kActivations)
        for (const char* opt : kOptimizers)
          for (int layers : kLayers)
            for (int batch : kBatches) run_case(make_spec(act, rec, opt, layers, batch));
    CheckResult& accepts = check(kAccepts);
    accepts.cases = report_.cases_total;
    if (report_.cases_accepted == 0) fail(accepts, "every case of the battery was refused");
    return report_;
  }

 private:
  CheckResult& check(const char* name) {
    for (CheckResult& c : report_.checks)
      if (c.name == name) return c;
    throw std::logic_error(std::string("no check named ") + name);
  }

  static void fail(CheckResult& c, const std::string& why) {
    if (c.failures++ == 0) c.first_failure = why;
  }

  void check_abi_fields() {
    CheckResult& c = check(kAbiFields);
    c.cases = 1;
    std::vector<std::string> empty;
    if (!declared(candidate_.name)) empty.push_back("name");
    if (!declared(candidate_.device_kind)) empty.push_back("device_kind");
    if (!declared(candidate_.precisions)) empty.push_back("precisions");
    if (!declared(candidate_.modes)) empty.push_back("modes");
    if (!empty.empty())
      fail(c, fmt::format("empty in the lb_backend: {} (the runner lists and selects by them)",
                          fmt::join(empty, ", ")));
  }

  suite::CaseSpec make_spec(const char* act, const char* rec, const char* opt, int layers,
                            int batch) const {
    suite::CaseSpec s;
    s.backend = report_.backend;
    s.hidden_size = 4;
    s.seq_len = 5;
    s.train_windows = kTrainWindows;
    s.val_windows = kValWindows;
    s.activation = act;
    s.recurrent_activation = rec;
    s.optimizer = opt;
    // Keras's default: an epoch visibly moves the validation loss, and nothing diverges (SGD at
    // 0.05 sends linear activations at batch 7 to NaN within the epoch).
    s.learning_rate = 0.001;
    s.num_layers = layers;
    s.batch_size = batch;
    s.precision = pick(candidate_.precisions, "fp32");
    s.mode = pick(candidate_.modes, "eager");
    s.seed = 7;
    return s;
  }

  void run_case(const suite::CaseSpec& spec) {
    ++report_.cases_total;
    const std::string name = case_text(spec);
    // One workload per model shape (the data do not depend on the activations or optimizer).
    workload::Workload w = workload::build_workload(spec);
    std::vector<float> weights = workload::initial_weights(spec, w.input_size);
    workload::WorkloadView view = workload::view_of(w, weights);
    run::CaseConfig config(spec, view.input_size, spec.batch_size);

    lb_message message{};
    lb_status status = candidate_.check_case(&config.get(), &message);
    std::string text(message.text, strnlen(message.text, sizeof message.text));
    CheckResult& reasons = check(kRefusalReasons);
    if (status == LB_UNSUPPORTED) {
      ++reasons.cases;
      report_.refusals.push_back(name + ": refused: " + text);
      if (text.empty())
        fail(reasons, name + ": check_case returned LB_UNSUPPORTED with an empty reason");
      return;
    }
    if (status != LB_OK) {
      fail(check(kAccepts), fmt::format("{}: check_case failed with status {}: {}", name,
                                        static_cast<int>(status), text));
      return;
    }
    ++report_.cases_accepted;
    try {
      check_session(spec, config, view, name);
      check_agreement(spec, view, name);
    } catch (const std::exception& e) {
      // A call that fails where the case was accepted fails the check it was serving; the
      // battery goes on with the next case.
      fail(check(current_), name + ": " + e.what());
    }
  }

  // One session at the case's own batch size: weights in, one epoch, evaluate around it.
  void check_session(const suite::CaseSpec& spec, const run::CaseConfig& config,
                     const workload::WorkloadView& view, const std::string& name) {
    current_ = kReadWeights;
    run::Session session(candidate_, config, run::dataset_view(view), view.weights);

    CheckResult& round_trip = check(kReadWeights);
    ++round_trip.cases;
    std::vector<float> back = session.read_weights(view.weights.size());
    const double allowed = weight_rounding(spec.precision);
    for (std::size_t i = 0; i < back.size(); ++i) {
      const double want = view.weights[i];
      if (!(std::abs(back[i] - want) <= allowed * std::abs(want))) {
        fail(round_trip, fmt::format("{}: weight {} read back as {} after create, was {} "
                                     "(allowed relative difference {:.3g} at {})",
                                     name, i, back[i], want, allowed, spec.precision));
        break;
      }
    }

    current_ = kEvaluate;
    CheckResult& evaluate = check(kEvaluate);
    ++evaluate.cases;
    const double before = session.evaluate();
    const double again = session.evaluate();

    current_ = kStepCounts;
    std::vector<std::int32_t> order(view.num_train);
    std::iota(order.begin(), order.end(), 0);
    const std::size_t want_steps = view.num_train / static_cast<std::size_t>(spec.batch_size);
    std::vector<double> step_losses(want_steps, NAN);
    run::EpochOutcome epoch = session.train_epoch(order, step_losses);
    CheckResult& steps = check(kStepCounts);
    ++steps.cases;
    if (epoch.result.num_steps != want_steps)
      fail(steps, fmt::format("{}: train_epoch over {} windows reported num_steps {}, want "
                              "floor({}/{}) = {} (EpochResult::num_steps must be set)",
                              name, view.num_train, epoch.result.num_steps, view.num_train,
                              spec.batch_size, want_steps));

    CheckResult& mean = check(kEpochLoss);
    ++mean.cases;
    const double step_mean =
        std::accumulate(step_losses.begin(), step_losses.end(), 0.0) / want_steps;
    // Summation order alone separates the two: 1e-5 relative covers an fp32 running mean. A
    // full epoch with linear gates can overflow on correct code (the reference's too), and then
    // both are non-finite; agreement with the reference is checked on finite steps below.
    const bool both_non_finite =
        !std::isfinite(epoch.result.mean_loss) && !std::isfinite(step_mean);
    if (!both_non_finite &&
        !(std::abs(epoch.result.mean_loss - step_mean) <= 1e-5 * std::abs(step_mean) + 1e-12))
      fail(mean, fmt::format("{}: epoch mean_loss {} but its step losses average {}", name,
                             epoch.result.mean_loss, step_mean));

    current_ = kEvaluate;
    const double after = session.evaluate();
    // The same weights must give the same validation loss; a GPU's reduction order may differ
    // by rounding only, hence 1e-6 relative rather than bit equality.
    if (!(std::abs(before - again) <= 1e-6 * std::abs(before)))
      fail(evaluate,
           fmt::format("{}: evaluate gave {} then {} with unchanged weights", name, before, again));
    else if (!(after != before))
      fail(evaluate, fmt::format("{}: evaluate gave {} both before and after an epoch of "
                                 "training (is it using the trained weights?)",
                                 name, before));
  }

  // The runner's own verification: a few steps next to the reference, same data and order.
  void check_agreement(const suite::CaseSpec& spec, const workload::WorkloadView& view,
                       const std::string& name) {
    current_ = kLoss;
    results::Verification v = run::verify_against_reference(candidate_, reference_, spec, view);
    CheckResult& loss = check(kLoss);
    CheckResult& weights = check(kWeights);
    ++loss.cases;
    ++weights.cases;
    if (!v.ran) {
      fail(loss, name + ": " + v.note);
      return;
    }
    if (!(v.max_rel_error_loss <= v.tolerance))
      fail(loss, fmt::format("{}: step losses differ from the reference's by {:.3g} relative "
                             "(tolerance {:.3g} at {})",
                             name, v.max_rel_error_loss, v.tolerance, spec.precision));
    if (!(v.weight_update_error <= v.tolerance))
      fail(weights, fmt::format("{}: the weight update differs from the reference's by {:.3g} "
                                "(tolerance {:.3g} at {})",
                                name, v.weight_update_error, v.tolerance, spec.precision));
  }

  const lb_backend& candidate_;
  const lb_backend& reference_;
  Report report_;
  const char* current_ = kReadWeights;
};

}  // namespace

bool Report::passed() const { return first_failure() == nullptr; }

const CheckResult* Report::first_failure() const {
  for (const CheckResult& c : checks)
    if (!c.passed()) return &c;
  return nullptr;
}

Report check_backend(const lb_backend& candidate, const lb_backend& reference) {
  return Battery(candidate, reference).run();
}

}  // namespace lstmbench::conformance
