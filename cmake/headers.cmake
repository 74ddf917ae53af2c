# Layering by construction (issue 13): no target sees the whole source tree. Each
# library exposes only its own headers, through a directory of symbolic links under
# build/include/<target>/ that mirrors their source paths, so `#include "models/x.h"`
# compiles only in a target that links the library owning models/x.h. A wrong-way
# include (models/ reaching into trial/, analysis/ into engine/, ...) fails to build.
#
#   jisas_expose_headers(<target> <PUBLIC|INTERFACE> DIRECTORIES <dir>... [FILES <file>...])
#
# DIRECTORIES: every *.h directly in these source directories (relative to the current
# CMakeLists.txt); FILES: single headers. The link directory is rebuilt at each configure.
function(jisas_expose_headers target scope)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "DIRECTORIES;FILES")
  set(root ${PROJECT_BINARY_DIR}/include/${target})
  file(REMOVE_RECURSE ${root})
  set(headers ${arg_FILES})
  foreach(dir IN LISTS arg_DIRECTORIES)
    file(GLOB found CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}
         ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.h)
    list(APPEND headers ${found})
  endforeach()
  foreach(header IN LISTS headers)
    set(source ${CMAKE_CURRENT_SOURCE_DIR}/${header})
    file(RELATIVE_PATH relative ${PROJECT_SOURCE_DIR} ${source})
    get_filename_component(link_dir ${root}/${relative} DIRECTORY)
    file(MAKE_DIRECTORY ${link_dir})
    file(CREATE_LINK ${source} ${root}/${relative} SYMBOLIC)
  endforeach()
  target_include_directories(${target} ${scope} ${root})
endfunction()
