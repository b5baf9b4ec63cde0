#pragma once
// The metrics of a sweep, per method (label biasing, intersection, double LB): each set's covered
// vectors are one TrajectoryAnalysis (groups = vectors; labels = digits for label biasing), and when
// all three sets are complete, the §9 headline numbers.
#include <optional>
#include <vector>

#include "host/analysis/paper_numbers.hpp"
#include "host/analysis/trajectory_analysis.hpp"
#include "host/runtime/stream.hpp"
#include "host/sweep/sweep.hpp"

namespace rbmdyn {

struct SetAnalysis {
  VectorSet set = VectorSet::lb;
  VectorRange covered;  // global vectors of this set present in the data
  bool complete = false;  // all of the set's vectors are present
  analysis::TrajectoryAnalysis analysis;
};

struct SweepAnalysis {
  std::vector<SetAnalysis> sets;  // in global order: lb, intersection, double (those covered)
  std::vector<analysis::HeadlineNumber> paper;  // empty unless all three sets are complete
  const SetAnalysis* find(VectorSet set) const;
};

// Device-resident copies of the data's pred and entropy ([V·chains, steps], same layout), to reduce on
// the device instead of the CPU (the results are identical; kernels/metrics.cuh).
struct SweepDeviceArrays {
  const uint8_t* pred = nullptr;
  const float* entropy = nullptr;
  StreamHandle stream = nullptr;
};

SweepAnalysis analyze_sweep(const SweepData& data, const SweepDeviceArrays* device = nullptr);

// What run_sweep returns: the raw data and its metrics.
struct SweepRun {
  SweepData data;
  SweepAnalysis analysis;
  double analysis_seconds = 0;
};

}  // namespace rbmdyn
