// Whole-folder outputs (host/io/output_folder.hpp): a rerun replaces the folder as a whole, leaves no
// stale file, never deletes a file it does not own, and is refused early for a bad --out.
#include <gtest/gtest.h>

#include <fstream>

#include "host/core/error.hpp"
#include "host/io/output_folder.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {
namespace fs = std::filesystem;

void touch(const fs::path& p, const std::string& text = "x") { std::ofstream(p) << text; }

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

TEST(OutputFolder, CommitReplacesTheOldFolderWithoutStaleFiles) {
  const fs::path out = test::temp_dir() / "out";
  fs::create_directories(out);
  touch(out / "old.npy");
  touch(out / "kept.npy", "old");
  {
    OutputFolder folder(out, "out", owned_names({"old.npy", "kept.npy"}));
    EXPECT_TRUE(fs::exists(out / "old.npy"));  // untouched until the commit
    touch(folder.staging() / "kept.npy", "new");
    folder.commit();
  }
  EXPECT_FALSE(fs::exists(out / "old.npy"));
  std::ifstream f(out / "kept.npy");
  std::string text;
  f >> text;
  EXPECT_EQ(text, "new");
  for (const auto& e : fs::directory_iterator(out.parent_path()))  // no staging folder left
    EXPECT_EQ(e.path().filename(), "out");
}

TEST(OutputFolder, WithoutCommitTheOldFolderStaysAsItWas) {
  const fs::path out = test::temp_dir() / "out";
  fs::create_directories(out);
  touch(out / "a.npy");
  {
    OutputFolder folder(out, "out", owned_names({"a.npy"}));
    touch(folder.staging() / "b.npy");
  }  // e.g. an exception during the run
  EXPECT_TRUE(fs::exists(out / "a.npy"));
  EXPECT_FALSE(fs::exists(out / "b.npy"));
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(out.parent_path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(OutputFolder, RefusesFoldersWithForeignFilesAndFilesAsFolders) {
  const fs::path dir = test::temp_dir();
  fs::create_directories(dir / "mine");
  touch(dir / "mine" / "thesis.tex");
  const std::string foreign = message_of([&] { OutputFolder f(dir / "mine", "out", owned_names({"a.npy"})); });
  EXPECT_NE(foreign.find("`out`"), std::string::npos) << foreign;
  EXPECT_NE(foreign.find("thesis.tex"), std::string::npos) << foreign;
  EXPECT_TRUE(fs::exists(dir / "mine" / "thesis.tex"));

  touch(dir / "file");
  const std::string file = message_of([&] { OutputFolder f(dir / "file", "out", owned_names({})); });
  EXPECT_NE(file.find("is a file"), std::string::npos) << file;
  const std::string below = message_of([&] { OutputFolder f(dir / "file" / "sub", "out", owned_names({})); });
  EXPECT_NE(below.find("`out`"), std::string::npos) << below;
  EXPECT_NE(message_of([&] { check_output_folder(dir / "file", "out"); }).find("is a file"), std::string::npos);
  EXPECT_NE(message_of([&] { check_output_file(dir / "mine", "out"); }).find("is a folder"), std::string::npos);
  EXPECT_NE(message_of([&] { check_output_file(dir / "file" / "m.safetensors", "out"); }).find("`out`"),
            std::string::npos);
}

TEST(OutputFolder, RemovesStagingFoldersOfDeadProcesses) {
  const fs::path dir = test::temp_dir();
  fs::create_directories(dir / ".out.partial-2147483646");  // no such process (above any pid_max)
  touch(dir / ".out.partial-2147483646" / "half.npy");
  fs::create_directories(dir / ".out.partial-1");  // pid 1 lives: not ours to remove
  OutputFolder folder(dir / "out", "out", owned_names({}));
  EXPECT_FALSE(fs::exists(dir / ".out.partial-2147483646"));
  EXPECT_TRUE(fs::exists(dir / ".out.partial-1"));
}

TEST(OutputFolder, PathIsInside) {
  const fs::path dir = test::temp_dir();
  fs::create_directories(dir / "a" / "b");
  EXPECT_TRUE(path_is_inside(dir / "a", dir / "a"));
  EXPECT_TRUE(path_is_inside(dir / "a/", dir / "a"));
  EXPECT_TRUE(path_is_inside(dir / "a" / "b" / "new", dir / "a"));
  EXPECT_TRUE(path_is_inside(dir / "a" / ".." / "a" / "b", dir / "a"));
  EXPECT_FALSE(path_is_inside(dir / "a", dir / "a" / "b"));
  EXPECT_FALSE(path_is_inside(dir / "ab", dir / "a"));
  fs::create_directory_symlink(dir / "a", dir / "link");
  EXPECT_TRUE(path_is_inside(dir / "link" / "b", dir / "a"));
}

}  // namespace
}  // namespace rbmdyn
