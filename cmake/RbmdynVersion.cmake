# RBMDYN_GIT_DESCRIBE: the commit the engine was built from ("unknown" outside a git checkout),
# recorded in every model file and run configuration.
find_package(Git QUIET)
set(RBMDYN_GIT_DESCRIBE "unknown")
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE _describe
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _rc)
  if(_rc EQUAL 0 AND _describe)
    set(RBMDYN_GIT_DESCRIBE "${_describe}")
  endif()
endif()
