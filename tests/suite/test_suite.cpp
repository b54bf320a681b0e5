#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "common/error.hpp"
#include "suite/external_backend.hpp"
#include "suite/suite.hpp"

namespace lstmbench::suite {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

// The full text of the error a suite raises ("no error" when it parses), so a test can assert
// the exact file:line:column and message together.
std::string error_of(const std::string& text, const std::vector<Override>& overrides = {}) {
  try {
    parse_suite(text, "x.toml", overrides);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

std::string location_of(const std::string& text, const std::vector<Override>& overrides = {}) {
  try {
    parse_suite(text, "x.toml", overrides);
  } catch (const Error& e) {
    return e.location();
  }
  return "no error";
}

// Every setting away from its default, so each field is seen to be filled from the file.
constexpr const char* kFull = R"([suite]
name = "full"
description = "every setting"
epochs = 7
warmup_epochs = 2
seed = 1234
timeout_s = 90.5

[model]
hidden_size = 24
num_layers = 2
activation = "relu"
recurrent_activation = "hard_sigmoid"
recurrent_dropout = 0.25

[data]
source = "csv"
path = "data/prices.csv"
column = "close"
seq_len = 30
train_windows = 1000
val_windows = 200

[optimizer]
name = "sgd"
learning_rate = 0.05

[run]
backend = "onednn"
precision = "bf16"
mode = "graph"
batch_size = 128
verify = false

[options]
threads = 4
algo = "fast"
scale = 1.5
pin = true
)";

TEST(ParseSuite, FillsEveryFieldFromAFullSuite) {
  const Suite suite = parse_suite(kFull, "/suites/full.toml");
  EXPECT_EQ(suite.name, "full");
  EXPECT_EQ(suite.description, "every setting");
  EXPECT_EQ(suite.path, "/suites/full.toml");
  EXPECT_TRUE(suite.axis_names.empty());
  ASSERT_EQ(suite.cases.size(), 1u);
  const CaseSpec& c = suite.cases[0];
  EXPECT_EQ(c.suite_name, "full");
  EXPECT_EQ(c.epochs, 7);
  EXPECT_EQ(c.warmup_epochs, 2);
  EXPECT_EQ(c.seed, 1234u);
  EXPECT_EQ(c.timeout_s, 90.5);
  EXPECT_EQ(c.hidden_size, 24);
  EXPECT_EQ(c.num_layers, 2);
  EXPECT_EQ(c.activation, "relu");
  EXPECT_EQ(c.recurrent_activation, "hard_sigmoid");
  EXPECT_EQ(c.recurrent_dropout, 0.25);
  EXPECT_EQ(c.data_source, "csv");
  // Relative csv paths are read next to the suite file.
  EXPECT_EQ(c.csv_path, "/suites/data/prices.csv");
  EXPECT_EQ(c.csv_column, "close");
  EXPECT_EQ(c.seq_len, 30);
  EXPECT_EQ(c.train_windows, 1000);
  EXPECT_EQ(c.val_windows, 200);
  EXPECT_EQ(c.optimizer, "sgd");
  EXPECT_EQ(c.learning_rate, 0.05);
  EXPECT_EQ(c.backend, "onednn");
  EXPECT_EQ(c.precision, "bf16");
  EXPECT_EQ(c.mode, "graph");
  EXPECT_EQ(c.batch_size, 128);
  EXPECT_FALSE(c.verify);
  EXPECT_THAT(c.options, ElementsAre(Pair("algo", "fast"), Pair("pin", "true"),
                                     Pair("scale", "1.5"), Pair("threads", "4")));
  EXPECT_TRUE(c.plugin_backend.empty());  // a plugin backend of that name runs it
  EXPECT_TRUE(c.plugin_options.empty());
  EXPECT_EQ(c.index, 0);
  EXPECT_TRUE(c.varying.empty());
}

TEST(ParseSuite, EmptySuiteIsOneCaseWithTheDefaults) {
  const Suite suite = parse_suite("", "dir/my_suite.toml");
  EXPECT_EQ(suite.name, "my_suite");  // no [suite] name: the file's stem
  ASSERT_EQ(suite.cases.size(), 1u);
  const CaseSpec& c = suite.cases[0];
  const CaseSpec d;
  EXPECT_EQ(c.suite_name, "my_suite");
  EXPECT_EQ(c.epochs, d.epochs);
  EXPECT_EQ(c.warmup_epochs, d.warmup_epochs);
  EXPECT_EQ(c.seed, d.seed);
  EXPECT_EQ(c.timeout_s, d.timeout_s);
  EXPECT_EQ(c.hidden_size, d.hidden_size);
  EXPECT_EQ(c.num_layers, d.num_layers);
  EXPECT_EQ(c.activation, d.activation);
  EXPECT_EQ(c.recurrent_activation, d.recurrent_activation);
  EXPECT_EQ(c.recurrent_dropout, d.recurrent_dropout);
  EXPECT_EQ(c.data_source, d.data_source);
  EXPECT_EQ(c.csv_path, d.csv_path);
  EXPECT_EQ(c.csv_column, d.csv_column);
  EXPECT_EQ(c.seq_len, d.seq_len);
  EXPECT_EQ(c.train_windows, d.train_windows);
  EXPECT_EQ(c.val_windows, d.val_windows);
  EXPECT_EQ(c.optimizer, d.optimizer);
  EXPECT_EQ(c.learning_rate, d.learning_rate);
  EXPECT_EQ(c.backend, d.backend);
  EXPECT_EQ(c.precision, d.precision);
  EXPECT_EQ(c.mode, d.mode);
  EXPECT_EQ(c.batch_size, d.batch_size);
  EXPECT_EQ(c.verify, d.verify);
  EXPECT_TRUE(c.options.empty());
  EXPECT_EQ(c.id.size(), 16u);
}

TEST(ParseSuite, ColumnMayBeAnIndex) {
  const Suite suite = parse_suite("[data]\nsource = \"csv\"\npath = \"/d.csv\"\ncolumn = 3\n", "");
  EXPECT_EQ(suite.cases[0].csv_column, "3");
  EXPECT_EQ(suite.cases[0].csv_path, "/d.csv");
}

TEST(SuiteAxes, ProductFollowsTheFileOrderWithTheLastAxisFastest) {
  // batch_size is listed first, so it is the outer loop even though "backend" sorts first.
  const Suite suite = parse_suite(R"([run]
batch_size = 8
[axes]
batch_size = [32, 64, 128]
backend = ["reference", "onednn"]
)",
                                  "x.toml");
  EXPECT_THAT(suite.axis_names, ElementsAre("batch_size", "backend"));
  ASSERT_EQ(suite.cases.size(), 6u);
  const std::vector<std::pair<int, std::string>> expected = {{32, "reference"},  {32, "onednn"},
                                                             {64, "reference"},  {64, "onednn"},
                                                             {128, "reference"}, {128, "onednn"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const CaseSpec& c = suite.cases[i];
    EXPECT_EQ(c.index, static_cast<int>(i));
    EXPECT_EQ(c.batch_size, expected[i].first) << i;
    EXPECT_EQ(c.backend, expected[i].second) << i;
    EXPECT_THAT(c.varying, ElementsAre(Pair("batch_size", std::to_string(expected[i].first)),
                                       Pair("backend", expected[i].second)));
  }
}

TEST(SuiteAxes, OptionsDeclaredInOptionsCanBeSwept) {
  const Suite suite =
      parse_suite("[options]\nthreads = 1\n[axes]\nthreads = [1, 2, 4]\n", "x.toml");
  ASSERT_EQ(suite.cases.size(), 3u);
  EXPECT_EQ(suite.cases[2].options.at("threads"), "4");
  EXPECT_THAT(suite.cases[2].varying, ElementsAre(Pair("threads", "4")));
}

TEST(SuiteZip, GroupMovesTogether) {
  const Suite suite = parse_suite(R"([[axes.zip]]
batch_size = [32, 512]
learning_rate = [0.001, 0.004]
)",
                                  "x.toml");
  EXPECT_THAT(suite.axis_names, ElementsAre("batch_size", "learning_rate"));
  ASSERT_EQ(suite.cases.size(), 2u);
  EXPECT_EQ(suite.cases[0].batch_size, 32);
  EXPECT_EQ(suite.cases[0].learning_rate, 0.001);
  EXPECT_EQ(suite.cases[1].batch_size, 512);
  EXPECT_EQ(suite.cases[1].learning_rate, 0.004);
  EXPECT_THAT(suite.cases[1].varying,
              ElementsAre(Pair("batch_size", "512"), Pair("learning_rate", "0.004")));
}

TEST(SuiteZip, GroupsAreAxesOfTheProduct) {
  const Suite suite = parse_suite(R"([axes]
backend = ["reference", "onednn"]
[[axes.zip]]
batch_size = [32, 512]
learning_rate = [0.001, 0.004]
[[axes.zip]]
hidden_size = [8, 16, 32]
)",
                                  "x.toml");
  EXPECT_THAT(suite.axis_names,
              ElementsAre("backend", "batch_size", "learning_rate", "hidden_size"));
  ASSERT_EQ(suite.cases.size(), 2u * 2u * 3u);
  // Last group fastest: cases 0..2 sweep hidden_size with the first pair and backend fixed.
  EXPECT_EQ(suite.cases[2].backend, "reference");
  EXPECT_EQ(suite.cases[2].batch_size, 32);
  EXPECT_EQ(suite.cases[2].hidden_size, 32);
  EXPECT_EQ(suite.cases[3].batch_size, 512);
  EXPECT_EQ(suite.cases[3].learning_rate, 0.004);
  EXPECT_EQ(suite.cases[3].hidden_size, 8);
  EXPECT_EQ(suite.cases[6].backend, "onednn");
  EXPECT_EQ(suite.cases[6].batch_size, 32);
}

constexpr const char* kGrid = R"([run]
batch_size = 16
[axes]
backend = ["reference", "onednn"]
batch_size = [32, 64]
[[axes.zip]]
hidden_size = [8, 16]
seq_len = [10, 20]
)";

TEST(SuiteOverrides, FixASetting) {
  const Suite suite = parse_suite(kGrid, "x.toml", {{"epochs", "5"}, {"mode", "graph"}});
  ASSERT_EQ(suite.cases.size(), 8u);
  for (const auto& c : suite.cases) {
    EXPECT_EQ(c.epochs, 5);
    EXPECT_EQ(c.mode, "graph");  // not TOML, so taken as plain text
  }
}

TEST(SuiteOverrides, ReplaceAnAxis) {
  const Suite suite = parse_suite(kGrid, "x.toml", {{"batch_size", "128"}});
  EXPECT_THAT(suite.axis_names, ElementsAre("backend", "hidden_size", "seq_len"));
  ASSERT_EQ(suite.cases.size(), 4u);
  for (const auto& c : suite.cases) EXPECT_EQ(c.batch_size, 128);
}

TEST(SuiteOverrides, AnArrayMakesAnAxisInPlace) {
  const Suite suite = parse_suite(
      kGrid, "x.toml", {{"backend", R"(["cudnn"])"}, {"learning_rate", "[0.1, 0.2, 0.3]"}});
  EXPECT_THAT(suite.axis_names,
              ElementsAre("backend", "batch_size", "hidden_size", "seq_len", "learning_rate"));
  ASSERT_EQ(suite.cases.size(), 1u * 2u * 2u * 3u);
  EXPECT_EQ(suite.cases[0].backend, "cudnn");
  EXPECT_EQ(suite.cases[2].learning_rate, 0.3);
}

TEST(SuiteOverrides, RemoveOneSettingOfAZipGroup) {
  const Suite suite = parse_suite(kGrid, "x.toml", {{"seq_len", "12"}});
  EXPECT_THAT(suite.axis_names, ElementsAre("backend", "batch_size", "hidden_size"));
  ASSERT_EQ(suite.cases.size(), 8u);
  for (const auto& c : suite.cases) EXPECT_EQ(c.seq_len, 12);
}

TEST(SuiteOverrides, OptionsAndTextSettings) {
  const Suite suite =
      parse_suite("", "x.toml", {{"options.threads", "8"}, {"name", "2024"}, {"column", "2"}});
  EXPECT_EQ(suite.name, "2024");  // a text setting takes what was typed
  EXPECT_EQ(suite.cases[0].options.at("threads"), "8");
  EXPECT_EQ(suite.cases[0].csv_column, "2");
}

TEST(SuiteOverrides, BadValuesAndNamesAreLocatedAtTheOverride) {
  EXPECT_EQ(error_of(kGrid, {{"batch_size", "-3"}}),
            "--set batch_size: batch_size must be a positive integer, got -3");
  EXPECT_EQ(error_of(kGrid, {{"batch_size", "many"}}),
            "--set batch_size: batch_size must be a positive integer, got \"many\"");
  EXPECT_THAT(error_of(kGrid, {{"batch_sise", "3"}}),
              HasSubstr("--set batch_sise: unknown setting 'batch_sise'; did you mean "
                        "'batch_size'?"));
  EXPECT_EQ(error_of(kGrid, {{"backend", "[]"}}),
            "--set backend: axis backend is empty; give at least one value");
  EXPECT_THAT(error_of(kGrid, {{"backend", "[reference, onednn]"}}), HasSubstr("quote strings"));
  EXPECT_THAT(error_of(kGrid, {{"name", "[\"a\"]"}}), HasSubstr("cannot vary"));
}

TEST(SuiteErrors, TomlSyntaxErrorsAreLocated) {
  EXPECT_EQ(location_of("[run]\nbatch_size = = 3\n"), "x.toml:2:14");
  // TOML forbids a key twice in one table: the parser reports the second one (after its key).
  EXPECT_EQ(error_of("[run]\nbatch_size = 3\nbatch_size = 4\n"),
            "x.toml:3:14: Error while parsing key-value pair: cannot redefine existing integer "
            "'batch_size'");
}

TEST(SuiteErrors, UnknownSectionsAndSettings) {
  EXPECT_EQ(error_of("[modle]\nhidden_size = 3\n"),
            "x.toml:1:2: unknown section [modle]; did you mean [model]?; sections are suite, "
            "model, data, optimizer, run, options, axes, external");
  EXPECT_EQ(error_of("[run]\nbackend = \"onednn\"\nbatch_sise = 32\n"),
            "x.toml:3:1: unknown setting 'batch_sise' in [run]; did you mean 'batch_size'?");
  // Close to a setting of another section: the suggestion says where it lives.
  EXPECT_EQ(error_of("[model]\nbatch_sise = 32\n"),
            "x.toml:2:1: unknown setting 'batch_sise' in [model]; did you mean 'batch_size' (in "
            "[run])?");
  EXPECT_EQ(error_of("[model]\nbatch_size = 32\n"),
            "x.toml:2:1: setting 'batch_size' must be written as batch_size = ... in [run]");
  EXPECT_EQ(error_of("[optimizer]\noptimizer = \"sgd\"\n"),
            "x.toml:2:1: setting 'optimizer' must be written as name = ... in [optimizer]");
  EXPECT_EQ(error_of("[axes]\nbatch_sise = [1]\n"),
            "x.toml:2:1: unknown setting 'batch_sise' in [axes]; did you mean 'batch_size'? (an "
            "option must be declared in [options] to be swept)");
  EXPECT_EQ(location_of("epochs = 3\n"), "x.toml:1:1");
  EXPECT_EQ(location_of("[external.py]\ncomand = \"x\"\n"), "x.toml:2:1");
  EXPECT_THAT(error_of("[external.py]\ncomand = \"x\"\n"), HasSubstr("did you mean 'command'?"));
}

TEST(SuiteErrors, WrongTypesAndRanges) {
  EXPECT_EQ(error_of("[run]\nbackend = \"onednn\"\nbatch_size  = -3\n"),
            "x.toml:3:15: batch_size must be a positive integer, got -3");
  EXPECT_EQ(error_of("[run]\nbatch_size = \"32\"\n"),
            "x.toml:2:14: batch_size must be a positive integer, got \"32\"");
  EXPECT_EQ(error_of("[run]\nbatch_size = 32.0\n"),
            "x.toml:2:14: batch_size must be a positive integer, got 32.0");
  EXPECT_EQ(error_of("[suite]\nepochs = 0\n"),
            "x.toml:2:10: epochs must be a positive integer, got 0");
  EXPECT_EQ(error_of("[suite]\nepochs = 3000000000\n"),
            "x.toml:2:10: epochs must be a positive integer, got 3000000000 (at most 2147483647)");
  EXPECT_EQ(error_of("[suite]\nseed = -1\n"),
            "x.toml:2:8: seed must be a non-negative integer, got -1");
  EXPECT_EQ(error_of("[suite]\ntimeout_s = 0\n"),
            "x.toml:2:13: timeout_s must be a number greater than 0, got 0");
  EXPECT_EQ(error_of("[model]\nrecurrent_dropout = 1.0\n"),
            "x.toml:2:21: recurrent_dropout must be a number in [0, 1), got 1.0");
  EXPECT_EQ(error_of("[model]\nrecurrent_dropout = -0.1\n"),
            "x.toml:2:21: recurrent_dropout must be a number in [0, 1), got -0.1");
  EXPECT_EQ(error_of("[optimizer]\nlearning_rate = 0.0\n"),
            "x.toml:2:17: learning_rate must be a number greater than 0, got 0.0");
  EXPECT_EQ(error_of("[run]\nverify = \"yes\"\n"),
            "x.toml:2:10: verify must be true or false, got \"yes\"");
  EXPECT_EQ(error_of("[run]\nbackend = \"\"\n"),
            "x.toml:2:11: backend must be a non-empty string, got \"\"");
  EXPECT_EQ(error_of("[data]\ncolumn = -1\n"),
            "x.toml:2:10: column must be a column name (string) or a 0-based column index "
            "(non-negative integer), got -1");
  EXPECT_EQ(error_of("run = 3\n"), "x.toml:1:7: [run] must be a table, got 3");
  EXPECT_EQ(error_of("[options]\nlist = [1]\n"),
            "x.toml:2:8: option list must be a string, integer, float or boolean, got an array");
}

TEST(SuiteErrors, EnumValuesSuggestTheClosest) {
  EXPECT_EQ(error_of("[model]\nactivation = \"tahn\"\n"),
            "x.toml:2:14: activation must be one of tanh, sigmoid, hard_sigmoid, relu, linear, "
            "got \"tahn\"; did you mean 'tanh'?");
  EXPECT_EQ(error_of("[run]\nprecision = \"fp64\"\n"),
            "x.toml:2:13: precision must be one of fp32, fp16, bf16, got \"fp64\"; did you mean "
            "'fp32'?");
  EXPECT_EQ(error_of("[run]\nmode = \"jit\"\n"),
            "x.toml:2:8: mode must be one of eager, graph, got \"jit\"");
  EXPECT_EQ(error_of("[optimizer]\nname = \"adamw\"\n"),
            "x.toml:2:8: optimizer must be one of adam, sgd, got \"adamw\"; did you mean 'adam'?");
  EXPECT_EQ(error_of("[data]\nsource = \"parquet\"\n"),
            "x.toml:2:10: source must be one of synthetic, csv, got \"parquet\"");
}

TEST(SuiteErrors, SettingsThatDependOnEachOther) {
  EXPECT_EQ(error_of("[suite]\nepochs = 2\nwarmup_epochs = 2\n"),
            "x.toml:3:17: warmup_epochs must be less than epochs (got warmup_epochs 2 with "
            "epochs 2): at least one epoch must be timed after warm-up");
  // Only epochs was written: the error points at it.
  EXPECT_EQ(location_of("[suite]\nepochs = 1\n"), "x.toml:2:10");
  // An axis value that breaks the rule is located inside the array.
  EXPECT_EQ(location_of("[suite]\nwarmup_epochs = 2\n[axes]\nepochs = [5, 2]\n"), "x.toml:2:17");
  EXPECT_EQ(error_of("[data]\nsource = \"csv\"\ncolumn = 1\n"),
            "x.toml:2:10: source = \"csv\" needs path (the CSV file) in [data], and column (a "
            "header name or a 0-based index) unless the file has one column");
  // A one-column CSV needs no column; "every row" (train_windows = 0) is for csv only.
  EXPECT_EQ(location_of("[data]\nsource = \"csv\"\npath = \"a.csv\"\ntrain_windows = 0\n"),
            "no error");
  EXPECT_EQ(error_of("[data]\ntrain_windows = 0\n"),
            "x.toml:2:17: train_windows must be a positive integer for the synthetic series (0, "
            "\"every row\", is only for source = \"csv\")");
  EXPECT_EQ(error_of("[model]\nhidden_size = 100000\n"),
            "x.toml:2:15: hidden_size must be a positive integer, got 100000 (at most 16384)");
}

TEST(SuiteErrors, AxesAndZipGroups) {
  EXPECT_EQ(error_of("[axes]\nbatch_size = []\n"),
            "x.toml:2:14: axis batch_size is empty; give at least one value");
  EXPECT_EQ(error_of("[axes]\nbatch_size = 32\n"),
            "x.toml:2:14: axis batch_size must be an array of values, e.g. batch_size = [a, b], "
            "got 32");
  // Each value inside an array is checked, and located at that element.
  EXPECT_EQ(error_of("[axes]\nbatch_size = [32, 0, 64]\n"),
            "x.toml:2:19: batch_size must be a positive integer, got 0");
  EXPECT_EQ(error_of("[axes]\nbackend = [\"a\"]\n[[axes.zip]]\nseq_len = [1, 2]\n"
                     "learning_rate = [0.1, 0.2, 0.3]\n"),
            "x.toml:5:17: [[axes.zip]] arrays must have the same length: learning_rate has 3 "
            "values, seq_len has 2");
  EXPECT_EQ(error_of("[axes]\nbatch_size = [1, 2]\n[[axes.zip]]\nbatch_size = [3, 4]\n"
                     "seq_len = [5, 6]\n"),
            "x.toml:4:1: batch_size is given twice (first at x.toml:2:1); a setting may be in "
            "[axes] or in one [[axes.zip]] group, once");
  EXPECT_EQ(location_of("[[axes.zip]]\nseq_len = [1]\n[[axes.zip]]\nseq_len = [2]\n"),
            "x.toml:4:1");
  EXPECT_EQ(error_of("[axes]\nname = [\"a\", \"b\"]\n"),
            "x.toml:2:1: name describes the whole suite and cannot vary; set it once in [suite]");
  EXPECT_EQ(location_of("[axes]\nthreads = [1, 2]\n"), "x.toml:2:1");  // undeclared option
  EXPECT_EQ(error_of("[options]\nbatch_size = 3\n"),
            "x.toml:2:1: option 'batch_size' has the name of a setting; set batch_size in [run]");
}

TEST(SuiteExternal, TablesDefineBackends) {
  const Suite suite = parse_suite(R"([external.torch]
command = "python3 'tools/peers/torch peer.py' --device cpu"
[external.keras]
command = ["python3", "keras_peer.py"]
[axes]
backend = ["reference", "torch", "keras"]
)",
                                  "x.toml");
  ASSERT_EQ(suite.cases.size(), 3u);
  EXPECT_TRUE(suite.cases[0].plugin_backend.empty());
  EXPECT_TRUE(external_command(suite.cases[0]).empty());
  // Reports show the NAME; the `external` plugin runs it, with the program in its options.
  EXPECT_EQ(suite.cases[1].backend, "torch");
  EXPECT_EQ(suite.cases[1].plugin_backend, "external");
  EXPECT_TRUE(suite.cases[1].options.empty());  // the suite's [options] stay the user's
  EXPECT_EQ(suite.cases[1].plugin_options.at("external.name"), "torch");
  EXPECT_EQ(suite.cases[1].plugin_options.at("external.command"),
            R"(["python3","tools/peers/torch peer.py","--device","cpu"])");
  EXPECT_EQ(suite.cases[1].plugin_options.at("external.timeout_s"), std::to_string(3600.0));
  EXPECT_THAT(external_command(suite.cases[1]),
              ElementsAre("python3", "tools/peers/torch peer.py", "--device", "cpu"));
  EXPECT_EQ(suite.cases[2].backend, "keras");
  EXPECT_EQ(suite.cases[2].plugin_backend, "external");
  EXPECT_EQ(suite.cases[2].plugin_options.at("external.name"), "keras");
  EXPECT_THAT(external_command(suite.cases[2]), ElementsAre("python3", "keras_peer.py"));
}

TEST(SuiteExternal, CommandOptionIsJsonWithEveryCharacterEscaped) {
  // Quotes, backslashes and control characters in an argument must reach the program intact:
  // the option is parsed back as JSON by the plugin.
  const Suite suite = parse_suite(
      "[suite]\ntimeout_s = 2.5\n[run]\nbackend = \"odd\"\n[external.odd]\n"
      "command = [\"prog\", \"say \\\"hi\\\"\", \"back\\\\slash\", \"tab\\there\", "
      "\"bell\\u0007\"]\n",
      "x.toml");
  const CaseSpec& c = suite.cases.at(0);
  EXPECT_EQ(c.plugin_options.at("external.command"),
            R"(["prog","say \"hi\"","back\\slash","tab\there","bell\u0007"])");
  EXPECT_THAT(external_command(c),
              ElementsAre("prog", "say \"hi\"", "back\\slash", "tab\there", "bell\a"));
  EXPECT_EQ(c.plugin_options.at("external.timeout_s"), "2.500000");
}

TEST(SuiteExternal, IdIsThatOfEarlierBuilds) {
  // The id text of an external case ends with one command=ARG line per argument, as it always
  // has; the options the loader adds for the plugin are not options of the suite. The pinned
  // value is FNV-1a 64 of the defaults' text with backend=torch plus "command=python3\n"
  // "command=a b.py\n", computed outside this code like CaseId.IsPinnedAcrossBuildsAndProcesses.
  const Suite suite = parse_suite(
      "[run]\nbackend = \"torch\"\n[external.torch]\ncommand = [\"python3\", \"a b.py\"]\n",
      "x.toml");
  const Suite other = parse_suite(
      "[run]\nbackend = \"torch\"\n[external.torch]\ncommand = [\"python3\", \"c.py\"]\n",
      "x.toml");
  EXPECT_NE(suite.cases[0].id, other.cases[0].id);
  EXPECT_EQ(suite.cases[0].id, "a64fd908370c5cca");
}

TEST(SuiteExternal, CommandIsRequiredAndChecked) {
  EXPECT_EQ(location_of("[external.torch]\n"), "x.toml:1:1");
  EXPECT_THAT(error_of("[external.torch]\n"), HasSubstr("needs command ="));
  EXPECT_EQ(error_of("[external.torch]\ncommand = [\"python3\", 3]\n"),
            "x.toml:2:23: command of [external.torch] must list strings, got 3");
  EXPECT_EQ(error_of("[external.torch]\ncommand = \"  \"\n"),
            "x.toml:2:11: command of [external.torch] must name a program");
}

TEST(CaseId, SameSettingsSameIdDifferentSettingsDifferentId) {
  const Suite a = parse_suite(kGrid, "a.toml");
  const Suite b = parse_suite(kGrid, "b.toml");
  ASSERT_EQ(a.cases.size(), b.cases.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < a.cases.size(); ++i) {
    EXPECT_EQ(a.cases[i].id, b.cases[i].id);
    ids.insert(a.cases[i].id);
  }
  EXPECT_EQ(ids.size(), a.cases.size());  // every case of a suite has its own id

  // The same case reached another way (fixed instead of swept, 1 written as 1.0) has the same id;
  // a case that differs in any setting or option does not.
  const std::string one = parse_suite("[optimizer]\nlearning_rate = 1\n", "x").cases[0].id;
  EXPECT_EQ(parse_suite("[axes]\nlearning_rate = [1.0]\n", "y").cases[0].id, one);
  EXPECT_NE(parse_suite("[optimizer]\nlearning_rate = 0.5\n", "x").cases[0].id, one);
  EXPECT_NE(parse_suite("[optimizer]\nlearning_rate = 1\n[options]\nt = 1\n", "x").cases[0].id,
            one);
}

TEST(CaseId, IsPinnedAcrossBuildsAndProcesses) {
  // --resume matches results written by earlier runs, possibly by another build: the id of the
  // all-defaults case is pinned here, so a change to the recipe is a deliberate one. The value
  // was computed outside this code: FNV-1a 64 of the canonical text ("epochs=50\n...verify=true\n",
  // docs/suite-format.md) in a few lines of Python.
  EXPECT_EQ(parse_suite("", "x").cases[0].id, "495c7bc9b0e685f0");
}

TEST(ShippedSuites, Parse) {
  const std::string dir = std::string(LSTMBENCH_SOURCE_DIR) + "/suites/";
  const Suite quick = load_suite(dir + "quick.toml");
  EXPECT_EQ(quick.name, "quick");
  EXPECT_EQ(quick.cases.size(), 6u);  // reference, onednn, cudnn x batch 32, 64
  for (const auto& c : quick.cases) EXPECT_LE(c.train_windows * c.epochs, 512 * 3);

  const Suite seed = load_suite(dir + "seed.toml");
  EXPECT_THAT(seed.axis_names, ElementsAre("backend", "batch_size", "learning_rate"));
  ASSERT_EQ(seed.cases.size(), 12u);
  for (const auto& c : seed.cases) {
    EXPECT_EQ(c.seq_len, 60);
    EXPECT_EQ(c.hidden_size, 64);
    EXPECT_EQ(c.train_windows, 16384);
    EXPECT_EQ(c.val_windows, 2048);
    EXPECT_EQ(c.epochs, 50);
    EXPECT_EQ(c.optimizer, "adam");
  }
  EXPECT_EQ(seed.cases[11].backend, "cudnn");
  EXPECT_EQ(seed.cases[11].batch_size, 512);
  EXPECT_EQ(seed.cases[11].learning_rate, 0.002);

  const Suite ci = load_suite(dir + "ci.toml");
  EXPECT_THAT(ci.axis_names, ElementsAre("backend", "batch_size", "learning_rate"));
  EXPECT_EQ(ci.cases.size(), 4u);
}

TEST(ShippedSuites, EveryFileInSuitesParses) {
  std::size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(LSTMBENCH_SOURCE_DIR) + "/suites")) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    EXPECT_NO_THROW(load_suite(entry.path().string())) << entry.path();
  }
  EXPECT_GE(files, 3u);
}

TEST(LoadSuite, MissingFileNamesIt) {
  try {
    load_suite("/nonexistent/suite.toml");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.location(), "/nonexistent/suite.toml");
    EXPECT_THAT(e.message(), HasSubstr("cannot read"));
  }
}

TEST(LoadSuite, RelativeCsvPathIsReadNextToTheSuiteFile) {
  const auto dir = std::filesystem::temp_directory_path() / "lstmbench_test_suite";
  std::filesystem::create_directories(dir);
  const auto file = dir / "csv.toml";
  std::ofstream(file) << "[data]\nsource = \"csv\"\npath = \"../series.csv\"\ncolumn = \"y\"\n";
  const Suite suite = load_suite(file.string());
  EXPECT_EQ(suite.cases[0].csv_path, (dir.parent_path() / "series.csv").string());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lstmbench::suite
