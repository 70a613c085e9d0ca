# Helpers shared by every folder's CMakeLists.
set(FEDSEC_WARNINGS -Wall -Wextra)

# One precompiled fl/tensor.h (the LibTorch subset we use), built once and reused by every target that uses LibTorch.
add_library(fedsec_torch_pch OBJECT ${PROJECT_SOURCE_DIR}/cmake/torch_pch.cpp)
target_link_libraries(fedsec_torch_pch PRIVATE fedsec_torch)
target_compile_options(fedsec_torch_pch PRIVATE ${FEDSEC_WARNINGS})
target_precompile_headers(fedsec_torch_pch PRIVATE ${PROJECT_SOURCE_DIR}/fl/tensor.h)

# fedsec_use_torch(target): link LibTorch and reuse the shared precompiled header.
function(fedsec_use_torch target)
  target_link_libraries(${target} PUBLIC fedsec_torch)
  target_precompile_headers(${target} REUSE_FROM fedsec_torch_pch)
endfunction()

# fedsec_add_library(name SOURCES ... DEPS ... [TORCH]): a static library of the toolkit,
# exported as fedsec::<name> and installed with the package.
function(fedsec_add_library name)
  cmake_parse_arguments(ARG "TORCH" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  add_library(fedsec::${name} ALIAS ${name})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/fedsec>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_options(${name} PRIVATE ${FEDSEC_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  if(ARG_TORCH)
    fedsec_use_torch(${name})
  endif()
  set_property(GLOBAL APPEND PROPERTY FEDSEC_LIBRARIES ${name})
endfunction()

# fedsec_add_test(name SOURCES ... DEPS ... [TORCH]): a GoogleTest executable registered with CTest;
# its sources may include the shared helpers of tests/ (e.g. "support/temp_dir.h").
function(fedsec_add_test name)
  cmake_parse_arguments(ARG "TORCH" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_options(${name} PRIVATE ${FEDSEC_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    FEDSEC_SOURCE_DIR="${PROJECT_SOURCE_DIR}" FEDSEC_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(ARG_TORCH)
    target_link_libraries(${name} PRIVATE fedsec_torch)
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 120 PROPERTIES TIMEOUT 600)
endfunction()
