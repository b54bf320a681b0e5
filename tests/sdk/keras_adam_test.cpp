// lstmbench/keras_adam.hpp against an independent, straightforward double computation: the
// textbook bias-corrected Adam with epsilon scaled by 1/sqrt(1 - beta2^t), which is the same
// function as Keras's epsilon-hat form written the other way round (alpha*m/(sqrt(v)+eps) =
// lr*m_hat/(sqrt(v_hat) + eps/sqrt(1 - beta2^t)) with m_hat = m/(1 - beta1^t), v_hat likewise).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <lstmbench/keras_adam.hpp>
#include <random>
#include <vector>

namespace {

namespace sdk = lstmbench::sdk;

constexpr int kSteps = 6;
constexpr std::size_t kSize = 32;
const sdk::AdamSettings kSettings{0.01, 0.9, 0.999, 1e-7};

// Seeded gradients for each step; every fourth is tiny (1e-9 scale) so epsilon matters there.
std::vector<std::vector<double>> seeded_gradients() {
  std::mt19937_64 gen(20240531);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::vector<double>> steps(kSteps, std::vector<double>(kSize));
  for (auto& g : steps)
    for (std::size_t i = 0; i < kSize; ++i) g[i] = normal(gen) * (i % 4 == 0 ? 1e-9 : 1.0);
  return steps;
}

std::vector<double> seeded_weights() {
  std::mt19937_64 gen(7);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<double> w(kSize);
  for (double& x : w) x = uniform(gen);
  return w;
}

// The independent oracle: bias-corrected moments, t from 1, m and v from 0.
std::vector<double> textbook_adam(std::vector<double> w,
                                  const std::vector<std::vector<double>>& grads) {
  const auto& s = kSettings;
  std::vector<double> m(w.size(), 0.0), v(w.size(), 0.0);
  for (std::size_t t = 1; t <= grads.size(); ++t) {
    const double c1 = 1.0 - std::pow(s.beta1, static_cast<double>(t));
    const double c2 = 1.0 - std::pow(s.beta2, static_cast<double>(t));
    for (std::size_t i = 0; i < w.size(); ++i) {
      const double g = grads[t - 1][i];
      m[i] = s.beta1 * m[i] + (1.0 - s.beta1) * g;
      v[i] = s.beta2 * v[i] + (1.0 - s.beta2) * g * g;
      const double m_hat = m[i] / c1, v_hat = v[i] / c2;
      w[i] -= s.learning_rate * m_hat / (std::sqrt(v_hat) + s.epsilon / std::sqrt(c2));
    }
  }
  return w;
}

// The SDK's Adam in element type T, the steps split over two "epochs" (one clock, one m and v
// kept between them, as a session keeps them).
template <class T>
std::vector<double> sdk_adam(const std::vector<double>& w0,
                             const std::vector<std::vector<double>>& grads) {
  std::vector<T> w(w0.begin(), w0.end()), m(w0.size(), T(0)), v(w0.size(), T(0)), g(w0.size());
  sdk::AdamClock clock(kSettings);
  for (const auto& step : grads) {
    std::transform(step.begin(), step.end(), g.begin(), [](double x) { return static_cast<T>(x); });
    sdk::adam_update<T>(w, g, m, v, clock.next<T>());
  }
  EXPECT_EQ(clock.steps_taken(), static_cast<std::int64_t>(grads.size()));
  return {w.begin(), w.end()};
}

TEST(KerasAdam, DoubleMatchesTheTextbookFormToRounding) {
  const auto grads = seeded_gradients();
  const auto w0 = seeded_weights();
  const auto want = textbook_adam(w0, grads);
  const auto got = sdk_adam<double>(w0, grads);
  for (std::size_t i = 0; i < kSize; ++i) {
    // Both are a dozen double operations per step, ordered differently: a few ulp (1.1e-16)
    // each, compounded over 6 steps, relative to the total update (~6 * lr); 1e-12 leaves three
    // orders of margin and still catches any formula slip (those are 1e-3 and up).
    const double update = want[i] - w0[i];
    EXPECT_NEAR(got[i], want[i], 1e-12 * std::abs(update) + 1e-15) << "weight " << i;
  }
}

TEST(KerasAdam, FloatMatchesTheTextbookFormToFloatRounding) {
  const auto grads = seeded_gradients();
  const auto w0 = seeded_weights();
  const auto want = textbook_adam(w0, grads);
  const auto got = sdk_adam<float>(w0, grads);
  const double float_eps = 1.2e-7;  // 2^-23
  for (std::size_t i = 0; i < kSize; ++i) {
    // In float the update carries ~10 roundings per step (relative 1e-6 of it after 6 steps,
    // bounded here by 1e-5), and each step's w -= u rounds w itself by up to eps*|w|.
    const double update = want[i] - w0[i];
    const double tolerance = 1e-5 * std::abs(update) + kSteps * float_eps * std::abs(want[i]);
    EXPECT_NEAR(got[i], want[i], tolerance) << "weight " << i;
  }
}

TEST(KerasAdam, StateCarriesAcrossCallsAsOneRun) {
  // Three steps, then three more with the same clock and moments, equal six in one go.
  const auto grads = seeded_gradients();
  std::vector<double> w = seeded_weights(), m(kSize, 0.0), v(kSize, 0.0);
  sdk::AdamClock clock(kSettings);
  for (int epoch = 0; epoch < 2; ++epoch)
    for (int s = 0; s < kSteps / 2; ++s)
      sdk::adam_update<double>(w, grads[epoch * (kSteps / 2) + s], m, v, clock.next<double>());
  EXPECT_EQ(w, sdk_adam<double>(seeded_weights(), grads));
}

TEST(KerasAdam, RefusesMismatchedLengths) {
  std::vector<double> w(3), g(2), m(3), v(3);
  EXPECT_THROW(sdk::adam_update<double>(w, g, m, v, sdk::adam_step<double>(kSettings, 1)),
               std::invalid_argument);
}

}  // namespace
