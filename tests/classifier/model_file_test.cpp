// Classifier architecture, parameter layout, initialisation, and the model file: round trip, and
// corrupt or mismatched files rejected with errors that name the file and the problem.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "host/classifier/model.hpp"
#include "host/core/error.hpp"
#include "host/io/safetensors.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

ClassifierArch tiny_arch() {
  ClassifierArch a;
  a.name = "tiny";
  a.input_side = 32;
  a.block_channels = {2, 3};
  a.fc_hidden = {5};
  return a;
}

// Expects `fn` to throw an InputError whose message contains every fragment.
template <class F>
void expect_input_error(F fn, std::initializer_list<std::string> fragments) {
  try {
    fn();
    ADD_FAILURE() << "no error thrown";
  } catch (const InputError& e) {
    for (const auto& f : fragments) EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
  }
}

TEST(ClassifierModel, PaperLayoutMatchesSection61) {
  const NetworkPlan plan = make_plan(ClassifierArch::paper());
  // By hand: convs Σ (9·C_in + 1)·C_out over 1→64→64→128→128→256→256→512→512 = 4,684,224; BN γ, β:
  // 2·1920 = 3840; linears 2048·4096 + 4096 + 4096·4096 + 4096 + 4096·11 + 11 = 25,219,083.
  EXPECT_EQ(plan.param_count, 4684224 + 3840 + 25219083);
  EXPECT_EQ(plan.buffer_count, 2 * 1920);
  EXPECT_EQ(plan.arch.flat_features(), 2048);
  EXPECT_EQ(plan.params.front().name, "block1.conv1.weight");
  EXPECT_EQ(plan.params.front().shape, (std::vector<int64_t>{64, 1, 3, 3}));
  EXPECT_EQ(plan.params.back().name, "fc3.bias");
  EXPECT_EQ(plan.params.back().shape, (std::vector<int64_t>{11}));
  int convs = 0, linears = 0, dropouts = 0;
  for (const Layer& l : plan.layers) {
    convs += l.kind == LayerKind::conv;
    linears += l.kind == LayerKind::linear;
    dropouts += l.kind == LayerKind::dropout;
  }
  EXPECT_EQ(convs, 8);
  EXPECT_EQ(linears, 3);
  EXPECT_EQ(dropouts, 2);
  EXPECT_EQ(plan.layers.back().kind, LayerKind::softmax);
  EXPECT_FLOAT_EQ(plan.arch.dropout, 0.65f);
  EXPECT_FLOAT_EQ(plan.arch.bn_eps, 1e-5f);
  EXPECT_FLOAT_EQ(plan.arch.bn_momentum, 0.1f);
}

TEST(ClassifierModel, InitialisationIsPytorchDefault) {
  const ClassifierArch arch = tiny_arch();
  const NetworkPlan plan = make_plan(arch);
  const ClassifierModel m = ClassifierModel::initialized(arch, 3);
  for (const TensorSlot& s : plan.params) {
    const float* v = m.params.data() + s.offset;
    if (s.role == ParamRole::bn_gamma || s.role == ParamRole::bn_beta) {
      for (int64_t i = 0; i < s.count; ++i) EXPECT_EQ(v[i], s.role == ParamRole::bn_gamma ? 1.0f : 0.0f);
      continue;
    }
    const double bound = 1.0 / std::sqrt(static_cast<double>(s.fan_in));
    double lo = 1, hi = -1;
    for (int64_t i = 0; i < s.count; ++i) {
      lo = std::min(lo, static_cast<double>(v[i]));
      hi = std::max(hi, static_cast<double>(v[i]));
    }
    EXPECT_GE(lo, -bound) << s.name;
    EXPECT_LE(hi, bound) << s.name;
    if (s.count >= 50) {  // spread over most of the interval
      EXPECT_LT(lo, -0.5 * bound) << s.name;
      EXPECT_GT(hi, 0.5 * bound) << s.name;
    }
  }
  EXPECT_EQ(ClassifierModel::initialized(arch, 3).params, m.params);
  EXPECT_NE(ClassifierModel::initialized(arch, 4).params, m.params);
  for (const TensorSlot& s : plan.buffers)
    EXPECT_EQ(m.buffers[static_cast<std::size_t>(s.offset)], s.name.find("_var") != std::string::npos ? 1.0f : 0.0f);
}

TEST(ClassifierModel, ArchitectureNamesAndValidation) {
  EXPECT_EQ(ClassifierArch::named("paper"), ClassifierArch::paper());
  EXPECT_EQ(ClassifierArch::named("small").name, "small");
  expect_input_error([] { ClassifierArch::named("vgg19"); }, {"`arch`", "vgg19", "paper, small"});
  ClassifierArch bad = tiny_arch();
  bad.input_side = 30;  // not divisible by 2^2
  expect_input_error([&] { bad.validate("x.safetensors"); }, {"x.safetensors", "input_side"});
  bad = tiny_arch();
  bad.dropout = 1.0f;
  expect_input_error([&] { bad.validate("y"); }, {"y", "dropout"});
  const nlohmann::json j = ClassifierArch::small();
  EXPECT_EQ(j.get<ClassifierArch>(), ClassifierArch::small());
}

TEST(ClassifierModel, FileRoundTrip) {
  const auto dir = test::temp_dir();
  const ClassifierModel m = ClassifierModel::initialized(tiny_arch(), 9);
  save_classifier(dir / "c.safetensors", m, {{"best_val_accuracy", "0.5"}});
  std::map<std::string, std::string> meta;
  const ClassifierModel back = load_classifier(dir / "c.safetensors", &meta);
  EXPECT_EQ(back.arch, m.arch);
  EXPECT_EQ(back.params, m.params);
  EXPECT_EQ(back.buffers, m.buffers);
  EXPECT_EQ(meta.at("format"), "rbmdyn.classifier");
  EXPECT_EQ(meta.at("best_val_accuracy"), "0.5");
  // Tensors are stored under their layer names with PyTorch shapes.
  const SafetensorsFile f = load_safetensors(dir / "c.safetensors");
  EXPECT_EQ(f.tensors.at("block1.conv1.weight").shape, (std::vector<int64_t>{2, 1, 3, 3}));
  EXPECT_EQ(f.tensors.at("fc1.weight").shape, (std::vector<int64_t>{5, 3 * 8 * 8}));
  EXPECT_TRUE(f.has("block2.bn2.running_var"));
}

TEST(ClassifierModel, CorruptAndMismatchedFilesAreRejected) {
  const auto dir = test::temp_dir();
  const ClassifierModel m = ClassifierModel::initialized(tiny_arch(), 9);
  SafetensorsFile good;
  detail::put_model_tensors(good, m, "");
  good.metadata = {{"format", "rbmdyn.classifier"}, {"format_version", "1"}, {"arch", nlohmann::json(m.arch).dump()}};
  auto write = [&](const SafetensorsFile& f, const std::string& name) {
    save_safetensors(dir / name, f);
    return dir / name;
  };
  {  // not a classifier (an RBM-like file)
    SafetensorsFile f = good;
    f.metadata["format"] = "rbmdyn.rbm";
    const auto p = write(f, "rbm.safetensors");
    expect_input_error([&] { load_classifier(p); }, {p.string(), "not an rbmdyn classifier"});
  }
  {  // a tensor missing
    SafetensorsFile f = good;
    f.tensors.erase("fc2.weight");
    const auto p = write(f, "missing.safetensors");
    expect_input_error([&] { load_classifier(p); }, {p.string(), "fc2.weight", "missing"});
  }
  {  // a tensor with the wrong shape
    SafetensorsFile f = good;
    f.put_f32("fc2.bias", std::vector<float>(12, 0.0f), {12});
    const auto p = write(f, "shape.safetensors");
    expect_input_error([&] { load_classifier(p); }, {p.string(), "fc2.bias"});
  }
  {  // tensors of another architecture than the recorded one
    SafetensorsFile f = good;
    ClassifierArch other = tiny_arch();
    other.fc_hidden = {5, 5};
    f.metadata["arch"] = nlohmann::json(other).dump();
    const auto p = write(f, "arch.safetensors");
    expect_input_error([&] { load_classifier(p); }, {p.string(), "fc2.weight", "shape"});
  }
  {  // an extra tensor
    SafetensorsFile f = good;
    f.put_f32("block3.conv1.weight", std::vector<float>(9, 0.0f), {1, 1, 3, 3});
    const auto p = write(f, "extra.safetensors");
    expect_input_error([&] { load_classifier(p); }, {p.string(), "unexpected tensor", "block3.conv1.weight"});
  }
  {  // an architecture far larger than the file (280 TB of fc1 weights): refused before allocating
    SafetensorsFile f = good;
    ClassifierArch huge = tiny_arch();
    huge.input_side = 1024;
    huge.block_channels = {4096};
    huge.fc_hidden = {65536};
    f.metadata["arch"] = nlohmann::json(huge).dump();
    const auto p = write(f, "huge.safetensors");
    expect_input_error([&] { load_classifier(p); }, {p.string(), "block1.conv1.weight", "expected [4096, 1, 3, 3]"});
  }
  {  // a float where the architecture has an integer (a cast with undefined behaviour before)
    SafetensorsFile f = good;
    nlohmann::json arch = m.arch;
    arch["classes"] = 1e300;
    f.metadata["arch"] = arch.dump();
    const auto p = write(f, "float.safetensors");
    expect_input_error([&] { load_classifier(p); }, {p.string(), "expected an integer, got 1e+300"});
  }
  {  // malformed architecture JSON
    SafetensorsFile f = good;
    f.metadata["arch"] = "{\"name\": \"tiny\"}";
    const auto p = write(f, "json.safetensors");
    expect_input_error([&] { load_classifier(p); }, {p.string(), "arch"});
  }
  {  // non-finite weights and negative variances
    SafetensorsFile f = good;
    std::vector<float> w(5 * 192, 0.0f);
    w[7] = std::nanf("");
    f.put_f32("fc1.weight", w, {5, 192});
    const auto p = write(f, "nan.safetensors");
    expect_input_error([&] { load_classifier(p); }, {p.string(), "fc1.weight"});
    SafetensorsFile g = good;
    g.put_f32("block1.bn1.running_var", {1.0f, -1.0f}, {2});
    const auto q = write(g, "var.safetensors");
    expect_input_error([&] { load_classifier(q); }, {q.string(), "negative running variance"});
  }
  {  // a truncated file
    const auto p = write(good, "whole.safetensors");
    std::vector<uint8_t> bytes;
    {
      std::FILE* fp = std::fopen(p.c_str(), "rb");
      ASSERT_NE(fp, nullptr);
      int c;
      while ((c = std::fgetc(fp)) != EOF) bytes.push_back(static_cast<uint8_t>(c));
      std::fclose(fp);
    }
    bytes.resize(bytes.size() - 100);
    test::write_bytes(dir / "cut.safetensors", bytes);
    expect_input_error([&] { load_classifier(dir / "cut.safetensors"); }, {(dir / "cut.safetensors").string()});
  }
}

}  // namespace
}  // namespace rbmdyn
