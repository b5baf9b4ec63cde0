#pragma once
// Kernels of the label-biasing readout (method.md §3.1–3.2); the GEMM X·W is a cuBLAS call made by
// host/biasing/label_biasing_cuda.cpp. CPU twin: compute_label_biasing_cpu in
// host/biasing/label_biasing.cpp (same per-element function, host/ops/readout_math.hpp; same
// summation order per column).
//
// Napkin cost for 60,000 images, 784×1000: GEMM 94 GFLOP (≈ 2 ms); these kernels read the 240 MB of
// pre-activations about twice (< 0.2 ms at 3 TB/s, more for the column loop's dependent adds).
#include <cuda_runtime.h>

#include <cstdint>

namespace rbmdyn::kernels {

// In place over h [rows, n_hidden] holding X·W for images first_image .. first_image + rows − 1:
// h = σ(h + b_h), then Bern(h) with the uniform of (seed, readout_hidden, a = image index, b = 0,
// element j) when `sampled`.
void launch_readout_hidden(float* h, const float* b_h, int64_t first_image, int64_t rows, int64_t n_hidden,
                           uint64_t seed, bool sampled, cudaStream_t stream);

// sums[label[r], j] += h[r, j] in double for r = 0 .. rows − 1 in order (one thread per column j, so
// the summation order is the CPU's). labels: [rows] device bytes 0..9; sums: [10, n_hidden].
void launch_class_sums(const float* h, const uint8_t* labels, int64_t rows, int64_t n_hidden, double* sums,
                       cudaStream_t stream);

}  // namespace rbmdyn::kernels
