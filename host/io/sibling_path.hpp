#pragma once
// The files written beside a model: "run/model.safetensors" with ".train.csv" → "run/model.train.csv".
#include <filesystem>
#include <string_view>

namespace rbmdyn {

inline std::filesystem::path sibling_path(const std::filesystem::path& model, std::string_view suffix) {
  std::filesystem::path p = model;
  p.replace_extension();
  p += suffix;
  return p;
}

}  // namespace rbmdyn
