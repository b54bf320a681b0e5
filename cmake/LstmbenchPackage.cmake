# Installing and packaging: a relocatable tree (bin/, lib/lstmbench/plugins, include/lstmbench,
# share/lstmbench/{suites,peers}, lib/cmake/lstmbench) and CPack's .deb and .tar.gz of it.
# Everything here is relative to CMAKE_INSTALL_PREFIX, so the tree works wherever it is put.
include(CMakePackageConfigHelpers)

set_target_properties(lstmbench_sdk PROPERTIES EXPORT_NAME sdk)
install(TARGETS lstmbench_sdk EXPORT lstmbenchTargets)
install(EXPORT lstmbenchTargets NAMESPACE lstmbench::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/lstmbench)
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/lstmbenchConfig.cmake.in
  ${PROJECT_BINARY_DIR}/lstmbenchConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/lstmbench
  PATH_VARS CMAKE_INSTALL_BINDIR LSTMBENCH_PLUGIN_INSTALL_DIR)
# The ABI's major version is the package's compatibility promise (plugin_abi.h's growth rule).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/lstmbenchConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/lstmbenchConfig.cmake
              ${PROJECT_BINARY_DIR}/lstmbenchConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/lstmbench)

# The external peers, for the suites that name them as ${LSTMBENCH_PEERS}/<program>.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/tools/peers/ DESTINATION ${CMAKE_INSTALL_DATADIR}/lstmbench/peers
        FILES_MATCHING PATTERN "*.py")
# The example out-of-tree plugin, as source to copy.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# `cmake --build <dir> --target package`: lstmbench-<version>-Linux.tar.gz and lstmbench_<version>_<arch>.deb
# (installed under /usr) in the build folder.
set(CPACK_PACKAGE_NAME lstmbench)
set(CPACK_PACKAGE_VENDOR "lstmbench")
set(CPACK_PACKAGE_CONTACT "lstmbench maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "LSTM training benchmarks over backend plugins")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
