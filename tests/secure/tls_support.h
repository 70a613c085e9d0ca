#pragma once
// Helpers for the networked-mode tests: a per-process temporary directory and validity windows.

#include <unistd.h>

#include <filesystem>
#include <string>

#include "privacy/secure/x509_authority.h"

namespace fedsec::secure::testing {

// A fresh directory named after the test and this process, removed on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("fedsec_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Valid from `from_days` to `to_days` days from now (negative: in the past).
inline Validity days(int from_days, int to_days) {
  const auto now = std::chrono::system_clock::now();
  return {now + std::chrono::hours(24) * from_days, now + std::chrono::hours(24) * to_days};
}

}  // namespace fedsec::secure::testing
