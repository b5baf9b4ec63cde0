// `rbmdyn train-rbm --resume CKPT` alone continues: the checkpoint stores the MNIST folder and the
// number of training images, so a resumed job given neither --mnist, $RBMDYN_MNIST nor --limit trains
// on the same images and ends bit-identical to an uninterrupted run. It also writes the run record.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "host/core/error.hpp"
#include "host/rbm/rbm_model.hpp"
#include "host/rbm/training_job.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {
namespace fs = std::filesystem;

RbmTrainingJob small_job(const fs::path& out, int epochs) {
  RbmTrainingJob job;
  job.training.config.n_hidden = 16;
  job.training.config.epochs = epochs;
  job.training.config.batch_size = 50;
  job.training.out = out;
  job.training.progress = false;
  job.limit = 300;
  return job;
}

// Unsets $RBMDYN_MNIST for the lifetime of the guard.
struct NoMnistEnv {
  std::string saved;
  bool had = false;
  NoMnistEnv() {
    if (const char* e = std::getenv("RBMDYN_MNIST")) {
      had = true;
      saved = e;
    }
    unsetenv("RBMDYN_MNIST");
  }
  ~NoMnistEnv() {
    if (had) setenv("RBMDYN_MNIST", saved.c_str(), 1);
  }
};

TEST(RbmTrainingJob, ResumeAloneContinuesWithTheCheckpointsMnistAndImages) {
  RBMDYN_REQUIRE_MNIST(mnist);
  const fs::path dir = test::temp_dir();
  RbmTrainingJob straight = small_job(dir / "straight.safetensors", 2);
  straight.mnist = mnist.string();
  run_rbm_training_job(straight);

  RbmTrainingJob first = small_job(dir / "resumed.safetensors", 1);
  first.mnist = mnist.string();
  run_rbm_training_job(first);

  NoMnistEnv no_env;
  RbmTrainingJob resumed = small_job(dir / "resumed.safetensors", 2);
  resumed.limit = 0;  // not given
  resumed.resume = checkpoint_path(dir / "resumed.safetensors");
  resumed.given = {"epochs"};
  const RbmTrainingJobResult r = run_rbm_training_job(resumed);
  EXPECT_EQ(r.images, 300);
  EXPECT_EQ(r.result.state.epochs_done, 2);
  const Rbm a = load_rbm(dir / "straight.safetensors");
  const Rbm b = load_rbm(dir / "resumed.safetensors");
  EXPECT_EQ(a.W, b.W);
  EXPECT_EQ(a.b_h, b.b_h);

  // An explicit --limit that contradicts the checkpoint is refused, naming the option.
  resumed.limit = 200;
  try {
    run_rbm_training_job(resumed);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("`limit` 200"), std::string::npos) << e.what();
  }

  // The run record: command, options, device, MNIST inputs with absolute paths and sha256.
  std::ifstream in(dir / "straight.run.json");
  const nlohmann::json rec = nlohmann::json::parse(in);
  EXPECT_EQ(rec.at("command"), "train-rbm");
  EXPECT_EQ(rec.at("device"), "cpu");
  EXPECT_EQ(rec.at("options").at("images"), 300);
  ASSERT_EQ(rec.at("inputs").size(), 2u);
  const std::string path = rec.at("inputs")[0].at("path");
  EXPECT_TRUE(fs::path(path).is_absolute()) << path;
  EXPECT_EQ(rec.at("inputs")[0].at("sha256").get<std::string>().size(), 64u);
}

}  // namespace
}  // namespace rbmdyn
