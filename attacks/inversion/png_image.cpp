#include "attacks/inversion/png_image.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "fl/errors.h"

namespace fedsec::attacks {
namespace {

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}

// Appends a chunk: big-endian length, type, data, CRC-32 of type and data.
void put_chunk(std::vector<std::uint8_t>& out, const char (&type)[5], const std::vector<std::uint8_t>& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t type_at = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  const uLong crc =
      crc32(crc32(0L, Z_NULL, 0), out.data() + type_at, static_cast<uInt>(out.size() - type_at));
  put_u32(out, static_cast<std::uint32_t>(crc));
}

[[noreturn]] void io_error(const std::string& path, const std::string& what) {
  throw std::runtime_error(path + ": " + what + ": " + std::strerror(errno));
}

// Writes bytes to a temporary file beside path, flushes it to disk and renames it over path.
void write_atomically(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) io_error(path, "cannot create " + tmp);
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      errno = saved;
      io_error(path, "write failed");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    io_error(path, "flush failed");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    io_error(path, "rename failed");
  }
}

}  // namespace

void write_png_gray(const std::string& path, int width, int height, const std::vector<std::uint8_t>& pixels) {
  if (width < 1 || height < 1)
    throw UsageError(path + ": PNG size must be at least 1x1, got " + std::to_string(width) + "x" +
                     std::to_string(height));
  const std::size_t row = static_cast<std::size_t>(width);
  if (pixels.size() != row * static_cast<std::size_t>(height))
    throw UsageError(path + ": " + std::to_string(width) + "x" + std::to_string(height) + " image needs " +
                     std::to_string(row * static_cast<std::size_t>(height)) + " pixels, got " +
                     std::to_string(pixels.size()));

  // Scanlines, each led by filter type 0 (None).
  std::vector<std::uint8_t> raw;
  raw.reserve((row + 1) * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) {
    raw.push_back(0);
    raw.insert(raw.end(), pixels.begin() + y * row, pixels.begin() + (y + 1) * row);
  }
  uLongf compressed_size = compressBound(static_cast<uLong>(raw.size()));
  std::vector<std::uint8_t> idat(compressed_size);
  if (compress2(idat.data(), &compressed_size, raw.data(), static_cast<uLong>(raw.size()),
                Z_DEFAULT_COMPRESSION) != Z_OK)
    throw std::runtime_error(path + ": zlib compression failed");
  idat.resize(compressed_size);

  std::vector<std::uint8_t> ihdr;
  put_u32(ihdr, static_cast<std::uint32_t>(width));
  put_u32(ihdr, static_cast<std::uint32_t>(height));
  ihdr.insert(ihdr.end(),
              {8, 0, 0, 0, 0});  // bit depth 8, grayscale, deflate, adaptive filters, no interlace

  std::vector<std::uint8_t> file = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  put_chunk(file, "IHDR", ihdr);
  put_chunk(file, "IDAT", idat);
  put_chunk(file, "IEND", {});
  write_atomically(path, file);
}

}  // namespace fedsec::attacks
