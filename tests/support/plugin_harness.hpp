// Test harness for backend conformance: load a plugin by path through the C ABI, build a small
// seeded problem, train a few steps and compare traces. Header-only so every plugin's tests can
// use it without linking the framework (plugins are tested exactly as the runner sees them).
#pragma once

#include <dlfcn.h>
#include <lstmbench/plugin_abi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <lstmbench/canonical_weights.hpp>
#include <lstmbench/compare.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace lstmbench::testing {

struct LoadedPlugin {
  const lb_plugin* plugin = nullptr;

  // RETURNS: the backend of that name; throws if the plugin has none.
  const lb_backend& find_backend(const std::string& name) const {
    for (std::uint32_t i = 0; i < plugin->num_backends; ++i)
      if (name == plugin->backends[i].name) return plugin->backends[i];
    throw std::runtime_error("plugin " + std::string(plugin->name) + " has no backend " + name);
  }
};

// Loads path for the rest of the process (RTLD_NODELETE: sessions must never outlive code).
inline LoadedPlugin load_plugin(const std::string& path) {
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (!handle) throw std::runtime_error("dlopen " + path + ": " + dlerror());
  auto entry = reinterpret_cast<lb_entry_fn>(dlsym(handle, LSTMBENCH_ENTRY_SYMBOL));
  if (!entry) throw std::runtime_error(path + ": no " LSTMBENCH_ENTRY_SYMBOL);
  const lb_plugin* plugin = entry();
  if (!plugin || plugin->magic != LSTMBENCH_ABI_MAGIC || plugin->abi_major != LSTMBENCH_ABI_MAJOR)
    throw std::runtime_error(path + ": not an lstmbench ABI v1 plugin");
  return LoadedPlugin{plugin};
}

// The build's plugin folder, or LSTMBENCH_TEST_PLUGIN_DIR where the tests run on another
// machine than the one that built them (tools/gpu-check.sh on a lent GPU machine).
inline std::string plugin_path(const std::string& target) {
  const char* dir = std::getenv("LSTMBENCH_TEST_PLUGIN_DIR");
  return std::string(dir && *dir ? dir : LSTMBENCH_PLUGIN_DIR) + "/" + target + ".so";
}

struct ProblemSpec {
  int input_size = 1;
  int hidden_size = 8;
  int num_layers = 1;
  int seq_len = 6;
  int batch_size = 4;
  int num_train = 16;
  int num_val = 8;
  std::string activation = "tanh";
  std::string recurrent_activation = "sigmoid";
  std::string optimizer = "adam";
  double learning_rate = 1e-2;
  std::string precision = "fp32";
  std::string mode = "eager";
  std::uint64_t seed = 1234;
  std::vector<std::pair<std::string, std::string>> options;
};

// A seeded random problem and the lb_case_config pointing into it (so keep the Problem alive
// and do not copy it after config() is taken).
struct Problem {
  ProblemSpec spec;
  std::vector<float> train_x, train_y, val_x, val_y, weights;
  std::vector<lb_option> option_views;

  lb_case_config config() {
    option_views.clear();
    for (auto& [k, v] : spec.options) option_views.push_back({k.c_str(), v.c_str()});
    lb_case_config c{};
    c.struct_size = sizeof c;
    c.input_size = spec.input_size;
    c.hidden_size = spec.hidden_size;
    c.num_layers = spec.num_layers;
    c.seq_len = spec.seq_len;
    c.batch_size = spec.batch_size;
    c.activation = spec.activation.c_str();
    c.recurrent_activation = spec.recurrent_activation.c_str();
    c.recurrent_dropout = 0.0;
    c.optimizer = spec.optimizer.c_str();
    c.learning_rate = spec.learning_rate;
    c.adam_beta1 = 0.9;
    c.adam_beta2 = 0.999;
    c.adam_epsilon = 1e-7;
    c.precision = spec.precision.c_str();
    c.mode = spec.mode.c_str();
    c.seed = spec.seed;
    c.options = option_views.data();
    c.num_options = option_views.size();
    return c;
  }
  lb_dataset dataset() const {
    return lb_dataset{train_x.data(), train_y.data(), static_cast<std::size_t>(spec.num_train),
                      val_x.data(),   val_y.data(),   static_cast<std::size_t>(spec.num_val)};
  }
};

// Fresh seeded data (unit normal) and weights (uniform in +-limit, Glorot-like per tensor so
// gates neither saturate nor vanish), never zeros, so every element of a backend's math is hit.
inline Problem make_problem(const ProblemSpec& spec) {
  Problem p;
  p.spec = spec;
  std::mt19937_64 gen(spec.seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  auto fill = [&](std::vector<float>& v, std::size_t n) {
    v.resize(n);
    for (float& x : v) x = normal(gen);
  };
  std::size_t window = static_cast<std::size_t>(spec.seq_len) * spec.input_size;
  fill(p.train_x, spec.num_train * window);
  fill(p.train_y, spec.num_train);
  fill(p.val_x, spec.num_val * window);
  fill(p.val_y, spec.num_val);
  CanonicalLayout layout(spec.input_size, spec.hidden_size, spec.num_layers);
  p.weights.resize(layout.total());
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  float limit = std::sqrt(6.0f / (spec.hidden_size + 4.0f * spec.hidden_size));
  for (float& w : p.weights) w = limit * uniform(gen);
  return p;
}

struct CreateAnswer {
  lb_status status = LB_OK;
  std::string message;
  bool session_set = false;  // a failed create must leave the session unset
};

// What create() answers for this problem; a session it makes is destroyed at once. For tests
// of refusals and faults at set-up.
inline CreateAnswer try_create(const lb_backend& backend, Problem& problem) {
  lb_case_config config = problem.config();
  lb_dataset data = problem.dataset();
  lb_message message{};
  lb_session* session = nullptr;
  CreateAnswer answer;
  answer.status = backend.create(&config, &data, problem.weights.data(), problem.weights.size(),
                                 &session, &message);
  answer.message = message.text;
  answer.session_set = session != nullptr;
  if (session) backend.destroy(session);
  return answer;
}

struct Trace {
  std::vector<double> step_losses;
  std::vector<double> epoch_losses;
  std::vector<float> weights;
  double val_loss = 0.0;
  std::int64_t skipped_steps = 0;
  std::string details;
};

inline void check(lb_status status, const lb_message& message, const char* what) {
  if (status != LB_OK) throw std::runtime_error(std::string(what) + ": " + message.text);
}

// Trains `epochs` epochs; epoch e uses the windows in a seeded order (the same for every
// backend given the same Problem), so traces of two backends are comparable step by step.
inline Trace train(const lb_backend& backend, Problem& problem, int epochs) {
  lb_case_config config = problem.config();
  lb_dataset data = problem.dataset();
  lb_message message{};
  check(backend.check_case(&config, &message), message, "check_case");
  lb_session* session = nullptr;
  check(backend.create(&config, &data, problem.weights.data(), problem.weights.size(), &session,
                       &message),
        message, "create");
  Trace trace;
  try {
    std::mt19937_64 order_gen(problem.spec.seed ^ 0x9e3779b97f4a7c15ull);
    std::vector<std::int32_t> order(problem.spec.num_train);
    for (int e = 0; e < epochs; ++e) {
      for (int i = 0; i < problem.spec.num_train; ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), order_gen);
      std::vector<double> losses(order.size() / problem.spec.batch_size + 1, NAN);
      lb_epoch_result result{};
      result.step_losses = losses.data();
      result.step_losses_capacity = losses.size();
      check(backend.train_epoch(session, order.data(), order.size(), &result, &message), message,
            "train_epoch");
      trace.step_losses.insert(trace.step_losses.end(), losses.begin(),
                               losses.begin() + static_cast<long>(result.num_steps));
      trace.epoch_losses.push_back(result.mean_loss);
      trace.skipped_steps += result.skipped_steps;
    }
    check(backend.evaluate(session, &trace.val_loss, &message), message, "evaluate");
    trace.weights.assign(problem.weights.size(), NAN);
    check(backend.read_weights(session, trace.weights.data(), trace.weights.size(), &message),
          message, "read_weights");
    lb_session_info info{};
    if (backend.query_info(session, &info, &message) == LB_OK) trace.details = info.details;
  } catch (...) {
    backend.destroy(session);
    throw;
  }
  backend.destroy(session);
  return trace;
}

// Trains exactly `steps` steps in one epoch over the first steps*batch windows of a seeded order.
inline Trace train_steps(const lb_backend& backend, Problem& problem, int steps) {
  ProblemSpec spec = problem.spec;
  if (spec.num_train < steps * spec.batch_size)
    throw std::runtime_error("train_steps: problem has too few windows for that many steps");
  Problem sliced = problem;
  sliced.spec.num_train = steps * spec.batch_size;
  return train(backend, sliced, 1);
}

// The measures of lstmbench/compare.hpp, with the harness's default floor for weights.
using lstmbench::update_error;
template <class A, class B>
double max_rel_error(const std::vector<A>& a, const std::vector<B>& b, double floor = 1e-3) {
  return lstmbench::max_rel_error(a, b, floor);
}

}  // namespace lstmbench::testing
