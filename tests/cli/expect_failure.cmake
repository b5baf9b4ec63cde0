# ctest helper: runs COMMAND (a ;-list), requires exit code EXPECT_CODE, output matching EXPECT_REGEX and
# a stderr line starting with "rbmdyn: error: " (unless EXPECT_CODE is 0).
#   cmake -DCOMMAND="a;b;c" -DEXPECT_CODE=2 -DEXPECT_REGEX="..." -P expect_failure.cmake
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
set(all "${out}${err}")
if(NOT code STREQUAL "${EXPECT_CODE}")
  message(FATAL_ERROR "exit code ${code}, expected ${EXPECT_CODE}; output:\n${all}")
endif()
if(NOT all MATCHES "${EXPECT_REGEX}")
  message(FATAL_ERROR "output does not match '${EXPECT_REGEX}':\n${all}")
endif()
# Every error, the CLI parser's own included, is one line starting "rbmdyn: error: " on stderr
# (EXPECT_CODE 0: a case that must be accepted, no error line required).
if(NOT EXPECT_CODE STREQUAL "0" AND NOT err MATCHES "(^|\n)rbmdyn: error: ")
  message(FATAL_ERROR "stderr has no line starting 'rbmdyn: error: ':\n${err}")
endif()
message(STATUS "ok: ${all}")
