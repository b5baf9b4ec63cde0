#pragma once
// A GEMM test problem for the deterministic SGEMM: random operands (Philox, fixed seed), the call on a
// chosen ISA, and two independent references:
//   contract(): the element formula of host/blas/cpu_blas.hpp written as a plain triple loop (one
//               std::fma chain per element), to be matched bit for bit;
//   exact() / bound(): the product in double precision and the rounding bound of that formula,
//               |C − exact| ≤ γ·(|alpha|·Σ_p |a_ip·b_pj| + |beta·C_old|) with γ = (k+2)·u/(1 − (k+2)·u),
//               u = 2⁻²⁴ (k roundings in the chain, one for alpha, one for the final fma).
#include <cmath>
#include <cstdint>
#include <vector>

#include "host/blas/det_sgemm.hpp"
#include "host/core/random.hpp"

namespace rbmdyn::test {

struct GemmProblem {
  Trans ta = Trans::no, tb = Trans::no;
  int64_t m = 0, n = 0, k = 0;
  float alpha = 1.0f, beta = 0.0f;
  std::vector<float> a, b, c;  // stored A, stored B, C before the call; tight row-major

  int64_t lda() const { return ta == Trans::no ? k : m; }
  int64_t ldb() const { return tb == Trans::no ? n : k; }
  float op_a(int64_t i, int64_t p) const { return ta == Trans::no ? a[idx(i * k + p)] : a[idx(p * m + i)]; }
  float op_b(int64_t p, int64_t j) const { return tb == Trans::no ? b[idx(p * n + j)] : b[idx(j * k + p)]; }
  static std::size_t idx(int64_t i) { return static_cast<std::size_t>(i); }

  // Entries uniform in [−1, 1) (C too, so that beta ≠ 0 matters).
  static GemmProblem random(Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, float alpha, float beta,
                            uint32_t seed) {
    GemmProblem g{ta, tb, m, n, k, alpha, beta, {}, {}, {}};
    const RandomStream rs{seed, RngPurpose::nondigit};
    auto fill = [&](std::vector<float>& v, int64_t count, uint32_t which) {
      v.resize(idx(count));
      for (int64_t i = 0; i < count; ++i)
        v[idx(i)] = 2.0f * uniform_from_bits(rs.bits(which, 0, static_cast<uint32_t>(i))) - 1.0f;
    };
    fill(g.a, m * k, 1);
    fill(g.b, k * n, 2);
    fill(g.c, m * n, 3);
    return g;
  }

  std::vector<float> run(gemm::Isa isa) const {
    std::vector<float> out = c;
    gemm::sgemm(isa, ta, tb, m, n, k, alpha, a.data(), lda(), b.data(), ldb(), beta, out.data(), n);
    return out;
  }
  // The same through the public entry point (default ISA, leading dimensions implied).
  std::vector<float> run() const {
    std::vector<float> out = c;
    cpu_sgemm(ta, tb, m, n, k, alpha, a.data(), b.data(), beta, out.data());
    return out;
  }

  float contract(int64_t i, int64_t j) const {
    float acc = 0.0f;
    for (int64_t p = 0; p < k; ++p) acc = std::fma(op_a(i, p), op_b(p, j), acc);
    const float scaled = alpha * acc;
    return beta == 0.0f ? scaled : std::fma(beta, c[idx(i * n + j)], scaled);
  }

  double exact(int64_t i, int64_t j) const {
    double s = 0.0;
    for (int64_t p = 0; p < k; ++p) s += static_cast<double>(op_a(i, p)) * op_b(p, j);
    const double old = beta == 0.0f ? 0.0 : static_cast<double>(beta) * c[idx(i * n + j)];
    return static_cast<double>(alpha) * s + old;
  }

  double bound(int64_t i, int64_t j) const {
    double s = 0.0;
    for (int64_t p = 0; p < k; ++p) s += std::abs(static_cast<double>(op_a(i, p)) * op_b(p, j));
    const double old = beta == 0.0f ? 0.0 : std::abs(static_cast<double>(beta) * c[idx(i * n + j)]);
    const double ku = static_cast<double>(k + 2) * std::ldexp(1.0, -24);
    return ku / (1.0 - ku) * (std::abs(static_cast<double>(alpha)) * s + old);
  }
};

}  // namespace rbmdyn::test
