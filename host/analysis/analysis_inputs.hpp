#pragma once
// Loading predictions made elsewhere (rbmdyn analyze): NPY files written by numpy or PyTorch. Every
// problem is an InputError that names the file and says what is wrong.
#include <cstdint>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "host/io/npy.hpp"

namespace rbmdyn::analysis {

// The values of an integer NPY as int64 (InputError naming `name` for other dtypes).
std::vector<int64_t> integer_values(const NpyArray& array, const std::string& name);

// pred from an integer NPY (u1, i1, i2, u2, i4, u4, i8, u8), shape [chains, steps] or [vectors, chains,
// steps]; every value must be a class 0..10 (10 = non-digit).
struct PredictionFile {
  std::vector<uint8_t> pred;  // [n_chains, n_steps], vectors flattened vector-major
  int64_t n_chains = 0;       // all chains (vectors × chains per vector for a 3-D file)
  int64_t n_steps = 0;
  int64_t n_vectors = 0;  // leading axis of a 3-D file, 0 for a 2-D one
};
PredictionFile load_predictions(const std::filesystem::path& path);

// One integer per chain (labels, group ids) from an integer NPY of shape [n_chains], or of shape
// [n_vectors, n_chains / n_vectors] when n_vectors > 0 (flattened vector-major). Values are not range
// checked here (ChainGrouping::validate does that with the file's name).
std::vector<int32_t> load_chain_values(const std::filesystem::path& path, int64_t n_chains, int64_t n_vectors);

// A float per chain and step (entropy, % active) from f4/f8 NPY of shape [n_chains, n_steps] or
// [n_vectors, n_chains / n_vectors, n_steps]; every value must be finite.
std::vector<float> load_step_values(const std::filesystem::path& path, int64_t n_chains, int64_t n_steps,
                                    int64_t n_vectors);

}  // namespace rbmdyn::analysis
