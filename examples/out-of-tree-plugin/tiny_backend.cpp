// "tiny": the smallest correct lstmbench backend, to copy when starting a new one. One LSTM
// layer with the Keras defaults (tanh, sigmoid), a Dense(1) head, MSE loss, trained with Keras's
// Adam (lstmbench/keras_adam.hpp) or SGD, all in float64 on one thread. Everything else is
// refused with a reason. It includes only the installed SDK headers.
//
// The weights live in one float64 vector in the canonical layout (lstmbench/canonical_weights.hpp):
// kernel [I][4H], recurrent_kernel [H][4H], bias [4H], dense kernel [H], dense bias [1], gates in
// the order i, f, g, o. So create is a copy, read_weights a cast, and the gradient has the same
// layout as the weights for the optimizer.
#include <cmath>
#include <lstmbench/keras_adam.hpp>
#include <lstmbench/plugin.hpp>
#include <memory>
#include <string>
#include <vector>

#ifndef TINY_LOSS_SCALE
#define TINY_LOSS_SCALE 1.0  // tests build a wrong variant with 1.5
#endif

namespace sdk = lstmbench::sdk;

namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

class TinySession : public sdk::Session {
 public:
  TinySession(const sdk::CaseConfig& c, const sdk::Dataset& data, std::span<const float> weights)
      : I_(c.input_size),
        H_(c.hidden_size),
        T_(c.seq_len),
        B_(c.batch_size),
        adam_(c.optimizer == "adam"),
        lr_(c.learning_rate),
        clock_({c.learning_rate, c.adam_beta1, c.adam_beta2, c.adam_epsilon}),
        // The data arrays are valid only during create: copy them.
        train_x_(data.train_x.begin(), data.train_x.end()),
        train_y_(data.train_y.begin(), data.train_y.end()),
        val_x_(data.val_x.begin(), data.val_x.end()),
        val_y_(data.val_y.begin(), data.val_y.end()),
        w_(weights.begin(), weights.end()),
        grad_(w_.size()),
        m_(w_.size(), 0.0),  // Adam's moments start at 0 and live as long as the session
        v_(w_.size(), 0.0) {
    // Every buffer is sized once, here: no allocation inside a step.
    const std::size_t G = 4 * H_;
    x_.resize(T_ * B_ * I_);
    y_.resize(B_);
    gates_.resize(T_ * B_ * G);
    c_.resize((T_ + 1) * B_ * H_);
    h_.resize((T_ + 1) * B_ * H_);
    pred_.resize(B_);
  }

  sdk::EpochResult train_epoch(std::span<const std::int32_t> order,
                               std::span<double> step_losses) override {
    sdk::EpochResult result;
    result.num_steps = order.size() / B_;  // the runner checks it: floor(n / batch)
    for (std::size_t s = 0; s < result.num_steps; ++s) {
      gather(train_x_, train_y_, order.data() + s * B_, B_);
      // The loss is the one of the weights before this step's update, as in Keras.
      const double loss = forward(B_) * TINY_LOSS_SCALE;
      backward(B_);
      update();
      if (!step_losses.empty()) step_losses[s] = loss;
      result.mean_loss += loss / static_cast<double>(result.num_steps);
    }
    return result;
  }

  double evaluate() override {
    const std::size_t n = val_y_.size();
    double sum = 0.0;
    std::vector<std::int32_t> index(B_);
    for (std::size_t start = 0; start < n; start += B_) {
      const std::size_t count = std::min(B_, n - start);
      for (std::size_t b = 0; b < count; ++b) index[b] = static_cast<std::int32_t>(start + b);
      gather(val_x_, val_y_, index.data(), count);
      sum += forward(count) * static_cast<double>(count);
    }
    return n ? sum / static_cast<double>(n) * TINY_LOSS_SCALE : NAN;
  }

  void read_weights(std::span<float> weights) override {
    for (std::size_t i = 0; i < w_.size(); ++i) weights[i] = static_cast<float>(w_[i]);
  }

  sdk::SessionInfo info() override {
    return {-1, std::string("arith=float64;optimizer=") + (adam_ ? "adam" : "sgd")};
  }

 private:
  // Offsets of the canonical layout for one layer.
  std::size_t K() const { return 0; }
  std::size_t R() const { return I_ * 4 * H_; }
  std::size_t bias() const { return R() + H_ * 4 * H_; }
  std::size_t dense() const { return bias() + 4 * H_; }
  std::size_t dense_bias() const { return dense() + H_; }

  // Copies `count` windows into the time-major batch x_[t][b][i] and their targets.
  void gather(const std::vector<float>& xs, const std::vector<float>& ys, const std::int32_t* index,
              std::size_t count) {
    for (std::size_t b = 0; b < count; ++b) {
      const float* window = xs.data() + static_cast<std::size_t>(index[b]) * T_ * I_;
      for (std::size_t t = 0; t < T_; ++t)
        for (std::size_t i = 0; i < I_; ++i) x_[(t * B_ + b) * I_ + i] = window[t * I_ + i];
      y_[b] = ys[static_cast<std::size_t>(index[b])];
    }
  }

  // RETURNS: the batch's mean squared error; keeps gates, cells and hidden states for backward.
  double forward(std::size_t count) {
    const std::size_t G = 4 * H_;
    std::fill(c_.begin(), c_.begin() + B_ * H_, 0.0);  // h_0 = c_0 = 0
    std::fill(h_.begin(), h_.begin() + B_ * H_, 0.0);
    for (std::size_t t = 0; t < T_; ++t)
      for (std::size_t b = 0; b < count; ++b) {
        double* z = &gates_[(t * B_ + b) * G];
        for (std::size_t j = 0; j < G; ++j) z[j] = w_[bias() + j];
        for (std::size_t i = 0; i < I_; ++i) {
          const double x = x_[(t * B_ + b) * I_ + i];
          for (std::size_t j = 0; j < G; ++j) z[j] += x * w_[K() + i * G + j];
        }
        const double* h_prev = &h_[(t * B_ + b) * H_];
        for (std::size_t k = 0; k < H_; ++k)
          for (std::size_t j = 0; j < G; ++j) z[j] += h_prev[k] * w_[R() + k * G + j];
        const double* c_prev = &c_[(t * B_ + b) * H_];
        double* c = &c_[((t + 1) * B_ + b) * H_];
        double* h = &h_[((t + 1) * B_ + b) * H_];
        for (std::size_t k = 0; k < H_; ++k) {
          // Gates in place: i, f, o through the sigmoid, g through tanh.
          double& i = z[k];
          double& f = z[H_ + k];
          double& g = z[2 * H_ + k];
          double& o = z[3 * H_ + k];
          i = sigmoid(i);
          f = sigmoid(f);
          g = std::tanh(g);
          o = sigmoid(o);
          c[k] = f * c_prev[k] + i * g;
          h[k] = o * std::tanh(c[k]);
        }
      }
    double loss = 0.0;
    for (std::size_t b = 0; b < count; ++b) {
      const double* h = &h_[(T_ * B_ + b) * H_];
      pred_[b] = w_[dense_bias()];
      for (std::size_t k = 0; k < H_; ++k) pred_[b] += h[k] * w_[dense() + k];
      const double err = pred_[b] - y_[b];
      loss += err * err;
    }
    return loss / static_cast<double>(count);
  }

  // Backpropagation through time of the last forward (a full batch) into grad_.
  void backward(std::size_t count) {
    const std::size_t G = 4 * H_;
    std::fill(grad_.begin(), grad_.end(), 0.0);
    std::vector<double>& dh = dh_;
    std::vector<double>& dc = dc_;
    dh.assign(count * H_, 0.0);
    dc.assign(count * H_, 0.0);
    dz_.resize(G);
    for (std::size_t b = 0; b < count; ++b) {
      const double dpred = 2.0 * (pred_[b] - y_[b]) / static_cast<double>(count);
      const double* h = &h_[(T_ * B_ + b) * H_];
      for (std::size_t k = 0; k < H_; ++k) {
        grad_[dense() + k] += dpred * h[k];
        dh[b * H_ + k] = dpred * w_[dense() + k];
      }
      grad_[dense_bias()] += dpred;
    }
    for (std::size_t t = T_; t-- > 0;)
      for (std::size_t b = 0; b < count; ++b) {
        const double* z = &gates_[(t * B_ + b) * G];
        const double* c_prev = &c_[(t * B_ + b) * H_];
        const double* c = &c_[((t + 1) * B_ + b) * H_];
        const double* h_prev = &h_[(t * B_ + b) * H_];
        double* dhb = &dh[b * H_];
        double* dcb = &dc[b * H_];
        for (std::size_t k = 0; k < H_; ++k) {
          const double i = z[k], f = z[H_ + k], g = z[2 * H_ + k], o = z[3 * H_ + k];
          const double tc = std::tanh(c[k]);
          const double d_c = dcb[k] + dhb[k] * o * (1.0 - tc * tc);
          dz_[k] = d_c * g * i * (1.0 - i);
          dz_[H_ + k] = d_c * c_prev[k] * f * (1.0 - f);
          dz_[2 * H_ + k] = d_c * i * (1.0 - g * g);
          dz_[3 * H_ + k] = dhb[k] * tc * o * (1.0 - o);
          dcb[k] = d_c * f;  // flows to c_{t-1}
        }
        for (std::size_t j = 0; j < G; ++j) grad_[bias() + j] += dz_[j];
        for (std::size_t i = 0; i < I_; ++i) {
          const double x = x_[(t * B_ + b) * I_ + i];
          for (std::size_t j = 0; j < G; ++j) grad_[K() + i * G + j] += x * dz_[j];
        }
        for (std::size_t k = 0; k < H_; ++k) {
          double back = 0.0;
          for (std::size_t j = 0; j < G; ++j) {
            grad_[R() + k * G + j] += h_prev[k] * dz_[j];
            back += w_[R() + k * G + j] * dz_[j];
          }
          dhb[k] = back;  // flows to h_{t-1}
        }
      }
  }

  void update() {
    if (adam_) {
      // t counts from 1; the step size is computed in double (adam_step), m and v carry over.
      const sdk::AdamStep<double> k = clock_.next<double>();
      sdk::adam_update<double>(w_, grad_, m_, v_, k);
    } else {
      for (std::size_t i = 0; i < w_.size(); ++i) w_[i] -= lr_ * grad_[i];
    }
  }

  const std::size_t I_, H_, T_, B_;
  const bool adam_;
  const double lr_;
  sdk::AdamClock clock_;
  std::vector<float> train_x_, train_y_, val_x_, val_y_;
  std::vector<double> w_, grad_, m_, v_;
  std::vector<double> x_, y_, gates_, c_, h_, pred_, dh_, dc_, dz_;
};

struct TinyBackend {
  static sdk::BackendTraits traits() {
    return {"tiny",  "example out-of-tree backend: one float64 LSTM layer, tanh/sigmoid",
            "cpu",   "fp32",
            "eager", ""};
  }

  // The SDK has already refused what traits() does not declare (precisions, modes).
  static std::string unsupported_reason(const sdk::CaseConfig& c) {
    if (c.num_layers != 1)
      return "tiny trains one LSTM layer; this case has num_layers=" + std::to_string(c.num_layers);
    if (c.activation != "tanh" || c.recurrent_activation != "sigmoid")
      return "tiny needs activation=tanh and recurrent_activation=sigmoid; this case has " +
             c.activation + " and " + c.recurrent_activation;
    if (c.optimizer != "adam" && c.optimizer != "sgd")
      return "tiny trains with adam or sgd; this case asks for " + c.optimizer;
    if (c.recurrent_dropout > 0.0)
      return "tiny has no recurrent dropout; this case has recurrent_dropout > 0";
    return {};
  }

  static std::unique_ptr<sdk::Session> create(const sdk::CaseConfig& c, const sdk::Dataset& data,
                                              std::span<const float> weights) {
    return std::make_unique<TinySession>(c, data, weights);
  }
};

}  // namespace

LSTMBENCH_PLUGIN("tiny", "1.0", nullptr, TinyBackend)
