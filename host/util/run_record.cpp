#include "host/util/run_record.hpp"

#include "host/io/atomic_file.hpp"
#include "host/io/sha256.hpp"
#include "host/io/sibling_path.hpp"
#include "host/util/run_info.hpp"

namespace rbmdyn {

nlohmann::json run_record(const std::string& command, const nlohmann::json& options, const std::vector<RunInput>& inputs,
                          Backend device) {
  nlohmann::json files = nlohmann::json::array();
  for (const RunInput& in : inputs)
    files.push_back({{"role", in.role},
                     {"path", std::filesystem::absolute(in.path).lexically_normal().string()},
                     {"sha256", in.sha256.empty() ? sha256_file_hex(in.path) : in.sha256}});
  return {{"command", command},
          {"options", options},
          {"device", backend_name(device)},
          {"inputs", files},
          {"engine", run_environment()}};
}

std::filesystem::path run_record_path(const std::filesystem::path& model) { return sibling_path(model, ".run.json"); }

void write_run_record(const std::filesystem::path& path, const nlohmann::json& record) {
  write_text_atomically(path, record.dump(2) + "\n");
}

}  // namespace rbmdyn
