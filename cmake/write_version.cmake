# Writes OUTPUT from app/version.h.in with the tool version and the current git commit
# ("unknown" outside a git checkout). cmake/version.cmake runs it at configure time and
# before every build; configure_file leaves an unchanged file untouched, so nothing is
# recompiled unless the commit moved.
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE JISAS_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE _jisas_git_result)
if(NOT _jisas_git_result EQUAL 0 OR JISAS_GIT_COMMIT STREQUAL "")
  set(JISAS_GIT_COMMIT "unknown")
endif()
set(PROJECT_VERSION ${JISAS_VERSION})
configure_file(${SOURCE_DIR}/app/version.h.in ${OUTPUT} @ONLY)
