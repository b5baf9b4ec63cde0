#include "host/io/npy.hpp"

#include <cstring>
#include <regex>
#include <sstream>

#include "host/core/error.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/read_file.hpp"

namespace rbmdyn {
namespace {

std::size_t descr_item_size(const std::string& descr) {
  if (descr.size() < 3) return 0;
  return static_cast<std::size_t>(std::stoul(descr.substr(2)));
}

std::string header_shape(const std::vector<int64_t>& shape) {
  std::ostringstream s;
  s << "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s << shape[i] << (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
  s << ")";
  std::string text = s.str();
  // numpy writes "(3,)" for 1-d, "(2, 3)" for 2-d; both forms parse, keep the compact one.
  return text;
}

}  // namespace

int64_t NpyArray::element_count() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::string shape_to_string(const std::vector<int64_t>& shape) {
  std::ostringstream s;
  s << "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
  s << "]";
  return s.str();
}

void save_npy_raw(const std::filesystem::path& path, const std::string& descr, std::size_t item_size,
                  const void* data, const std::vector<int64_t>& shape) {
  int64_t count = 1;
  for (int64_t d : shape) {
    RBMDYN_CHECK(d >= 0, "negative dimension writing " + path.string());
    count *= d;
  }
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + header_shape(shape) + ", }";
  // Pad with spaces so that magic(6) + version(2) + length(2) + header + '\n' is a multiple of 64.
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  write_file_atomically(path, [&](std::ostream& out) {
    const char magic[8] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
    out.write(magic, 8);
    const uint16_t length = static_cast<uint16_t>(header.size());
    const char length_le[2] = {static_cast<char>(length & 0xff), static_cast<char>(length >> 8)};
    out.write(length_le, 2);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(count * static_cast<int64_t>(item_size)));
  });
}

NpyArray load_npy_raw(const std::filesystem::path& path) {
  const std::vector<uint8_t> file = read_file_bytes(path);
  const std::string name = path.string();
  if (file.size() < 10 || std::memcmp(file.data(), "\x93NUMPY", 6) != 0)
    fail_input(name + ": not a .npy file (bad magic)");
  const int major = file[6];
  std::size_t header_len = 0;
  std::size_t offset = 0;
  if (major == 1) {
    header_len = file[8] | (static_cast<std::size_t>(file[9]) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (file.size() < 12) fail_input(name + ": truncated .npy header");
    header_len = file[8] | (static_cast<std::size_t>(file[9]) << 8) | (static_cast<std::size_t>(file[10]) << 16) |
                 (static_cast<std::size_t>(file[11]) << 24);
    offset = 12;
  } else {
    fail_input(name + ": unsupported .npy version " + std::to_string(major));
  }
  if (offset + header_len > file.size()) fail_input(name + ": truncated .npy header");
  const std::string header(reinterpret_cast<const char*>(file.data() + offset), header_len);

  NpyArray array;
  std::smatch m;
  if (!std::regex_search(header, m, std::regex(R"('descr'\s*:\s*'([^']+)')")))
    fail_input(name + ": .npy header has no 'descr'");
  array.descr = m[1];
  if (!std::regex_search(header, m, std::regex(R"('fortran_order'\s*:\s*(True|False))")))
    fail_input(name + ": .npy header has no 'fortran_order'");
  if (m[1] == "True") fail_input(name + ": Fortran-ordered arrays are not supported (save with C order)");
  if (!std::regex_search(header, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))")))
    fail_input(name + ": .npy header has no 'shape'");
  const std::string dims = m[1];
  static const std::regex number(R"(\d+)");
  for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it)
    array.shape.push_back(std::stoll(it->str()));

  if (array.descr.size() < 3 || (array.descr[0] == '>' && array.descr != ">u1" && array.descr != ">i1"))
    fail_input(name + ": dtype " + array.descr + " is not little-endian");
  const std::size_t item = descr_item_size(array.descr);
  if (item == 0) fail_input(name + ": unsupported dtype " + array.descr);
  const std::size_t data_offset = offset + header_len;
  const auto expected = static_cast<std::size_t>(array.element_count()) * item;
  if (file.size() - data_offset != expected)
    fail_input(name + ": data size " + std::to_string(file.size() - data_offset) + " bytes does not match shape " +
               shape_to_string(array.shape) + " of " + array.descr + " (" + std::to_string(expected) + " bytes)" +
               (file.size() - data_offset < expected ? ": file truncated" : ""));
  array.bytes.assign(file.begin() + static_cast<std::ptrdiff_t>(data_offset), file.end());
  return array;
}

template <class T>
std::vector<T> load_npy(const std::filesystem::path& path, std::vector<int64_t>* shape_out) {
  NpyArray array = load_npy_raw(path);
  std::string want = NpyDtype<T>::descr;
  auto same = [](const std::string& a, const std::string& b) { return a.substr(1) == b.substr(1); };
  if (!same(array.descr, want) || (sizeof(T) > 1 && array.descr[0] == '>'))
    fail_input(path.string() + ": dtype is " + array.descr + ", expected " + want);
  std::vector<T> values(static_cast<std::size_t>(array.element_count()));
  if (!values.empty()) std::memcpy(values.data(), array.bytes.data(), array.bytes.size());
  if (shape_out) *shape_out = array.shape;
  return values;
}

template std::vector<float> load_npy<float>(const std::filesystem::path&, std::vector<int64_t>*);
template std::vector<double> load_npy<double>(const std::filesystem::path&, std::vector<int64_t>*);
template std::vector<uint8_t> load_npy<uint8_t>(const std::filesystem::path&, std::vector<int64_t>*);
template std::vector<int32_t> load_npy<int32_t>(const std::filesystem::path&, std::vector<int64_t>*);
template std::vector<int64_t> load_npy<int64_t>(const std::filesystem::path&, std::vector<int64_t>*);
template std::vector<uint16_t> load_npy<uint16_t>(const std::filesystem::path&, std::vector<int64_t>*);

std::vector<float> load_npy_as_float(const std::filesystem::path& path, std::vector<int64_t>* shape_out) {
  NpyArray array = load_npy_raw(path);
  const std::size_t n = static_cast<std::size_t>(array.element_count());
  std::vector<float> values(n);
  const std::string kind = array.descr.substr(1);
  auto convert = [&](auto tag) {
    using T = decltype(tag);
    for (std::size_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, array.bytes.data() + i * sizeof(T), sizeof(T));
      values[i] = static_cast<float>(v);
    }
  };
  if (kind == "f4") convert(float{});
  else if (kind == "f8") convert(double{});
  else if (kind == "u1") convert(uint8_t{});
  else if (kind == "i4") convert(int32_t{});
  else if (kind == "i8") convert(int64_t{});
  else fail_input(path.string() + ": dtype " + array.descr + " cannot be read as numbers here (use float32)");
  if (shape_out) *shape_out = array.shape;
  return values;
}

}  // namespace rbmdyn
