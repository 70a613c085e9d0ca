#pragma once
// Runs the built `fedsec` executable for command-line tests.

#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fedsec::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line and captures its output and exit code.
inline CommandResult run_shell(const std::string& command_line) {
  const auto log =
      std::filesystem::temp_directory_path() / ("fedsec_cli_" + std::to_string(::getpid()) + ".log");
  const std::string command = command_line + " > " + log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  result.output = text.str();
  return result;
}

// Runs `fedsec <args>` through the shell and captures its output and exit code.
inline CommandResult run_fedsec(const std::string& args) {
  return run_shell(std::string(FEDSEC_CLI_PATH) + " " + args);
}

// The lines of a JSONL file (rounds.jsonl), parsed.
inline std::vector<nlohmann::json> read_jsonl(const std::filesystem::path& file) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

// Writes text to a fresh file under a fresh temp directory named `dir` and returns its path.
inline std::string write_temp_file(const std::string& dir, const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / dir;
  std::filesystem::create_directories(path);
  std::ofstream(path / name) << text;
  return (path / name).string();
}

// An experiment that runs in a fraction of a second on real Fashion-MNIST.
inline const char* kTinyExperiment =
    "data: {max_train_samples: 300, max_test_samples: 200}\n"
    "model: {name: logreg}\n"
    "partition: {name: iid, num_clients: 10}\n"
    "federation: {rounds: 3, clients_per_round: 4}\n";

}  // namespace fedsec::testing
