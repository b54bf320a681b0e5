# FindCUDNN: locate NVIDIA cuDNN (headers + the libcudnn shim library).
#
# Inputs (all optional):
#   CUDNN_ROOT (CMake or environment variable)  a cuDNN install prefix (include/, lib/ or lib64/)
#   CUDNN_INCLUDE_DIR, CUDNN_LIBRARY            cache entries, to point at the files directly
#   CUDNN_INCLUDE_DIR / CUDNN_LIB_DIR           environment variables (set by shared/gpu/gpu-env.sh)
# Searched after those: the CUDA toolkit (CUDAToolkit_* if found, /usr/local/cuda) and the layout
# of NVIDIA's Python wheels, <site-packages>/nvidia/cudnn/{include,lib}, which ship only the
# versioned libcudnn.so.9 (hence that name is accepted too).
#
# Outputs: CUDNN_FOUND, CUDNN_VERSION (from cudnn_version.h, e.g. 9.19.0), CUDNN_INCLUDE_DIRS,
# CUDNN_LIBRARIES and the imported target CUDNN::cudnn.
#
# libcudnn.so.9 is a shim that dlopens its sub-libraries (cudnn_adv, cudnn_engines_*, ...) by
# SONAME at first use, so they only need to be on the loader's path at run time, not linked.
include(FindPackageHandleStandardArgs)

set(_cudnn_hints)
foreach(_root IN ITEMS "${CUDNN_ROOT}" "$ENV{CUDNN_ROOT}")
  if(_root)
    list(APPEND _cudnn_hints "${_root}")
  endif()
endforeach()
if(CUDAToolkit_INCLUDE_DIRS)
  list(APPEND _cudnn_hints ${CUDAToolkit_INCLUDE_DIRS})
endif()
if(CUDAToolkit_LIBRARY_DIR)
  list(APPEND _cudnn_hints "${CUDAToolkit_LIBRARY_DIR}")
endif()
list(APPEND _cudnn_hints /usr/local/cuda)

# NVIDIA's Python packages (nvidia-cudnn-cu*): ask the interpreter where site-packages are.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND)
  execute_process(
    COMMAND "${Python3_EXECUTABLE}" -c
            "import site, sysconfig; p = [sysconfig.get_paths()[k] for k in ('purelib', 'platlib')]; p += site.getsitepackages() if hasattr(site, 'getsitepackages') else []; print(';'.join(dict.fromkeys(p)))"
    OUTPUT_VARIABLE _cudnn_site_dirs
    OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET)
  foreach(_site IN LISTS _cudnn_site_dirs)
    if(EXISTS "${_site}/nvidia/cudnn")
      list(APPEND _cudnn_hints "${_site}/nvidia/cudnn")
    endif()
  endforeach()
endif()

find_path(CUDNN_INCLUDE_DIR
  NAMES cudnn_version.h
  HINTS "$ENV{CUDNN_INCLUDE_DIR}" ${_cudnn_hints}
  PATH_SUFFIXES include cuda/include)
find_library(CUDNN_LIBRARY
  NAMES cudnn libcudnn.so.9
  HINTS "$ENV{CUDNN_LIB_DIR}" ${_cudnn_hints}
  PATH_SUFFIXES lib64 lib lib/x64)

set(CUDNN_VERSION "")
if(CUDNN_INCLUDE_DIR AND EXISTS "${CUDNN_INCLUDE_DIR}/cudnn_version.h")
  file(READ "${CUDNN_INCLUDE_DIR}/cudnn_version.h" _cudnn_version_header)
  foreach(_part MAJOR MINOR PATCHLEVEL)
    string(REGEX MATCH "#define CUDNN_${_part} +([0-9]+)" _match "${_cudnn_version_header}")
    set(_cudnn_${_part} "${CMAKE_MATCH_1}")
  endforeach()
  if(NOT _cudnn_MAJOR STREQUAL "")
    set(CUDNN_VERSION "${_cudnn_MAJOR}.${_cudnn_MINOR}.${_cudnn_PATCHLEVEL}")
  endif()
endif()

find_package_handle_standard_args(CUDNN
  REQUIRED_VARS CUDNN_LIBRARY CUDNN_INCLUDE_DIR
  VERSION_VAR CUDNN_VERSION)

if(CUDNN_FOUND)
  set(CUDNN_INCLUDE_DIRS "${CUDNN_INCLUDE_DIR}")
  set(CUDNN_LIBRARIES "${CUDNN_LIBRARY}")
  if(NOT TARGET CUDNN::cudnn)
    add_library(CUDNN::cudnn UNKNOWN IMPORTED)
    set_target_properties(CUDNN::cudnn PROPERTIES
      IMPORTED_LOCATION "${CUDNN_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${CUDNN_INCLUDE_DIR}")
  endif()
endif()
mark_as_advanced(CUDNN_INCLUDE_DIR CUDNN_LIBRARY)
unset(_cudnn_hints)
unset(_cudnn_site_dirs)
unset(_cudnn_version_header)
