#pragma once
// A small classifier for GPU parity tests: the paper's layer sequence (3 VGG blocks with BatchNorm,
// 2 hidden fully connected layers with dropout) at a few channels, so CPU twins run in milliseconds.
#include "host/classifier/arch.hpp"

namespace rbmdyn::test {

inline ClassifierArch small_test_arch() {
  ClassifierArch a;
  a.name = "parity";
  a.block_channels = {4, 8, 8};
  a.fc_hidden = {32, 16};
  a.dropout = 0.5f;
  return a;
}

}  // namespace rbmdyn::test
