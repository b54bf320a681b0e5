// oneDNN CPU benchmarks, all on every core, FLOP/s reported as the counter "FLOPS":
//   Sgemm/M/N/K        the ceiling: dnnl_sgemm at the LSTM's GEMM shapes (M = batch, N = 4H,
//                      K = I+H and K = H) and at 1024^3;
//   LstmPrimitives/B/H the bare oneDNN lstm_forward + lstm_backward of one layer (T=60, I=1),
//                      weights already in place: what the backend cannot go below;
//   TrainStep/B/H      the onednn plugin, loaded as the runner loads it, training kSteps steps
//                      per iteration through train_epoch (gather, primitives, head, loss, Adam).
// FLOPs per LSTM training step are the project's formula: 24*B*T*H*(I+H) (docs/metrics.md).
// Run: lstmbench_bench_onednn --benchmark_min_time=0.5   (1.7.1 takes a plain double)
#include <benchmark/benchmark.h>

#include <cstdint>
#include <numeric>
#include <oneapi/dnnl/dnnl.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/plugin_harness.hpp"

namespace {

constexpr int kSeqLen = 60;  // the seed workload
constexpr int kInput = 1;
constexpr int kSteps = 4;  // training steps per TrainStep iteration (one train_epoch call)

double lstm_step_flops(double batch, double hidden, double input = kInput) {
  return 24.0 * batch * kSeqLen * hidden * (input + hidden);
}

std::vector<float> random_floats(std::size_t n, std::uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-0.5f, 0.5f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(gen);
  return v;
}

void sgemm(benchmark::State& state) {
  const long M = state.range(0), N = state.range(1), K = state.range(2);
  std::vector<float> a = random_floats(M * K, 1), b = random_floats(K * N, 2), c(M * N);
  for (auto _ : state) {
    dnnl_sgemm('N', 'N', M, N, K, 1.0f, a.data(), K, b.data(), N, 0.0f, c.data(), N);
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["FLOPS"] =
      benchmark::Counter(2.0 * M * N * K, benchmark::Counter::kIsIterationInvariantRate);
}

// One layer's forward_training + backward, set up the way the backend sets it up (explicit zero
// initial state, diff weights in the forward layout), with no reorders, head or optimizer.
void lstm_primitives(benchmark::State& state) {
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  const long T = kSeqLen, N = state.range(0), I = kInput, H = state.range(1);
  dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(eng);
  dnnl::memory::desc src({T, N, I}, dt::f32, tag::tnc), dst({T, N, H}, dt::f32, tag::tnc);
  dnnl::memory::desc iter({1, 1, N, H}, dt::f32, tag::ldnc), none;
  dnnl::memory::desc wl({1, 1, I, 4, H}, dt::f32, tag::any), wi({1, 1, H, 4, H}, dt::f32, tag::any);
  dnnl::memory::desc bias({1, 1, 4, H}, dt::f32, tag::any);
  const auto dir = dnnl::rnn_direction::unidirectional_left2right;
  dnnl::lstm_forward::primitive_desc fpd(
      dnnl::lstm_forward::desc(dnnl::prop_kind::forward_training, dir, src, iter, iter, wl, wi,
                               bias, dst, none, none),
      eng);
  dnnl::lstm_backward::primitive_desc bpd(
      dnnl::lstm_backward::desc(dnnl::prop_kind::backward, dir, src, iter, iter, wl, wi, bias, dst,
                                none, none, src, iter, iter, fpd.weights_layer_desc(),
                                fpd.weights_iter_desc(), fpd.bias_desc(), dst, none, none),
      eng, fpd);
  auto filled = [&](const dnnl::memory::desc& md, std::uint32_t seed) {
    dnnl::memory m(md, eng);
    std::vector<float> v = random_floats(md.get_size() / sizeof(float), seed);
    std::copy(v.begin(), v.end(), static_cast<float*>(m.get_data_handle()));
    return m;
  };
  dnnl::memory x = filled(src, 1), h = filled(dst, 2), dh = filled(dst, 3), dx = filled(src, 4);
  dnnl::memory h0 = filled(iter, 5), c0 = filled(iter, 6), dh0 = filled(iter, 7),
               dc0 = filled(iter, 8);
  dnnl::memory wlf = filled(fpd.weights_layer_desc(), 9), wif = filled(fpd.weights_iter_desc(), 10);
  dnnl::memory b = filled(fpd.bias_desc(), 11);
  dnnl::memory wlb = filled(bpd.weights_layer_desc(), 12),
               wib = filled(bpd.weights_iter_desc(), 13);
  dnnl::memory dwl = filled(bpd.diff_weights_layer_desc(), 14),
               dwi = filled(bpd.diff_weights_iter_desc(), 15),
               db = filled(bpd.diff_bias_desc(), 16);
  dnnl::memory ws(fpd.workspace_desc(), eng);
  std::unordered_map<int, dnnl::memory> fwd_args{
      {DNNL_ARG_SRC_LAYER, x},       {DNNL_ARG_SRC_ITER, h0},      {DNNL_ARG_SRC_ITER_C, c0},
      {DNNL_ARG_WEIGHTS_LAYER, wlf}, {DNNL_ARG_WEIGHTS_ITER, wif}, {DNNL_ARG_BIAS, b},
      {DNNL_ARG_DST_LAYER, h},       {DNNL_ARG_WORKSPACE, ws}};
  std::unordered_map<int, dnnl::memory> bwd_args = fwd_args;
  bwd_args[DNNL_ARG_WEIGHTS_LAYER] = wlb;
  bwd_args[DNNL_ARG_WEIGHTS_ITER] = wib;
  bwd_args.insert({{DNNL_ARG_DIFF_DST_LAYER, dh},
                   {DNNL_ARG_DIFF_SRC_LAYER, dx},
                   {DNNL_ARG_DIFF_SRC_ITER, dh0},
                   {DNNL_ARG_DIFF_SRC_ITER_C, dc0},
                   {DNNL_ARG_DIFF_WEIGHTS_LAYER, dwl},
                   {DNNL_ARG_DIFF_WEIGHTS_ITER, dwi},
                   {DNNL_ARG_DIFF_BIAS, db}});
  dnnl::lstm_forward fwd(fpd);
  dnnl::lstm_backward bwd(bpd);
  for (auto _ : state) {
    fwd.execute(stream, fwd_args);
    bwd.execute(stream, bwd_args);
    stream.wait();
  }
  state.counters["FLOPS"] =
      benchmark::Counter(lstm_step_flops(N, H), benchmark::Counter::kIsIterationInvariantRate);
}

void train_step(benchmark::State& state) {
  using namespace lstmbench::testing;
  const int batch = static_cast<int>(state.range(0)), hidden = static_cast<int>(state.range(1));
  static const LoadedPlugin plugin = load_plugin(plugin_path("lstmbench_onednn"));
  const lb_backend& backend = plugin.find_backend("onednn");
  ProblemSpec spec;
  spec.input_size = kInput;
  spec.hidden_size = hidden;
  spec.seq_len = kSeqLen;
  spec.batch_size = batch;
  spec.num_train = kSteps * batch;
  spec.num_val = 1;
  spec.learning_rate = 1e-3;  // the seed's; Adam keeps the weights sane over many iterations
  Problem problem = make_problem(spec);
  lb_case_config config = problem.config();
  lb_dataset data = problem.dataset();
  lb_message message{};
  lb_session* session = nullptr;
  if (backend.create(&config, &data, problem.weights.data(), problem.weights.size(), &session,
                     &message) != LB_OK) {
    state.SkipWithError(message.text);
    return;
  }
  std::vector<std::int32_t> order(spec.num_train);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937(7));
  for (auto _ : state) {
    lb_epoch_result result{};
    if (backend.train_epoch(session, order.data(), order.size(), &result, &message) != LB_OK) {
      state.SkipWithError(message.text);
      break;
    }
  }
  backend.destroy(session);
  state.counters["FLOPS"] = benchmark::Counter(kSteps * lstm_step_flops(batch, hidden),
                                               benchmark::Counter::kIsIterationInvariantRate);
  state.counters["steps"] = kSteps;
}

void lstm_gemm_shapes(benchmark::internal::Benchmark* b) {
  for (long hidden : {64, 256})
    for (long batch : {32, 256, 512}) {
      b->Args({batch, 4 * hidden, kInput + hidden});  // forward: [x_t, h_{t-1}] x [W; R]
      b->Args({batch, 4 * hidden, hidden});           // the recurrent GEMM alone
    }
  b->Args({1024, 1024, 1024});
}

void seed_shapes(benchmark::internal::Benchmark* b) {
  for (long batch : {32, 256, 512}) b->Args({batch, 64});
}

BENCHMARK(sgemm)->Name("Sgemm")->Apply(lstm_gemm_shapes)->UseRealTime();
BENCHMARK(lstm_primitives)
    ->Name("LstmPrimitives")
    ->Apply(seed_shapes)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(train_step)
    ->Name("TrainStep")
    ->Apply(seed_shapes)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
