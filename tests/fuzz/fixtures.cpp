#include "tests/fuzz/fixtures.hpp"

#include <zlib.h>

#include <cstdlib>

#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_analysis.hpp"
#include "host/sweep/sweep_files.hpp"
#include "tests/sweep/sweep_fixture.hpp"

namespace rbmdyn::fuzz {
namespace fs = std::filesystem;

namespace {

void put_be32(Bytes& b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
}

}  // namespace

Bytes idx_images(uint32_t n) {
  Bytes b;
  for (uint32_t v : {0x803u, n, 28u, 28u}) put_be32(b, v);
  for (uint32_t i = 0; i < n * 784; ++i) b.push_back(static_cast<uint8_t>((i * 37) % 256));
  return b;
}

Bytes idx_labels(const std::vector<uint8_t>& labels) {
  Bytes b;
  put_be32(b, 0x801);
  put_be32(b, static_cast<uint32_t>(labels.size()));
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

Bytes gzip(const Bytes& raw) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  Bytes out(compressBound(static_cast<uLong>(raw.size())) + 64);
  zs.next_in = const_cast<Bytef*>(raw.data());
  zs.avail_in = static_cast<uInt>(raw.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

Rbm tiny_rbm() {
  Rbm rbm = Rbm::initialized(6, 4, 3, 0.5f);
  for (std::size_t i = 0; i < rbm.b_v.size(); ++i) rbm.b_v[i] = -0.25f * static_cast<float>(i);
  for (std::size_t j = 0; j < rbm.b_h.size(); ++j) rbm.b_h[j] = 0.125f * static_cast<float>(j);
  return rbm;
}

RbmCheckpoint tiny_rbm_checkpoint() {
  Cd1Config config;
  config.n_hidden = 4;
  config.epochs = 5;
  config.batch_size = 2;
  RbmCheckpoint ck = fresh_checkpoint(config, 6, 10);
  ck.state.rbm = tiny_rbm();
  ck.state.dW.assign(ck.state.dW.size(), 0.01f);
  ck.state.epochs_done = 2;
  ck.history = {{0, 0.5f, 12.5, 0.25, 0.1}, {1, 0.5f, 11.0, 0.2, 0.1}};
  return ck;
}

ClassifierArch tiny_arch() {
  ClassifierArch a;
  a.name = "tiny";
  a.input_side = 4;
  a.block_channels = {2};
  a.convs_per_block = 1;
  a.fc_hidden = {3};
  return a;
}

ClassifierModel tiny_classifier() { return ClassifierModel::initialized(tiny_arch(), 7); }

ClassifierCheckpoint tiny_classifier_checkpoint() {
  ClassifierCheckpoint ck;
  ck.arch = tiny_arch();
  ck.config = ClassifierTrainConfig::small();
  ck.current = tiny_classifier();
  ck.best = ClassifierModel::initialized(tiny_arch(), 8);
  ck.history = {ClassifierEpochRecord{0, 1.5, 0.5, 0.6, -1, -1, 2.0, true}};
  ck.epochs_done = 1;
  ck.batches_done = 3;
  ck.partial_rows = 12;
  ck.best_epoch = 0;
  ck.best_val_accuracy = 0.6;
  ck.train_images = 100;
  return ck;
}

BiasingSet tiny_biasing(int64_t n_hidden) {
  std::vector<float> lb(static_cast<std::size_t>(10 * n_hidden));
  for (std::size_t i = 0; i < lb.size(); ++i) lb[i] = static_cast<float>((i * 7) % 11) / 10.0f;
  return make_biasing_vectors(lb, n_hidden, 2);
}

void write_tiny_shards(const fs::path& dir) {
  const Rbm rbm = Rbm::initialized(784, 8, 5, 0.3f);
  const BiasingSet biasing = tiny_biasing(8);
  test::StandInClassifier classifier;
  for (int shard = 0; shard < 2; ++shard) {
    SweepOptions o;
    o.set = VectorSet::lb;
    o.chains = 2;
    o.steps = 3;
    o.example_chains = 0;  // examples.npy [5, 0, 1, 784]: keeps fuzz inputs small
    o.example_steps = {2};
    o.seed = 11;
    o.shard = Shard{shard, 2};
    o.validate();
    const SweepRun run = run_sweep(rbm, biasing, classifier, o);
    const SweepRecord record{{{"rbm", "rbm.safetensors"}, {"rbm_sha256", "00"}, {"classifier_sha256", "11"}},
                             classifier.description(),
                             {{"gibbs_and_classification", 0.0}}};
    write_sweep_folder(dir / ("shard" + std::to_string(shard)), run.data, run.analysis, biasing, record);
  }
}

const std::vector<std::string>& sweep_folder_files() {
  static const std::vector<std::string> files = {
      "config.json",        "pred.npy",       "entropy.npy",           "activity.npy",
      "examples.npy",       "start_activity.npy", "biasing/lb.npy",    "biasing/intersection.npy",
      "biasing/double.npy", "biasing/pairs.npy",  "biasing/overlap.npy", "biasing/summary.json"};
  return files;
}

const std::vector<std::string>& biasing_folder_files() {
  static const std::vector<std::string> files = {"lb.npy",    "intersection.npy", "double.npy",
                                                 "pairs.npy", "overlap.npy",      "summary.json"};
  return files;
}

}  // namespace rbmdyn::fuzz
