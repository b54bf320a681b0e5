// The C++ side of the plugin SDK: write an ordinary class, export it with one macro.
//
//   class MySession : public lstmbench::sdk::Session { ... };
//   struct MyBackend {
//     static lstmbench::sdk::BackendTraits traits();
//     // RETURNS: empty if the case can run, else the reason a person reads in the report.
//     static std::string unsupported_reason(const lstmbench::sdk::CaseConfig&);
//     static std::unique_ptr<lstmbench::sdk::Session> create(const lstmbench::sdk::CaseConfig&,
//                                                           const lstmbench::sdk::Dataset&,
//                                                           std::span<const float> weights);
//   };
//   LSTMBENCH_PLUGIN("my_plugin", "1.0", nullptr, MyBackend)   // or &my_environment_json
//
// Optionally, a backend that can time its device's GEMM at a case's shapes also defines
//     static double gemm_ceiling_gflops(const lstmbench::sdk::CaseConfig&);
// (ABI 1.1 gemm_ceiling; without it the descriptor's pointer is NULL).
//
// The macro generates the C entry point and one C trampoline per call; each trampoline catches
// every exception and turns it into a status plus message, so nothing throws across the ABI.
//
// The trampolines check, once for every backend, what does not depend on the backend: sizes at
// least 1, the case's precision and mode among the traits' lists (before unsupported_reason),
// at least one full batch of training windows and the canonical weight count at create, and at
// train_epoch an order with a full batch whose every index is a training window, and room for
// each step's loss; read_weights a buffer of the canonical size. evaluate on a case without
// validation windows is refused (the runner never calls it then). A backend's own code may
// assume all of these.
#pragma once

#include <lstmbench/plugin_abi.h>

#include <array>
#include <concepts>
#include <cstdio>
#include <cstring>
#include <exception>
#include <lstmbench/canonical_weights.hpp>
#include <map>
#include <memory>
#include <new>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lstmbench::sdk {

// Thrown by a backend for a case it cannot run; becomes LB_UNSUPPORTED with the message.
class Unsupported : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CaseConfig {
  int input_size = 1;
  int hidden_size = 64;
  int num_layers = 1;
  int seq_len = 60;
  int batch_size = 32;
  std::string activation = "tanh";
  std::string recurrent_activation = "sigmoid";
  double recurrent_dropout = 0.0;
  std::string optimizer = "adam";
  double learning_rate = 1e-3;
  double adam_beta1 = 0.9;
  double adam_beta2 = 0.999;
  double adam_epsilon = 1e-7;
  std::string precision = "fp32";
  std::string mode = "eager";
  std::uint64_t seed = 0;
  std::map<std::string, std::string> options;

  // RETURNS: the option's text, or fallback when the suite did not set it.
  std::string option(const std::string& name, const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }

  // No minor version has appended to lb_case_config yet, so every field here is one every host
  // sends; a field appended later must be read only when c.struct_size covers it.
  static CaseConfig from_c(const lb_case_config& c) {
    CaseConfig r;
    r.input_size = c.input_size;
    r.hidden_size = c.hidden_size;
    r.num_layers = c.num_layers;
    r.seq_len = c.seq_len;
    r.batch_size = c.batch_size;
    r.activation = c.activation ? c.activation : "";
    r.recurrent_activation = c.recurrent_activation ? c.recurrent_activation : "";
    r.recurrent_dropout = c.recurrent_dropout;
    r.optimizer = c.optimizer ? c.optimizer : "";
    r.learning_rate = c.learning_rate;
    r.adam_beta1 = c.adam_beta1;
    r.adam_beta2 = c.adam_beta2;
    r.adam_epsilon = c.adam_epsilon;
    r.precision = c.precision ? c.precision : "";
    r.mode = c.mode ? c.mode : "";
    r.seed = c.seed;
    for (std::size_t i = 0; i < c.num_options; ++i) {
      if (c.options[i].name)
        r.options[c.options[i].name] = c.options[i].value ? c.options[i].value : "";
    }
    return r;
  }
};

struct Dataset {
  std::span<const float> train_x;  // [num_train][seq_len][input_size]
  std::span<const float> train_y;  // [num_train]
  std::span<const float> val_x;
  std::span<const float> val_y;
  std::size_t num_train = 0;
  std::size_t num_val = 0;
};

struct EpochResult {
  double mean_loss = 0.0;
  double backend_ms = -1.0;
  std::int64_t skipped_steps = 0;
  std::size_t num_steps = 0;
};

struct SessionInfo {
  std::int64_t device_bytes = -1;
  std::string details;  // "key=value;key=value"
};

struct BackendTraits {
  const char* name;
  const char* description;
  const char* device_kind;  // "cpu" | "gpu" | "external"
  const char* precisions;
  const char* modes;
  const char* options;
};

// One created case. Calls arrive from one thread, in lifecycle order.
class Session {
 public:
  virtual ~Session() = default;
  // Trains floor(order.size() / batch_size) steps in this order. If step_losses is not empty,
  // writes each step's loss there (it holds at least that many entries).
  virtual EpochResult train_epoch(std::span<const std::int32_t> order,
                                  std::span<double> step_losses) = 0;
  virtual double evaluate() = 0;
  virtual void read_weights(std::span<float> weights) = 0;
  virtual SessionInfo info() { return {}; }
};

namespace detail {

inline void write_message(lb_message* message, const char* text) {
  if (!message) return;
  std::snprintf(message->text, sizeof message->text, "%s", text);
}

// Runs body, turning any exception into a status and message: nothing throws across the ABI.
template <class Body>
lb_status guarded(lb_message* message, Body&& body) {
  try {
    body();
    return LB_OK;
  } catch (const Unsupported& e) {
    write_message(message, e.what());
    return LB_UNSUPPORTED;
  } catch (const std::invalid_argument& e) {
    write_message(message, e.what());
    return LB_INVALID_ARGUMENT;
  } catch (const std::bad_alloc&) {
    write_message(message, "out of memory");
    return LB_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    write_message(message, e.what());
    return LB_BACKEND_ERROR;
  } catch (...) {
    write_message(message, "unknown exception in plugin");
    return LB_BACKEND_ERROR;
  }
}

// What lb_session points at: the backend's session plus what the trampolines check calls
// against.
struct SessionHandle {
  std::unique_ptr<Session> session;
  std::size_t num_train = 0;
  std::size_t num_val = 0;
  std::size_t batch_size = 1;
  std::size_t num_weights = 0;
};

inline SessionHandle* unwrap(lb_session* s) { return reinterpret_cast<SessionHandle*>(s); }

// RETURNS: whether `value` is one of the comma-separated names in `list`.
inline bool in_comma_list(const char* list, std::string_view value) {
  std::string_view rest = list ? list : "";
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == value) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

// Throws std::invalid_argument for a size below 1: no backend can build such a model.
inline void require_positive_sizes(const CaseConfig& c) {
  if (c.input_size < 1 || c.hidden_size < 1 || c.num_layers < 1 || c.seq_len < 1 ||
      c.batch_size < 1)
    throw std::invalid_argument(
        "input_size, hidden_size, num_layers, seq_len and batch_size must all be at least 1; "
        "this case has " +
        std::to_string(c.input_size) + ", " + std::to_string(c.hidden_size) + ", " +
        std::to_string(c.num_layers) + ", " + std::to_string(c.seq_len) + ", " +
        std::to_string(c.batch_size));
}

// RETURNS: empty if the case's precision and mode are among what the backend declares, else
// the reason, e.g. "backend 'x' offers precisions fp32,bf16; this case asks for fp16".
inline std::string undeclared_reason(const BackendTraits& t, const CaseConfig& c) {
  const std::string name = t.name ? t.name : "";
  if (!in_comma_list(t.precisions, c.precision))
    return "backend '" + name + "' offers precisions " + (t.precisions ? t.precisions : "") +
           "; this case asks for " + c.precision;
  if (!in_comma_list(t.modes, c.mode))
    return "backend '" + name + "' offers modes " + (t.modes ? t.modes : "") +
           "; this case asks for " + c.mode;
  return {};
}

// RETURNS: empty if backend B can run the case, else why not: the declared precisions and
// modes first, then the backend's own reason. Throws std::invalid_argument for bad sizes.
template <class B>
std::string unsupported_reason(const CaseConfig& c) {
  require_positive_sizes(c);
  if (std::string reason = undeclared_reason(B::traits(), c); !reason.empty()) return reason;
  return B::unsupported_reason(c);
}

// Throws std::invalid_argument for a data set the case cannot train on.
inline void require_trainable(const lb_dataset& d, const CaseConfig& c, std::size_t num_weights) {
  if (d.num_train == 0)
    throw std::invalid_argument("the training set is empty: a case needs at least batch_size (" +
                                std::to_string(c.batch_size) + ") training windows");
  if (d.num_train < static_cast<std::size_t>(c.batch_size))
    throw std::invalid_argument("batch_size " + std::to_string(c.batch_size) + " exceeds the " +
                                std::to_string(d.num_train) +
                                " training windows: an epoch would have no full batch");
  if (!d.train_x || !d.train_y)
    throw std::invalid_argument("the data set has training windows but no train_x or train_y");
  if (d.num_val > 0 && (!d.val_x || !d.val_y))
    throw std::invalid_argument("the data set has validation windows but no val_x or val_y");
  CanonicalLayout layout(static_cast<std::size_t>(c.input_size),
                         static_cast<std::size_t>(c.hidden_size),
                         static_cast<std::size_t>(c.num_layers));
  if (num_weights != layout.total())
    throw std::invalid_argument("this case needs " + std::to_string(layout.total()) +
                                " canonical weights; create got " + std::to_string(num_weights));
}

// Throws std::invalid_argument unless the order holds a full batch, every index is a training
// window and step_losses (if given) has room for every step. One pass over the order.
inline void require_valid_order(const SessionHandle& h, const std::int32_t* order, std::size_t n,
                                const lb_epoch_result& r) {
  const std::size_t steps = n / h.batch_size;
  if (steps == 0)
    throw std::invalid_argument("an epoch of " + std::to_string(n) +
                                " windows has no full batch of " + std::to_string(h.batch_size));
  if (!order) throw std::invalid_argument("the epoch's order is NULL");
  for (std::size_t k = 0; k < n; ++k)
    if (order[k] < 0 || static_cast<std::size_t>(order[k]) >= h.num_train)
      throw std::invalid_argument("window index " + std::to_string(order[k]) + " at position " +
                                  std::to_string(k) + " of the epoch's order is outside 0.." +
                                  std::to_string(h.num_train - 1) + " (the training windows)");
  if (r.step_losses && r.step_losses_capacity < steps)
    throw std::invalid_argument("step_losses holds " + std::to_string(r.step_losses_capacity) +
                                " values; this epoch has " + std::to_string(steps) + " steps");
}

// Whether backend B defines the optional gemm_ceiling_gflops.
template <class B>
concept HasGemmCeiling = requires(const CaseConfig& c) {
  { B::gemm_ceiling_gflops(c) } -> std::convertible_to<double>;
};

template <class B>
struct Thunks {
  static lb_status check_case(const lb_case_config* c, lb_message* m) {
    lb_status status = LB_OK;
    lb_status guard = guarded(m, [&] {
      std::string reason = unsupported_reason<B>(CaseConfig::from_c(*c));
      if (!reason.empty()) {
        write_message(m, reason.c_str());
        status = LB_UNSUPPORTED;
      }
    });
    return guard != LB_OK ? guard : status;
  }
  static lb_status create(const lb_case_config* c, const lb_dataset* d, const float* w,
                          std::size_t nw, lb_session** out, lb_message* m) {
    return guarded(m, [&] {
      CaseConfig config = CaseConfig::from_c(*c);
      // create() may come without check_case(): refuse the same cases the same way, here once
      // for every backend.
      if (std::string reason = unsupported_reason<B>(config); !reason.empty())
        throw Unsupported(reason);
      require_trainable(*d, config, nw);
      if (!w) throw std::invalid_argument("create got no weights");
      std::size_t window = static_cast<std::size_t>(config.seq_len) * config.input_size;
      Dataset data{{d->train_x, d->num_train * window},
                   {d->train_y, d->num_train},
                   {d->val_x, d->num_val * window},
                   {d->val_y, d->num_val},
                   d->num_train,
                   d->num_val};
      auto handle = std::make_unique<SessionHandle>();
      handle->num_train = d->num_train;
      handle->num_val = d->num_val;
      handle->batch_size = static_cast<std::size_t>(config.batch_size);
      handle->num_weights = nw;
      handle->session = B::create(config, data, std::span<const float>(w, nw));
      if (!handle->session) throw std::runtime_error("the backend's create returned no session");
      *out = reinterpret_cast<lb_session*>(handle.release());
    });
  }
  static lb_status train_epoch(lb_session* s, const std::int32_t* order, std::size_t n,
                               lb_epoch_result* r, lb_message* m) {
    return guarded(m, [&] {
      require_valid_order(*unwrap(s), order, n, *r);
      std::span<double> losses;
      if (r->step_losses) losses = std::span<double>(r->step_losses, r->step_losses_capacity);
      EpochResult e =
          unwrap(s)->session->train_epoch(std::span<const std::int32_t>(order, n), losses);
      r->mean_loss = e.mean_loss;
      r->backend_ms = e.backend_ms;
      r->skipped_steps = e.skipped_steps;
      r->num_steps = e.num_steps;
    });
  }
  static lb_status evaluate(lb_session* s, double* loss, lb_message* m) {
    return guarded(m, [&] {
      if (unwrap(s)->num_val == 0)
        throw std::invalid_argument(
            "this case has no validation windows: evaluate has nothing to average");
      *loss = unwrap(s)->session->evaluate();
    });
  }
  static lb_status read_weights(lb_session* s, float* w, std::size_t n, lb_message* m) {
    return guarded(m, [&] {
      if (n != unwrap(s)->num_weights || !w)
        throw std::invalid_argument("read_weights needs a buffer of " +
                                    std::to_string(unwrap(s)->num_weights) +
                                    " canonical weights; it got " + std::to_string(n));
      unwrap(s)->session->read_weights(std::span<float>(w, n));
    });
  }
  static lb_status query_info(lb_session* s, lb_session_info* info, lb_message* m) {
    return guarded(m, [&] {
      SessionInfo i = unwrap(s)->session->info();
      info->device_bytes = i.device_bytes;
      std::snprintf(info->details, sizeof info->details, "%s", i.details.c_str());
    });
  }
  static void destroy(lb_session* s) {
    try {
      delete unwrap(s);
    } catch (...) {
      // A destructor that throws must not cross the ABI; the session is gone either way.
    }
  }
  static lb_status gemm_ceiling(const lb_case_config* c, double* gflops, lb_message* m) {
    return guarded(m, [&] {
      CaseConfig config = CaseConfig::from_c(*c);
      if (std::string reason = unsupported_reason<B>(config); !reason.empty())
        throw Unsupported(reason);
      *gflops = static_cast<double>(B::gemm_ceiling_gflops(config));
    });
  }
};

// RETURNS: the C entry for B's gemm_ceiling_gflops, or NULL when B does not define it.
template <class B>
constexpr lb_status (*gemm_ceiling_entry())(const lb_case_config*, double*, lb_message*) {
  if constexpr (HasGemmCeiling<B>) {
    return &Thunks<B>::gemm_ceiling;
  } else {
    return nullptr;
  }
}

template <class B>
lb_backend make_backend() {
  BackendTraits t = B::traits();
  return lb_backend{t.name,
                    t.description,
                    t.device_kind,
                    t.precisions,
                    t.modes,
                    t.options,
                    &Thunks<B>::check_case,
                    &Thunks<B>::create,
                    &Thunks<B>::train_epoch,
                    &Thunks<B>::evaluate,
                    &Thunks<B>::read_weights,
                    &Thunks<B>::query_info,
                    &Thunks<B>::destroy,
                    gemm_ceiling_entry<B>()};
}

template <class... Backends>
std::array<lb_backend, sizeof...(Backends)> make_backends() {
  return {make_backend<Backends>()...};
}

inline const char* build_info() {
  static const std::string info = std::string("g++ ") + __VERSION__ + "; gxx_abi " +
                                  std::to_string(__GXX_ABI_VERSION) + "; sdk abi " +
                                  std::to_string(LSTMBENCH_ABI_MAJOR) + "." +
                                  std::to_string(LSTMBENCH_ABI_MINOR);
  return info.c_str();
}

}  // namespace detail

// Copies a JSON text into the host's buffer for describe_environment.
inline lb_status write_environment(const std::string& json, char* buffer, std::size_t capacity) {
  if (!buffer || capacity == 0) return LB_INVALID_ARGUMENT;
  std::snprintf(buffer, capacity, "%s", json.c_str());
  return LB_OK;
}

// A plugin's environment description: a JSON object as text (devices, library versions, ISA).
using EnvironmentFn = std::string (*)();

namespace detail {

template <EnvironmentFn Fn>
lb_status environment_thunk(char* buffer, std::size_t capacity) {
  try {
    return write_environment(Fn(), buffer, capacity);
  } catch (...) {
    return LB_BACKEND_ERROR;  // nothing throws across the ABI
  }
}

// RETURNS: the C entry for Fn, or NULL when the plugin has no environment to describe.
template <EnvironmentFn Fn>
constexpr lb_status (*environment_entry())(char*, std::size_t) {
  if constexpr (Fn == nullptr) {
    return nullptr;
  } else {
    return &environment_thunk<Fn>;
  }
}

}  // namespace detail

}  // namespace lstmbench::sdk

// Exports a plugin named NAME (version VERSION) providing the listed backend classes.
// ENV_FN is a `std::string (*)()` returning the environment as a JSON object (for `lstmbench
// doctor` and report headers), or nullptr; an exception it throws becomes LB_BACKEND_ERROR.
#define LSTMBENCH_PLUGIN(NAME, VERSION, ENV_FN, ...)                                        \
  extern "C" LSTMBENCH_PLUGIN_EXPORT const lb_plugin* LSTMBENCH_ENTRY_NAME(void) {          \
    static const auto backends = ::lstmbench::sdk::detail::make_backends<__VA_ARGS__>();    \
    static const lb_plugin plugin = {LSTMBENCH_ABI_MAGIC,                                   \
                                     LSTMBENCH_ABI_MAJOR,                                   \
                                     LSTMBENCH_ABI_MINOR,                                   \
                                     sizeof(lb_plugin),                                     \
                                     NAME,                                                  \
                                     VERSION,                                               \
                                     ::lstmbench::sdk::detail::build_info(),                \
                                     ::lstmbench::sdk::detail::environment_entry<ENV_FN>(), \
                                     static_cast<uint32_t>(backends.size()),                \
                                     backends.data(),                                       \
                                     sizeof(lb_backend),                                    \
                                     0};                                                    \
    return &plugin;                                                                         \
  }
