# Tool version and git commit, recorded in every output file (house style rule 9).
# The commit is read before every build, not only at configure time: a build after a new
# commit must not record the commit the build directory was configured at (it did, until
# 2026-12-03).
set(JISAS_VERSION_HEADER ${PROJECT_BINARY_DIR}/generated/app/version.h)
set(_jisas_write_version ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
    -DOUTPUT=${JISAS_VERSION_HEADER} -DJISAS_VERSION=${PROJECT_VERSION}
    -P ${PROJECT_SOURCE_DIR}/cmake/write_version.cmake)
execute_process(COMMAND ${_jisas_write_version})
add_custom_target(jisas_version COMMAND ${_jisas_write_version}
                  BYPRODUCTS ${JISAS_VERSION_HEADER} VERBATIM)
