// The CPU layers of host/classifier/layers_cpu.hpp. Over 400 lines on purpose: every layer's forward and
// backward pass, the GEMM helpers they share (row blocks, im2col chunks) and the one list of explicit
// instantiations (float, double) stay together, so that the reference a reader checks the cuDNN network
// against is one file.
#include "host/classifier/layers_cpu.hpp"

#include <cblas.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "host/core/error.hpp"
#include "host/ops/classifier_math.hpp"

namespace rbmdyn::cls {

template <>
void gemm<float>(Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, const float* b,
                 float beta, float* c) {
  cpu_sgemm(ta, tb, m, n, k, alpha, a, b, beta, c);
}

template <>
void gemm<double>(Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, double alpha, const double* a, const double* b,
                  double beta, double* c) {
  const int64_t lda = ta == Trans::no ? k : m;
  const int64_t ldb = tb == Trans::no ? n : k;
  cblas_dgemm(CblasRowMajor, ta == Trans::no ? CblasNoTrans : CblasTrans, tb == Trans::no ? CblasNoTrans : CblasTrans,
              static_cast<blasint>(m), static_cast<blasint>(n), static_cast<blasint>(k), alpha, a,
              static_cast<blasint>(lda), b, static_cast<blasint>(ldb), beta, c, static_cast<blasint>(n));
}

namespace {

// Row-major GEMM with explicit leading dimensions (for strided chunks of CNHW activations).
void gemm_ld(Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
             const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  cpu_sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void gemm_ld(Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, double alpha, const double* a, int64_t lda,
             const double* b, int64_t ldb, double beta, double* c, int64_t ldc) {
  cblas_dgemm(CblasRowMajor, ta == Trans::no ? CblasNoTrans : CblasTrans, tb == Trans::no ? CblasNoTrans : CblasTrans,
              static_cast<blasint>(m), static_cast<blasint>(n), static_cast<blasint>(k), alpha, a,
              static_cast<blasint>(lda), b, static_cast<blasint>(ldb), beta, c, static_cast<blasint>(ldc));
}

// C = alpha·op(A)·op(B) + beta·C with the m rows of C split into fixed blocks of `block` rows, run in
// parallel, each by a single-threaded GEMM call (cpu_sgemm runs serially inside a parallel region;
// called outside one on small matrices, threading costs far more than it gains on a loaded 2-core
// machine). Block boundaries do not depend on the thread count, and each element's sum over k
// is the same as in one call, so results do not either.
template <class T>
void gemm_row_blocks(Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t lda,
                     const T* b, int64_t ldb, T beta, T* c, int64_t ldc, int64_t block) {
  const int64_t blocks = (m + block - 1) / block;
#pragma omp parallel for schedule(static)
  for (int64_t bi = 0; bi < blocks; ++bi) {
    const int64_t r0 = bi * block;
    const int64_t rows = std::min(block, m - r0);
    const T* a0 = ta == Trans::no ? a + r0 * lda : a + r0;
    gemm_ld(ta, tb, rows, n, k, alpha, a0, lda, b, ldb, beta, c + r0 * ldc, ldc);
  }
}

// The convolution works on chunks of whole images (about 256 output pixels) so that a chunk's im2col
// matrix stays in the core's cache; chunks run in parallel, each calling a single-threaded GEMM
// (cpu_sgemm runs serially inside a parallel region). Chunk boundaries depend only on the shapes,
// so results do not depend on the thread count.
struct ConvChunks {
  int64_t images_per_chunk, count, plane, total_cols;
  ConvChunks(int64_t batch, int side) : plane(static_cast<int64_t>(side) * side), total_cols(batch * plane) {
    // About 256 columns per chunk (one image from 16×16 up; measured fastest among 128..4096 for the
    // small network with OpenBLAS: the GEMMs stay in cache) and at least ~8 chunks per batch
    // (parallelism).
    images_per_chunk = std::max<int64_t>(1, std::min<int64_t>(256 / plane, (batch + 7) / 8));
    count = (batch + images_per_chunk - 1) / images_per_chunk;
  }
  int64_t first_image(int64_t ch) const { return ch * images_per_chunk; }
  int64_t images(int64_t ch, int64_t batch) const { return std::min(images_per_chunk, batch - first_image(ch)); }
};

// A tap (dy, dx) ∈ {−1, 0, 1}² of the 3×3 window as a shift of the flattened side×side plane: output
// pixel i reads input pixel i + off with off = dy·side + dx, valid for i in [lo, hi) except the
// column that wraps around (x = side − 1 when dx = 1, x = 0 when dx = −1).
struct TapShift {
  int64_t off, lo, hi;
  int dx;
  TapShift(int tap, int side) {
    const int dy = tap / 3 - 1;
    dx = tap % 3 - 1;
    const int64_t plane = static_cast<int64_t>(side) * side;
    off = static_cast<int64_t>(dy) * side + dx;
    lo = std::max<int64_t>(0, -off);
    hi = std::min<int64_t>(plane, plane - off);
    lo = std::max<int64_t>(lo, static_cast<int64_t>(std::max(0, -dy)) * side);
    hi = std::min<int64_t>(hi, static_cast<int64_t>(std::min(side, side - dy)) * side);
  }
  // The wrapped column (−1 when dx = 0).
  int wrap_column(int side) const { return dx == 1 ? side - 1 : (dx == -1 ? 0 : -1); }
};

// col[(c·9 + tap), (j·side + y)·side + x] = in[c, n0 + j, y + dy, x + dx] (0 outside) for the
// `images` images from n0; `in` is the whole [C, B, side, side] tensor (row stride total_cols). Each
// (row, image) is one contiguous shifted copy plus zeroed borders.
template <class T>
void im2col_chunk(int cin, int side, int64_t total_cols, int64_t n0, int64_t images, const T* in, T* col) {
  const int64_t plane = static_cast<int64_t>(side) * side;
  const int64_t cols = images * plane;
  for (int64_t r = 0; r < static_cast<int64_t>(cin) * 9; ++r) {
    const TapShift t(static_cast<int>(r % 9), side);
    const int wrap = t.wrap_column(side);
    const T* src = in + (r / 9) * total_cols + n0 * plane;
    T* dst = col + r * cols;
    for (int64_t n = 0; n < images; ++n) {
      T* d = dst + n * plane;
      const T* s = src + n * plane + t.off;
      std::fill(d, d + t.lo, T(0));
      std::copy(s + t.lo, s + t.hi, d + t.lo);
      std::fill(d + t.hi, d + plane, T(0));
      if (wrap >= 0)
        for (int64_t y = 0; y < side; ++y) d[y * side + wrap] = T(0);
    }
  }
}

// The adjoint of im2col_chunk: din[c, n0 + j, p] = Σ_taps col[(c, tap), (j, p − off)] over valid
// taps, summed in tap order. Entries of col that im2col would have zeroed (the wrapped column) are
// cleared first, so each tap is one contiguous shifted add.
template <class T>
void col2im_chunk(int cin, int side, int64_t total_cols, int64_t n0, int64_t images, T* col, T* din) {
  const int64_t plane = static_cast<int64_t>(side) * side;
  const int64_t cols = images * plane;
  for (int64_t c = 0; c < cin; ++c) {
    T* dst = din + c * total_cols + n0 * plane;
    std::fill_n(dst, cols, T(0));
    for (int tap = 0; tap < 9; ++tap) {
      const TapShift t(tap, side);
      const int wrap = t.wrap_column(side);
      T* src = col + (c * 9 + tap) * cols;
      for (int64_t n = 0; n < images; ++n) {
        T* s = src + n * plane;
        if (wrap >= 0)
          for (int64_t y = 0; y < side; ++y) s[y * side + wrap] = T(0);
        T* d = dst + n * plane + t.off;
#pragma omp simd
        for (int64_t i = t.lo; i < t.hi; ++i) d[i] += s[i];
      }
    }
  }
}

}  // namespace

// One im2col buffer per thread (chunks of one thread reuse it).
int64_t conv3x3_workspace(int64_t batch, int cin, int side) {
  const ConvChunks chunks(batch, side);
  const int64_t threads = std::min<int64_t>(chunks.count, omp_get_max_threads());
  return static_cast<int64_t>(cin) * 9 * chunks.images_per_chunk * chunks.plane * std::max<int64_t>(1, threads);
}

template <class T>
void conv3x3_forward(int64_t batch, int cin, int cout, int side, const T* in, const T* weight, const T* bias, T* out,
                     T* col) {
  const ConvChunks chunks(batch, side);
  const int64_t k = static_cast<int64_t>(cin) * 9;
  const int64_t chunk_size = k * chunks.images_per_chunk * chunks.plane;
#pragma omp parallel for schedule(static)
  for (int64_t ch = 0; ch < chunks.count; ++ch) {
    const int64_t n0 = chunks.first_image(ch);
    const int64_t cols = chunks.images(ch, batch) * chunks.plane;
    T* c_local = col + omp_get_thread_num() * chunk_size;
    im2col_chunk(cin, side, chunks.total_cols, n0, chunks.images(ch, batch), in, c_local);
    T* o = out + n0 * chunks.plane;
    gemm_ld(Trans::no, Trans::no, cout, cols, k, T(1), weight, k, c_local, cols, T(0), o, chunks.total_cols);
    for (int64_t c = 0; c < cout; ++c) {
      T* oc = o + c * chunks.total_cols;
      const T b = bias[c];
#pragma omp simd
      for (int64_t i = 0; i < cols; ++i) oc[i] += b;
    }
  }
}

template <class T>
void conv3x3_backward(int64_t batch, int cin, int cout, int side, const T* in, const T* weight, const T* dout, T* din,
                      T* dweight, T* dbias, T* col) {
  const ConvChunks chunks(batch, side);
  const int64_t k = static_cast<int64_t>(cin) * 9;
  const int64_t chunk_size = k * chunks.images_per_chunk * chunks.plane;
  const int64_t wsize = static_cast<int64_t>(cout) * k;
  // Per-chunk partial weight and bias gradients, summed in chunk order afterwards.
  std::vector<T> dw_part(static_cast<std::size_t>(chunks.count * wsize));
  std::vector<double> db_part(static_cast<std::size_t>(chunks.count * cout));
#pragma omp parallel for schedule(static)
  for (int64_t ch = 0; ch < chunks.count; ++ch) {
    const int64_t n0 = chunks.first_image(ch);
    const int64_t images = chunks.images(ch, batch);
    const int64_t cols = images * chunks.plane;
    T* c_local = col + omp_get_thread_num() * chunk_size;
    const T* g = dout + n0 * chunks.plane;
    im2col_chunk(cin, side, chunks.total_cols, n0, images, in, c_local);
    gemm_ld(Trans::no, Trans::yes, cout, k, cols, T(1), g, chunks.total_cols, c_local, cols, T(0),
            dw_part.data() + ch * wsize, k);
    for (int64_t c = 0; c < cout; ++c) {
      const T* gc = g + c * chunks.total_cols;
      double s = 0;
      for (int64_t i = 0; i < cols; ++i) s += static_cast<double>(gc[i]);
      db_part[static_cast<std::size_t>(ch * cout + c)] = s;
    }
    if (din != nullptr) {
      gemm_ld(Trans::yes, Trans::no, k, cols, cout, T(1), weight, k, g, chunks.total_cols, T(0), c_local, cols);
      col2im_chunk(cin, side, chunks.total_cols, n0, images, c_local, din);
    }
  }
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < wsize; ++i) {
    T s = dw_part[static_cast<std::size_t>(i)];
    for (int64_t ch = 1; ch < chunks.count; ++ch) s += dw_part[static_cast<std::size_t>(ch * wsize + i)];
    dweight[i] = s;
  }
  for (int64_t c = 0; c < cout; ++c) {
    double s = 0;
    for (int64_t ch = 0; ch < chunks.count; ++ch) s += db_part[static_cast<std::size_t>(ch * cout + c)];
    dbias[c] = static_cast<T>(s);
  }
}

template <class T>
void batchnorm_train_forward(int channels, int64_t n, const T* x, const T* gamma, const T* beta, double eps,
                             double momentum, T* running_mean, T* running_var, T* y, T* save_mean, T* save_invstd) {
#pragma omp parallel for schedule(static)
  for (int c = 0; c < channels; ++c) {
    const T* xc = x + c * n;
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(xc[i]);
    const double mean = sum / static_cast<double>(n);
    double sq = 0;
    for (int64_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(xc[i]) - mean;
      sq += d * d;
    }
    const double var = sq / static_cast<double>(n);
    const double invstd = 1.0 / std::sqrt(var + eps);
    const T m = static_cast<T>(mean), is = static_cast<T>(invstd), g = gamma[c], b = beta[c];
    T* yc = y + c * n;
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) yc[i] = (xc[i] - m) * is * g + b;
    save_mean[c] = m;
    save_invstd[c] = is;
    const double unbiased = n > 1 ? sq / static_cast<double>(n - 1) : var;
    running_mean[c] = static_cast<T>((1.0 - momentum) * static_cast<double>(running_mean[c]) + momentum * mean);
    running_var[c] = static_cast<T>((1.0 - momentum) * static_cast<double>(running_var[c]) + momentum * unbiased);
  }
}

template <class T>
void batchnorm_eval_forward(int channels, int64_t n, const T* x, const T* gamma, const T* beta, const T* running_mean,
                            const T* running_var, double eps, T* y) {
#pragma omp parallel for schedule(static)
  for (int c = 0; c < channels; ++c) {
    const T m = running_mean[c];
    const T is = static_cast<T>(1.0 / std::sqrt(static_cast<double>(running_var[c]) + eps));
    const T g = gamma[c], b = beta[c];
    const T* xc = x + c * n;
    T* yc = y + c * n;
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) yc[i] = (xc[i] - m) * is * g + b;
  }
}

template <class T>
void batchnorm_backward(int channels, int64_t n, const T* x, const T* dy, const T* gamma, const T* save_mean,
                        const T* save_invstd, T* dx, T* dgamma, T* dbeta) {
#pragma omp parallel for schedule(static)
  for (int c = 0; c < channels; ++c) {
    const T* xc = x + c * n;
    const T* dyc = dy + c * n;
    const double m = static_cast<double>(save_mean[c]);
    const double is = static_cast<double>(save_invstd[c]);
    double sum_dy = 0, sum_dy_xhat = 0;
    for (int64_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(dyc[i]);
      sum_dy += d;
      sum_dy_xhat += d * (static_cast<double>(xc[i]) - m) * is;
    }
    dgamma[c] = static_cast<T>(sum_dy_xhat);
    dbeta[c] = static_cast<T>(sum_dy);
    const T k = static_cast<T>(static_cast<double>(gamma[c]) * is);
    const T mean_dy = static_cast<T>(sum_dy / static_cast<double>(n));
    const T mean_dy_xhat = static_cast<T>(sum_dy_xhat / static_cast<double>(n));
    const T mt = save_mean[c], ist = save_invstd[c];
    T* dxc = dx + c * n;
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) dxc[i] = k * (dyc[i] - mean_dy - (xc[i] - mt) * ist * mean_dy_xhat);
  }
}

template <class T>
void relu_forward(int64_t count, T* x) {
#pragma omp parallel for simd schedule(static)
  for (int64_t i = 0; i < count; ++i) x[i] = x[i] > T(0) ? x[i] : T(0);
}

template <class T>
void relu_backward(int64_t count, const T* y, T* dy) {
#pragma omp parallel for simd schedule(static)
  for (int64_t i = 0; i < count; ++i) dy[i] = y[i] > T(0) ? dy[i] : T(0);
}

template <class T>
void maxpool2x2_forward(int64_t planes, int side, const T* in, T* out, uint8_t* arg) {
  const int half = side / 2;
#pragma omp parallel for schedule(static)
  for (int64_t p = 0; p < planes; ++p) {
    const T* src = in + p * side * side;
    T* dst = out + p * half * half;
    uint8_t* a = arg + p * half * half;
    for (int y = 0; y < half; ++y)
      for (int x = 0; x < half; ++x) {
        const T* s = src + 2 * y * side + 2 * x;
        const T v[4] = {s[0], s[1], s[side], s[side + 1]};
        int best = 0;
        for (int k = 1; k < 4; ++k)
          if (v[k] > v[best]) best = k;
        dst[y * half + x] = v[best];
        a[y * half + x] = static_cast<uint8_t>(best);
      }
  }
}

template <class T>
void maxpool2x2_backward(int64_t planes, int side, const T* dout, const uint8_t* arg, T* din) {
  const int half = side / 2;
#pragma omp parallel for schedule(static)
  for (int64_t p = 0; p < planes; ++p) {
    T* dst = din + p * side * side;
    std::fill_n(dst, static_cast<int64_t>(side) * side, T(0));
    const T* g = dout + p * half * half;
    const uint8_t* a = arg + p * half * half;
    for (int y = 0; y < half; ++y)
      for (int x = 0; x < half; ++x) {
        const int k = a[y * half + x];
        dst[(2 * y + k / 2) * side + 2 * x + k % 2] = g[y * half + x];
      }
  }
}

template <class T>
void cnhw_to_rows(int channels, int64_t batch, int64_t plane, const T* in, T* out) {
#pragma omp parallel for schedule(static)
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c)
      std::copy_n(in + (c * batch + n) * plane, plane, out + (n * channels + c) * plane);
}

template <class T>
void rows_to_cnhw(int channels, int64_t batch, int64_t plane, const T* in, T* out) {
#pragma omp parallel for schedule(static)
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c)
      std::copy_n(in + (n * channels + c) * plane, plane, out + (c * batch + n) * plane);
}

template <class T>
void linear_forward(int64_t batch, int64_t in, int64_t out, const T* x, const T* W, const T* b, T* y) {
  gemm_row_blocks(Trans::no, Trans::yes, batch, out, in, T(1), x, in, W, in, T(0), y, out, 16);
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < batch; ++r) {
    T* yr = y + r * out;
#pragma omp simd
    for (int64_t j = 0; j < out; ++j) yr[j] += b[j];
  }
}

template <class T>
void linear_backward(int64_t batch, int64_t in, int64_t out, const T* x, const T* W, const T* dy, T* dx, T* dW,
                     T* db) {
  gemm_row_blocks(Trans::yes, Trans::no, out, in, batch, T(1), dy, out, x, in, T(0), dW, in, 64);
  constexpr int64_t kBlock = 256;
#pragma omp parallel for schedule(static)
  for (int64_t first = 0; first < out; first += kBlock) {
    const int64_t len = std::min(kBlock, out - first);
    double acc[kBlock] = {};
    for (int64_t r = 0; r < batch; ++r) {
      const T* d = dy + r * out + first;
#pragma omp simd
      for (int64_t j = 0; j < len; ++j) acc[j] += static_cast<double>(d[j]);
    }
    for (int64_t j = 0; j < len; ++j) db[first + j] = static_cast<T>(acc[j]);
  }
  if (dx != nullptr) gemm_row_blocks(Trans::no, Trans::no, batch, in, out, T(1), dy, out, W, in, T(0), dx, in, 16);
}

template <class T>
void dropout_forward(int64_t batch, int64_t units, float p, const RandomStream& rng, uint32_t b_coord, const T* x,
                     T* y, T* mask) {
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < batch; ++r) {
    for (int64_t q = 0; q < (units + 3) / 4; ++q) {
      const PhiloxCounter bits = rng.bits4(static_cast<uint32_t>(r), b_coord, static_cast<uint32_t>(q));
      for (int lane = 0; lane < 4; ++lane) {
        const int64_t u = 4 * q + lane;
        if (u >= units) break;
        const T m = static_cast<T>(dropout_multiplier(bits.x[lane], p));
        mask[r * units + u] = m;
        y[r * units + u] = x[r * units + u] * m;
      }
    }
  }
}

template <class T>
void dropout_backward(int64_t count, const T* mask, T* dy) {
#pragma omp parallel for simd schedule(static)
  for (int64_t i = 0; i < count; ++i) dy[i] *= mask[i];
}

template <class T>
void softmax_forward(int64_t batch, int n, const T* z, T* p) {
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < batch; ++r) softmax_row(z + r * n, p + r * n, n);
}

template <class T>
double double_softmax_loss_backward(int64_t batch, int n, const T* p, const uint8_t* labels, T* dz) {
  RBMDYN_CHECK(n <= kMaxLossClasses, "too many classes for the loss");
  std::vector<double> loss(static_cast<std::size_t>(batch));
  const T scale = T(1) / static_cast<T>(batch);
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < batch; ++r)
    loss[static_cast<std::size_t>(r)] =
        static_cast<double>(double_softmax_loss_row(p + r * n, labels[r], n, scale, dz + r * n));
  double sum = 0;
  for (double l : loss) sum += l;
  return sum;
}

#define RBMDYN_INSTANTIATE_LAYERS(T)                                                                           \
  template void conv3x3_forward<T>(int64_t, int, int, int, const T*, const T*, const T*, T*, T*);              \
  template void conv3x3_backward<T>(int64_t, int, int, int, const T*, const T*, const T*, T*, T*, T*, T*);     \
  template void batchnorm_train_forward<T>(int, int64_t, const T*, const T*, const T*, double, double, T*, T*, \
                                           T*, T*, T*);                                                        \
  template void batchnorm_eval_forward<T>(int, int64_t, const T*, const T*, const T*, const T*, const T*,      \
                                          double, T*);                                                         \
  template void batchnorm_backward<T>(int, int64_t, const T*, const T*, const T*, const T*, const T*, T*, T*,  \
                                      T*);                                                                     \
  template void relu_forward<T>(int64_t, T*);                                                                  \
  template void relu_backward<T>(int64_t, const T*, T*);                                                       \
  template void maxpool2x2_forward<T>(int64_t, int, const T*, T*, uint8_t*);                                   \
  template void maxpool2x2_backward<T>(int64_t, int, const T*, const uint8_t*, T*);                            \
  template void cnhw_to_rows<T>(int, int64_t, int64_t, const T*, T*);                                          \
  template void rows_to_cnhw<T>(int, int64_t, int64_t, const T*, T*);                                          \
  template void linear_forward<T>(int64_t, int64_t, int64_t, const T*, const T*, const T*, T*);                \
  template void linear_backward<T>(int64_t, int64_t, int64_t, const T*, const T*, const T*, T*, T*, T*);       \
  template void dropout_forward<T>(int64_t, int64_t, float, const RandomStream&, uint32_t, const T*, T*, T*);  \
  template void dropout_backward<T>(int64_t, const T*, T*);                                                    \
  template void softmax_forward<T>(int64_t, int, const T*, T*);                                                \
  template double double_softmax_loss_backward<T>(int64_t, int, const T*, const uint8_t*, T*);

RBMDYN_INSTANTIATE_LAYERS(float)
RBMDYN_INSTANTIATE_LAYERS(double)

}  // namespace rbmdyn::cls
