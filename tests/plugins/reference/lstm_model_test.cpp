#include "lstm_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace lstmbench::reference {
namespace {

constexpr std::size_t kBatch = 3;
constexpr std::size_t kSeqLen = 5;

// A small model with fresh seeded parameters (uniform in +-0.25: gates neither saturate nor
// vanish, and with linear or relu gates the cell stays O(1) over the short sequence) and a batch of
// seeded windows and targets.
struct Fixture {
  LstmModel model;
  std::vector<double> windows;
  std::vector<double> targets;

  Fixture(const ModelShape& shape, std::uint64_t seed)
      : model(shape, kBatch), windows(kBatch * shape.seq_len * shape.input_size), targets(kBatch) {
    std::mt19937_64 gen(seed);
    std::uniform_real_distribution<double> uniform(-0.25, 0.25);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (double& p : model.parameters()) p = uniform(gen);
    for (double& x : windows) x = normal(gen);
    for (double& y : targets) y = normal(gen);
  }
  double loss() { return model.forward(windows, targets); }
};

ModelShape make_shape(std::size_t input_size, std::size_t num_layers, Activation activation,
                      Activation recurrent_activation) {
  ModelShape shape;
  shape.input_size = input_size;
  shape.hidden_size = 4;
  shape.num_layers = num_layers;
  shape.seq_len = kSeqLen;
  shape.activation = activation;
  shape.recurrent_activation = recurrent_activation;
  return shape;
}

// Keras's equations written out one scalar at a time straight from the canonical layout, with
// none of the model's structure (no time-major buffers, no in-place gates): an independent
// statement of what forward() must compute.
double naive_loss(const ModelShape& s, const std::vector<double>& p,
                  const std::vector<double>& windows, const std::vector<double>& targets) {
  auto f = [](Activation a, double x) {
    switch (a) {
      case Activation::kTanh:
        return std::tanh(x);
      case Activation::kSigmoid:
        return 1.0 / (1.0 + std::exp(-x));
      case Activation::kHardSigmoid:
        return std::clamp(x / 6.0 + 0.5, 0.0, 1.0);
      case Activation::kRelu:
        return x > 0.0 ? x : 0.0;
      case Activation::kLinear:
        return x;
    }
    return 0.0;
  };
  CanonicalLayout layout(s.input_size, s.hidden_size, s.num_layers);
  const std::size_t H = s.hidden_size;
  double loss = 0.0;
  for (std::size_t b = 0; b < targets.size(); ++b) {
    // seq[t][k]: the current layer's input sequence.
    std::vector<std::vector<double>> seq(s.seq_len, std::vector<double>(s.input_size));
    for (std::size_t t = 0; t < s.seq_len; ++t)
      for (std::size_t k = 0; k < s.input_size; ++k)
        seq[t][k] = windows[(b * s.seq_len + t) * s.input_size + k];
    for (std::size_t l = 0; l < s.num_layers; ++l) {
      const CanonicalLayer& L = layout.layer(l);
      std::vector<double> h(H, 0.0), c(H, 0.0);
      std::vector<std::vector<double>> out(s.seq_len, std::vector<double>(H));
      for (std::size_t t = 0; t < s.seq_len; ++t) {
        auto z = [&](std::size_t gate, std::size_t j) {
          std::size_t col = gate * H + j;
          double v = p[L.bias_offset + col];
          for (std::size_t k = 0; k < L.input_width; ++k)
            v += seq[t][k] * p[L.kernel_offset + k * 4 * H + col];
          for (std::size_t k = 0; k < H; ++k) v += h[k] * p[L.recurrent_offset + k * 4 * H + col];
          return v;
        };
        std::vector<double> h_new(H);
        for (std::size_t j = 0; j < H; ++j) {
          double i = f(s.recurrent_activation, z(0, j));
          double fg = f(s.recurrent_activation, z(1, j));
          double g = f(s.activation, z(2, j));
          double o = f(s.recurrent_activation, z(3, j));
          c[j] = fg * c[j] + i * g;
          h_new[j] = o * f(s.activation, c[j]);
        }
        h = h_new;
        out[t] = h;
      }
      seq = out;
    }
    double prediction = p[layout.dense_bias_offset()];
    for (std::size_t j = 0; j < H; ++j)
      prediction += seq.back()[j] * p[layout.dense_kernel_offset() + j];
    loss += (prediction - targets[b]) * (prediction - targets[b]);
  }
  return loss / static_cast<double>(targets.size());
}

TEST(LstmModel, ForwardMatchesKerasEquationsWrittenOut) {
  for (std::size_t layers : {1u, 2u}) {
    ModelShape shape = make_shape(3, layers, Activation::kTanh, Activation::kSigmoid);
    Fixture fx(shape, 21 + layers);
    std::vector<double> p(fx.model.parameters().begin(), fx.model.parameters().end());
    // Same operations in a different order: agreement to ~1e-15 relative is expected; 1e-12
    // leaves room and still catches any wrong gate, index or layout (those are O(1e-2) off).
    EXPECT_NEAR(fx.loss(), naive_loss(shape, p, fx.windows, fx.targets), 1e-12);
  }
}

TEST(LstmModel, WindowsInABatchDoNotInteract) {
  // Predictions of a batch of three equal those of each window alone: the strides follow the
  // batch actually given, which evaluate() relies on for its shorter last chunk.
  Fixture fx(make_shape(3, 2, Activation::kTanh, Activation::kSigmoid), 5);
  fx.loss();
  std::vector<double> together(fx.model.predictions().begin(), fx.model.predictions().end());
  const std::size_t window = kSeqLen * 3;
  for (std::size_t b = 0; b < kBatch; ++b) {
    fx.model.forward(std::span<const double>(fx.windows).subspan(b * window, window),
                     std::span<const double>(fx.targets).subspan(b, 1));
    EXPECT_EQ(fx.model.predictions()[0], together[b]);
  }
}

using GradientCase =
    std::tuple<Activation, Activation, std::size_t /*input*/, std::size_t /*layers*/>;

class LstmGradient : public ::testing::TestWithParam<GradientCase> {};

// Every parameter's analytic gradient against a central finite difference of the loss.
//
// Tolerance: in float64 with h = 1e-6, the central difference's truncation error is
// ~h^2 |f'''| ~ 1e-12 and its rounding error ~ eps |f| / h ~ 1e-16 / 1e-6 = 1e-10 (times a small
// factor for the summations inside f), so agreement to ~1e-9 is expected (the worst seen on
// these cases is below 1e-9); we allow 1e-8 * max(1, |g|), ten times that and many orders below
// any real mistake (a wrong term is off by O(|g|)).
//
// relu and hard_sigmoid have kinks. If [w - h, w + h] straddles one for some pre-activation, the
// central difference mixes two slopes. Then one of the one-sided differences lies on a single
// piece, and it must agree with the analytic gradient to its own O(h |f''|) ~ 1e-6 accuracy (we
// allow 1e-5 * max(1, |g|)); such fallbacks must be rare, and never happen without a kink.
TEST_P(LstmGradient, MatchesCentralFiniteDifferences) {
  auto [activation, recurrent_activation, input_size, layers] = GetParam();
  Fixture fx(make_shape(input_size, layers, activation, recurrent_activation),
             1000 + 10 * input_size + layers);
  std::vector<double> gradient(fx.model.layout().total(), NAN);
  const double loss = fx.loss();
  fx.model.backward(gradient);

  const double h = 1e-6;
  std::span<double> p = fx.model.parameters();
  std::size_t fallbacks = 0;
  for (std::size_t k = 0; k < p.size(); ++k) {
    const double saved = p[k];
    p[k] = saved + h;
    const double up = fx.loss();
    p[k] = saved - h;
    const double down = fx.loss();
    p[k] = saved;
    const double central = (up - down) / (2 * h);
    const double scale = std::max(1.0, std::abs(gradient[k]));
    ASSERT_TRUE(std::isfinite(gradient[k])) << "parameter " << k;
    if (std::abs(gradient[k] - central) <= 1e-8 * scale) continue;
    ++fallbacks;
    const double forward_diff = (up - loss) / h, backward_diff = (loss - down) / h;
    EXPECT_TRUE(std::abs(gradient[k] - forward_diff) <= 1e-5 * scale ||
                std::abs(gradient[k] - backward_diff) <= 1e-5 * scale)
        << "parameter " << k << ": analytic " << gradient[k] << ", central " << central
        << ", one-sided " << forward_diff << " / " << backward_diff;
  }
  const bool smooth = activation != Activation::kRelu && activation != Activation::kHardSigmoid &&
                      recurrent_activation != Activation::kRelu &&
                      recurrent_activation != Activation::kHardSigmoid;
  if (smooth) {
    EXPECT_EQ(fallbacks, 0u);
  }
  EXPECT_LE(fallbacks, p.size() / 50) << "too many parameters needed the kink fallback";
}

constexpr Activation kEvery[] = {Activation::kTanh, Activation::kSigmoid, Activation::kHardSigmoid,
                                 Activation::kRelu, Activation::kLinear};

INSTANTIATE_TEST_SUITE_P(EveryActivationPair, LstmGradient,
                         ::testing::Combine(::testing::ValuesIn(kEvery),
                                            ::testing::ValuesIn(kEvery),
                                            ::testing::Values(std::size_t{1}, std::size_t{3}),
                                            ::testing::Values(std::size_t{1}, std::size_t{3})),
                         [](const ::testing::TestParamInfo<GradientCase>& info) {
                           return std::string(activation_name(std::get<0>(info.param))) + "_" +
                                  std::string(activation_name(std::get<1>(info.param))) + "_in" +
                                  std::to_string(std::get<2>(info.param)) + "_layers" +
                                  std::to_string(std::get<3>(info.param));
                         });

TEST(LstmModel, BackwardOverwritesTheGradient) {
  Fixture fx(make_shape(1, 2, Activation::kTanh, Activation::kSigmoid), 9);
  std::vector<double> first(fx.model.layout().total()), second(fx.model.layout().total(), 123.0);
  fx.loss();
  fx.model.backward(first);
  fx.loss();
  fx.model.backward(second);
  EXPECT_EQ(first, second);
}

TEST(LstmModel, ThreadCountChangesNoBitOfLossOrGradient) {
  // Hidden 13 (52 gate columns) splits into uneven blocks of 8-column lines, and two layers send
  // a gradient to an input 13 wide: every split path runs. Equality, not a tolerance: each
  // output element must be summed over the same terms in the same order whatever the count.
  ModelShape shape = make_shape(2, 2, Activation::kTanh, Activation::kSigmoid);
  shape.hidden_size = 13;
  std::vector<std::vector<double>> gradients;
  std::vector<double> losses;
  for (std::size_t threads : {1, 2, 3, 7}) {
    shape.threads = threads;
    Fixture fx(shape, 21);
    losses.push_back(fx.loss());
    gradients.emplace_back(fx.model.layout().total());
    fx.model.backward(gradients.back());
  }
  for (std::size_t k = 1; k < losses.size(); ++k) {
    EXPECT_EQ(losses[k], losses[0]) << "split " << k;
    EXPECT_EQ(gradients[k], gradients[0]) << "split " << k;
  }
}

TEST(LstmModel, RejectsABatchOfTheWrongShape) {
  Fixture fx(make_shape(1, 1, Activation::kTanh, Activation::kSigmoid), 3);
  std::vector<double> too_many(kBatch + 1, 0.0), windows((kBatch + 1) * kSeqLen, 0.0);
  EXPECT_THROW(fx.model.forward(windows, too_many), std::invalid_argument);
  EXPECT_THROW(fx.model.forward(std::span<const double>(fx.windows).first(2), fx.targets),
               std::invalid_argument);
}

}  // namespace
}  // namespace lstmbench::reference
