# Tool version and git commit, recorded in every output file (house style rule 9).
# The commit is read at configure time; "unknown" outside a git checkout.
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                OUTPUT_VARIABLE JISAS_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE _jisas_git_result)
if(NOT _jisas_git_result EQUAL 0 OR JISAS_GIT_COMMIT STREQUAL "")
  set(JISAS_GIT_COMMIT "unknown")
endif()
configure_file(${PROJECT_SOURCE_DIR}/app/version.h.in
               ${PROJECT_BINARY_DIR}/generated/app/version.h @ONLY)
