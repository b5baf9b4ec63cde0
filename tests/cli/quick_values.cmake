# The values `rbmdyn reproduce --quick` (seed 1) must produce, checked from its output folder OUT
# (sensitivity.json: the fidelity table's default cell; seed-1/sweep/summary.json: per-step curves).
# Included by reproduce_quick.cmake; also runnable alone (cmake -DOUT=<folder> -P quick_values.cmake),
# which is how deliberately broken engines were shown to fail it (see the end of this file).
#
# Bands: the quick configuration (5-epoch RBM, classifier trained 12 short epochs, 20 chains per vector)
# measured over 8 (RBM seed, classifier seed) pairs: the 3 × 2 grid of docs/fidelity-quick.md plus
# (3, 3) and (4, 4). Each band holds the grid's 6 cells with a margin; (3, 3) is the one pair outside
# (intersection 2.597 < double LB 3.291: the ordering held in 7 of the 8 pairs). The test runs seed 1,
# which is deterministic on the CPU, so the bands guard against engine changes, not against chance. The quick RBM is
# far from converged: its step-1 activity is ≈ 30 % (k ≈ 300), not the paper's 15 % (k = 149), which
# 100 epochs approach (measured: 5 epochs 30.4 %, 10: 20.7 %, 20: 18.4 %, 30: 17.5 %).

file(READ ${OUT}/sensitivity.json json)
string(JSON ncells LENGTH "${json}" cells)
if(ncells LESS 1)
  message(FATAL_ERROR "sensitivity.json has no cell")
endif()
# The default cell of seed 1 (the first cell).
string(JSON numbers GET "${json}" cells 0 numbers)
string(JSON nrows LENGTH "${numbers}")
math(EXPR lastrow "${nrows} - 1")
foreach(r RANGE ${lastrow})
  string(JSON id GET "${numbers}" ${r} id)
  string(JSON value GET "${numbers}" ${r} ours)
  set(v_${id} "${value}")
endforeach()

set(failures "")
# check(<id> <lo> <hi> <why>): lo ≤ value ≤ hi.
function(check id lo hi why)
  set(x "${v_${id}}")
  if(x STREQUAL "" OR x MATCHES "null|NOTFOUND")
    set(failures "${failures}\n  ${id}: missing (${why})" PARENT_SCOPE)
  elseif(x LESS lo OR x GREATER hi)
    set(failures "${failures}\n  ${id} = ${x}, outside [${lo}, ${hi}] (${why})" PARENT_SCOPE)
  else()
    message(STATUS "${id} = ${x} in [${lo}, ${hi}]")
  endif()
endfunction()

# The classifier (trained on a subset; seeds 1–4: validation 97.1, 88.6, 96.3, 96.5 %).
check(classifier_val_accuracy 75 100 "quick classifier must label digits")
check(classifier_nondigit_accuracy 95 100 "held-out non-digits")
# The RBM's step-1 activity and k from the rule (seeds 1–4: 30.2–31.3 %, k 302–313).
check(lb_active_step1 28 34 "5-epoch RBM; a wrong H_LB or activity moves it")
check(k_from_step1_activity 280 340 "k = floor(10 × step-1 %)")
# The k the chimera vectors were built with (the biasing set's, not recomputed from activity).
file(READ ${OUT}/report.json report_json)
string(JSON v_k_used GET "${report_json}" seeds 0 k)
check(k_used 280 340 "k of the chimera vectors")
# Label biasing fades into non-digit (grid: LB non-digit time 86.0–88.8 steps for digits 1–9).
check(lb_nondigit_time_digits_1_9 75 97 "LB chains end in non-digit")
check(lb_p_nondigit_stay 0.99 1.0 "non-digit is nearly absorbing")
check(lb_accuracy_step100 0 10 "LB accuracy at step 100, %")
check(lb_rho_accuracy_entropy_pearson -1 -0.8 "accuracy falls as entropy rises")
# Chimeras (grid: LB 1.97–2.25 < double LB 2.81–3.43 < intersection 3.28–3.72 visited states).
check(lb_visited_states 1.2 2.4 "LB visited states")
check(2lb_visited_states 1.9 3.9 "double-LB visited states")
check(int_visited_states 2.6 4.0 "intersection visited states")
check(int_nondigit_time 0 15 "intersection non-digit time")
check(2lb_nondigit_time 15 45 "double-LB non-digit time")
check(int_mwu_visited_p 0 0.001 "intersection explores more than LB")
check(max_visited_states 2 9 "no trajectory visits all 10 digits")
# Qualitative findings that held in every cell of the grid.
if(NOT (v_int_visited_states GREATER v_2lb_visited_states AND v_2lb_visited_states GREATER v_lb_visited_states))
  set(failures "${failures}\n  visited states not ordered intersection > double LB > LB")
endif()
if(NOT (v_int_nondigit_time LESS v_lb_nondigit_time_all_digits AND v_2lb_nondigit_time LESS v_lb_nondigit_time_all_digits))
  set(failures "${failures}\n  the chimera methods do not cut the non-digit time")
endif()

# LB accuracy falls over the steps: all 10 digits right at step 1 in the measured seeds but for at most
# two, at most 10 % right at step 100.
file(GLOB summaries ${OUT}/seed-*/sweep/summary.json)
list(GET summaries 0 summary_file)
file(READ ${summary_file} summary)
string(JSON acc1 GET "${summary}" methods lb accuracy overall 0)
string(JSON acc10 GET "${summary}" methods lb accuracy overall 9)
string(JSON acc100 GET "${summary}" methods lb accuracy overall 99)
message(STATUS "LB accuracy: step 1 ${acc1}, step 10 ${acc10}, step 100 ${acc100}")
if(acc1 LESS 0.7 OR NOT acc10 LESS acc1 OR NOT acc100 LESS acc10 OR acc100 GREATER 0.1)
  set(failures "${failures}\n  LB accuracy does not fall from ≥ 0.7 at step 1 to ≤ 0.1 at step 100 (${acc1}, ${acc10}, ${acc100})")
endif()

if(NOT failures STREQUAL "")
  message(FATAL_ERROR "reproduce --quick gave values outside the measured bands:${failures}")
endif()

# Deliberately broken engines, each built from the tree of commit 9df7237 with one line changed, run with
# `reproduce --quick --device cpu` and checked with this file alone (2026-12-02; script kept in the issue
# 11 note): every one fails it.
#   - readout with the wrong labels (host/biasing/label_biasing_cpu.cpp: the class sums of image r go
#     to digit (label + 1) mod 10): LB accuracy 0.0 at step 1, ρ(accuracy, entropy) −0.15;
#   - hidden units thresholded instead of sampled while generating (host/gibbs/gibbs_engine_cpu.cpp:
#     Bernoulli(p) drawn with u = 0.5): LB non-digit time 0 steps, LB accuracy 90 % at step 100, visited
#     states 1.10 / 1.49 / 1.67, intersection-vs-LB p 0.012: eleven checks out of their bands.
# Legitimate variants behave as measured in docs/fidelity.md §4: `--readout probabilities` stays inside
# the bands; `--visible sampled` and `--k 149` fall outside them (the bands describe the default study).
