// The JSON texts rbmdyn reads back: the metadata of both trainers' checkpoints (training_config,
// history, state, arch) and of classifier files (arch), a sweep folder's config.json and a biasing
// folder's summary.json. The first input byte chooses the text, the rest replaces it inside an
// otherwise valid file or folder, which is then loaded as the CLI loads it.
#include <nlohmann/json.hpp>

#include "host/sweep/sweep_files.hpp"
#include "tests/fuzz/fixtures.hpp"

namespace rbmdyn::fuzz {
namespace {
namespace fs = std::filesystem;

struct Embedded {
  const char* file;  // which safetensors file of base_files()
  const char* key;   // its metadata key holding JSON
};
const std::vector<Embedded> kEmbedded = {{"rbm.ckpt", "training_config"},  {"rbm.ckpt", "history"},
                                         {"cls.ckpt", "training_config"},  {"cls.ckpt", "state"},
                                         {"cls.ckpt", "history"},          {"cls.ckpt", "arch"},
                                         {"classifier", "arch"}};
constexpr std::size_t kSweepConfig = 7, kBiasingSummary = 8, kChoices = 9;

const fs::path& dir() {
  static const fs::path d = [] {
    const fs::path base = scratch_dir("json_metadata");
    save_checkpoint(base / "rbm.ckpt", tiny_rbm_checkpoint(), Backend::cpu);
    save_classifier_checkpoint(base / "cls.ckpt", tiny_classifier_checkpoint(), "cpu");
    save_classifier(base / "classifier", tiny_classifier());
    write_tiny_shards(base);
    return base;
  }();
  return d;
}

const SafetensorsFile& base_file(const std::string& name) {
  static std::map<std::string, SafetensorsFile> files;
  if (files.count(name) == 0) files[name] = load_safetensors(dir() / name);
  return files[name];
}

void load(const std::string& file, const fs::path& path) {
  if (file == "rbm.ckpt") (void)load_checkpoint(path);
  if (file == "cls.ckpt") (void)load_classifier_checkpoint(path);
  if (file == "classifier") (void)load_classifier(path);
}

Outcome run(const uint8_t* data, std::size_t size) {
  const Selected s = select(data, size, kChoices);
  const std::string text(reinterpret_cast<const char*>(s.data), s.size);
  if (s.choice == kSweepConfig || s.choice == kBiasingSummary) {
    const fs::path shard = dir() / "shard0";
    const fs::path file = s.choice == kSweepConfig ? shard / "config.json" : shard / "biasing" / "summary.json";
    const Bytes original = read_file(file);
    write_file(file, s.data, s.size);
    const Outcome outcome = guarded(
        [&] { s.choice == kSweepConfig ? (void)read_sweep_folder(shard) : (void)load_biasing_set(shard / "biasing"); },
        dir().string());
    write_file(file, original);
    return outcome;
  }
  // Metadata values are JSON strings, hence valid UTF-8: other bytes cannot occur in a real file (the
  // reader refuses them) and the writer cannot write them.
  try {
    (void)nlohmann::json(text).dump();
  } catch (const nlohmann::json::exception&) {
    return Outcome::rejected;
  }
  const Embedded& e = kEmbedded[s.choice];
  SafetensorsFile file = base_file(e.file);
  file.metadata[e.key] = text;
  const fs::path path = dir() / "edited.safetensors";
  save_safetensors(path, file);
  return guarded([&] { load(e.file, path); }, path.string());
}

std::vector<Bytes> seeds() {
  std::vector<Bytes> out;
  for (std::size_t i = 0; i < kEmbedded.size(); ++i) {
    const std::string& text = base_file(kEmbedded[i].file).metadata.at(kEmbedded[i].key);
    out.push_back(with_selector(i, Bytes(text.begin(), text.end())));
  }
  out.push_back(with_selector(kSweepConfig, read_file(dir() / "shard0" / "config.json")));
  out.push_back(with_selector(kBiasingSummary, read_file(dir() / "shard0" / "biasing" / "summary.json")));
  return out;
}

}  // namespace
RBMDYN_FUZZ_TARGET(json_metadata, run, seeds);
}  // namespace rbmdyn::fuzz
