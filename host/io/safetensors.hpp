#pragma once
// safetensors files (https://github.com/huggingface/safetensors): an 8-byte little-endian header
// length, a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}, then
// the tensor bytes. Readable by numpy (safetensors.numpy) and PyTorch without this project.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rbmdyn {

struct SafeTensor {
  std::string dtype;  // "F32", "F64", "I32", "I64", "U8", ...
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;  // little-endian, C order
};

struct SafetensorsFile {
  std::map<std::string, SafeTensor> tensors;
  std::map<std::string, std::string> metadata;

  void put_f32(const std::string& name, const std::vector<float>& values, std::vector<int64_t> shape);
  void put_i64(const std::string& name, const std::vector<int64_t>& values, std::vector<int64_t> shape);

  // The named tensor as float32 with exactly `shape`; InputError naming `source`, the tensor and the
  // problem (missing, wrong dtype, wrong shape, non-finite values) otherwise.
  std::vector<float> get_f32(const std::string& name, const std::vector<int64_t>& shape,
                             const std::string& source, bool require_finite = true) const;
  std::vector<int64_t> get_i64(const std::string& name, const std::vector<int64_t>& shape,
                               const std::string& source) const;
  bool has(const std::string& name) const { return tensors.count(name) != 0; }

  // Metadata lookups; InputError naming `source` when missing or malformed.
  const std::string& meta(const std::string& key, const std::string& source) const;
  int64_t meta_int(const std::string& key, const std::string& source) const;
};

// Writes atomically (temporary file + rename). Tensors are laid out in name order, 8-byte aligned.
void save_safetensors(const std::filesystem::path& path, const SafetensorsFile& file);

// Reads and validates: header length within the file, JSON well-formed, known dtypes, offsets inside
// the data section, byte counts matching shapes, no overlaps. InputError naming the file otherwise.
SafetensorsFile load_safetensors(const std::filesystem::path& path);

}  // namespace rbmdyn
