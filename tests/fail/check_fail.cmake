# A must-not-compile case passes when building it fails with the expected diagnostic
# (a failure for another reason, e.g. a typo in the test, does not count).
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD} --target ${TARGET} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but it must not")
endif()
string(FIND "${out}${err}" "${EXPECTED}" pos)
if(pos EQUAL -1)
  message(FATAL_ERROR "${TARGET} failed to compile without the expected diagnostic '${EXPECTED}':\n${out}${err}")
endif()
message("${TARGET}: rejected with '${EXPECTED}'")
