#pragma once
// Scratch directories for tests that write files.

#include <unistd.h>

#include <filesystem>
#include <string>

namespace fedsec::testing {

// An empty directory under the system temp directory, unique to this process and `name`
// (whatever an earlier run left there is removed first).
inline std::filesystem::path fresh_temp_dir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("fedsec_test_" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace fedsec::testing
