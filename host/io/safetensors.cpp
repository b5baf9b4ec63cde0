#include "host/io/safetensors.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>

#include "host/core/error.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/json_fields.hpp"
#include "host/io/npy.hpp"
#include "host/io/read_file.hpp"

namespace rbmdyn {
namespace {

std::size_t dtype_size(const std::string& dtype) {
  static const std::map<std::string, std::size_t> sizes = {
      {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8}, {"I32", 4}, {"I16", 2},
      {"I8", 1},  {"U64", 8}, {"U32", 4}, {"U16", 2},  {"U8", 1},  {"BOOL", 1}};
  auto it = sizes.find(dtype);
  return it == sizes.end() ? 0 : it->second;
}

int64_t element_count(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

// prod(shape) · item, or -1 when that could exceed an int64 (zero dimensions counted as 1, so that
// every partial product of the dimensions fits as well).
int64_t byte_count(const std::vector<int64_t>& shape, std::size_t item) {
  int64_t n = static_cast<int64_t>(item);
  bool empty = false;
  for (int64_t d : shape) {
    empty = empty || d == 0;
    if (__builtin_mul_overflow(n, std::max<int64_t>(d, 1), &n)) return -1;
  }
  return empty ? 0 : n;
}

// The JSON header, refusing a key that appears twice in one object (nlohmann keeps the last copy
// silently; Python's safetensors rejects such a file, and so must we: which tensor would be meant?).
nlohmann::json parse_header(const std::vector<uint8_t>& bytes, std::size_t length, const std::string& name) {
  std::vector<std::set<std::string>> keys;  // one set per open object
  auto unique_keys = [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    if (event == nlohmann::json::parse_event_t::object_start) keys.emplace_back();
    if (event == nlohmann::json::parse_event_t::object_end) keys.pop_back();
    if (event == nlohmann::json::parse_event_t::key && !keys.back().insert(parsed.get<std::string>()).second)
      fail_input(name + ": safetensors header names '" + parsed.get<std::string>() +
                 "' twice (duplicate tensor or field names are not allowed)");
    return true;
  };
  try {
    return nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + static_cast<std::ptrdiff_t>(length),
                                 unique_keys);
  } catch (const nlohmann::json::exception& e) {
    fail_input(name + ": safetensors header is not valid JSON (" + json_error_text(e) + ")");
  }
}

// The tensors must tile the data section exactly, as Python's safetensors requires: no overlap, no
// gap, no bytes after the last tensor. `ranges` are [begin, end) offsets into a section of `size` bytes.
void check_tiling(std::vector<std::pair<std::size_t, std::size_t>> ranges, std::size_t size, const std::string& name) {
  std::sort(ranges.begin(), ranges.end());
  std::size_t next = 0;
  for (const auto& [begin, end] : ranges) {
    if (begin < next) fail_input(name + ": tensors overlap in the data section");
    if (begin > next)
      fail_input(name + ": bytes " + std::to_string(next) + ".." + std::to_string(begin - 1) +
                 " of the data section belong to no tensor");
    next = end;
  }
  if (next != size)
    fail_input(name + ": " + std::to_string(size - next) + " unexpected bytes after the last tensor (file " +
               "corrupt, or not written as one safetensors file)");
}

template <class T>
SafeTensor make_tensor(const char* dtype, const std::vector<T>& values, std::vector<int64_t> shape) {
  RBMDYN_CHECK(element_count(shape) == static_cast<int64_t>(values.size()), "tensor size does not match its shape");
  SafeTensor t{dtype, std::move(shape), std::vector<uint8_t>(values.size() * sizeof(T))};
  if (!values.empty()) std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
  return t;
}

const SafeTensor& find_tensor(const SafetensorsFile& f, const std::string& name, const char* dtype,
                              const std::vector<int64_t>& shape, const std::string& source) {
  auto it = f.tensors.find(name);
  if (it == f.tensors.end()) fail_input(source + ": tensor '" + name + "' is missing");
  const SafeTensor& t = it->second;
  if (t.dtype != dtype) fail_input(source + ": tensor '" + name + "' has dtype " + t.dtype + ", expected " + dtype);
  if (t.shape != shape)
    fail_input(source + ": tensor '" + name + "' has shape " + shape_to_string(t.shape) + ", expected " +
               shape_to_string(shape));
  return t;
}

}  // namespace

void SafetensorsFile::put_f32(const std::string& name, const std::vector<float>& values, std::vector<int64_t> shape) {
  tensors[name] = make_tensor("F32", values, std::move(shape));
}
void SafetensorsFile::put_i64(const std::string& name, const std::vector<int64_t>& values, std::vector<int64_t> shape) {
  tensors[name] = make_tensor("I64", values, std::move(shape));
}

std::vector<float> SafetensorsFile::get_f32(const std::string& name, const std::vector<int64_t>& shape,
                                            const std::string& source, bool require_finite) const {
  const SafeTensor& t = find_tensor(*this, name, "F32", shape, source);
  std::vector<float> values(t.bytes.size() / 4);
  if (!values.empty()) std::memcpy(values.data(), t.bytes.data(), t.bytes.size());
  if (require_finite) {
    auto bad = std::find_if(values.begin(), values.end(), [](float v) { return !std::isfinite(v); });
    if (bad != values.end())
      fail_input(source + ": tensor '" + name + "' holds a non-finite value (" + std::to_string(*bad) +
                 ") at flat index " + std::to_string(bad - values.begin()));
  }
  return values;
}

std::vector<int64_t> SafetensorsFile::get_i64(const std::string& name, const std::vector<int64_t>& shape,
                                              const std::string& source) const {
  const SafeTensor& t = find_tensor(*this, name, "I64", shape, source);
  std::vector<int64_t> values(t.bytes.size() / 8);
  if (!values.empty()) std::memcpy(values.data(), t.bytes.data(), t.bytes.size());
  return values;
}

const std::string& SafetensorsFile::meta(const std::string& key, const std::string& source) const {
  auto it = metadata.find(key);
  if (it == metadata.end()) fail_input(source + ": metadata key '" + key + "' is missing");
  return it->second;
}

int64_t SafetensorsFile::meta_int(const std::string& key, const std::string& source) const {
  const std::string& text = meta(key, source);
  try {
    std::size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  fail_input(source + ": metadata '" + key + "' = '" + text + "' is not an integer");
}

void save_safetensors(const std::filesystem::path& path, const SafetensorsFile& file) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!file.metadata.empty()) header["__metadata__"] = file.metadata;
  std::size_t offset = 0;
  for (const auto& [name, t] : file.tensors) {
    RBMDYN_CHECK(name != "__metadata__", "reserved tensor name");
    header[name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes.size()}}};
    offset += t.bytes.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // data section starts 8-byte aligned
  write_file_atomically(path, [&](std::ostream& out) {
    uint64_t n = text.size();
    char le[8];
    for (int i = 0; i < 8; ++i) le[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    out.write(le, 8);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const auto& [name, t] : file.tensors)
      out.write(reinterpret_cast<const char*>(t.bytes.data()), static_cast<std::streamsize>(t.bytes.size()));
  });
}

SafetensorsFile load_safetensors(const std::filesystem::path& path) {
  const std::string name = path.string();
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  if (bytes.size() < 8) fail_input(name + ": too short to be a safetensors file (" + std::to_string(bytes.size()) + " bytes)");
  uint64_t header_len = 0;
  for (int i = 0; i < 8; ++i) header_len |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  if (header_len > bytes.size() - 8 || header_len > (100u << 20))
    fail_input(name + ": safetensors header length " + std::to_string(header_len) +
               " exceeds the file (truncated or not a safetensors file)");
  const nlohmann::json header = parse_header(bytes, static_cast<std::size_t>(header_len), name);
  if (!header.is_object()) fail_input(name + ": safetensors header is not a JSON object");

  SafetensorsFile file;
  const std::size_t data_start = 8 + header_len;
  const std::size_t data_size = bytes.size() - data_start;
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() == "__metadata__") {
      if (!it->is_object()) fail_input(name + ": __metadata__ is not an object");
      for (auto m = it->begin(); m != it->end(); ++m) {
        if (!m->is_string()) fail_input(name + ": metadata '" + m.key() + "' is not a string");
        file.metadata[m.key()] = m->get<std::string>();
      }
      continue;
    }
    const auto& e = *it;
    const std::string where = name + ": tensor '" + it.key() + "'";
    if (!e.is_object() || !e.contains("dtype") || !e.contains("shape") || !e.contains("data_offsets") ||
        !e["dtype"].is_string() || !e["shape"].is_array() || !e["data_offsets"].is_array() || e["data_offsets"].size() != 2)
      fail_input(where + ": malformed header entry");
    SafeTensor t;
    t.dtype = e["dtype"].get<std::string>();
    const std::size_t item = dtype_size(t.dtype);
    if (item == 0) fail_input(where + ": unknown dtype " + t.dtype);
    for (const auto& d : e["shape"]) {
      if (!d.is_number_integer() || d.get<int64_t>() < 0) fail_input(where + ": bad shape entry");
      t.shape.push_back(d.get<int64_t>());
    }
    if (!e["data_offsets"][0].is_number_unsigned() || !e["data_offsets"][1].is_number_unsigned())
      fail_input(where + ": bad data_offsets");
    const auto begin = e["data_offsets"][0].get<std::size_t>();
    const auto end = e["data_offsets"][1].get<std::size_t>();
    if (begin > end || end > data_size)
      fail_input(where + ": data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                 ") lie outside the " + std::to_string(data_size) + "-byte data section (file truncated?)");
    const int64_t need = byte_count(t.shape, item);
    if (need < 0) fail_input(where + ": shape " + shape_to_string(t.shape) + " is too large");
    if (end - begin != static_cast<std::size_t>(need))
      fail_input(where + ": " + std::to_string(end - begin) + " bytes do not match shape " + shape_to_string(t.shape) +
                 " of " + t.dtype);
    ranges.emplace_back(begin, end);
    t.bytes.assign(bytes.begin() + static_cast<std::ptrdiff_t>(data_start + begin),
                   bytes.begin() + static_cast<std::ptrdiff_t>(data_start + end));
    file.tensors[it.key()] = std::move(t);
  }
  check_tiling(std::move(ranges), data_size, name);
  return file;
}

}  // namespace rbmdyn
