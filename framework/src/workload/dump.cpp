// dump_workload (workload.hpp): the workload as .npy files plus manifest.json, the format the
// external backends train from (docs/workload-dump.md).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/json_text.hpp"
#include "lstmbench/canonical_weights.hpp"
#include "lstmbench/npy.hpp"
#include "workload/workload.hpp"

namespace lstmbench::workload {
namespace {

// Bumped whenever a file, field or meaning changes in a way an old reader would misread.
constexpr int kDumpFormatVersion = 1;

// Keras's Adam defaults (the ε-hat form; lstmbench/plugin_abi.h, lb_case_config).

using Json = nlohmann::ordered_json;

template <class T>
Json write_array(const std::filesystem::path& dir, const std::string& name,
                 const std::vector<std::size_t>& shape, const std::vector<T>& data) {
  const std::filesystem::path path = dir / name;
  try {
    npy::write(path.string(), shape, data.data());
  } catch (const std::runtime_error& e) {
    throw Error(path.string(), e.what());
  }
  return Json{{"file", name}, {"dtype", npy::dtype_descr<T>()}, {"shape", shape}};
}

Json tensor(const std::string& name, std::size_t offset, std::vector<std::size_t> shape) {
  return Json{{"name", name}, {"offset", offset}, {"shape", std::move(shape)}};
}

Json layout_json(const CanonicalLayout& layout) {
  const std::size_t h = layout.hidden_size();
  Json tensors = Json::array();
  for (std::size_t l = 0; l < layout.num_layers(); ++l) {
    const CanonicalLayer& layer = layout.layer(l);
    const std::string prefix = fmt::format("lstm_{}/", l);
    tensors.push_back(tensor(prefix + "kernel", layer.kernel_offset, {layer.input_width, 4 * h}));
    tensors.push_back(tensor(prefix + "recurrent_kernel", layer.recurrent_offset, {h, 4 * h}));
    tensors.push_back(tensor(prefix + "bias", layer.bias_offset, {4 * h}));
  }
  tensors.push_back(tensor("dense/kernel", layout.dense_kernel_offset(), {h, 1}));
  tensors.push_back(tensor("dense/bias", layout.dense_bias_offset(), {1}));
  return Json{{"dtype", "<f4"},
              {"gate_order", "ifgo"},
              {"total", layout.total()},
              {"tensors", std::move(tensors)}};
}

}  // namespace

void dump_workload(const suite::CaseSpec& spec, const Workload& workload,
                   const std::vector<float>& weights, int epochs, const std::string& dir) {
  const std::filesystem::path root(dir);
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec) throw Error(dir, fmt::format("cannot create the dump folder: {}", ec.message()));

  const auto steps = static_cast<std::size_t>(workload.seq_len);
  const auto features = static_cast<std::size_t>(workload.input_size);
  const CanonicalLayout layout(features, static_cast<std::size_t>(spec.hidden_size),
                               static_cast<std::size_t>(spec.num_layers));
  if (weights.size() != layout.total()) {
    throw Error(dir, fmt::format("weights have {} floats, the canonical layout of this model "
                                 "has {}",
                                 weights.size(), layout.total()));
  }
  if (epochs < 0) throw Error(dir, fmt::format("epochs must be >= 0, got {}", epochs));

  std::vector<std::int32_t> orders;
  orders.reserve(static_cast<std::size_t>(epochs) * workload.num_train);
  for (int e = 0; e < epochs; ++e) {
    const std::vector<std::int32_t> order = epoch_order(spec.seed, e, workload.num_train);
    orders.insert(orders.end(), order.begin(), order.end());
  }

  Json files;
  files["train_x"] =
      write_array(root, "train_x.npy", {workload.num_train, steps, features}, workload.train_x);
  files["train_y"] = write_array(root, "train_y.npy", {workload.num_train}, workload.train_y);
  files["val_x"] =
      write_array(root, "val_x.npy", {workload.num_val, steps, features}, workload.val_x);
  files["val_y"] = write_array(root, "val_y.npy", {workload.num_val}, workload.val_y);
  files["initial_weights"] = write_array(root, "initial_weights.npy", {layout.total()}, weights);
  files["epoch_orders"] = write_array(
      root, "epoch_orders.npy", {static_cast<std::size_t>(epochs), workload.num_train}, orders);

  Json manifest;
  manifest["format"] = "lstmbench-workload";
  manifest["format_version"] = kDumpFormatVersion;
  manifest["data"] = {{"source", spec.data_source},
                      {"description", workload.source_description},
                      {"csv_path", spec.csv_path},
                      {"csv_column", spec.csv_column},
                      {"seq_len", workload.seq_len},
                      {"input_size", workload.input_size},
                      {"num_train", workload.num_train},
                      {"num_val", workload.num_val},
                      {"standardisation", {{"mean", workload.mean}, {"stddev", workload.stddev}}}};
  manifest["model"] = {{"input_size", workload.input_size},
                       {"hidden_size", spec.hidden_size},
                       {"num_layers", spec.num_layers},
                       {"activation", spec.activation},
                       {"recurrent_activation", spec.recurrent_activation},
                       {"recurrent_dropout", spec.recurrent_dropout},
                       {"head", "dense(1) on the top layer's last hidden state"},
                       {"loss", "mse"}};
  manifest["optimizer"] = {{"name", spec.optimizer},
                           {"learning_rate", spec.learning_rate},
                           {"beta_1", kAdamBeta1},
                           {"beta_2", kAdamBeta2},
                           {"epsilon", kAdamEpsilon}};
  manifest["training"] = {
      {"batch_size", spec.batch_size},
      {"epochs", epochs},
      {"steps_per_epoch",
       spec.batch_size > 0 ? workload.num_train / static_cast<std::size_t>(spec.batch_size) : 0},
      {"partial_batch", "dropped"},
      {"seed", spec.seed},
      {"precision", spec.precision},
      {"mode", spec.mode}};
  manifest["weights"] = layout_json(layout);
  manifest["files"] = std::move(files);

  const std::filesystem::path manifest_path = root / "manifest.json";
  std::ofstream out(manifest_path);
  out << json_text(manifest, 2) << '\n';
  if (!out) throw Error(manifest_path.string(), "cannot write the manifest");
}

}  // namespace lstmbench::workload
