#include "host/io/npy.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include "host/core/error.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/read_file.hpp"

namespace rbmdyn {
namespace {

// numpy itself refuses headers over 10000 bytes unless told otherwise (max_header_size); allow ten
// times that, and never hand a multi-megabyte "header" to the parser.
constexpr std::size_t kMaxHeaderBytes = 100000;

std::string header_shape(const std::vector<int64_t>& shape) {
  std::ostringstream s;
  s << "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s << shape[i] << (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
  s << ")";
  // numpy writes "(3,)" for 1-d, "(2, 3)" for 2-d; both forms parse, keep the compact one.
  return s.str();
}

// The header dictionary as numpy writes it: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// A strict little parser for exactly that Python literal (no regex: it must not recurse on long input,
// and every malformed piece gets a message of its own).
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& name) : text_(text), name_(name) {}

  // descr, fortran_order and shape, each exactly once; nothing else.
  void parse(std::string* descr, bool* fortran_order, std::vector<int64_t>* shape) {
    std::set<std::string> seen;
    expect('{');
    while (!consume('}')) {
      const std::string key = string_literal("a key");
      if (!seen.insert(key).second) fail("key '" + key + "' appears twice");
      expect(':');
      if (key == "descr") *descr = descr_literal();
      else if (key == "fortran_order") *fortran_order = bool_literal();
      else if (key == "shape") *shape = shape_literal();
      else fail("unknown key '" + key + "' (expected descr, fortran_order and shape)");
      if (!consume(',')) {
        expect('}');
        break;
      }
    }
    skip_space();
    if (pos_ != text_.size()) fail("unexpected text after the dictionary");
    for (const char* key : {"descr", "fortran_order", "shape"})
      if (seen.count(key) == 0) fail(std::string("no '") + key + "'");
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { fail_input(name_ + ": .npy header: " + what); }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool consume(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!consume(c))
      fail(std::string("expected '") + c + "' at byte " + std::to_string(pos_) +
           (pos_ < text_.size() ? "" : " (header ends early)"));
  }
  std::string string_literal(const char* what) {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"'))
      fail(std::string("expected ") + what + " (a quoted string) at byte " + std::to_string(pos_));
    const char quote = text_[pos_++];
    const std::size_t end = text_.find(quote, pos_);
    if (end == std::string::npos) fail("unterminated string");
    std::string s = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return s;
  }
  std::string descr_literal() {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '[')
      fail("structured dtypes (record arrays) are not supported; save a plain numeric array");
    return string_literal("the dtype");
  }
  bool bool_literal() {
    skip_space();
    for (const auto& [word, value] : {std::pair<const char*, bool>{"True", true}, {"False", false}})
      if (text_.compare(pos_, std::strlen(word), word) == 0) {
        pos_ += std::strlen(word);
        return value;
      }
    fail("fortran_order is not True or False");
  }
  int64_t dimension() {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '-') fail("negative dimension in 'shape'");
    if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_])))
      fail("'shape' must be a tuple of non-negative integers");
    int64_t value = 0;
    for (; pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])); ++pos_)
      if (__builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, text_[pos_] - '0', &value))
        fail("a dimension in 'shape' is too large");
    return value;
  }
  std::vector<int64_t> shape_literal() {
    std::vector<int64_t> shape;
    expect('(');
    while (!consume(')')) {
      shape.push_back(dimension());
      if (!consume(',')) {
        expect(')');
        break;
      }
    }
    return shape;
  }

  const std::string& text_;
  const std::string& name_;
  std::size_t pos_ = 0;
};

// Canonical form of a numeric dtype ("<f4", "|u1") and its item size; InputError for anything else.
std::string canonical_descr(const std::string& descr, const std::string& name, std::size_t* item) {
  static const std::map<std::string, std::size_t> numeric = {{"i1", 1}, {"u1", 1}, {"i2", 2}, {"u2", 2},
                                                             {"i4", 4}, {"u4", 4}, {"i8", 8}, {"u8", 8},
                                                             {"f4", 4}, {"f8", 8}};
  const char order = descr.empty() ? '?' : descr[0];
  const std::string kind = order == '<' || order == '>' || order == '|' || order == '=' ? descr.substr(1) : descr;
  if (!kind.empty() && kind[0] == 'O')
    fail_input(name + ": dtype " + descr + " holds Python objects (pickled), which are not supported; save a numeric array");
  const auto it = numeric.find(kind);
  if (it == numeric.end())
    fail_input(name + ": dtype '" + descr + "' is not supported (int8..int64, uint8..uint64, float32 or float64)");
  *item = it->second;
  if (*item == 1) return "|" + kind;
  if (order == '>') fail_input(name + ": dtype " + descr + " is big-endian; save it little-endian (e.g. a.astype('<" + kind + "'))");
  if (order != '<' && order != '=') fail_input(name + ": dtype '" + descr + "' has no valid byte order");
  return "<" + kind;
}

// prod(shape) · item, or an InputError when that could exceed an int64. Zero dimensions count as 1 in
// the overflow check (as numpy does), so that any product of some of the dimensions, which readers
// form (chains = vectors × chains per vector), fits an int64 too.
int64_t checked_byte_count(const std::vector<int64_t>& shape, std::size_t item, const std::string& name) {
  int64_t bound = static_cast<int64_t>(item);
  bool empty = false;
  for (int64_t d : shape) {
    empty = empty || d == 0;
    if (__builtin_mul_overflow(bound, std::max<int64_t>(d, 1), &bound))
      fail_input(name + ": shape " + shape_to_string(shape) + " is too large (more than 2^63 bytes)");
  }
  return empty ? 0 : bound;
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
  if ((major != 1 && major != 2 && major != 3) || file[7] != 0)
    fail_input(name + ": unsupported .npy version " + std::to_string(major) + "." + std::to_string(file[7]));
  const std::size_t offset = major == 1 ? 10 : 12;
  if (file.size() < offset) fail_input(name + ": truncated .npy header");
  std::size_t header_len = 0;
  for (std::size_t i = 8; i < offset; ++i) header_len |= static_cast<std::size_t>(file[i]) << (8 * (i - 8));
  if (header_len > kMaxHeaderBytes)
    fail_input(name + ": .npy header of " + std::to_string(header_len) + " bytes is implausibly long (limit " +
               std::to_string(kMaxHeaderBytes) + ")");
  if (offset + header_len > file.size()) fail_input(name + ": truncated .npy header");
  const std::string header(reinterpret_cast<const char*>(file.data() + offset), header_len);

  NpyArray array;
  bool fortran_order = false;
  HeaderParser(header, name).parse(&array.descr, &fortran_order, &array.shape);
  if (fortran_order) fail_input(name + ": Fortran-ordered arrays are not supported (save with C order)");
  std::size_t item = 0;
  array.descr = canonical_descr(array.descr, name, &item);
  const std::size_t data_offset = offset + header_len;
  const auto expected = static_cast<uint64_t>(checked_byte_count(array.shape, item, name));
  const uint64_t have = file.size() - data_offset;
  if (have != expected)
    fail_input(name + ": data size " + std::to_string(have) + " bytes does not match shape " +
               shape_to_string(array.shape) + " of " + array.descr + " (" + std::to_string(expected) + " bytes)" +
               (have < expected ? ": file truncated" : ""));
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
