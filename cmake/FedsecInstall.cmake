# cmake --install: headers under include/fedsec/<folder>, static libraries, the fedsec
# executable, and a package config so that find_package(fedsec) gives fedsec::fedsec.
include(CMakePackageConfigHelpers)

get_property(fedsec_libs GLOBAL PROPERTY FEDSEC_LIBRARIES)
install(TARGETS ${fedsec_libs} fedsec fedsec_torch
  EXPORT fedsecTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS fedsec_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(dir fl privacy defenses attacks traffic)
  install(DIRECTORY ${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/fedsec/${dir}
    FILES_MATCHING PATTERN "*.h")
endforeach()
install(FILES fedsec.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/fedsec)
install(EXPORT fedsecTargets NAMESPACE fedsec:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/fedsec)
configure_package_config_file(cmake/fedsecConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/fedsecConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/fedsec)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/fedsecConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/fedsecConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/fedsecConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/fedsec)
