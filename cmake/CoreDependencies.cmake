# The core's dependencies, found once for the whole tree. Each is required: a missing one stops
# configure with the Debian package that provides it, instead of silently leaving a part out.
macro(lstmbench_require_package name debian_package)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "lstmbench needs ${name}: apt-get install ${debian_package} "
                        "(scripts/install-deps.sh installs every package lstmbench needs)")
  endif()
endmacro()

lstmbench_require_package(fmt libfmt-dev)
lstmbench_require_package(nlohmann_json nlohmann-json3-dev 3)
lstmbench_require_package(tomlplusplus libtomlplusplus-dev 3.3)
lstmbench_require_package(CLI11 libcli11-dev)
lstmbench_require_package(Boost libboost-filesystem1.74-dev 1.74 COMPONENTS filesystem)
