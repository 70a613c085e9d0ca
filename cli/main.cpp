// The `fedsec` executable. Exit codes: 0 success, 1 runtime failure, 2 usage or config error.
#include <malloc.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "fl/errors.h"
#ifdef FEDSEC_WITH_MPI
#include "dist/mpi_world.h"
#endif

namespace {

// Under an MPI launcher a failed rank ends every rank (the others would wait for it forever);
// otherwise the exit code is returned.
int fail(int code) {
#ifdef FEDSEC_WITH_MPI
  if (auto* world = fedsec::dist::MpiWorld::current(); world && world->size() > 1) world->abort(code);
#endif
  return code;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef FEDSEC_WITH_MPI
  std::unique_ptr<fedsec::dist::MpiWorld> world;
  if (fedsec::dist::MpiWorld::launched()) world = std::make_unique<fedsec::dist::MpiWorld>(&argc, &argv);
#endif
  // Keep freed large blocks in the heap for reuse instead of returning them to the kernel: the
  // simulator frees and reallocates model-sized buffers for every client, and each freshly
  // mapped page costs a page fault (see docs/performance.md).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  CLI::App app{"fedsec: evaluate the privacy and security of federated learning"};
  app.require_subcommand(1);
  fedsec::cli::add_run_command(app);
  fedsec::cli::add_sweep_command(app);
  fedsec::cli::add_config_doc_command(app);
  fedsec::cli::add_partition_command(app);
  fedsec::cli::add_account_command(app);
  fedsec::cli::add_diff2_command(app);
  fedsec::cli::add_traffic_command(app);
  fedsec::cli::add_aggregate_command(app);
  fedsec::cli::add_attack_command(app);
  fedsec::cli::add_certs_command(app);
  fedsec::cli::add_serve_command(app);
  fedsec::cli::add_join_command(app);
  spdlog::set_pattern("[%H:%M:%S] %v");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return e.get_exit_code() == 0 ? 0 : fail(2);
  } catch (const fedsec::UsageError& e) {
    std::cerr << "fedsec: error: " << e.what() << "\n";
    return fail(2);
  } catch (const std::exception& e) {
    std::cerr << "fedsec: failed: " << e.what() << "\n";
    return fail(1);
  }
  return 0;
}
