/* lstmbench plugin ABI, version 1.1.
 *
 * The only thing that crosses between the runner and a backend plugin. Plain C: no C++ type,
 * exception or allocator crosses it. Errors come back as an lb_status plus a message the
 * plugin writes into a host-owned buffer.
 *
 * A plugin is a shared library that exports one C function, LSTMBENCH_ENTRY_SYMBOL, returning
 * a pointer to a static lb_plugin descriptor. The host reads magic and abi_major before it
 * touches anything else; those first four fields of lb_plugin never move.
 *
 * Growth rule. Within a major version, a minor version only ever appends fields at the end of
 * the structs that carry a size: lb_plugin (struct_size) and lb_backend (backend_struct_size,
 * the stride of the backends array), and lb_case_config (struct_size, written by the host).
 * A field is never removed, moved, retyped or given a new meaning; each appended field means
 * "absent" when zero or NULL, and each minor's struct ends on an 8-byte boundary with no tail
 * padding (add an explicit reserved field if needed), so a struct size says exactly which fields
 * its writer had. The reader of a struct reads a field only if it lies wholly inside the size
 * the writer gave; any other field reads as absent. So a plugin built against any minor of the
 * host's major loads: an older one's missing fields read as absent, a newer one's extra fields
 * are not read. The structs without a size (lb_dataset, lb_epoch_result, lb_session_info,
 * lb_option, lb_message) are frozen for the whole major. Any other change bumps abi_major and
 * renames the entry symbol (LSTMBENCH_ENTRY_NAME).
 *
 *   1.0  the first release.
 *   1.1  lb_plugin.backend_struct_size (+ reserved0); lb_backend.gemm_ceiling.
 *
 * docs/writing-a-plugin.md explains each call; plugins/reference is the example to copy.
 */
#ifndef LSTMBENCH_PLUGIN_ABI_H
#define LSTMBENCH_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LSTMBENCH_ABI_MAGIC 0x4C53544Du /* "LSTM" */
#define LSTMBENCH_ABI_MAJOR 1u
#define LSTMBENCH_ABI_MINOR 1u

/* The entry point's identifier, spelled only here: LSTMBENCH_PLUGIN (plugin.hpp) defines a
 * function of this name and the host looks up LSTMBENCH_ENTRY_SYMBOL, its name as a string. */
#define LSTMBENCH_ENTRY_NAME lstmbench_plugin_v1
#define LSTMBENCH_STRINGIFY_(x) #x
#define LSTMBENCH_STRINGIFY(x) LSTMBENCH_STRINGIFY_(x)
#define LSTMBENCH_ENTRY_SYMBOL LSTMBENCH_STRINGIFY(LSTMBENCH_ENTRY_NAME)

#if defined(__GNUC__)
#define LSTMBENCH_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define LSTMBENCH_PLUGIN_EXPORT
#endif

typedef enum lb_status {
  LB_OK = 0,
  LB_UNSUPPORTED = 1, /* this case cannot run here; the message says why, for a person */
  LB_INVALID_ARGUMENT = 2,
  LB_BACKEND_ERROR = 3, /* the library underneath failed; the message says how */
  LB_OUT_OF_MEMORY = 4
} lb_status;

/* Host-owned buffer for a message from the plugin (always NUL-terminated by the plugin). */
#define LB_MESSAGE_CAPACITY 1024
typedef struct lb_message {
  char text[LB_MESSAGE_CAPACITY];
} lb_message;

/* A backend-specific setting from the suite's [options] table, passed through as text. */
typedef struct lb_option {
  const char* name;
  const char* value;
} lb_option;

/* Everything a backend needs to know about one case. Strings are lower-case names:
 *   activation, recurrent_activation: "tanh" | "sigmoid" | "hard_sigmoid" | "relu" | "linear"
 *   optimizer: "adam" | "sgd";   precision: "fp32" | "fp16" | "bf16";   mode: "eager" | "graph"
 * Adam is Keras's "epsilon-hat" form: alpha = lr*sqrt(1-b2^t)/(1-b1^t); w -= alpha*m/(sqrt(v)+eps).
 */
typedef struct lb_case_config {
  uint32_t struct_size; /* sizeof(lb_case_config) as the host compiled it */
  int32_t input_size;   /* features per time step */
  int32_t hidden_size;
  int32_t num_layers;
  int32_t seq_len;
  int32_t batch_size;
  const char* activation;
  const char* recurrent_activation;
  double recurrent_dropout;
  const char* optimizer;
  double learning_rate;
  double adam_beta1;
  double adam_beta2;
  double adam_epsilon;
  const char* precision;
  const char* mode;
  uint64_t seed; /* for anything a backend must draw itself; the framework draws data and weights */
  const lb_option* options;
  size_t num_options;
} lb_case_config;

/* The windows a case trains and validates on, already standardised. float32, C order:
 * x is [n][seq_len][input_size], y is [n]. The arrays stay valid only during create(). */
typedef struct lb_dataset {
  const float* train_x;
  const float* train_y;
  size_t num_train;
  const float* val_x;
  const float* val_y;
  size_t num_val;
} lb_dataset;

/* Result of one epoch. The host may set step_losses to a buffer of step_losses_capacity
 * doubles (verification does); the backend then writes the loss of each step there. */
typedef struct lb_epoch_result {
  double mean_loss;      /* mean of the steps' training losses (unscaled MSE) */
  double backend_ms;     /* the backend's own time for the epoch, or < 0 if it keeps none */
  int64_t skipped_steps; /* steps skipped by dynamic loss scaling (0 without it) */
  double* step_losses;   /* in: host buffer or NULL */
  size_t step_losses_capacity;
  size_t num_steps; /* out: steps run */
} lb_epoch_result;

/* What a session can say about itself after create(); any field may be left empty. */
#define LB_DETAILS_CAPACITY 512
typedef struct lb_session_info {
  int64_t device_bytes;              /* memory the session holds on its device, or -1 if unknown */
  char details[LB_DETAILS_CAPACITY]; /* "key=value;key=value", e.g. "algo=standard;threads=2" */
} lb_session_info;

typedef struct lb_session lb_session; /* opaque, owned by the plugin */

/* One backend. The weights are the framework's canonical layout
 * (lstmbench/canonical_weights.hpp, docs/canonical-weights.md), float32.
 * Lifecycle: check_case -> create -> train_epoch* / evaluate / read_weights -> destroy.
 * Every call is synchronous: it returns when the device is done. */
typedef struct lb_backend {
  const char* name;        /* as named in suites: "reference", "onednn", "cudnn", ... */
  const char* description; /* one line */
  const char* device_kind; /* "cpu" | "gpu" | "external" */
  const char* precisions;  /* comma list the backend may offer, e.g. "fp32,fp16" */
  const char* modes;       /* comma list, e.g. "eager,graph" */
  const char* options;     /* comma list of option names it reads, e.g. "threads" */

  /* RETURNS: LB_OK if the case can run, LB_UNSUPPORTED with a reason a person understands. */
  lb_status (*check_case)(const lb_case_config* config, lb_message* message);
  lb_status (*create)(const lb_case_config* config, const lb_dataset* data, const float* weights,
                      size_t num_weights, lb_session** session, lb_message* message);
  /* Trains floor(num_order / batch_size) steps over the windows in this order; the rest of the
   * order is not used. */
  lb_status (*train_epoch)(lb_session* session, const int32_t* order, size_t num_order,
                           lb_epoch_result* result, lb_message* message);
  /* Mean MSE over all validation windows, with the current weights. */
  lb_status (*evaluate)(lb_session* session, double* val_loss, lb_message* message);
  lb_status (*read_weights)(lb_session* session, float* weights, size_t num_weights,
                            lb_message* message);
  lb_status (*query_info)(lb_session* session, lb_session_info* info, lb_message* message);
  void (*destroy)(lb_session* session);

  /* ABI 1.1 (NULL in a 1.0 plugin). The device's GEMM throughput in GFLOP/s at this case's
   * shapes (M = batch_size, N = 4*hidden_size, K = input_size + hidden_size), measured by the
   * backend in the case's precision, for a "% of ceiling" column. NULL if the backend cannot
   * measure it; LB_UNSUPPORTED for a case it cannot measure. Needs no session; may take a
   * moment (it times a few GEMMs). */
  lb_status (*gemm_ceiling)(const lb_case_config* config, double* gflops, lb_message* message);
} lb_backend;

typedef struct lb_plugin {
  uint32_t magic;     /* LSTMBENCH_ABI_MAGIC */
  uint32_t abi_major; /* LSTMBENCH_ABI_MAJOR the plugin was built with */
  uint32_t abi_minor;
  uint32_t struct_size; /* sizeof(lb_plugin) as the plugin compiled it */
  const char* name;
  const char* version;
  const char* build_info; /* compiler and the library versions it was built against */
  /* Writes a JSON object describing the plugin's environment (devices, library versions,
   * CPU ISA, ...) into buffer; used by `lstmbench doctor` and report headers. May be NULL. */
  lb_status (*describe_environment)(char* buffer, size_t capacity);
  uint32_t num_backends;
  /* backends[i] lies at (const char*)backends + i * backend_struct_size: index it with the
   * plugin's stride, never with the reader's sizeof(lb_backend). */
  const lb_backend* backends;

  /* ABI 1.1 (absent, 0, in a 1.0 plugin: its stride is LB_BACKEND_SIZE_1_0). */
  uint32_t backend_struct_size; /* sizeof(lb_backend) as the plugin compiled it */
  uint32_t reserved0;           /* 0; keeps the struct free of tail padding */
} lb_plugin;

/* The sizes of the 1.0 structs: where the first field 1.1 appended begins. */
#define LB_PLUGIN_SIZE_1_0 offsetof(lb_plugin, backend_struct_size)
#define LB_BACKEND_SIZE_1_0 offsetof(lb_backend, gemm_ceiling)

typedef const lb_plugin* (*lb_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* LSTMBENCH_PLUGIN_ABI_H */
