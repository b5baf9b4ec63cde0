// `rbmdyn inspect` (host/util/inspect.hpp): each kind of file and folder is recognised and described
// with its shapes, recorded options and hashes; bad paths give an InputError naming them.
#include <gtest/gtest.h>

#include <fstream>

#include "host/core/error.hpp"
#include "host/io/npy.hpp"
#include "host/io/safetensors.hpp"
#include "host/io/sha256.hpp"
#include "host/rbm/rbm_model.hpp"
#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_analysis.hpp"
#include "host/sweep/sweep_files.hpp"
#include "host/util/inspect.hpp"
#include "tests/support/test_support.hpp"
#include "tests/sweep/sweep_fixture.hpp"

namespace rbmdyn {
namespace {
namespace fs = std::filesystem;

std::string input_error(const fs::path& path) {
  try {
    inspect_path(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no InputError";
}

TEST(Inspect, RbmModelAndCheckpoint) {
  const fs::path dir = test::temp_dir();
  save_rbm(dir / "rbm.safetensors", test::small_rbm(), {{"config", R"({"epochs": 7, "seed": 3})"}});
  const nlohmann::json j = inspect_path(dir / "rbm.safetensors");
  EXPECT_EQ(j["kind"], "RBM");
  EXPECT_EQ(j["tensors"]["W"]["shape"], nlohmann::json::array({784, 48}));
  EXPECT_EQ(j["tensors"]["W"]["dtype"], "F32");
  EXPECT_EQ(j["tensors"]["b_h"]["shape"], nlohmann::json::array({48}));
  EXPECT_EQ(j["metadata"]["config"]["epochs"], 7);  // recorded options shown as JSON, not as a string
  EXPECT_EQ(j["sha256"], sha256_file_hex(dir / "rbm.safetensors"));
  EXPECT_EQ(j["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(j["path"], (dir / "rbm.safetensors").string());

  SafetensorsFile ck;
  ck.put_f32("W", std::vector<float>(6, 0.5f), {2, 3});
  ck.metadata["format"] = "rbmdyn.rbm_checkpoint";
  ck.metadata["epochs_done"] = "4";
  save_safetensors(dir / "m.ckpt.safetensors", ck);
  const nlohmann::json c = inspect_path(dir / "m.ckpt.safetensors");
  EXPECT_EQ(c["kind"], "RBM checkpoint (train-rbm --resume)");
  EXPECT_EQ(c["metadata"]["epochs_done"], "4");
  EXPECT_NE(c["sha256"], j["sha256"]);

  ck.metadata["format"] = "rbmdyn.classifier";
  ck.metadata["arch"] = R"({"blocks": [64, 128]})";
  save_safetensors(dir / "c.safetensors", ck);
  const nlohmann::json cl = inspect_path(dir / "c.safetensors");
  EXPECT_EQ(cl["kind"], "classifier");
  EXPECT_EQ(cl["metadata"]["arch"]["blocks"][1], 128);
}

TEST(Inspect, NpyArray) {
  const fs::path dir = test::temp_dir();
  save_npy(dir / "a.npy", std::vector<int32_t>{1, 2, 3, 4, 5, 6}, {2, 3});
  const nlohmann::json j = inspect_path(dir / "a.npy");
  EXPECT_EQ(j["kind"], "NPY array");
  EXPECT_EQ(j["dtype"], "<i4");
  EXPECT_EQ(j["shape"], nlohmann::json::array({2, 3}));
  EXPECT_EQ(j["elements"], 6);
  EXPECT_EQ(j["bytes"], fs::file_size(dir / "a.npy"));
}

TEST(Inspect, BiasingAndSweepFolders) {
  const fs::path dir = test::temp_dir();
  const BiasingSet biasing = test::small_biasing();
  save_biasing_set(dir / "biasing", biasing, {{"config", {{"seed", 5}}}});
  const nlohmann::json b = inspect_path(dir / "biasing");
  EXPECT_EQ(b["kind"], "biasing folder");
  EXPECT_EQ(b["arrays"]["lb.npy"]["shape"], nlohmann::json::array({10, 48}));
  EXPECT_EQ(b["arrays"]["pairs.npy"]["shape"], nlohmann::json::array({45, 2}));
  EXPECT_EQ(b["arrays"]["lb.npy"]["sha256"], sha256_file_hex(dir / "biasing" / "lb.npy"));
  EXPECT_EQ(b["summary.json"]["k"], 8);
  EXPECT_EQ(b["summary.json"]["config"]["seed"], 5);

  SweepOptions o = test::small_options();
  o.set = VectorSet::lb;
  test::StandInClassifier classifier;
  const SweepRun run = run_sweep(test::small_rbm(), biasing, classifier, o);
  const SweepRecord record{{{"rbm", "/x/rbm.safetensors"}, {"rbm_sha256", "abc"}}, "stand-in", {}};
  write_sweep_folder(dir / "sweep", run.data, run.analysis, biasing, record);
  const nlohmann::json s = inspect_path(dir / "sweep");
  EXPECT_EQ(s["kind"], "sweep folder");
  EXPECT_EQ(s["config.json"]["inputs"]["rbm_sha256"], "abc");
  EXPECT_EQ(s["config.json"]["chains"], 4);
  EXPECT_EQ(s["config.json"]["options"]["seed"], 99);
  EXPECT_EQ(s["arrays"]["pred.npy"]["dtype"], "|u1");
  EXPECT_EQ(s["arrays"]["pred.npy"]["shape"], nlohmann::json::array({10, 4, 12}));
}

TEST(Inspect, BadPathsNameThemselves) {
  const fs::path dir = test::temp_dir();
  EXPECT_NE(input_error(dir / "missing.npy").find("missing.npy: no such file or folder"), std::string::npos);
  std::ofstream(dir / "notes.txt") << "hello";
  EXPECT_NE(input_error(dir / "notes.txt").find("notes.txt: not a file rbmdyn knows"), std::string::npos);
  fs::create_directories(dir / "empty");
  EXPECT_NE(input_error(dir / "empty").find("empty: not a folder rbmdyn wrote"), std::string::npos);
  save_rbm(dir / "rbm.safetensors", test::small_rbm());
  fs::resize_file(dir / "rbm.safetensors", 100);  // truncated
  EXPECT_NE(input_error(dir / "rbm.safetensors").find("rbm.safetensors"), std::string::npos);
  std::ofstream(dir / "bad.npy", std::ios::binary) << "\x93NUMPY\x01\x00garbage";
  EXPECT_NE(input_error(dir / "bad.npy").find("bad.npy"), std::string::npos);
}

}  // namespace
}  // namespace rbmdyn
