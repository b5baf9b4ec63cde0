#pragma once
// NumPy .npy files (format 1.0/2.0/3.0 read, 1.0 written), little-endian, C order. Arrays written here
// load with numpy.load; arrays from numpy load here with their dtype and shape checked.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rbmdyn {

template <class T>
struct NpyDtype;
template <> struct NpyDtype<float> { static constexpr const char* descr = "<f4"; };
template <> struct NpyDtype<double> { static constexpr const char* descr = "<f8"; };
template <> struct NpyDtype<uint8_t> { static constexpr const char* descr = "|u1"; };
template <> struct NpyDtype<int32_t> { static constexpr const char* descr = "<i4"; };
template <> struct NpyDtype<int64_t> { static constexpr const char* descr = "<i8"; };
template <> struct NpyDtype<uint16_t> { static constexpr const char* descr = "<u2"; };

// An array read from a file: dtype descriptor (e.g. "<f4"), shape, raw little-endian bytes.
struct NpyArray {
  std::string descr;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;
  int64_t element_count() const;
};

// Writes `count` = prod(shape) elements atomically. Throws Error naming the file on failure.
void save_npy_raw(const std::filesystem::path& path, const std::string& descr, std::size_t item_size,
                  const void* data, const std::vector<int64_t>& shape);

template <class T>
void save_npy(const std::filesystem::path& path, const T* data, const std::vector<int64_t>& shape) {
  save_npy_raw(path, NpyDtype<T>::descr, sizeof(T), data, shape);
}
template <class T>
void save_npy(const std::filesystem::path& path, const std::vector<T>& data, const std::vector<int64_t>& shape) {
  save_npy(path, data.data(), shape);
}

// Reads and validates the header (magic, version, dict keys, C order, size vs. file length).
NpyArray load_npy_raw(const std::filesystem::path& path);

// Loads an array whose dtype must be T's (InputError naming the file otherwise); returns its shape.
template <class T>
std::vector<T> load_npy(const std::filesystem::path& path, std::vector<int64_t>* shape_out);

// Loads a float array stored as float32 or float64 (converted), or as uint8/int32 values.
std::vector<float> load_npy_as_float(const std::filesystem::path& path, std::vector<int64_t>* shape_out);

std::string shape_to_string(const std::vector<int64_t>& shape);

}  // namespace rbmdyn
