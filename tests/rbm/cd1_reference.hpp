#pragma once
// A plain double-precision evaluation of the CD-1 update formulas of docs/method.md §2.2, written
// independently of the engines (loops, no BLAS), drawing the same uniforms from the shared stream.
#include <cmath>
#include <vector>

#include "host/core/random.hpp"
#include "host/rbm/cd1_engine.hpp"

namespace rbmdyn::test {

struct RefState {
  int nv, nh;
  std::vector<double> W, bv, bh, dW, dbv, dbh;  // W [nv, nh]

  explicit RefState(const Cd1State& s)
      : nv(static_cast<int>(s.rbm.n_visible)), nh(static_cast<int>(s.rbm.n_hidden)),
        W(s.rbm.W.begin(), s.rbm.W.end()), bv(s.rbm.b_v.begin(), s.rbm.b_v.end()),
        bh(s.rbm.b_h.begin(), s.rbm.b_h.end()), dW(s.dW.begin(), s.dW.end()), dbv(s.db_v.begin(), s.db_v.end()),
        dbh(s.db_h.begin(), s.db_h.end()) {}
};

inline double ref_sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// One update on rows `rows` of data [*, nv] with momentum m (docs/method.md §2.2 steps 1–7). Returns the
// batch SSE.
inline double reference_cd1_update(RefState& s, const float* data, const std::vector<int32_t>& rows, int epoch,
                                   double m, double eps_w, double eps_v, double eps_h, double lambda, uint64_t seed) {
  const int B = static_cast<int>(rows.size()), nv = s.nv, nh = s.nh;
  const RandomStream rng{seed, RngPurpose::cd1_hidden};
  std::vector<double> V0(B * nv), P0(B * nh), H0(B * nh), V1(B * nv), P1(B * nh);
  for (int r = 0; r < B; ++r)
    for (int i = 0; i < nv; ++i) V0[r * nv + i] = data[static_cast<int64_t>(rows[r]) * nv + i];
  for (int r = 0; r < B; ++r)
    for (int j = 0; j < nh; ++j) {
      double a = s.bh[j];
      for (int i = 0; i < nv; ++i) a += V0[r * nv + i] * s.W[i * nh + j];
      P0[r * nh + j] = ref_sigmoid(a);
      const double u = uniform_from_bits(rng.bits(static_cast<uint32_t>(rows[r]), static_cast<uint32_t>(epoch),
                                                  static_cast<uint32_t>(j)));
      H0[r * nh + j] = u < P0[r * nh + j] ? 1.0 : 0.0;
    }
  for (int r = 0; r < B; ++r)
    for (int i = 0; i < nv; ++i) {
      double a = s.bv[i];
      for (int j = 0; j < nh; ++j) a += H0[r * nh + j] * s.W[i * nh + j];
      V1[r * nv + i] = ref_sigmoid(a);
    }
  for (int r = 0; r < B; ++r)
    for (int j = 0; j < nh; ++j) {
      double a = s.bh[j];
      for (int i = 0; i < nv; ++i) a += V1[r * nv + i] * s.W[i * nh + j];
      P1[r * nh + j] = ref_sigmoid(a);
    }
  double sse = 0;
  for (int k = 0; k < B * nv; ++k) sse += (V0[k] - V1[k]) * (V0[k] - V1[k]);
  for (int i = 0; i < nv; ++i)
    for (int j = 0; j < nh; ++j) {
      double pos = 0, neg = 0;
      for (int r = 0; r < B; ++r) {
        pos += V0[r * nv + i] * P0[r * nh + j];
        neg += V1[r * nv + i] * P1[r * nh + j];
      }
      const int k = i * nh + j;
      s.dW[k] = m * s.dW[k] + eps_w * ((pos - neg) / B - lambda * s.W[k]);
    }
  for (int i = 0; i < nv; ++i) {
    double pos = 0, neg = 0;
    for (int r = 0; r < B; ++r) {
      pos += V0[r * nv + i];
      neg += V1[r * nv + i];
    }
    s.dbv[i] = m * s.dbv[i] + eps_v / B * (pos - neg);
  }
  for (int j = 0; j < nh; ++j) {
    double pos = 0, neg = 0;
    for (int r = 0; r < B; ++r) {
      pos += P0[r * nh + j];
      neg += P1[r * nh + j];
    }
    s.dbh[j] = m * s.dbh[j] + eps_h / B * (pos - neg);
  }
  for (std::size_t k = 0; k < s.W.size(); ++k) s.W[k] += s.dW[k];
  for (int i = 0; i < nv; ++i) s.bv[i] += s.dbv[i];
  for (int j = 0; j < nh; ++j) s.bh[j] += s.dbh[j];
  return sse;
}

// Random data in [0, 1] with some exact zeros and ones, like MNIST grey values.
inline std::vector<float> random_unit_data(int64_t n, int64_t nv, uint64_t seed) {
  std::vector<float> x(static_cast<std::size_t>(n * nv));
  const RandomStream rs{seed, RngPurpose::nondigit};
  for (std::size_t k = 0; k < x.size(); ++k) {
    const float u = uniform_from_bits(rs.bits(1, 0, static_cast<uint32_t>(k)));
    x[k] = u < 0.4f ? 0.0f : (u > 0.9f ? 1.0f : (u - 0.4f) * 2.0f);
  }
  return x;
}

}  // namespace rbmdyn::test
