#pragma once
// A trained (or initialised) classifier: architecture, parameters, BN running statistics, and the
// safetensors file that holds them.
//
// File format ("rbmdyn.classifier", format_version 1):
//   tensors   every parameter and buffer slot of make_plan(arch) under its name (host/classifier/plan.hpp),
//             float32, PyTorch layouts (conv OIHW, linear [out, in]), e.g. for the paper architecture
//             block1.conv1.weight [64,1,3,3] … block4.bn2.running_var [512], fc1.weight [4096,2048],
//             fc3.weight [11,4096], fc3.bias [11].
//   metadata  format, format_version, arch (JSON of ClassifierArch), engine_version, engine_commit, and
//             whatever the trainer adds (training_config JSON, epoch, best_epoch, best_val_accuracy, …).
// Loading validates the format tag, the architecture JSON, that every expected tensor is present with
// the right shape, dtype and finite values, that no unexpected tensor is present, and that running
// variances are ≥ 0; every error is an InputError naming the file.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "host/classifier/arch.hpp"
#include "host/classifier/plan.hpp"
#include "host/io/safetensors.hpp"

namespace rbmdyn {

struct ClassifierModel {
  ClassifierArch arch;
  std::vector<float> params;   // flat, layout of make_plan(arch).params
  std::vector<float> buffers;  // flat, layout of make_plan(arch).buffers

  // PyTorch-default initialisation from `seed` (init_params / init_buffers).
  static ClassifierModel initialized(const ClassifierArch& arch, uint64_t seed);
  // Throws Error when the arrays do not match the architecture's layout.
  void check_sizes() const;
};

inline constexpr const char* kClassifierFormat = "rbmdyn.classifier";

// Writes atomically. `metadata` adds to the base metadata (format, arch, engine version).
void save_classifier(const std::filesystem::path& path, const ClassifierModel& model,
                     const std::map<std::string, std::string>& metadata = {});

ClassifierModel load_classifier(const std::filesystem::path& path, std::map<std::string, std::string>* metadata = nullptr);

namespace detail {
// Shared by the model file and the training checkpoint, which keeps a second model under "best.":
// tensors are named prefix + slot name. get_model_tensors also rejects tensors under `prefix` that the
// architecture does not have.
void put_model_tensors(SafetensorsFile& file, const ClassifierModel& model, const std::string& prefix);
ClassifierModel get_model_tensors(const SafetensorsFile& file, const ClassifierArch& arch,
                                  const std::string& prefix, const std::string& source);
ClassifierArch arch_from_metadata(const std::map<std::string, std::string>& metadata, const std::string& source);
}  // namespace detail

}  // namespace rbmdyn
