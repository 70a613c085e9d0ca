#include "fl/npy_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fl/errors.h"

namespace fedsec::fl {
namespace {

namespace fs = std::filesystem;

fs::path temp(const std::string& name) {
  const auto dir = fs::temp_directory_path() / "fedsec_npy_test";
  fs::create_directories(dir);
  return dir / name;
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// A version-1.0 file with the given header dict and data bytes.
std::string npy_bytes(const std::string& dict, const std::string& data) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  return std::string("\x93NUMPY\x01\x00", 8) + static_cast<char>(header.size() & 0xff) +
         static_cast<char>(header.size() >> 8) + header + data;
}

TEST(NpyFile, RoundTripsFloat32AndFloat64) {
  const std::vector<float> data{1.5f, -2.0f, 3.25f, 0.0f, 1e-30f, 7.0f};
  for (bool wide : {false, true}) {
    const auto path = temp(wide ? "f8.npy" : "f4.npy").string();
    write_npy(path, {2, 3}, data, wide);
    const NpyArray back = read_npy(path);
    EXPECT_EQ(back.shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(back.float64, wide);
    EXPECT_EQ(back.data, data);
    EXPECT_EQ(fs::file_size(path) % 64, (wide ? 48u : 24u) % 64);  // data starts at a multiple of 64
  }
}

TEST(NpyFile, ReadsVersion2HeadersAndScalars) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (), }";
  while ((12 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  const float value = 4.5f;
  std::string bytes = std::string("\x93NUMPY\x02\x00", 8);
  for (int i = 0; i < 4; ++i) bytes += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  bytes += header + std::string(reinterpret_cast<const char*>(&value), 4);
  write_bytes(temp("v2.npy"), bytes);
  const NpyArray a = read_npy(temp("v2.npy").string());
  EXPECT_TRUE(a.shape.empty());
  EXPECT_EQ(a.data, std::vector<float>{4.5f});
}

TEST(NpyFile, MalformedFilesSayWhatIsWrong) {
  const std::string eight_floats(32, '\0');
  const std::vector<std::pair<std::string, std::string>> cases{
      {"", "too short"},
      {"PK\x03\x04 not numpy at all", "bad magic"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }", eight_floats.substr(0, 20)),
       "truncated: shape (2, 4) needs 32 data bytes, the file holds 20"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }", eight_floats + "xx"),
       "2 bytes after the data"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 4), }", eight_floats),
       "Fortran order"},
      {npy_bytes("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 4), }", eight_floats),
       "wrong dtype '<i4'"},
      {npy_bytes("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 4), }", eight_floats),
       "wrong dtype '>f4'"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False}", eight_floats), "bad header: no 'shape'"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", eight_floats), "non-integer"},
      {std::string("\x93NUMPY\x01\x00\xff\x00{'descr'", 17), "truncated: the header is cut off"},
  };
  for (const auto& [bytes, message] : cases) {
    write_bytes(temp("bad.npy"), bytes);
    try {
      read_npy(temp("bad.npy").string());
      ADD_FAILURE() << "accepted a file that should fail with: " << message;
    } catch (const UsageError& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr(message));
      EXPECT_THAT(e.what(), ::testing::HasSubstr("bad.npy"));
    }
  }
  EXPECT_THROW(read_npy(temp("missing.npy").string()), UsageError);
}

TEST(NpyFile, ReadsWhatNumPyWritesAndNumPyReadsWhatItWrites) {
  const auto written = temp("numpy.npy").string(), ours = temp("ours.npy").string();
  write_npy(ours, {2, 2}, {1.0f, 2.0f, 3.0f, 4.5f}, true);
  // Exit code 77 when NumPy is missing: the test is then skipped.
  const std::string script =
      "import sys\ntry:\n import numpy as np\nexcept ImportError:\n sys.exit(77)\n"
      "np.save('" +
      written +
      "', np.arange(6, dtype=np.float64).reshape(2, 3) / 4)\n"
      "a = np.load('" +
      ours +
      "')\n"
      "assert a.dtype == np.float64 and a.tolist() == [[1, 2], [3, 4.5]], a\n";
  const int status = std::system(("/usr/bin/python3 -c \"" + script + "\"").c_str());
  if (WIFEXITED(status) && WEXITSTATUS(status) == 77) GTEST_SKIP() << "Debian python3-numpy is not installed";
  ASSERT_EQ(status, 0);
  const NpyArray a = read_npy(written);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_TRUE(a.float64);
  EXPECT_EQ(a.data, (std::vector<float>{0, 0.25f, 0.5f, 0.75f, 1.0f, 1.25f}));
}

}  // namespace
}  // namespace fedsec::fl
