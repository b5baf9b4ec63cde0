// Strict integer fields of the JSON rbmdyn reads back, and the text its errors show to a user.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "host/io/json_fields.hpp"

namespace rbmdyn {
namespace {

TEST(JsonFields, IntegersOnlyFromJsonIntegersThatFit) {
  EXPECT_EQ(json_integer<int32_t>(nlohmann::json(7)), 7);
  EXPECT_EQ(json_integer<int32_t>(nlohmann::json(-2147483648LL)), INT32_MIN);
  EXPECT_EQ(json_integer<uint64_t>(nlohmann::json(UINT64_MAX)), UINT64_MAX);
  EXPECT_THROW(json_integer<int32_t>(nlohmann::json(2.5)), nlohmann::json::type_error);
  EXPECT_THROW(json_integer<int32_t>(nlohmann::json(1e300)), nlohmann::json::type_error);  // UB in get<int>()
  EXPECT_THROW(json_integer<int32_t>(nlohmann::json(int64_t{1} << 40)), nlohmann::json::out_of_range);
  EXPECT_THROW(json_integer<uint32_t>(nlohmann::json(-1)), nlohmann::json::out_of_range);
  EXPECT_THROW(json_integer<int32_t>(nlohmann::json("3")), nlohmann::json::type_error);
  EXPECT_THROW(json_integer<int32_t>(nlohmann::json(true)), nlohmann::json::type_error);
}

TEST(JsonFields, VectorsOfIntegersCheckEveryElement) {
  std::vector<int32_t> out;
  json_get_to(nlohmann::json::parse(R"({"v": [1, 2, 3]})"), "v", out);
  EXPECT_EQ(out, (std::vector<int32_t>{1, 2, 3}));
  EXPECT_THROW(json_get_to(nlohmann::json::parse(R"({"v": [1, 2.5]})"), "v", out), nlohmann::json::type_error);
  EXPECT_THROW(json_get_to(nlohmann::json::parse(R"({"v": 4})"), "v", out), nlohmann::json::type_error);
  EXPECT_THROW(json_get_to(nlohmann::json::parse(R"({"w": [1]})"), "v", out), nlohmann::json::out_of_range);
}

// The user reads what went wrong, not the library's internal exception id.
TEST(JsonFields, ErrorTextDropsTheLibraryId) {
  try {
    const nlohmann::json parsed = nlohmann::json::parse("{oops");
    FAIL() << "parsed " << parsed.dump();
  } catch (const nlohmann::json::exception& e) {
    EXPECT_EQ(std::string(e.what()).rfind("[json.exception.parse_error.101] ", 0), 0u) << e.what();
    EXPECT_EQ(json_error_text(e).rfind("parse error at line 1, column 2: ", 0), 0u) << json_error_text(e);
  }
  try {
    const int32_t value = json_integer<int32_t>(nlohmann::json(1.5));
    FAIL() << "accepted 1.5 as " << value;
  } catch (const nlohmann::json::exception& e) {
    EXPECT_EQ(json_error_text(e), "expected an integer, got 1.5");
  }
}

}  // namespace
}  // namespace rbmdyn
