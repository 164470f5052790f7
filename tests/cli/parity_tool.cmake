# Runs the reference's own parity tool against the built CLI (the contract the
# team's tools depend on). Prints "SKIPPED:" when ../shared is absent.
if(NOT EXISTS "${SHARED}/tools/parity.py")
  message("SKIPPED: ${SHARED}/tools/parity.py not found")
  return()
endif()
execute_process(
  COMMAND ${PYTHON} ${SHARED}/tools/parity.py ${KIND} --strata ${STRATA} --goldens ${SHARED}/peer/${KIND}.json
          --corrections ${CORRECTIONS} --filter "${FILTER}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "parity.py ${KIND} reported unexplained differences (exit ${rc})")
endif()
