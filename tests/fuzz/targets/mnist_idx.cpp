// MNIST IDX files, raw or gzip-compressed, as `load_mnist` reads them from a folder. The first input
// byte chooses which file of a valid 3-image training split the rest replaces (images or labels);
// compression is detected from the content, as for real files.
#include "host/data/mnist.hpp"
#include "tests/fuzz/fixtures.hpp"

namespace rbmdyn::fuzz {
namespace {

const std::vector<std::string> kFiles = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"};

FolderUnderTest& folder() {
  static FolderUnderTest f = [] {
    const auto dir = scratch_dir("mnist_idx");
    write_file(dir / kFiles[0], idx_images(3));
    write_file(dir / kFiles[1], idx_labels({7, 0, 9}));
    return FolderUnderTest(dir, kFiles);
  }();
  return f;
}

Outcome run(const uint8_t* data, std::size_t size) {
  FolderUnderTest& f = folder();
  return f.run(data, size, [&] { (void)load_mnist(f.dir(), "train"); }, f.dir().string());
}

std::vector<Bytes> seeds() {
  std::vector<Bytes> out = folder().seeds();
  out.push_back(with_selector(0, gzip(idx_images(3))));
  out.push_back(with_selector(1, gzip(idx_labels({7, 0, 9}))));
  return out;
}

}  // namespace
RBMDYN_FUZZ_TARGET(mnist_idx, run, seeds);
}  // namespace rbmdyn::fuzz
