#include "host/sweep/multi_device.hpp"

#include <chrono>
#include <exception>
#include <thread>

#include "host/core/error.hpp"
#include "host/sweep/merge.hpp"
#include "host/sweep/sweep.hpp"

namespace rbmdyn {

SweepRun run_sweep_on_devices(const Rbm& rbm, const BiasingSet& biasing, const std::filesystem::path& classifier,
                              const DigitClassifierOptions& classifier_options, const SweepOptions& options,
                              const std::vector<int>& devices) {
  RBMDYN_CHECK(options.backend == Backend::cuda && options.shard.whole(), "multi-device sweeps run whole CUDA sweeps");
  const auto n = static_cast<int>(devices.size());
  if (n > vector_range(options.set).count) fail_input(quote_option("devices") + ": more devices than vectors");
  std::vector<SweepData> parts(devices.size());
  std::vector<std::exception_ptr> errors(devices.size());
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i]() {
      try {
        use_cuda_device(devices[static_cast<std::size_t>(i)]);
        const auto clf = load_digit_classifier(classifier, Backend::cuda, classifier_options);
        SweepOptions shard = options;
        shard.shard = Shard{i, n};
        parts[static_cast<std::size_t>(i)] = run_sweep(rbm, biasing, *clf, shard).data;
      } catch (...) {
        errors[static_cast<std::size_t>(i)] = std::current_exception();
      }
    });
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  std::vector<std::string> names;
  for (int d : devices) names.push_back("cuda:" + std::to_string(d));
  SweepRun run;
  run.data = merge_sweep_data(std::move(parts), std::move(names));
  run.data.options.backend = Backend::cuda;
  const auto t0 = std::chrono::steady_clock::now();
  run.analysis = analyze_sweep(run.data);
  run.analysis_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return run;
}

}  // namespace rbmdyn
