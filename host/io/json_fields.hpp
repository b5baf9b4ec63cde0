#pragma once
// Fields of the JSON rbmdyn reads back (training configs, checkpoint metadata, sweep records,
// architecture descriptions). nlohmann's get<int>() converts any JSON number with a plain cast: a
// float out of range (1e300) is undefined behaviour, and a large integer or a fraction is silently
// changed. json_get_to() fills an integer field only from a JSON integer that fits it (also inside
// std::vector fields) and otherwise throws the nlohmann::json exception get() would throw (type_error
// 302, out_of_range 406), so that every caller's existing handler reports it naming the file.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

namespace rbmdyn {
namespace json_detail {

template <class Exception>
[[noreturn]] inline void raise(int id, const std::string& what, const nlohmann::json& value) {
#if NLOHMANN_JSON_VERSION_MAJOR > 3 || (NLOHMANN_JSON_VERSION_MAJOR == 3 && NLOHMANN_JSON_VERSION_MINOR >= 11)
  throw Exception::create(id, what, &value);
#else
  throw Exception::create(id, what, value);
#endif
}

template <class T>
inline constexpr bool is_integer_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

template <class T>
struct is_integer_vector : std::false_type {};
template <class E>
struct is_integer_vector<std::vector<E>> : std::bool_constant<is_integer_v<E>> {};

}  // namespace json_detail

// A number as rbmdyn writes it into JSON: null where it is NaN or infinite (JSON has neither), e.g. a
// paper value that does not exist or a p-value of an empty comparison.
inline nlohmann::json json_number_or_null(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(); }

// What a nlohmann::json exception says, for a user: its text without the "[json.exception.type_error.302] "
// prefix (the library's internal id), e.g. "parse error at line 1, column 2: ...".
inline std::string json_error_text(const nlohmann::json::exception& e) {
  const std::string what = e.what();
  const std::size_t close = what.find("] ");
  return what.rfind("[json.exception.", 0) == 0 && close != std::string::npos ? what.substr(close + 2) : what;
}

// `value` as the integer type T: it must be a JSON integer within T's range.
template <class T>
T json_integer(const nlohmann::json& value) {
  static_assert(json_detail::is_integer_v<T>);
  using Limits = std::numeric_limits<T>;
  if (!value.is_number_integer())
    json_detail::raise<nlohmann::json::type_error>(302, "expected an integer, got " + value.dump(), value);
  const bool fits = value.is_number_unsigned()
                        ? value.get<uint64_t>() <= static_cast<uint64_t>(Limits::max())
                        : value.get<int64_t>() >= static_cast<int64_t>(Limits::min()) &&
                              (value.get<int64_t>() < 0 ||
                               static_cast<uint64_t>(value.get<int64_t>()) <= static_cast<uint64_t>(Limits::max()));
  if (!fits) json_detail::raise<nlohmann::json::out_of_range>(406, "integer " + value.dump() + " is out of range", value);
  return value.is_number_unsigned() ? static_cast<T>(value.get<uint64_t>()) : static_cast<T>(value.get<int64_t>());
}

// j.at(key) into `out`: integers (and vectors of integers) strictly as above, anything else by get_to.
template <class T>
void json_get_to(const nlohmann::json& j, const char* key, T& out) {
  const nlohmann::json& value = j.at(key);
  if constexpr (json_detail::is_integer_v<T>) {
    out = json_integer<T>(value);
  } else if constexpr (json_detail::is_integer_vector<T>::value) {
    if (!value.is_array())
      json_detail::raise<nlohmann::json::type_error>(302, "expected an array of integers, got " + value.dump(), value);
    out.clear();
    for (const nlohmann::json& element : value) out.push_back(json_integer<typename T::value_type>(element));
  } else {
    value.get_to(out);
  }
}

}  // namespace rbmdyn
