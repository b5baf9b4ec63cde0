#pragma once
// The timings of a sensitivity cache, accumulated over every invocation that filled it. A rerun over a
// complete cache trains and runs nothing, so its own timings alone would say nothing about what the
// study cost; sensitivity.json therefore carries the timings of earlier invocations forward:
//   {"rbm_training": [..], "classifier_training": [..], "chain_runs": [..],   one entry per item made
//    "invocations": [{"seconds": s, "utc": "..."}, ..], "total_seconds": Σ invocations' seconds}
// An item made again (its cache entry deleted) replaces its earlier entry ("file" names a trained model,
// "key" a chain run). The format of earlier versions ({.., "total_seconds_this_run": s}) is read as one
// invocation.
#include <nlohmann/json.hpp>
#include <string>

namespace rbmdyn {

// `before`: the "timings" of the cache's previous sensitivity.json (null when there is none); `now`:
// this invocation's {"rbm_training", "classifier_training", "chain_runs"} arrays; `seconds` and `utc`:
// this invocation's duration and start.
nlohmann::json accumulate_timings(const nlohmann::json& before, const nlohmann::json& now, double seconds,
                                  const std::string& utc);

}  // namespace rbmdyn
