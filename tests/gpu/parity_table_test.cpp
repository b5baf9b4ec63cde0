// The parity table: every device operation (kernels/*.cuh, and the metric reductions built on them)
// against its CPU twin, one row each, with its tolerance and the reason for it (label gpu; the rows
// skip without a device). A new kernel is one more row in rows() below.
//
// A row runs its CPU twin (the shared RBMDYN_HD per-element function in the loop the CPU engine
// uses, or the CPU function itself) and the device operation on the same inputs, and compares all
// outputs with test::relative_error (max|Δ| / max|cpu|, tests/gpu/gpu_compare.hpp). Tolerance 0 means
// bit for bit: the per-element functions are shared and compiled without FMA contraction on both
// sides (-ffp-contract=off, --fmad=false), and the draws come from the same Philox addresses.
//
// Shapes cross every tile and block boundary the kernels have: 1037 units = one full tile of 1024
// (kernels/row_uniforms.cuh) plus a tail that is not a multiple of 4; 4099 weights = float4 body +
// tail; several rows per launch.
#include <gtest/gtest.h>

#include <cuda_runtime.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <ostream>
#include <string>
#include <vector>

#include "host/analysis/trajectory_reduction.hpp"
#include "host/classifier/layers_cpu.hpp"
#include "host/core/random.hpp"
#include "host/data/resize.hpp"
#include "host/ops/cd1_math.hpp"
#include "host/ops/classifier_math.hpp"
#include "host/ops/gibbs_math.hpp"
#include "host/ops/readout_math.hpp"
#include "host/ops/resize_math.hpp"
#include "host/runtime/device_buffer.hpp"
#include "kernels/cd1.cuh"
#include "kernels/classifier_ops.cuh"
#include "kernels/gibbs.cuh"
#include "kernels/readout.cuh"
#include "kernels/resize.cuh"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

using Values = std::vector<double>;

struct ParityRow {
  std::string name;  // [A-Za-z0-9_] (a gtest parameter name)
  double tolerance;  // bound on relative_error; 0 = bit for bit
  std::string why;   // why this tolerance
  std::function<Values()> cpu;
  std::function<Values(cudaStream_t)> gpu;  // everything enqueued on the given stream
};

// ---- inputs and plumbing ----------------------------------------------------------------------

constexpr int64_t kRows = 5;
constexpr int64_t kUnits = 1037;  // one full 1024-unit tile + a 13-unit tail (not a multiple of 4)

std::vector<float> uniforms(std::size_t n, uint32_t tag, float lo, float hi) {
  const RandomStream rng{2024, RngPurpose::nondigit};
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = lo + (hi - lo) * uniform_from_bits(rng.bits(tag, static_cast<uint32_t>(i >> 20), static_cast<uint32_t>(i)));
  return v;
}

std::vector<uint8_t> classes(std::size_t n, int count, uint32_t tag) {
  std::vector<uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>((i * 7 + tag + i / 5) % static_cast<std::size_t>(count));
  return v;
}

template <class T>
DeviceBuffer<T> on_device(const std::vector<T>& host, cudaStream_t s) {
  return DeviceBuffer<T>::copy_of(host, s);
}

template <class T>
DeviceBuffer<T> zeros_on_device(std::size_t n, cudaStream_t s) {
  DeviceBuffer<T> d(n);
  d.zero(s);
  return d;
}

// Appends `v` to `out` as doubles (rows compare all their outputs as one flat vector).
template <class T>
void append(Values& out, const std::vector<T>& v) {
  for (const T& x : v) out.push_back(static_cast<double>(x));
}
template <class T>
void append(Values& out, const DeviceBuffer<T>& d, cudaStream_t s) {
  append(out, d.to_host(s));
}

// ---- CD-1 (kernels/cd1.cuh; twin: host/ops/cd1_math.hpp in host/rbm/cd1_engine_cpu.cpp's loops) ----

struct Cd1Inputs {
  int64_t nv = 789, nh = kUnits, batch = kRows, first = 2;
  uint64_t seed = 31;
  kernels::Cd1Scalars scalars{3, 0.9f, 1.0f, 0.0f, 0.01f};
  std::vector<int32_t> order{6, 0, 4, 1, 8, 3, 7, 2, 5};  // a permutation of 9 samples
  std::vector<float> data = uniforms(9 * 789, 1, 0, 1);
  std::vector<float> pre_h = uniforms(kRows * kUnits, 2, -4, 4);
  std::vector<float> pre_v = uniforms(kRows * 789, 3, -4, 4);
  std::vector<float> b_v = uniforms(789, 4, -1, 1), b_h = uniforms(kUnits, 5, -1, 1);
  std::vector<float> db_v = uniforms(789, 6, -0.1f, 0.1f), db_h = uniforms(kUnits, 7, -0.1f, 0.1f);
  std::vector<float> visible = uniforms(2 * kRows * 789, 8, 0, 1), hidden = uniforms(2 * kRows * kUnits, 9, -1, 1);
};

ParityRow cd1_gather_rows() {
  return {"cd1_gather_rows", 0, "a copy",
          [] {
            const Cd1Inputs in;
            std::vector<float> out;
            for (int64_t r = 0; r < in.batch; ++r) {
              const float* src = in.data.data() + in.order[static_cast<std::size_t>(in.first + r)] * in.nv;
              out.insert(out.end(), src, src + in.nv);
            }
            Values v;
            append(v, out);
            return v;
          },
          [](cudaStream_t s) {
            const Cd1Inputs in;
            auto data = on_device(in.data, s);
            auto order = on_device(in.order, s);
            DeviceBuffer<float> out(static_cast<std::size_t>(in.batch * in.nv));
            kernels::launch_gather_rows(data.data(), order.data(), in.first, static_cast<int>(in.batch), in.nv,
                                        out.data(), s);
            Values v;
            append(v, out, s);
            return v;
          }};
}

ParityRow cd1_hidden_sample() {
  return {"cd1_hidden_sample", 0, "shared sample_hidden, same (sample, epoch, unit) draws",
          [] {
            const Cd1Inputs in;
            const RandomStream rng{in.seed, RngPurpose::cd1_hidden};
            std::vector<float> p(in.pre_h.size()), h0(p.size());
            for (int64_t r = 0; r < in.batch; ++r)
              for (int64_t j = 0; j < in.nh; ++j) {
                const auto sample = static_cast<uint32_t>(in.order[static_cast<std::size_t>(in.first + r)]);
                const float u = uniform_from_bits(
                    rng.bits(sample, in.scalars.stream_b, static_cast<uint32_t>(j)));
                const std::size_t at = static_cast<std::size_t>(r * in.nh + j);
                const cd1::HiddenSample h = cd1::sample_hidden(in.pre_h[at], in.b_h[static_cast<std::size_t>(j)], u);
                p[at] = h.prob;
                h0[at] = h.state;
              }
            Values v;
            append(v, p);
            append(v, h0);
            return v;
          },
          [](cudaStream_t s) {
            const Cd1Inputs in;
            auto p = on_device(in.pre_h, s);
            auto b_h = on_device(in.b_h, s);
            auto order = on_device(in.order, s);
            auto scalars = on_device(std::vector<kernels::Cd1Scalars>{in.scalars}, s);
            DeviceBuffer<float> h0(in.pre_h.size());
            kernels::launch_cd1_hidden_sample(p.data(), h0.data(), b_h.data(), order.data(), in.first,
                                              static_cast<int>(in.batch), in.nh, in.seed, scalars.data(), s);
            Values v;
            append(v, p, s);
            append(v, h0, s);
            return v;
          }};
}

// visible_reconstruct writes v1 (shared sigmoid: exact) and row_sse (double sums in another order).
std::pair<std::vector<float>, std::vector<double>> cd1_reconstruct_cpu() {
  const Cd1Inputs in;
  std::vector<float> v1(in.pre_v.size());
  std::vector<double> sse(static_cast<std::size_t>(in.batch), 0.0);
  for (int64_t r = 0; r < in.batch; ++r)
    for (int64_t i = 0; i < in.nv; ++i) {
      const std::size_t at = static_cast<std::size_t>(r * in.nv + i);
      v1[at] = sigmoid(in.pre_v[at] + in.b_v[static_cast<std::size_t>(i)]);
      const double d = static_cast<double>(in.visible[at]) - v1[at];
      sse[static_cast<std::size_t>(r)] += d * d;
    }
  return {v1, sse};
}
std::pair<Values, Values> cd1_reconstruct_gpu(cudaStream_t s) {
  const Cd1Inputs in;
  auto v1 = on_device(in.pre_v, s);
  auto v0 = on_device(std::vector<float>(in.visible.begin(), in.visible.begin() + in.batch * in.nv), s);
  auto b_v = on_device(in.b_v, s);
  DeviceBuffer<double> sse(static_cast<std::size_t>(in.batch));
  kernels::launch_cd1_visible_reconstruct(v1.data(), v0.data(), b_v.data(), static_cast<int>(in.batch), in.nv,
                                          sse.data(), nullptr, s);
  Values a, b;
  append(a, v1, s);
  append(b, sse, s);
  return {a, b};
}

ParityRow cd1_visible_reconstruct() {
  return {"cd1_visible_reconstruct", 0, "shared sigmoid",
          [] {
            Values v;
            append(v, cd1_reconstruct_cpu().first);
            return v;
          },
          [](cudaStream_t s) { return cd1_reconstruct_gpu(s).first; }};
}

ParityRow cd1_reconstruction_error() {
  return {"cd1_reconstruction_error", 1e-12, "789 squared differences summed in double, block order vs row order",
          [] {
            Values v;
            append(v, cd1_reconstruct_cpu().second);
            return v;
          },
          [](cudaStream_t s) { return cd1_reconstruct_gpu(s).second; }};
}

// The binary negative visible of the deep models (dbn.md §3.1): V1 = Bern(σ(·)) from (cd1_visible,
// a = sample, b = cd1_stream_b(epoch, layer 2)).
ParityRow cd1_visible_sampled() {
  return {"cd1_visible_sampled", 0, "shared sigmoid, same (sample, stream_b, unit) draws",
          [] {
            Cd1Inputs in;
            in.scalars.stream_b = cd1_stream_b(3, 2);
            const RandomStream rng{in.seed, RngPurpose::cd1_visible};
            std::vector<float> v1(in.pre_v.size());
            for (int64_t r = 0; r < in.batch; ++r)
              for (int64_t i = 0; i < in.nv; ++i) {
                const auto at = static_cast<std::size_t>(r * in.nv + i);
                const auto sample = static_cast<uint32_t>(in.order[static_cast<std::size_t>(in.first + r)]);
                const float u = uniform_from_bits(rng.bits(sample, in.scalars.stream_b, static_cast<uint32_t>(i)));
                v1[at] = bernoulli(sigmoid(in.pre_v[at] + in.b_v[static_cast<std::size_t>(i)]), u);
              }
            Values v;
            append(v, v1);
            return v;
          },
          [](cudaStream_t s) {
            Cd1Inputs in;
            in.scalars.stream_b = cd1_stream_b(3, 2);
            auto v1 = on_device(in.pre_v, s);
            auto v0 = on_device(std::vector<float>(in.visible.begin(), in.visible.begin() + in.batch * in.nv), s);
            auto b_v = on_device(in.b_v, s);
            auto order = on_device(in.order, s);
            auto scalars = on_device(std::vector<kernels::Cd1Scalars>{in.scalars}, s);
            DeviceBuffer<double> sse(static_cast<std::size_t>(in.batch));
            const kernels::Cd1VisibleDraws draws{in.seed, order.data(), in.first, scalars.data()};
            kernels::launch_cd1_visible_reconstruct(v1.data(), v0.data(), b_v.data(), static_cast<int>(in.batch), in.nv,
                                                    sse.data(), &draws, s);
            Values v;
            append(v, v1, s);
            return v;
          }};
}

ParityRow cd1_hidden_negative() {
  return {"cd1_hidden_negative", 0, "shared sigmoid",
          [] {
            const Cd1Inputs in;
            std::vector<float> out(in.pre_h.size());
            for (std::size_t at = 0; at < out.size(); ++at)
              out[at] = -sigmoid(in.pre_h[at] + in.b_h[at % static_cast<std::size_t>(in.nh)]);
            Values v;
            append(v, out);
            return v;
          },
          [](cudaStream_t s) {
            const Cd1Inputs in;
            auto p = on_device(in.pre_h, s);
            auto b_h = on_device(in.b_h, s);
            kernels::launch_cd1_hidden_negative(p.data(), b_h.data(), static_cast<int>(in.batch), in.nh, s);
            Values v;
            append(v, p, s);
            return v;
          }};
}

ParityRow cd1_bias_step() {
  return {"cd1_bias_step", 0, "column sums in double in row order on both sides, shared bias_step",
          [] {
            Cd1Inputs in;
            const float lr_v = 0.02f, lr_h = 0.03f;
            for (int64_t i = 0; i < in.nv; ++i) {
              double diff = 0.0;
              for (int64_t r = 0; r < in.batch; ++r)
                diff += static_cast<double>(in.visible[static_cast<std::size_t>(r * in.nv + i)]) -
                        in.visible[static_cast<std::size_t>((in.batch + r) * in.nv + i)];
              cd1::bias_step(in.b_v[static_cast<std::size_t>(i)], in.db_v[static_cast<std::size_t>(i)],
                             in.scalars.momentum, lr_v, static_cast<float>(diff));
            }
            for (int64_t j = 0; j < in.nh; ++j) {
              double diff = 0.0;
              for (int64_t r = 0; r < in.batch; ++r)
                diff += static_cast<double>(in.hidden[static_cast<std::size_t>(r * in.nh + j)]) +
                        in.hidden[static_cast<std::size_t>((in.batch + r) * in.nh + j)];
              cd1::bias_step(in.b_h[static_cast<std::size_t>(j)], in.db_h[static_cast<std::size_t>(j)],
                             in.scalars.momentum, lr_h, static_cast<float>(diff));
            }
            Values v;
            append(v, in.b_v);
            append(v, in.db_v);
            append(v, in.b_h);
            append(v, in.db_h);
            return v;
          },
          [](cudaStream_t s) {
            const Cd1Inputs in;
            auto b_v = on_device(in.b_v, s), db_v = on_device(in.db_v, s);
            auto b_h = on_device(in.b_h, s), db_h = on_device(in.db_h, s);
            auto visible = on_device(in.visible, s), hidden = on_device(in.hidden, s);
            auto scalars = on_device(std::vector<kernels::Cd1Scalars>{in.scalars}, s);
            kernels::launch_cd1_bias_step(b_v.data(), db_v.data(), b_h.data(), db_h.data(), visible.data(),
                                          hidden.data(), static_cast<int>(in.batch), in.nv, in.nh, 0.02f, 0.03f,
                                          scalars.data(), s);
            Values v;
            append(v, b_v, s);
            append(v, db_v, s);
            append(v, b_h, s);
            append(v, db_h, s);
            return v;
          }};
}

ParityRow cd1_weight_step() {
  return {"cd1_weight_step", 0, "shared weight_step; 4099 = float4 body + scalar tail",
          [] {
            std::vector<float> W = uniforms(4099, 10, -1, 1), dW = uniforms(4099, 11, -0.1f, 0.1f);
            for (std::size_t i = 0; i < W.size(); ++i) cd1::weight_step(W[i], dW[i], 2e-4f);
            Values v;
            append(v, W);
            append(v, dW);
            return v;
          },
          [](cudaStream_t s) {
            auto W = on_device(uniforms(4099, 10, -1, 1), s), dW = on_device(uniforms(4099, 11, -0.1f, 0.1f), s);
            kernels::launch_cd1_weight_step(W.data(), dW.data(), 4099, 2e-4f, s);
            Values v;
            append(v, W, s);
            append(v, dW, s);
            return v;
          }};
}

// ---- Gibbs (kernels/gibbs.cuh; twin: host/ops/gibbs_math.hpp in gibbs_engine_cpu.cpp's loops) ----

constexpr kernels::GibbsStepParams kGibbs{77, 7, 3, 4, 1.3f};  // seed, chain offset, chains per vector, step, T ≠ 1
constexpr int64_t kKeepStride = 3 * kUnits;                   // a kept row inside a wider array

ParityRow gibbs_hidden_sample() {
  return {"gibbs_hidden_sample", 0, "shared conditional and activity_percent, same (chain, step, unit) draws",
          [] {
            std::vector<float> h = uniforms(kRows * kUnits, 12, -4, 4);
            const std::vector<float> b = uniforms(kUnits, 13, -1, 1);
            std::vector<float> activity(kRows), keep(static_cast<std::size_t>(kRows * kKeepStride), 0.0f);
            const RandomStream rng{kGibbs.seed, RngPurpose::gibbs_hidden};
            for (int64_t r = 0; r < kRows; ++r) {
              int active = 0;
              for (int64_t j = 0; j < kUnits; ++j) {
                const gibbs::ChainAddress at =
                    gibbs::chain_address(kGibbs.chain_offset + static_cast<uint64_t>(r), kGibbs.chains_per_vector);
                const float u = uniform_from_bits(
                    rng.bits(at.vector, static_cast<uint32_t>(kGibbs.step), static_cast<uint32_t>(j), at.chain));
                float& x = h[static_cast<std::size_t>(r * kUnits + j)];
                x = bernoulli(gibbs::conditional(x, b[static_cast<std::size_t>(j)], kGibbs.temperature), u);
                keep[static_cast<std::size_t>(r * kKeepStride + j)] = x;
                active += x > 0.0f ? 1 : 0;
              }
              activity[static_cast<std::size_t>(r)] = gibbs::activity_percent(active, kUnits);
            }
            Values v;
            append(v, h);
            append(v, activity);
            append(v, keep);
            return v;
          },
          [](cudaStream_t s) {
            auto h = on_device(uniforms(kRows * kUnits, 12, -4, 4), s);
            auto b = on_device(uniforms(kUnits, 13, -1, 1), s);
            DeviceBuffer<float> activity(kRows);
            auto keep = zeros_on_device<float>(static_cast<std::size_t>(kRows * kKeepStride), s);
            kernels::launch_gibbs_hidden_sample(h.data(), b.data(), kRows, kUnits, kGibbs, activity.data(),
                                                keep.data(), kKeepStride, s);
            Values v;
            append(v, h, s);
            append(v, activity, s);
            append(v, keep, s);
            return v;
          }};
}

Values gibbs_visible_cpu(bool sampled) {
  std::vector<float> x = uniforms(kRows * kUnits, 14, -4, 4);
  const std::vector<float> b = uniforms(kUnits, 15, -1, 1);
  std::vector<float> keep(static_cast<std::size_t>(kRows * kKeepStride), 0.0f);
  const RandomStream rng{kGibbs.seed, RngPurpose::gibbs_visible};
  for (int64_t r = 0; r < kRows; ++r)
    for (int64_t i = 0; i < kUnits; ++i) {
      float& v = x[static_cast<std::size_t>(r * kUnits + i)];
      v = gibbs::conditional(v, b[static_cast<std::size_t>(i)], kGibbs.temperature);
      const gibbs::ChainAddress at =
          gibbs::chain_address(kGibbs.chain_offset + static_cast<uint64_t>(r), kGibbs.chains_per_vector);
      if (sampled)
        v = bernoulli(v, uniform_from_bits(rng.bits(at.vector, static_cast<uint32_t>(kGibbs.step),
                                                    static_cast<uint32_t>(i), at.chain)));
      keep[static_cast<std::size_t>(r * kKeepStride + i)] = v;
    }
  Values out;
  append(out, x);
  append(out, keep);
  return out;
}
Values gibbs_visible_gpu(bool sampled, cudaStream_t s) {
  auto x = on_device(uniforms(kRows * kUnits, 14, -4, 4), s);
  auto b = on_device(uniforms(kUnits, 15, -1, 1), s);
  auto keep = zeros_on_device<float>(static_cast<std::size_t>(kRows * kKeepStride), s);
  kernels::launch_gibbs_visible(x.data(), b.data(), kRows, kUnits, sampled, kGibbs, keep.data(), kKeepStride, s);
  Values out;
  append(out, x, s);
  append(out, keep, s);
  return out;
}

ParityRow gibbs_visible_mean_field() {
  return {"gibbs_visible_mean_field", 0, "shared conditional", [] { return gibbs_visible_cpu(false); },
          [](cudaStream_t s) { return gibbs_visible_gpu(false, s); }};
}
ParityRow gibbs_visible_sampled() {
  return {"gibbs_visible_sampled", 0, "shared conditional, same (chain, step, unit) draws",
          [] { return gibbs_visible_cpu(true); }, [](cudaStream_t s) { return gibbs_visible_gpu(true, s); }};
}

// The deep engine's sampled passes (host/gibbs/dbn_gibbs_engine.hpp): any purpose and b coordinate, the
// activity count, no keep.
ParityRow dbn_conditional_rows() {
  return {"dbn_conditional_rows", 0,
          "shared conditional and activity_percent, same (vector, 16·t + slot, chain, unit) draws",
          [] {
            std::vector<float> x = uniforms(kRows * kUnits, 16, -4, 4);
            const std::vector<float> b = uniforms(kUnits, 17, -1, 1);
            std::vector<float> activity(kRows);
            const RandomStream rng{kGibbs.seed, RngPurpose::dbn_gibbs};
            for (int64_t r = 0; r < kRows; ++r) {
              const gibbs::ChainAddress at =
                  gibbs::chain_address(kGibbs.chain_offset + static_cast<uint64_t>(r), kGibbs.chains_per_vector);
              int active = 0;
              for (int64_t j = 0; j < kUnits; ++j) {
                const float u = uniform_from_bits(rng.bits(at.vector, 16u * 4u + 9u, static_cast<uint32_t>(j), at.chain));
                float& v = x[static_cast<std::size_t>(r * kUnits + j)];
                v = bernoulli(gibbs::conditional(v, b[static_cast<std::size_t>(j)], kGibbs.temperature), u);
                active += v > 0.0f ? 1 : 0;
              }
              activity[static_cast<std::size_t>(r)] = gibbs::activity_percent(active, kUnits);
            }
            Values v;
            append(v, x);
            append(v, activity);
            return v;
          },
          [](cudaStream_t s) {
            auto x = on_device(uniforms(kRows * kUnits, 16, -4, 4), s);
            auto b = on_device(uniforms(kUnits, 17, -1, 1), s);
            DeviceBuffer<float> activity(kRows);
            const kernels::RowDraws draws{kGibbs.seed, RngPurpose::dbn_gibbs, 16u * 4u + 9u, kGibbs.chain_offset,
                                          kGibbs.chains_per_vector};
            kernels::launch_conditional_rows(x.data(), b.data(), kRows, kUnits, kGibbs.temperature, &draws,
                                             activity.data(), nullptr, 0, s);
            Values v;
            append(v, x, s);
            append(v, activity, s);
            return v;
          }};
}

// ---- Readout (kernels/readout.cuh; twin: host/ops/readout_math.hpp, label_biasing_cpu.cpp's loops) ----

ParityRow readout_hidden() {
  return {"readout_hidden", 0, "shared hidden_value, same (image, 0, unit) draws",
          [] {
            std::vector<float> h = uniforms(kRows * kUnits, 16, -4, 4);
            const std::vector<float> b = uniforms(kUnits, 17, -1, 1);
            const RandomStream rng{41, RngPurpose::readout_hidden};
            for (int64_t r = 0; r < kRows; ++r)
              for (int64_t j = 0; j < kUnits; ++j) {
                const float u = uniform_from_bits(rng.bits(static_cast<uint32_t>(11 + r), 0, static_cast<uint32_t>(j)));
                float& x = h[static_cast<std::size_t>(r * kUnits + j)];
                x = readout::hidden_value(x, b[static_cast<std::size_t>(j)], u, true);
              }
            Values v;
            append(v, h);
            return v;
          },
          [](cudaStream_t s) {
            auto h = on_device(uniforms(kRows * kUnits, 16, -4, 4), s);
            auto b = on_device(uniforms(kUnits, 17, -1, 1), s);
            kernels::launch_readout_hidden(h.data(), b.data(), 11, kRows, kUnits, 41, true, s);
            Values v;
            append(v, h, s);
            return v;
          }};
}

ParityRow readout_class_sums() {
  return {"readout_class_sums", 0, "per column, rows added in order in double onto the sums so far, as the CPU",
          [] {
            const int64_t rows = 50, nh = 70;
            const std::vector<float> h = uniforms(rows * nh, 18, 0, 1);
            const std::vector<uint8_t> y = classes(rows, 10, 1);
            std::vector<double> sums(10 * nh, 0.25);
            for (int64_t r = 0; r < rows; ++r)
              for (int64_t j = 0; j < nh; ++j)
                sums[static_cast<std::size_t>(y[static_cast<std::size_t>(r)] * nh + j)] += h[static_cast<std::size_t>(r * nh + j)];
            Values v;
            append(v, sums);
            return v;
          },
          [](cudaStream_t s) {
            const int64_t rows = 50, nh = 70;
            auto h = on_device(uniforms(rows * nh, 18, 0, 1), s);
            auto y = on_device(classes(rows, 10, 1), s);
            auto sums = on_device(std::vector<double>(10 * nh, 0.25), s);
            kernels::launch_class_sums(h.data(), y.data(), rows, nh, sums.data(), s);
            Values v;
            append(v, sums, s);
            return v;
          }};
}

// ---- Classifier ops (kernels/classifier_ops.cuh; twin: host/ops/classifier_math.hpp, layers_cpu) ----

constexpr int64_t kBatch = 70, kClasses = 11, kHiddenUnits = 103;

ParityRow classifier_add_bias_rows() {
  return {"classifier_add_bias_rows", 0, "one float addition per element",
          [] {
            std::vector<float> y = uniforms(kBatch * kHiddenUnits, 19, -1, 1);
            const std::vector<float> b = uniforms(kHiddenUnits, 20, -1, 1);
            for (std::size_t at = 0; at < y.size(); ++at) y[at] += b[at % kHiddenUnits];
            Values v;
            append(v, y);
            return v;
          },
          [](cudaStream_t s) {
            auto y = on_device(uniforms(kBatch * kHiddenUnits, 19, -1, 1), s);
            auto b = on_device(uniforms(kHiddenUnits, 20, -1, 1), s);
            kernels::launch_add_bias_rows(y.data(), b.data(), kBatch, kHiddenUnits, s);
            Values v;
            append(v, y, s);
            return v;
          }};
}

ParityRow classifier_bias_grad_rows() {
  return {"classifier_bias_grad_rows", 1e-5,
          "70 rows summed in float in row order vs in double by the CPU layers (float rounding of the sum)",
          [] {
            const std::vector<float> dy = uniforms(kBatch * kHiddenUnits, 21, -1, 1);
            std::vector<double> db(kHiddenUnits, 0.0);
            for (int64_t r = 0; r < kBatch; ++r)
              for (int64_t j = 0; j < kHiddenUnits; ++j)
                db[static_cast<std::size_t>(j)] += dy[static_cast<std::size_t>(r * kHiddenUnits + j)];
            Values v;
            append(v, db);
            return v;
          },
          [](cudaStream_t s) {
            auto dy = on_device(uniforms(kBatch * kHiddenUnits, 21, -1, 1), s);
            DeviceBuffer<float> db(kHiddenUnits);
            kernels::launch_bias_grad_rows(dy.data(), kBatch, kHiddenUnits, db.data(), s);
            Values v;
            append(v, db, s);
            return v;
          }};
}

ParityRow classifier_dropout_forward() {
  return {"classifier_dropout_forward", 0, "shared dropout_multiplier, same (row, b, unit) draws",
          [] {
            const std::vector<float> x = uniforms(kBatch * kHiddenUnits, 22, -1, 1);
            std::vector<float> y(x.size()), mask(x.size());
            cls::dropout_forward(kBatch, kHiddenUnits, 0.65f, RandomStream{99, RngPurpose::classifier_dropout}, 123,
                                 x.data(), y.data(), mask.data());
            Values v;
            append(v, y);
            append(v, mask);
            return v;
          },
          [](cudaStream_t s) {
            auto x = on_device(uniforms(kBatch * kHiddenUnits, 22, -1, 1), s);
            DeviceBuffer<float> y(x.size()), mask(x.size());
            kernels::launch_dropout_forward(x.data(), y.data(), mask.data(), kBatch, kHiddenUnits, 0.65f, 99, 123, s);
            Values v;
            append(v, y, s);
            append(v, mask, s);
            return v;
          }};
}

ParityRow classifier_multiply() {
  return {"classifier_multiply", 0, "one float product per element (dropout backward)",
          [] {
            std::vector<float> dy = uniforms(kBatch * kHiddenUnits, 23, -1, 1);
            const std::vector<float> mask = uniforms(kBatch * kHiddenUnits, 24, 0, 3);
            cls::dropout_backward(static_cast<int64_t>(dy.size()), mask.data(), dy.data());
            Values v;
            append(v, dy);
            return v;
          },
          [](cudaStream_t s) {
            auto dy = on_device(uniforms(kBatch * kHiddenUnits, 23, -1, 1), s);
            auto mask = on_device(uniforms(kBatch * kHiddenUnits, 24, 0, 3), s);
            kernels::launch_multiply(dy.data(), mask.data(), static_cast<int64_t>(dy.size()), s);
            Values v;
            append(v, dy, s);
            return v;
          }};
}

std::vector<float> softmax_cpu() {
  const std::vector<float> z = uniforms(kBatch * kClasses, 25, -4, 4);
  std::vector<float> p(z.size());
  cls::softmax_forward(kBatch, static_cast<int>(kClasses), z.data(), p.data());
  return p;
}

ParityRow classifier_softmax_rows() {
  return {"classifier_softmax_rows", 0, "shared softmax_row (exp_f32)",
          [] {
            Values v;
            append(v, softmax_cpu());
            return v;
          },
          [](cudaStream_t s) {
            auto z = on_device(uniforms(kBatch * kClasses, 25, -4, 4), s);
            DeviceBuffer<float> p(z.size());
            kernels::launch_softmax_rows(z.data(), p.data(), kBatch, static_cast<int>(kClasses), s);
            Values v;
            append(v, p, s);
            return v;
          }};
}

// The loss kernel's three outputs: dz (exact), the row losses (logf: libm vs CUDA may differ by an
// ulp) and the correct flags (exact).
struct LossOutputs {
  Values dz, loss, correct;
};
LossOutputs loss_cpu() {
  const std::vector<float> p = softmax_cpu();
  const std::vector<uint8_t> y = classes(kBatch, static_cast<int>(kClasses), 2);
  std::vector<float> dz(p.size());
  LossOutputs out;
  cls::double_softmax_loss_backward(kBatch, static_cast<int>(kClasses), p.data(), y.data(), dz.data());
  append(out.dz, dz);
  const float scale = 1.0f / static_cast<float>(kBatch);
  for (int64_t r = 0; r < kBatch; ++r) {
    std::vector<float> row_dz(kClasses);
    out.loss.push_back(cls::double_softmax_loss_row(p.data() + r * kClasses, y[static_cast<std::size_t>(r)],
                                                    static_cast<int>(kClasses), scale, row_dz.data()));
    out.correct.push_back(cls::argmax_row(p.data() + r * kClasses, static_cast<int>(kClasses)) ==
                          y[static_cast<std::size_t>(r)]);
  }
  return out;
}
LossOutputs loss_gpu(cudaStream_t s) {
  auto p = on_device(softmax_cpu(), s);
  auto y = on_device(classes(kBatch, static_cast<int>(kClasses), 2), s);
  DeviceBuffer<float> dz(p.size()), loss(kBatch);
  DeviceBuffer<uint8_t> correct(kBatch);
  kernels::launch_double_softmax_loss(p.data(), y.data(), kBatch, static_cast<int>(kClasses), dz.data(), loss.data(),
                                      correct.data(), s);
  LossOutputs out;
  append(out.dz, dz, s);
  append(out.loss, loss, s);
  append(out.correct, correct, s);
  return out;
}

ParityRow classifier_loss_gradient() {
  return {"classifier_loss_gradient", 0, "shared double_softmax_loss_row", [] { return loss_cpu().dz; },
          [](cudaStream_t s) { return loss_gpu(s).dz; }};
}
ParityRow classifier_loss_value() {
  return {"classifier_loss_value", 1e-6, "logf of libm vs CUDA may differ by an ulp",
          [] { return loss_cpu().loss; }, [](cudaStream_t s) { return loss_gpu(s).loss; }};
}
ParityRow classifier_loss_correct() {
  return {"classifier_loss_correct", 0, "shared argmax_row", [] { return loss_cpu().correct; },
          [](cudaStream_t s) { return loss_gpu(s).correct; }};
}

ParityRow classifier_sum_row_stats() {
  return {"classifier_sum_row_stats", 1e-12, "70 float losses summed in double, block order vs row order",
          [] {
            const std::vector<float> loss = uniforms(kBatch, 26, 0, 3);
            const std::vector<uint8_t> correct = classes(kBatch, 2, 3);
            Values v{std::accumulate(loss.begin(), loss.end(), 0.0),
                     static_cast<double>(std::accumulate(correct.begin(), correct.end(), int64_t{0}))};
            return v;
          },
          [](cudaStream_t s) {
            auto loss = on_device(uniforms(kBatch, 26, 0, 3), s);
            auto correct = on_device(classes(kBatch, 2, 3), s);
            DeviceBuffer<double> loss_sum(1);
            DeviceBuffer<int64_t> correct_sum(1);
            kernels::launch_sum_row_stats(loss.data(), correct.data(), kBatch, loss_sum.data(), correct_sum.data(), s);
            Values v;
            append(v, loss_sum, s);
            append(v, correct_sum, s);
            return v;
          }};
}

ParityRow classifier_classify_rows() {
  return {"classifier_classify_rows", 1e-6, "argmax and probabilities exact; the entropy's logf may differ by an ulp",
          [] {
            const std::vector<float> p = softmax_cpu();
            Values pred, entropy, probs;
            for (int64_t r = 0; r < kBatch; ++r) {
              pred.push_back(cls::argmax_row(p.data() + r * kClasses, static_cast<int>(kClasses)));
              entropy.push_back(cls::digit_entropy(p.data() + r * kClasses));
            }
            append(probs, p);
            pred.insert(pred.end(), entropy.begin(), entropy.end());
            pred.insert(pred.end(), probs.begin(), probs.end());
            return pred;
          },
          [](cudaStream_t s) {
            auto p = on_device(softmax_cpu(), s);
            DeviceBuffer<uint8_t> pred(kBatch);
            DeviceBuffer<float> entropy(kBatch), probs(p.size());
            kernels::launch_classify_rows(p.data(), kBatch, static_cast<int>(kClasses), pred.data(), entropy.data(),
                                          probs.data(), s);
            Values v;
            append(v, pred, s);
            append(v, entropy, s);
            append(v, probs, s);
            return v;
          }};
}

// ---- Resizes (kernels/resize.cuh; twin: host/data/resize.hpp over host/ops/resize_math.hpp) ----

constexpr int64_t kImages = 37;

template <class CpuResize, class GpuResize>
ParityRow resize_row(const char* name, CpuResize cpu_resize, GpuResize gpu_resize) {
  return {name, 0, "shared per-pixel RBMDYN_HD functions",
          [cpu_resize] {
            const std::vector<float> x = uniforms(kImages * 784, 27, 0, 1);
            std::vector<float> out(kImages * 1024);
            cpu_resize(x.data(), kImages, out.data());
            Values v;
            append(v, out);
            return v;
          },
          [gpu_resize](cudaStream_t s) {
            auto x = on_device(uniforms(kImages * 784, 27, 0, 1), s);
            DeviceBuffer<float> out(kImages * 1024);
            gpu_resize(x.data(), kImages, out.data(), s);
            Values v;
            append(v, out, s);
            return v;
          }};
}

std::vector<uint8_t> byte_images() {
  const std::vector<float> x = uniforms(kImages * 784, 28, 0, 1);
  std::vector<uint8_t> u8(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) u8[i] = static_cast<uint8_t>(x[i] * 255.0f);
  return u8;
}

ParityRow resize_pil_bilinear_unit_row() {
  return {"resize_pil_bilinear_unit", 0, "shared per-pixel RBMDYN_HD functions and weight table",
          [] {
            const std::vector<uint8_t> x = byte_images();
            std::vector<float> out(kImages * 1024);
            resize_pil_bilinear_unit(x.data(), kImages, out.data());
            Values v;
            append(v, out);
            return v;
          },
          [](cudaStream_t s) {
            auto x = on_device(byte_images(), s);
            DeviceBuffer<float> out(kImages * 1024);
            kernels::launch_resize_pil_bilinear_unit(x.data(), kImages, pil_bilinear_table(), out.data(), s);
            Values v;
            append(v, out, s);
            return v;
          }};
}

// ---- Metric reductions (kernels/metrics.cuh via trajectory_reduction_cuda.cpp; twin: its _cpu.cpp) ----

constexpr int64_t kChains = 60, kSteps = 23;

std::vector<uint8_t> predictions() {
  std::vector<uint8_t> pred(kChains * kSteps);
  uint32_t state = 11u;
  uint8_t current = 0;
  for (std::size_t i = 0; i < pred.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    if (i % kSteps == 0 || (state >> 24) < 60) current = static_cast<uint8_t>((state >> 8) % 11);
    pred[i] = current;
  }
  return pred;
}
analysis::ChainGrouping metric_grouping() {
  analysis::ChainGrouping g = analysis::contiguous_grouping(4, kChains / 4);
  g.label.resize(kChains);
  for (int64_t n = 0; n < kChains; ++n) g.label[static_cast<std::size_t>(n)] = static_cast<int32_t>((n * 3) % 10);
  return g;
}
Values reduction_values(const analysis::TrajectoryReduction& r) {
  Values v;
  for (const auto* part : {&r.visited, &r.runs, &r.changes, &r.state_time, &r.transitions, &r.correct}) append(v, *part);
  return v;
}

ParityRow metrics_trajectories() {
  return {"metrics_trajectories", 0, "integer counts",
          [] {
            const std::vector<uint8_t> pred = predictions();
            const auto reducer = analysis::make_trajectory_reducer_cpu();
            return reduction_values(reducer->reduce(pred.data(), kChains, kSteps, metric_grouping()));
          },
          [](cudaStream_t s) {
            auto pred = on_device(predictions(), s);
            const auto reducer = analysis::make_trajectory_reducer_cuda(s);
            return reduction_values(reducer->reduce(pred.data(), kChains, kSteps, metric_grouping()));
          }};
}

ParityRow metrics_step_moments() {
  return {"metrics_step_moments", 0, "double sums in the same chain order on both sides",
          [] {
            const std::vector<float> x = uniforms(kChains * kSteps, 29, 0, 2.3f);
            const analysis::ChainGrouping g = metric_grouping();
            const analysis::StepMoments m =
                analysis::make_trajectory_reducer_cpu()->step_moments(x.data(), kChains, kSteps, g.group, g.n_groups);
            Values v;
            append(v, m.mean);
            append(v, m.m2);
            return v;
          },
          [](cudaStream_t s) {
            auto x = on_device(uniforms(kChains * kSteps, 29, 0, 2.3f), s);
            const analysis::ChainGrouping g = metric_grouping();
            const analysis::StepMoments m =
                analysis::make_trajectory_reducer_cuda(s)->step_moments(x.data(), kChains, kSteps, g.group, g.n_groups);
            Values v;
            append(v, m.mean);
            append(v, m.m2);
            return v;
          }};
}

// ---- the table -----------------------------------------------------------------------------------

std::vector<ParityRow> rows() {
  return {cd1_gather_rows(),
          cd1_hidden_sample(),
          cd1_visible_reconstruct(),
          cd1_reconstruction_error(),
          cd1_visible_sampled(),
          cd1_hidden_negative(),
          cd1_bias_step(),
          cd1_weight_step(),
          gibbs_hidden_sample(),
          gibbs_visible_mean_field(),
          gibbs_visible_sampled(),
          dbn_conditional_rows(),
          readout_hidden(),
          readout_class_sums(),
          classifier_add_bias_rows(),
          classifier_bias_grad_rows(),
          classifier_dropout_forward(),
          classifier_multiply(),
          classifier_softmax_rows(),
          classifier_loss_gradient(),
          classifier_loss_value(),
          classifier_loss_correct(),
          classifier_sum_row_stats(),
          classifier_classify_rows(),
          resize_row("resize_bicubic", resize_torch_bicubic, kernels::launch_resize_bicubic),
          resize_row("resize_bilinear", resize_torch_bilinear, kernels::launch_resize_bilinear),
          resize_pil_bilinear_unit_row(),
          metrics_trajectories(),
          metrics_step_moments()};
}

// gtest prints parameters in test listings (and ctest shows them): the row's name, not its bytes.
void PrintTo(const ParityRow& row, std::ostream* os) { *os << row.name; }

class Parity : public ::testing::TestWithParam<ParityRow> {};

TEST_P(Parity, DeviceMatchesCpuTwin) {
  RBMDYN_REQUIRE_GPU();
  const ParityRow& row = GetParam();
  const Values cpu = row.cpu();
  CudaStream stream;  // non-blocking, like the engines' streams: uploads must be ordered on it
  const Values gpu = row.gpu(stream.get());
  ASSERT_EQ(gpu.size(), cpu.size()) << row.name;
  EXPECT_LE(test::relative_error(gpu, cpu), row.tolerance) << row.name << ": " << row.why;
}

INSTANTIATE_TEST_SUITE_P(Kernels, Parity, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<ParityRow>& row_info) { return row_info.param.name; });

// Without a device: every row's CPU twin runs and produces values (so a device window is never spent
// on a broken row), and the table names every row once.
TEST(ParityTable, CpuTwinsRunAndRowsAreDistinct) {
  std::vector<std::string> names;
  for (const ParityRow& row : rows()) {
    const Values v = row.cpu();
    EXPECT_FALSE(v.empty()) << row.name;
    EXPECT_GE(row.tolerance, 0.0) << row.name;
    EXPECT_FALSE(row.why.empty()) << row.name;
    names.push_back(row.name);
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

}  // namespace
}  // namespace rbmdyn
