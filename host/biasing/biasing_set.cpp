#include "host/biasing/biasing_set.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>

#include "host/biasing/label_biasing.hpp"
#include "host/core/error.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/json_fields.hpp"
#include "host/io/npy.hpp"

namespace rbmdyn {

std::vector<int32_t> top_k_indices(const double* values, int64_t n, int k) {
  RBMDYN_CHECK(k >= 0 && k <= n, "top-k size out of range");
  std::vector<int32_t> idx(static_cast<std::size_t>(n));
  std::iota(idx.begin(), idx.end(), 0);
  // A strict total order (value descending, then index ascending), so the selected set and its order
  // are unique whatever the sort algorithm does with equal values.
  const auto before = [values](int32_t i, int32_t j) {
    return values[i] > values[j] || (values[i] == values[j] && i < j);
  };
  std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), before);
  idx.resize(static_cast<std::size_t>(k));
  return idx;
}

std::vector<int32_t> top_k_indices(const float* values, int64_t n, int k) {
  const std::vector<double> wide(values, values + n);  // exact widening
  return top_k_indices(wide.data(), n, k);
}

std::vector<float> top_k_binarise(const double* values, int64_t n, int k) {
  std::vector<float> out(static_cast<std::size_t>(n), 0.0f);
  for (const int32_t j : top_k_indices(values, n, k)) out[static_cast<std::size_t>(j)] = 1.0f;
  return out;
}

const float* BiasingSet::vector(int global) const {
  RBMDYN_CHECK(global >= 0 && global < kSweepVectors, "global vector index out of range");
  if (global < kLbVectors) return lb.data() + global * n_hidden;
  if (global < kLbVectors + kDigitPairs) return intersection.data() + (global - kLbVectors) * n_hidden;
  return double_lb.data() + (global - kLbVectors - kDigitPairs) * n_hidden;
}

BiasingSet make_biasing_vectors(const std::vector<float>& lb, int64_t n_hidden, int k) {
  RBMDYN_CHECK(n_hidden > 0 && lb.size() == static_cast<std::size_t>(kNumDigits * n_hidden),
               "H_LB must be [10, n_hidden]");
  if (k < 1 || k > n_hidden)
    fail_input(quote_option("k") + " " + std::to_string(k) + ": must be in 1.." + std::to_string(n_hidden) + " (the hidden units)");
  BiasingSet s;
  s.n_hidden = n_hidden;
  s.k = k;
  s.lb = lb;
  s.pairs = digit_pairs();
  const auto nh = static_cast<std::size_t>(n_hidden);

  // S_c = top-k of the continuous H_LB(c) (docs/method.md §5.2 step 1, §10 #11), as 0/1 masks.
  std::vector<std::vector<float>> masks;
  for (int c = 0; c < kNumDigits; ++c) {
    const std::vector<double> row(lb.begin() + static_cast<std::ptrdiff_t>(c * nh),
                                  lb.begin() + static_cast<std::ptrdiff_t>((c + 1) * nh));
    masks.push_back(top_k_binarise(row.data(), n_hidden, k));
  }

  s.intersection.assign(kDigitPairs * nh, 0.0f);
  s.double_lb.assign(kDigitPairs * nh, 0.0f);
  s.overlap.assign(kDigitPairs, 0);
  std::vector<double> g(nh);
  for (std::size_t p = 0; p < s.pairs.size(); ++p) {
    const auto [a, b] = s.pairs[p];
    float* inter = s.intersection.data() + p * nh;
    for (std::size_t j = 0; j < nh; ++j) {
      inter[j] = masks[static_cast<std::size_t>(a)][j] * masks[static_cast<std::size_t>(b)][j];
      s.overlap[p] += inter[j] > 0.0f ? 1 : 0;
      // g = H_LB(a) + H_LB(b): the two-hot label times Winv (§5.3); exact in double.
      g[j] = static_cast<double>(lb[static_cast<std::size_t>(a) * nh + j]) +
             static_cast<double>(lb[static_cast<std::size_t>(b) * nh + j]);
    }
    const std::vector<float> z = top_k_binarise(g.data(), n_hidden, k);
    std::copy(z.begin(), z.end(), s.double_lb.begin() + static_cast<std::ptrdiff_t>(p * nh));
  }
  return s;
}

void save_biasing_set(const std::filesystem::path& dir, const BiasingSet& set, const nlohmann::json& summary) {
  std::filesystem::create_directories(dir);
  const int64_t nh = set.n_hidden;
  save_npy(dir / "lb.npy", set.lb, {kNumDigits, nh});
  save_npy(dir / "intersection.npy", set.intersection, {kDigitPairs, nh});
  save_npy(dir / "double.npy", set.double_lb, {kDigitPairs, nh});
  std::vector<int32_t> pairs;
  for (const auto& p : set.pairs) pairs.insert(pairs.end(), {p[0], p[1]});
  save_npy(dir / "pairs.npy", pairs, {kDigitPairs, 2});
  save_npy(dir / "overlap.npy", set.overlap, {kDigitPairs});
  nlohmann::json j = summary;
  j["k"] = set.k;
  j["n_hidden"] = nh;
  write_text_atomically(dir / "summary.json", j.dump(2) + "\n");
}

namespace {

std::vector<float> load_matrix(const std::filesystem::path& path, int64_t rows, int64_t* cols) {
  if (!std::filesystem::exists(path)) fail_input(path.string() + ": missing from the biasing folder");
  std::vector<int64_t> shape;
  std::vector<float> data = load_npy_as_float(path, &shape);
  if (shape.size() != 2 || shape[0] != rows)
    fail_input(path.string() + ": shape " + shape_to_string(shape) + ", expected [" + std::to_string(rows) +
               ", n_hidden]");
  if (*cols >= 0 && shape[1] != *cols)
    fail_input(path.string() + ": shape " + shape_to_string(shape) + " has " + std::to_string(shape[1]) +
               " columns, but lb.npy has " + std::to_string(*cols) + " (n_hidden must agree)");
  *cols = shape[1];
  for (std::size_t i = 0; i < data.size(); ++i)
    if (!std::isfinite(data[i]))
      fail_input(path.string() + ": entry " + std::to_string(i) + " is not finite");
  return data;
}

std::vector<int64_t> load_ints(const std::filesystem::path& path, std::vector<int64_t>* shape) {
  if (!std::filesystem::exists(path)) fail_input(path.string() + ": missing from the biasing folder");
  const NpyArray raw = load_npy_raw(path);
  *shape = raw.shape;
  std::vector<int64_t> out(static_cast<std::size_t>(raw.element_count()));
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (raw.descr == "<i4") {
      int32_t v;
      std::memcpy(&v, raw.bytes.data() + 4 * i, 4);
      out[i] = v;
    } else if (raw.descr == "<i8") {
      std::memcpy(&out[i], raw.bytes.data() + 8 * i, 8);
    } else {
      fail_input(path.string() + ": dtype " + raw.descr + ", expected int32 or int64");
    }
  }
  return out;
}

void require_binary(const std::filesystem::path& path, const std::vector<float>& data) {
  for (std::size_t i = 0; i < data.size(); ++i)
    if (data[i] != 0.0f && data[i] != 1.0f)
      fail_input(path.string() + ": entry " + std::to_string(i) + " is " + std::to_string(data[i]) +
                 "; chimera vectors must be binary (0 or 1)");
}

}  // namespace

BiasingSet load_biasing_set(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) fail_input(dir.string() + ": not a biasing folder (no such directory)");
  BiasingSet s;
  int64_t nh = -1;
  s.lb = load_matrix(dir / "lb.npy", kNumDigits, &nh);
  if (nh < 1) fail_input((dir / "lb.npy").string() + ": has no hidden units");
  // H_LB(c) is a class mean of sampled binary hidden states (docs/method.md §3.3): a probability. Values
  // outside [0, 1] would start chains from impossible states and report impossible % active.
  for (std::size_t i = 0; i < s.lb.size(); ++i)
    if (s.lb[i] < 0.0f || s.lb[i] > 1.0f)
      fail_input((dir / "lb.npy").string() + ": entry " + std::to_string(i) + " (vector " + std::to_string(i / nh) +
                 ", unit " + std::to_string(i % nh) + ") is " + std::to_string(s.lb[i]) +
                 "; label-biasing vectors are probabilities in [0, 1]");
  s.intersection = load_matrix(dir / "intersection.npy", kDigitPairs, &nh);
  s.double_lb = load_matrix(dir / "double.npy", kDigitPairs, &nh);
  s.n_hidden = nh;
  require_binary(dir / "intersection.npy", s.intersection);
  require_binary(dir / "double.npy", s.double_lb);

  std::vector<int64_t> shape;
  const std::vector<int64_t> pairs = load_ints(dir / "pairs.npy", &shape);
  if (shape != std::vector<int64_t>{kDigitPairs, 2})
    fail_input((dir / "pairs.npy").string() + ": shape " + shape_to_string(shape) + ", expected [45, 2]");
  s.pairs = digit_pairs();
  for (std::size_t p = 0; p < s.pairs.size(); ++p)
    if (pairs[2 * p] != s.pairs[p][0] || pairs[2 * p + 1] != s.pairs[p][1])
      fail_input((dir / "pairs.npy").string() + ": row " + std::to_string(p) + " is (" + std::to_string(pairs[2 * p]) +
                 ", " + std::to_string(pairs[2 * p + 1]) + "), expected (" + std::to_string(s.pairs[p][0]) + ", " +
                 std::to_string(s.pairs[p][1]) + ") (pairs a < b in lexicographic order)");

  const std::vector<int64_t> overlap = load_ints(dir / "overlap.npy", &shape);
  if (shape != std::vector<int64_t>{kDigitPairs})
    fail_input((dir / "overlap.npy").string() + ": shape " + shape_to_string(shape) + ", expected [45]");
  for (std::size_t p = 0; p < kDigitPairs; ++p) {
    const auto ones = std::count(s.intersection.begin() + static_cast<std::ptrdiff_t>(p * nh),
                                 s.intersection.begin() + static_cast<std::ptrdiff_t>((p + 1) * nh), 1.0f);
    if (overlap[p] != ones)
      fail_input((dir / "overlap.npy").string() + ": entry " + std::to_string(p) + " is " +
                 std::to_string(overlap[p]) + " but intersection vector " + std::to_string(p) + " has " +
                 std::to_string(ones) + " ones");
    s.overlap.push_back(static_cast<int32_t>(ones));
  }

  s.k = static_cast<int>(std::count(s.double_lb.begin(), s.double_lb.begin() + nh, 1.0f));
  const auto summary_path = dir / "summary.json";
  if (std::filesystem::exists(summary_path)) {
    std::ifstream in(summary_path);
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
      fail_input(summary_path.string() + ": not valid JSON (" + json_error_text(e) + ")");
    }
    if (j.contains("k")) {
      if (!j["k"].is_number_integer() || j["k"] < 1 || j["k"] > nh)
        fail_input(summary_path.string() + ": \"k\" = " + j["k"].dump() + " is not an integer in 1.." + std::to_string(nh));
      s.k = j["k"].get<int>();
    }
  }
  if (s.k < 1 || s.k > nh)
    fail_input(summary_path.string() + ": k = " + std::to_string(s.k) + " is outside 1.." + std::to_string(nh));
  for (std::size_t p = 0; p < kDigitPairs; ++p) {
    const auto ones = std::count(s.double_lb.begin() + static_cast<std::ptrdiff_t>(p * nh),
                                 s.double_lb.begin() + static_cast<std::ptrdiff_t>((p + 1) * nh), 1.0f);
    if (ones != s.k)
      fail_input((dir / "double.npy").string() + ": vector " + std::to_string(p) + " has " + std::to_string(ones) +
                 " ones, expected k = " + std::to_string(s.k) + " (top-k binarised)");
  }
  return s;
}

VectorSet parse_vector_set(const std::string& text, const std::string& option_name) {
  if (text == "lb") return VectorSet::lb;
  if (text == "intersection") return VectorSet::intersection;
  if (text == "double") return VectorSet::double_lb;
  if (text == "all") return VectorSet::all;
  fail_input(quote_option(option_name) + " " + text + ": expected lb, intersection, double or all");
}

const char* vector_set_name(VectorSet set) {
  switch (set) {
    case VectorSet::lb: return "lb";
    case VectorSet::intersection: return "intersection";
    case VectorSet::double_lb: return "double";
    case VectorSet::all: return "all";
  }
  return "?";
}

VectorRange vector_range(VectorSet set) {
  switch (set) {
    case VectorSet::lb: return {0, kLbVectors};
    case VectorSet::intersection: return {kLbVectors, kDigitPairs};
    case VectorSet::double_lb: return {kLbVectors + kDigitPairs, kDigitPairs};
    case VectorSet::all: return {0, kSweepVectors};
  }
  return {};
}

const char* vector_method(int global) {
  RBMDYN_CHECK(global >= 0 && global < kSweepVectors, "global vector index out of range");
  if (global < kLbVectors) return "lb";
  return global < kLbVectors + kDigitPairs ? "intersection" : "double";
}

std::string vector_name(int global) {
  const std::string method = vector_method(global);
  if (global < kLbVectors) return method + "/" + std::to_string(global);
  const auto& p = digit_pairs()[static_cast<std::size_t>((global - kLbVectors) % kDigitPairs)];
  return method + "/" + std::to_string(p[0]) + "-" + std::to_string(p[1]);
}

std::vector<float> stack_vectors(const BiasingSet& set, VectorSet which) {
  const VectorRange range = vector_range(which);
  std::vector<float> out;
  out.reserve(static_cast<std::size_t>(range.count * set.n_hidden));
  for (int v = range.first; v < range.first + range.count; ++v)
    out.insert(out.end(), set.vector(v), set.vector(v) + set.n_hidden);
  return out;
}

}  // namespace rbmdyn
