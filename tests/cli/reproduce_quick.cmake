# ctest: `rbmdyn reproduce --quick` end to end on the CPU, then checks that every promised output exists
# (the report, Markdown + JSON with every §9 number; the fidelity table and forest plot; all Fig. 2 and
# Fig. 3 panels as PNG and PDF; the sweep folder) and that the values lie in the bands measured for the
# quick configuration (quick_values.cmake). Arguments: -DRBMDYN=<binary> -DMNIST=<dir> -DOUT=<folder>;
# $RBMDYN_MNIST, when set, overrides MNIST.
if(DEFINED ENV{RBMDYN_MNIST} AND NOT "$ENV{RBMDYN_MNIST}" STREQUAL "")
  set(MNIST $ENV{RBMDYN_MNIST})
endif()
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${RBMDYN} reproduce --quick --quiet --device cpu --mnist ${MNIST} --out ${OUT}
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}${err}")
if(NOT code EQUAL 0)
  message(FATAL_ERROR "reproduce --quick exited with ${code}")
endif()
set(expected report.md report.json fidelity.md sensitivity.json sensitivity.csv sensitivity_summary.csv forest.png
    classifier.safetensors seed-1/rbm.safetensors seed-1/sweep/config.json
    seed-1/sweep/pred.npy seed-1/sweep/vectors.csv seed-1/sweep/paper_numbers.md seed-1/sweep/summary.json)
foreach(panel 2a 2b 2c 2d 2e 2f 3a 3b 3c 3d 3e)
  list(APPEND expected figures/fig${panel}.png figures/fig${panel}.pdf)
endforeach()
foreach(f ${expected})
  if(NOT EXISTS ${OUT}/${f})
    message(FATAL_ERROR "reproduce --quick did not write ${f}")
  endif()
endforeach()
file(READ ${OUT}/report.json report)
foreach(id lb_visited_states int_visited_states 2lb_visited_states int_mwu_visited_p lb_active_step1)
  string(JSON value GET "${report}" across_seeds ${id} mean)
  if(value STREQUAL "" OR value MATCHES "null|NOTFOUND")
    message(FATAL_ERROR "report.json has no value for ${id}")
  endif()
  message(STATUS "${id} = ${value}")
endforeach()
include(${CMAKE_CURRENT_LIST_DIR}/quick_values.cmake)
