// dump_workload: every file reads back exactly, the manifest describes them, and numpy (when
// installed) loads them with the same shapes and values.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "lstmbench/canonical_weights.hpp"
#include "lstmbench/npy.hpp"
#include "temp_dir.hpp"
#include "workload/workload.hpp"

namespace lstmbench::workload {
namespace {

using testing::TempDir;

constexpr int kEpochs = 3;

suite::CaseSpec dump_spec() {
  suite::CaseSpec spec;
  spec.seed = 7;
  spec.seq_len = 6;
  spec.train_windows = 40;
  spec.val_windows = 9;
  spec.hidden_size = 3;
  spec.num_layers = 2;
  spec.batch_size = 8;
  spec.learning_rate = 0.002;
  return spec;
}

struct Dumped {
  suite::CaseSpec spec = dump_spec();
  Workload workload = build_workload(spec);
  std::vector<float> weights = initial_weights(spec);
};

nlohmann::json read_manifest(const std::filesystem::path& dir) {
  std::ifstream in(dir / "manifest.json");
  return nlohmann::json::parse(in);
}

TEST(DumpWorkload, EveryFileReadsBackExactly) {
  TempDir dir;
  const Dumped d;
  const std::filesystem::path root = dir.path() / "nested" / "dump";  // created by the dump
  dump_workload(d.spec, d.workload, d.weights, kEpochs, root.string());

  const auto train_x = npy::read<float>((root / "train_x.npy").string());
  EXPECT_EQ(train_x.shape, (std::vector<std::size_t>{40, 6, 1}));
  EXPECT_EQ(train_x.data, d.workload.train_x);
  const auto train_y = npy::read<float>((root / "train_y.npy").string());
  EXPECT_EQ(train_y.shape, (std::vector<std::size_t>{40}));
  EXPECT_EQ(train_y.data, d.workload.train_y);
  const auto val_x = npy::read<float>((root / "val_x.npy").string());
  EXPECT_EQ(val_x.shape, (std::vector<std::size_t>{9, 6, 1}));
  EXPECT_EQ(val_x.data, d.workload.val_x);
  const auto val_y = npy::read<float>((root / "val_y.npy").string());
  EXPECT_EQ(val_y.shape, (std::vector<std::size_t>{9}));
  EXPECT_EQ(val_y.data, d.workload.val_y);
  const auto weights = npy::read<float>((root / "initial_weights.npy").string());
  EXPECT_EQ(weights.shape, (std::vector<std::size_t>{d.weights.size()}));
  EXPECT_EQ(weights.data, d.weights);
  const auto orders = npy::read<std::int32_t>((root / "epoch_orders.npy").string());
  EXPECT_EQ(orders.shape, (std::vector<std::size_t>{kEpochs, 40}));
  for (int e = 0; e < kEpochs; ++e) {
    const std::vector<std::int32_t> row(orders.data.begin() + e * 40,
                                        orders.data.begin() + (e + 1) * 40);
    EXPECT_EQ(row, epoch_order(d.spec.seed, e, 40)) << "epoch " << e;
  }
}

TEST(DumpWorkload, ManifestDescribesModelDataAndFiles) {
  TempDir dir;
  const Dumped d;
  dump_workload(d.spec, d.workload, d.weights, kEpochs, dir.path().string());
  const nlohmann::json m = read_manifest(dir.path());

  EXPECT_EQ(m.at("format"), "lstmbench-workload");
  EXPECT_EQ(m.at("format_version"), 1);
  EXPECT_EQ(m.at("data").at("seq_len"), 6);
  EXPECT_EQ(m.at("data").at("num_train"), 40);
  EXPECT_EQ(m.at("data").at("num_val"), 9);
  EXPECT_EQ(m.at("data").at("standardisation").at("mean").get<double>(), d.workload.mean);
  EXPECT_EQ(m.at("data").at("standardisation").at("stddev").get<double>(), d.workload.stddev);
  EXPECT_EQ(m.at("model").at("input_size"), 1);
  EXPECT_EQ(m.at("model").at("hidden_size"), 3);
  EXPECT_EQ(m.at("model").at("num_layers"), 2);
  EXPECT_EQ(m.at("model").at("activation"), "tanh");
  EXPECT_EQ(m.at("model").at("recurrent_activation"), "sigmoid");
  EXPECT_EQ(m.at("optimizer").at("name"), "adam");
  EXPECT_EQ(m.at("optimizer").at("learning_rate").get<double>(), 0.002);
  EXPECT_EQ(m.at("optimizer").at("beta_1").get<double>(), 0.9);
  EXPECT_EQ(m.at("optimizer").at("beta_2").get<double>(), 0.999);
  EXPECT_EQ(m.at("optimizer").at("epsilon").get<double>(), 1e-7);
  EXPECT_EQ(m.at("training").at("batch_size"), 8);
  EXPECT_EQ(m.at("training").at("epochs"), kEpochs);
  EXPECT_EQ(m.at("training").at("steps_per_epoch"), 5);
  EXPECT_EQ(m.at("training").at("seed"), 7);

  // Tensors: consecutive, in layout order, matching CanonicalLayout and covering the vector.
  const CanonicalLayout layout(1, 3, 2);
  const nlohmann::json& weights = m.at("weights");
  EXPECT_EQ(weights.at("total"), layout.total());
  EXPECT_EQ(weights.at("gate_order"), "ifgo");
  std::size_t next = 0;
  for (const nlohmann::json& t : weights.at("tensors")) {
    EXPECT_EQ(t.at("offset").get<std::size_t>(), next) << t.at("name");
    std::size_t count = 1;
    for (std::size_t s : t.at("shape")) count *= s;
    next += count;
  }
  EXPECT_EQ(next, layout.total());
  EXPECT_EQ(weights.at("tensors").at(3).at("name"), "lstm_1/kernel");
  EXPECT_EQ(weights.at("tensors").at(3).at("offset"), layout.layer(1).kernel_offset);
  EXPECT_EQ(weights.at("tensors").at(3).at("shape"), (std::vector<std::size_t>{3, 12}));
  EXPECT_EQ(weights.at("tensors").at(6).at("offset"), layout.dense_kernel_offset());

  // Every file entry names a file that exists and whose header has that shape.
  for (const auto& [key, entry] : m.at("files").items()) {
    const std::string path = (dir.path() / entry.at("file").get<std::string>()).string();
    ASSERT_TRUE(std::filesystem::exists(path)) << key;
    const auto shape = entry.at("shape").get<std::vector<std::size_t>>();
    if (entry.at("dtype") == "<i4") {
      EXPECT_EQ(npy::read<std::int32_t>(path).shape, shape) << key;
    } else {
      EXPECT_EQ(entry.at("dtype"), "<f4") << key;
      EXPECT_EQ(npy::read<float>(path).shape, shape) << key;
    }
  }
}

TEST(DumpWorkload, RejectsWeightsOfAnotherModel) {
  TempDir dir;
  const Dumped d;
  std::vector<float> wrong = d.weights;
  wrong.pop_back();
  EXPECT_THROW(dump_workload(d.spec, d.workload, wrong, 1, dir.path().string()), Error);
}

TEST(DumpWorkload, NumpyLoadsTheFiles) {
  const char* kPython = "/usr/bin/python3";
  if (!std::filesystem::exists(kPython) ||
      std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no /usr/bin/python3 with numpy";
  }
  TempDir dir;
  const Dumped d;
  dump_workload(d.spec, d.workload, d.weights, kEpochs, dir.path().string());
  // The script checks each file against the manifest and prints sums that C++ then checks.
  const std::string script = dir.write("check.py", R"(
import json, sys
import numpy as np
root = sys.argv[1]
m = json.load(open(root + '/manifest.json'))
for key, entry in m['files'].items():
    a = np.load(root + '/' + entry['file'])
    assert a.dtype == np.dtype(entry['dtype']), (key, a.dtype)
    assert list(a.shape) == entry['shape'], (key, a.shape)
    print(key, repr(float(a.astype(np.float64).sum())))
)");
  const std::string command = std::string(kPython) + " " + script + " " + dir.path().string();
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::map<std::string, double> sums;
  char key[64];
  double value = 0.0;
  while (std::fscanf(pipe, "%63s %lf", key, &value) == 2) sums[key] = value;
  ASSERT_EQ(::pclose(pipe), 0) << "numpy check failed";

  const auto sum = [](const auto& v) {
    double s = 0.0;
    for (auto e : v) s += static_cast<double>(e);
    return s;
  };
  // Same float values summed in double in possibly another order (numpy sums pairwise):
  // differences are ~n * 1e-16 relative, far below 1e-9.
  ASSERT_EQ(sums.size(), 6u);
  EXPECT_NEAR(sums["train_x"], sum(d.workload.train_x), 1e-9);
  EXPECT_NEAR(sums["val_y"], sum(d.workload.val_y), 1e-9);
  EXPECT_NEAR(sums["initial_weights"], sum(d.weights), 1e-9);
  // Each epoch order sums to 0 + 1 + ... + 39 = 780.
  EXPECT_EQ(sums["epoch_orders"], kEpochs * 780.0);
}

}  // namespace
}  // namespace lstmbench::workload
