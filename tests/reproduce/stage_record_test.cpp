// Stage records of a resumable reproduction (host/reproduce/stage_record.hpp): a finished stage with the
// same inputs and unchanged outputs is done; other inputs, a changed or missing output, or no record
// mean it is redone; a started stage with the same inputs may resume.
#include <gtest/gtest.h>

#include <fstream>

#include "host/reproduce/stage_record.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {
namespace fs = std::filesystem;

TEST(StageRecord, DoneOnlyWithTheSameInputsAndUnchangedOutputs) {
  const fs::path out = test::temp_dir();
  const nlohmann::json inputs = {{"config", {{"epochs", 5}}}, {"mnist_sha256", "abc"}};
  {
    StageRecord fresh(out, "rbm", inputs, {"model.bin", "folder"});
    EXPECT_FALSE(fresh.done());
    EXPECT_FALSE(fresh.started());
    fresh.start();
  }
  {
    StageRecord again(out, "rbm", inputs, {"model.bin", "folder"});
    EXPECT_TRUE(again.started());  // interrupted: a checkpoint may be resumed
    EXPECT_FALSE(again.done());
    EXPECT_FALSE(StageRecord(out, "rbm", {{"config", {{"epochs", 6}}}}, {"model.bin"}).started());
    std::ofstream(out / "model.bin") << "weights";
    fs::create_directories(out / "folder" / "sub");
    std::ofstream(out / "folder" / "sub" / "a.npy") << "a";
    again.finish({{"accuracy", 0.5}});
  }
  StageRecord done(out, "rbm", inputs, {"model.bin", "folder"});
  EXPECT_TRUE(done.done());
  EXPECT_EQ(done.result().at("accuracy"), 0.5);
  EXPECT_FALSE(StageRecord(out, "rbm", {{"config", {{"epochs", 6}}}, {"mnist_sha256", "abc"}}, {"model.bin", "folder"})
                   .done());  // other options
  EXPECT_FALSE(StageRecord(out, "rbm", {{"config", {{"epochs", 5}}}, {"mnist_sha256", "abd"}}, {"model.bin", "folder"})
                   .done());  // other data

  std::ofstream(out / "folder" / "sub" / "a.npy") << "changed";
  EXPECT_FALSE(StageRecord(out, "rbm", inputs, {"model.bin", "folder"}).done());  // an output was edited
  std::ofstream(out / "folder" / "sub" / "a.npy") << "a";
  EXPECT_TRUE(StageRecord(out, "rbm", inputs, {"model.bin", "folder"}).done());
  fs::remove(out / "model.bin");
  EXPECT_FALSE(StageRecord(out, "rbm", inputs, {"model.bin", "folder"}).done());  // an output was removed
  std::ofstream(out / "stages" / "rbm.json") << "{ not json";
  EXPECT_FALSE(StageRecord(out, "rbm", inputs, {"model.bin", "folder"}).done());  // unreadable record
}

}  // namespace
}  // namespace rbmdyn
