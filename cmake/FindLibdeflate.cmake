# Finds libdeflate (Debian: libdeflate-dev), which ships neither a CMake package nor,
# before 1.15, a CMake build: header and library by name, the version from its header.
# Defines Libdeflate::Libdeflate (an imported target) and Libdeflate_VERSION.
find_path(Libdeflate_INCLUDE_DIR NAMES libdeflate.h)
find_library(Libdeflate_LIBRARY NAMES deflate)
if(Libdeflate_INCLUDE_DIR AND EXISTS ${Libdeflate_INCLUDE_DIR}/libdeflate.h)
  file(STRINGS ${Libdeflate_INCLUDE_DIR}/libdeflate.h version_line
       REGEX "^#define LIBDEFLATE_VERSION_STRING")
  string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" Libdeflate_VERSION "${version_line}")
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Libdeflate REQUIRED_VARS Libdeflate_LIBRARY Libdeflate_INCLUDE_DIR
                                  VERSION_VAR Libdeflate_VERSION)
if(Libdeflate_FOUND AND NOT TARGET Libdeflate::Libdeflate)
  add_library(Libdeflate::Libdeflate UNKNOWN IMPORTED)
  set_target_properties(Libdeflate::Libdeflate PROPERTIES
                        IMPORTED_LOCATION ${Libdeflate_LIBRARY}
                        INTERFACE_INCLUDE_DIRECTORIES ${Libdeflate_INCLUDE_DIR})
endif()
mark_as_advanced(Libdeflate_INCLUDE_DIR Libdeflate_LIBRARY)
