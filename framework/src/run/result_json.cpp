#include "run/result_json.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <type_traits>

#include "common/error.hpp"

namespace lstmbench::run {

using nlohmann::json;

namespace {

// JSON has no NaN or infinity: nlohmann writes them as null, and null reads back as NaN.
double number_or_nan(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::numeric_limits<double>::quiet_NaN();
  return it->get<double>();
}

std::vector<double> numbers(const json& j, const char* key) {
  std::vector<double> out;
  auto it = j.find(key);
  if (it == j.end()) return out;
  for (const json& v : *it)
    out.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
  return out;
}

template <class T>
void read_if(const json& j, const char* key, T& field) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // nlohmann converts a float to an integer with a plain cast, undefined out of range.
    if (it->is_number_float()) {
      const double value = it->get<double>();
      if (!(value >= static_cast<double>(std::numeric_limits<T>::min()) &&
            value < std::ldexp(1.0, std::numeric_limits<T>::digits))) {
        throw Error("", std::string(key) + " is " + it->dump() + ", out of range");
      }
    }
  }
  field = it->get<T>();
}

}  // namespace

json spec_to_json(const suite::CaseSpec& s) {
  json varying = json::array();
  for (const auto& [name, value] : s.varying) varying.push_back({name, value});
  return json{{"suite", s.suite_name},
              {"index", s.index},
              {"id", s.id},
              {"epochs", s.epochs},
              {"warmup_epochs", s.warmup_epochs},
              {"seed", s.seed},
              {"timeout_s", s.timeout_s},
              {"hidden_size", s.hidden_size},
              {"num_layers", s.num_layers},
              {"activation", s.activation},
              {"recurrent_activation", s.recurrent_activation},
              {"recurrent_dropout", s.recurrent_dropout},
              {"source", s.data_source},
              {"path", s.csv_path},
              {"column", s.csv_column},
              {"seq_len", s.seq_len},
              {"train_windows", s.train_windows},
              {"val_windows", s.val_windows},
              {"optimizer", s.optimizer},
              {"learning_rate", s.learning_rate},
              {"backend", s.backend},
              {"precision", s.precision},
              {"mode", s.mode},
              {"batch_size", s.batch_size},
              {"verify", s.verify},
              {"options", s.options},
              {"external_command", s.is_external ? json(s.external.command) : json(nullptr)},
              {"varying", varying}};
}

suite::CaseSpec spec_from_json(const json& j) {
  suite::CaseSpec s;
  read_if(j, "suite", s.suite_name);
  read_if(j, "index", s.index);
  read_if(j, "id", s.id);
  read_if(j, "epochs", s.epochs);
  read_if(j, "warmup_epochs", s.warmup_epochs);
  read_if(j, "seed", s.seed);
  read_if(j, "timeout_s", s.timeout_s);
  read_if(j, "hidden_size", s.hidden_size);
  read_if(j, "num_layers", s.num_layers);
  read_if(j, "activation", s.activation);
  read_if(j, "recurrent_activation", s.recurrent_activation);
  read_if(j, "recurrent_dropout", s.recurrent_dropout);
  read_if(j, "source", s.data_source);
  read_if(j, "path", s.csv_path);
  read_if(j, "column", s.csv_column);
  read_if(j, "seq_len", s.seq_len);
  read_if(j, "train_windows", s.train_windows);
  read_if(j, "val_windows", s.val_windows);
  read_if(j, "optimizer", s.optimizer);
  read_if(j, "learning_rate", s.learning_rate);
  read_if(j, "backend", s.backend);
  read_if(j, "precision", s.precision);
  read_if(j, "mode", s.mode);
  read_if(j, "batch_size", s.batch_size);
  read_if(j, "verify", s.verify);
  read_if(j, "options", s.options);
  if (auto it = j.find("external_command"); it != j.end() && !it->is_null()) {
    s.is_external = true;
    s.external.name = s.backend;
    s.external.command = it->get<std::vector<std::string>>();
  }
  if (auto it = j.find("varying"); it != j.end())
    for (const json& pair : *it)
      s.varying.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
  return s;
}

json result_to_json(const CaseResult& r) {
  const Verification& v = r.verification;
  return json{{"spec", spec_to_json(r.spec)},
              {"status", to_string(r.status)},
              {"reason", r.reason},
              {"verification",
               {{"ran", v.ran},
                {"passed", v.passed},
                {"steps", v.steps},
                {"max_rel_error_loss", v.max_rel_error_loss},
                {"weight_update_error", v.weight_update_error},
                {"tolerance", v.tolerance},
                {"note", v.note}}},
              {"epoch_ms", r.epoch_ms},
              {"backend_epoch_ms", r.backend_epoch_ms},
              {"train_loss", r.train_loss},
              {"val_loss", r.val_loss},
              {"diverged_epoch", r.diverged_epoch},
              {"skipped_steps", r.skipped_steps},
              {"steps_per_epoch", r.steps_per_epoch},
              {"device_bytes", r.device_bytes},
              {"backend_details", r.backend_details},
              {"device", r.device},
              {"plugin", r.plugin},
              {"setup_ms", r.setup_ms},
              {"log_path", r.log_path}};
}

CaseResult result_from_json(const json& j) {
  CaseResult r;
  r.spec = spec_from_json(j.at("spec"));
  r.status = status_from_string(j.at("status").get<std::string>());
  read_if(j, "reason", r.reason);
  if (auto it = j.find("verification"); it != j.end()) {
    Verification& v = r.verification;
    read_if(*it, "ran", v.ran);
    read_if(*it, "passed", v.passed);
    read_if(*it, "steps", v.steps);
    v.max_rel_error_loss = number_or_nan(*it, "max_rel_error_loss");
    v.weight_update_error = number_or_nan(*it, "weight_update_error");
    read_if(*it, "tolerance", v.tolerance);
    read_if(*it, "note", v.note);
  }
  r.epoch_ms = numbers(j, "epoch_ms");
  r.backend_epoch_ms = numbers(j, "backend_epoch_ms");
  r.train_loss = numbers(j, "train_loss");
  r.val_loss = number_or_nan(j, "val_loss");
  read_if(j, "diverged_epoch", r.diverged_epoch);
  read_if(j, "skipped_steps", r.skipped_steps);
  read_if(j, "steps_per_epoch", r.steps_per_epoch);
  read_if(j, "device_bytes", r.device_bytes);
  read_if(j, "backend_details", r.backend_details);
  read_if(j, "device", r.device);
  read_if(j, "plugin", r.plugin);
  read_if(j, "setup_ms", r.setup_ms);
  read_if(j, "log_path", r.log_path);
  return r;
}

std::vector<CaseResult> read_results(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path, "cannot open results file");
  std::vector<CaseResult> results;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      // A last line without its newline was cut short by a killed run: nothing lost above.
      if (in.eof()) break;
      throw Error(path + ":" + std::to_string(line_number), "not a JSON line");
    }
    try {
      results.push_back(result_from_json(j));
    } catch (const json::exception& e) {
      throw Error(path + ":" + std::to_string(line_number),
                  std::string("not a case result: ") + e.what());
    } catch (const Error& e) {
      throw Error(path + ":" + std::to_string(line_number), "not a case result: " + e.message());
    }
  }
  return results;
}

}  // namespace lstmbench::run
