#pragma once
// Small valid inputs of every kind rbmdyn reads, made by the project's own writers (and by zlib for
// the gzip-compressed IDX files, which rbmdyn only reads). They seed the fuzz corpora and form the
// valid folders the folder targets corrupt one file at a time.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "host/biasing/biasing_set.hpp"
#include "host/classifier/checkpoint.hpp"
#include "host/classifier/model.hpp"
#include "host/rbm/rbm_model.hpp"
#include "host/rbm/rbm_trainer.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace rbmdyn::fuzz {

Bytes idx_images(uint32_t n);                         // n 28×28 images, pixels from a fixed pattern
Bytes idx_labels(const std::vector<uint8_t>& labels);  // labels as given
Bytes gzip(const Bytes& raw);

Rbm tiny_rbm();                                // 6 visible × 4 hidden, non-zero biases
RbmCheckpoint tiny_rbm_checkpoint();           // tiny_rbm after 2 epochs, with history
ClassifierArch tiny_arch();                    // 4×4 input, one block of 2 channels, fc {3}, 11 classes
ClassifierModel tiny_classifier();
ClassifierCheckpoint tiny_classifier_checkpoint();
BiasingSet tiny_biasing(int64_t n_hidden);     // k = 2, H_LB in [0, 1]

// Writes the two shard folders (0/2 and 1/2 of the LB vectors) of a tiny sweep (784×8 RBM, 2 chains,
// 3 steps, stand-in classifier) as dir/shard0 and dir/shard1.
void write_tiny_shards(const std::filesystem::path& dir);

// The files read_sweep_folder reads, relative to a shard folder.
const std::vector<std::string>& sweep_folder_files();
// The files load_biasing_set reads, relative to a biasing folder.
const std::vector<std::string>& biasing_folder_files();

}  // namespace rbmdyn::fuzz
