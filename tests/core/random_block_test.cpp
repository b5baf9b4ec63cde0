// The vectorised row fill draws exactly the numbers of the shared stream (what a kernel gets).
#include <gtest/gtest.h>

#include <vector>

#include "host/core/random_block.hpp"

namespace rbmdyn {
namespace {

TEST(RandomBlock, RowFillEqualsTheAddressedStream) {
  for (const uint64_t seed : {uint64_t{0}, uint64_t{5}, uint64_t{0xDEADBEEFCAFEF00Dull}}) {
    const RandomStream rs{seed, RngPurpose::gibbs_hidden};
    std::vector<float> u(4 * 251);
    fill_uniform_row(rs, 123456u, 77u, 251, u.data());
    for (uint32_t j = 0; j < u.size(); ++j)
      ASSERT_EQ(u[j], uniform_from_bits(rs.bits(123456u, 77u, j))) << "seed " << seed << " element " << j;
  }
}

}  // namespace
}  // namespace rbmdyn
