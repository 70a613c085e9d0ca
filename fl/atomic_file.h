#pragma once
// Crash-safe file output: a reader sees either the old content or the new, never a torn file,
// even if the process is killed with SIGKILL at any instant.

#include <string>

namespace fedsec::fl {

// Writes content to a temporary file beside path, flushes it to disk, then renames it over path.
// Throws std::runtime_error naming the path on failure.
void write_file_atomic(const std::string& path, const std::string& content);

// Reads a whole file; throws std::runtime_error naming the path if it cannot be read.
std::string read_file(const std::string& path);

}  // namespace fedsec::fl
