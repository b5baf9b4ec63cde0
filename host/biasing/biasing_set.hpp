#pragma once
// The biasing vectors of the study (method.md §3.3, §5) and their place in a sweep.
//
// Global vector order (fixed; a sweep's chain index is vector × chains_per_vector + replica):
//   0 .. 9    LB vectors H_LB(0..9), continuous                       (§3.3)
//   10 .. 54  intersection vectors of the 45 pairs a < b, binary      (§5.2)
//   55 .. 99  double-label-biasing vectors of the 45 pairs, binary    (§5.3)
// Pairs are in lexicographic order (0,1), (0,2), …, (0,9), (1,2), …, (8,9).
//
// On disk a biasing folder holds lb.npy [10, n_h], intersection.npy [45, n_h], double.npy [45, n_h]
// (float32), pairs.npy [45, 2] and overlap.npy [45] (int32), and summary.json (k and the figures the
// `biasing` command reports).
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/core/study.hpp"

namespace rbmdyn {

// One LB vector per digit, one intersection and one double-LB vector per digit pair (digit_pairs(),
// host/core/study.hpp).
inline constexpr int kLbVectors = kNumDigits;
inline constexpr int kSweepVectors = kLbVectors + 2 * kDigitPairs;  // 100

// Indices of the k largest of values[0 .. n), ordered by value descending, then index ascending (the
// deterministic tie-break of method.md §3.3). k must be in 0..n.
std::vector<int32_t> top_k_indices(const double* values, int64_t n, int k);
std::vector<int32_t> top_k_indices(const float* values, int64_t n, int k);

// A vector of n zeros with ones at the top-k entries of values (method.md §3.3).
std::vector<float> top_k_binarise(const double* values, int64_t n, int k);

struct BiasingSet {
  int64_t n_hidden = 0;
  int k = 0;                                // top-k used for both chimera methods
  std::vector<float> lb;                    // [10, n_hidden] continuous H_LB(c)
  std::vector<float> intersection;          // [45, n_hidden] binary: S_a ∩ S_b, S_c = top-k of H_LB(c)
  std::vector<float> double_lb;             // [45, n_hidden] binary: top-k of H_LB(a) + H_LB(b)
  std::vector<std::array<int, 2>> pairs;    // [45] (a, b)
  std::vector<int32_t> overlap;             // [45] |S_a ∩ S_b| (ones in each intersection vector)

  // Row `global` (0..99) of the global order above: n_hidden floats.
  const float* vector(int global) const;
};

// Intersection and double-LB vectors from H_LB [10, n_hidden] with top-k size k (1..n_hidden; an
// InputError naming `k` otherwise). The sum H_LB(a) + H_LB(b) is formed in double, so it is exact.
BiasingSet make_biasing_vectors(const std::vector<float>& lb, int64_t n_hidden, int k);

// Writes the NPY arrays and summary.json (which gets {"k", "n_hidden"} plus `summary`) atomically,
// creating `dir` if needed.
void save_biasing_set(const std::filesystem::path& dir, const BiasingSet& set, const nlohmann::json& summary);

// Reads a folder written by save_biasing_set (or by numpy with the same names). Validates shapes
// (consistent n_hidden, 10/45 rows, pairs equal to digit_pairs()), finite values, binary chimera vectors
// and overlap = ones per intersection vector; InputError naming the file and the problem otherwise. k
// comes from summary.json when present, else from the number of ones of the first double vector.
BiasingSet load_biasing_set(const std::filesystem::path& dir);

// Which vectors a generation uses: a contiguous range of the global order.
enum class VectorSet { lb, intersection, double_lb, all };
VectorSet parse_vector_set(const std::string& text, const std::string& option_name = "set");
const char* vector_set_name(VectorSet set);  // "lb", "intersection", "double", "all"

struct VectorRange {
  int first = 0;  // global index of the first vector
  int count = 0;
};
VectorRange vector_range(VectorSet set);

// "lb/3", "intersection/3-6", "double/6-9" for global index 0..99.
std::string vector_name(int global);
// The method part of the name ("lb", "intersection", "double").
const char* vector_method(int global);

// The vectors of `set` stacked in global order: [range.count, n_hidden].
std::vector<float> stack_vectors(const BiasingSet& set, VectorSet which);

}  // namespace rbmdyn
