# Third-party packages, all from Debian 12 (see scripts/install-deps).
find_package(Torch REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(spdlog REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
find_package(CLI11 REQUIRED CONFIG)
find_package(GTest)
find_package(benchmark)

# Torch's exported flags carry -D_GLIBCXX_USE_CXX11_ABI and include paths; strip nothing.
# Debian's TorchConfig puts the libraries in TORCH_LIBRARIES; wrap them in an imported target
# so that our install export can name it.
if(NOT TARGET fedsec_torch)
  add_library(fedsec_torch INTERFACE)
  target_link_libraries(fedsec_torch INTERFACE ${TORCH_LIBRARIES})
  target_include_directories(fedsec_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
endif()
