#include "host/analysis/analysis_inputs.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "host/analysis/conventions.hpp"
#include "host/core/error.hpp"
#include "host/io/npy.hpp"

namespace rbmdyn::analysis {
namespace {


// Shape check for per-chain data: [n_chains (, tail)] or [n_vectors, n_chains / n_vectors (, tail)].
void check_chain_shape(const std::vector<int64_t>& shape, int64_t n_chains, int64_t n_vectors,
                       const std::vector<int64_t>& tail, const std::string& name, const char* what) {
  std::vector<int64_t> flat = {n_chains};
  flat.insert(flat.end(), tail.begin(), tail.end());
  if (shape == flat) return;
  if (n_vectors > 0) {
    std::vector<int64_t> nested = {n_vectors, n_chains / n_vectors};
    nested.insert(nested.end(), tail.begin(), tail.end());
    if (shape == nested) return;
    fail_input(name + ": shape " + shape_to_string(shape) + " does not match the predictions; expected " + what +
               " of shape " + shape_to_string(flat) + " or " + shape_to_string(nested));
  }
  fail_input(name + ": shape " + shape_to_string(shape) + " does not match the predictions; expected " + what +
             " of shape " + shape_to_string(flat));
}

}  // namespace

// The values of an integer NPY as int64 (InputError for other dtypes).
std::vector<int64_t> integer_values(const NpyArray& array, const std::string& name) {
  const std::string kind = array.descr.substr(1);
  const auto n = static_cast<std::size_t>(array.element_count());
  std::vector<int64_t> values(n);
  auto convert = [&](auto tag) {
    using T = decltype(tag);
    for (std::size_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, array.bytes.data() + i * sizeof(T), sizeof(T));
      if constexpr (std::is_same_v<T, uint64_t>) {
        if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
          fail_input(name + ": value at flat index " + std::to_string(i) + " is too large");
      }
      values[i] = static_cast<int64_t>(v);
    }
  };
  if (kind == "u1")
    convert(uint8_t{});
  else if (kind == "i1")
    convert(int8_t{});
  else if (kind == "i2")
    convert(int16_t{});
  else if (kind == "u2")
    convert(uint16_t{});
  else if (kind == "i4")
    convert(int32_t{});
  else if (kind == "u4")
    convert(uint32_t{});
  else if (kind == "i8")
    convert(int64_t{});
  else if (kind == "u8")
    convert(uint64_t{});
  else
    fail_input(name + ": dtype " + array.descr + " is not an integer type (expected uint8 or another integer dtype)");
  return values;
}

PredictionFile load_predictions(const std::filesystem::path& path) {
  const std::string name = path.string();
  const NpyArray array = load_npy_raw(path);
  PredictionFile f;
  if (array.shape.size() == 2) {
    f.n_chains = array.shape[0];
    f.n_steps = array.shape[1];
  } else if (array.shape.size() == 3) {
    f.n_vectors = array.shape[0];
    f.n_chains = array.shape[0] * array.shape[1];
    f.n_steps = array.shape[2];
  } else {
    fail_input(name + ": shape " + shape_to_string(array.shape) +
               " is not [chains, steps] or [vectors, chains, steps]");
  }
  if (f.n_chains == 0 || f.n_steps == 0)
    fail_input(name + ": no predictions (shape " + shape_to_string(array.shape) + ")");
  if (f.n_chains * f.n_steps > std::numeric_limits<int32_t>::max()) fail_input(name + ": more than 2^31 predictions");
  const std::vector<int64_t> values = integer_values(array, name);
  f.pred.resize(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] < 0 || values[i] >= kNumStates)
      fail_input(name + ": value " + std::to_string(values[i]) + " at chain " + std::to_string(i / f.n_steps) +
                 ", step " + std::to_string(i % f.n_steps) + " is not a class 0..10 (10 = non-digit)");
    f.pred[i] = static_cast<uint8_t>(values[i]);
  }
  return f;
}

std::vector<int32_t> load_chain_values(const std::filesystem::path& path, int64_t n_chains, int64_t n_vectors) {
  const std::string name = path.string();
  const NpyArray array = load_npy_raw(path);
  check_chain_shape(array.shape, n_chains, n_vectors, {}, name, "one value per chain");
  const std::vector<int64_t> values = integer_values(array, name);
  std::vector<int32_t> out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] < std::numeric_limits<int32_t>::min() || values[i] > std::numeric_limits<int32_t>::max())
      fail_input(name + ": value " + std::to_string(values[i]) + " of chain " + std::to_string(i) + " is out of range");
    out[i] = static_cast<int32_t>(values[i]);
  }
  return out;
}

std::vector<float> load_step_values(const std::filesystem::path& path, int64_t n_chains, int64_t n_steps,
                                    int64_t n_vectors) {
  const std::string name = path.string();
  const NpyArray array = load_npy_raw(path);
  const std::string kind = array.descr.substr(1);
  if (kind != "f4" && kind != "f8") fail_input(name + ": dtype " + array.descr + " is not float32 or float64");
  check_chain_shape(array.shape, n_chains, n_vectors, {n_steps}, name, "one value per chain and step");
  std::vector<float> values(static_cast<std::size_t>(array.element_count()));
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (kind == "f4") {
      std::memcpy(&values[i], array.bytes.data() + i * 4, 4);
    } else {
      double v;
      std::memcpy(&v, array.bytes.data() + i * 8, 8);
      values[i] = static_cast<float>(v);
    }
  }
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      fail_input(name + ": value at chain " + std::to_string(i / n_steps) + ", step " + std::to_string(i % n_steps) +
                 " is not finite");
  return values;
}

}  // namespace rbmdyn::analysis
