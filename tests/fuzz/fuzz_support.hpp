#pragma once
// Shared by the libFuzzer targets (tests/fuzz/targets/*.cpp), the seed writer and the regression test.
//
// A target feeds bytes through one of rbmdyn's real input paths (the same functions the CLI calls,
// reading real files in a scratch folder). The oracle: the input is accepted, or rejected with an
// rbmdyn::InputError whose message names the input. Anything else is a bug the fuzzer reports: another
// exception type (std::length_error, std::invalid_argument, nlohmann::json errors, rbmdyn::Error from
// an internal check), an error that names no file, a sanitizer report, a crash, a hang or an
// allocation beyond libFuzzer's -malloc_limit_mb.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "host/core/error.hpp"

namespace rbmdyn::fuzz {

using Bytes = std::vector<uint8_t>;

enum class Outcome { accepted, rejected };

struct Target {
  const char* name;
  Outcome (*run)(const uint8_t* data, std::size_t size);
  std::vector<Bytes> (*seeds)();  // valid inputs made by the project's writers
};

// The targets linked into this program, in registration order.
std::vector<Target>& registry();
struct Registrar {
  explicit Registrar(const Target& target) { registry().push_back(target); }
};
#define RBMDYN_FUZZ_TARGET(name, run, seeds) \
  static const ::rbmdyn::fuzz::Registrar rbmdyn_fuzz_registrar_##name { ::rbmdyn::fuzz::Target{#name, run, seeds} }

// A fresh folder for this process (on /dev/shm when it exists: targets write a file per input),
// removed at exit. `name` is a subfolder, created on first use.
std::filesystem::path scratch_dir(const std::string& name);

void write_file(const std::filesystem::path& path, const uint8_t* data, std::size_t size);
void write_file(const std::filesystem::path& path, const Bytes& bytes);
Bytes read_file(const std::filesystem::path& path);

// Runs `load`: accepted when it returns, rejected when it throws rbmdyn::InputError whose message
// contains `must_name` (the scratch folder, so that every message names the input). An InputError
// that names nothing aborts with the message; every other exception propagates to the fuzzer.
template <class F>
Outcome guarded(F&& load, const std::string& must_name);
[[noreturn]] void unnamed_error(const std::string& what, const std::string& must_name);

// The common one-file target: writes the input to <scratch>/<target>/<file_name> and runs `load(path)`.
template <class Load>
Outcome load_as_file(const std::string& target, const std::string& file_name, const uint8_t* data,
                     std::size_t size, Load&& load);
// A seed written by a project writer: `save(path)` writes it, the bytes are returned.
template <class Save>
Bytes written_by(Save&& save);

// "Selector" inputs: the first byte chooses one of `choices` (e.g. which file of a folder the rest
// replaces); the rest is the content.
struct Selected {
  std::size_t choice;
  const uint8_t* data;
  std::size_t size;
};
Selected select(const uint8_t* data, std::size_t size, std::size_t choices);
Bytes with_selector(std::size_t choice, const Bytes& content);

// A folder that a target keeps valid: each input replaces one of its files, which is restored after.
class FolderUnderTest {
 public:
  FolderUnderTest(std::filesystem::path dir, std::vector<std::string> files);
  const std::filesystem::path& dir() const { return dir_; }
  const std::vector<std::string>& files() const { return files_; }
  // Seeds: every file's original content behind its selector byte.
  std::vector<Bytes> seeds() const;
  // Writes the selected content into the selected file, runs `load`, restores the file.
  template <class F>
  Outcome run(const uint8_t* data, std::size_t size, F&& load, const std::string& must_name);

 private:
  std::filesystem::path dir_;
  std::vector<std::string> files_;
  std::vector<Bytes> originals_;
};

// ---- template definitions ----

template <class F>
Outcome guarded(F&& load, const std::string& must_name) {
  try {
    load();
    return Outcome::accepted;
  } catch (const InputError& e) {
    if (std::string(e.what()).find(must_name) == std::string::npos) unnamed_error(e.what(), must_name);
    return Outcome::rejected;
  }
}

template <class Load>
Outcome load_as_file(const std::string& target, const std::string& file_name, const uint8_t* data,
                     std::size_t size, Load&& load) {
  const std::filesystem::path path = scratch_dir(target) / file_name;
  write_file(path, data, size);
  return guarded([&] { load(path); }, path.string());
}

template <class Save>
Bytes written_by(Save&& save) {
  const std::filesystem::path path = scratch_dir("seeds") / "seed";
  save(path);
  return read_file(path);
}

template <class F>
Outcome FolderUnderTest::run(const uint8_t* data, std::size_t size, F&& load, const std::string& must_name) {
  const Selected s = select(data, size, files_.size());
  write_file(dir_ / files_[s.choice], s.data, s.size);
  struct Restore {
    const FolderUnderTest& folder;
    std::size_t choice;
    ~Restore() { write_file(folder.dir_ / folder.files_[choice], folder.originals_[choice]); }
  } restore{*this, s.choice};
  return guarded(load, must_name);
}

}  // namespace rbmdyn::fuzz
