// rbmdyn_bench: throughput of every heavy operation on CPU and GPU (Google Benchmark). Figures go to
// docs/performance.md with machine, date and commit. Examples:
//   rbmdyn_bench --benchmark_filter=cd1/         # training
//   RBMDYN_BENCH_IMAGES=6000 rbmdyn_bench        # quicker, smaller epochs
#include <benchmark/benchmark.h>

#include <cstdio>

#include "host/core/build_info.hpp"
#include "host/runtime/device.hpp"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("rbmdyn", std::string(rbmdyn::build_info::version) + " (" +
                                            rbmdyn::build_info::git_describe + ")");
  for (const std::string& d : rbmdyn::cuda_device_descriptions()) benchmark::AddCustomContext("device", d);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
