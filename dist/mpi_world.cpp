#include "dist/mpi_world.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>

namespace fedsec::dist {
namespace {

MpiWorld* g_world = nullptr;

void check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  throw std::runtime_error(std::string(what) + ": " + std::string(text, static_cast<size_t>(length)));
}

int checked_count(size_t n) {
  if (n > static_cast<size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("an MPI message of " + std::to_string(n) + " bytes exceeds 2 GiB");
  return static_cast<int>(n);
}

}  // namespace

bool MpiWorld::launched() {
  // Open MPI's mpirun, and srun or other PMI launchers.
  return std::getenv("OMPI_COMM_WORLD_RANK") != nullptr || std::getenv("PMIX_RANK") != nullptr ||
         std::getenv("PMI_RANK") != nullptr;
}

MpiWorld::MpiWorld(int* argc, char*** argv) {
  int provided = 0;
  check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("the MPI library does not support MPI_THREAD_FUNNELED");
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  g_world = this;
}

MpiWorld::~MpiWorld() {
  g_world = nullptr;
  MPI_Finalize();
}

MpiWorld* MpiWorld::current() { return g_world; }

void MpiWorld::send(int rank, int tag, const Bytes& bytes) const {
  check(MPI_Send(bytes.data(), checked_count(bytes.size()), MPI_BYTE, rank, tag, MPI_COMM_WORLD), "MPI_Send");
}

void MpiWorld::start_send(int rank, int tag, const Bytes& bytes) {
  MPI_Request request;
  check(MPI_Isend(bytes.data(), checked_count(bytes.size()), MPI_BYTE, rank, tag, MPI_COMM_WORLD, &request),
        "MPI_Isend");
  pending_.push_back(request);
}

void MpiWorld::wait_all() {
  if (pending_.empty()) return;
  const int rc = MPI_Waitall(static_cast<int>(pending_.size()), pending_.data(), MPI_STATUSES_IGNORE);
  pending_.clear();
  check(rc, "MPI_Waitall");
}

Bytes MpiWorld::receive(int source, int tag, int* from, int* got_tag) const {
  // Polls with a short sleep instead of blocking: a blocked Open MPI receive spins on a core,
  // which ranks sharing a machine's cores would take from each other.
  MPI_Status status;
  for (int waited_us = 0;;) {
    int arrived = 0;
    check(MPI_Iprobe(source == kAny ? MPI_ANY_SOURCE : source, tag == kAny ? MPI_ANY_TAG : tag,
                     MPI_COMM_WORLD, &arrived, &status),
          "MPI_Iprobe");
    if (arrived) break;
    waited_us = std::min(2 * waited_us + 20, 1000);
    std::this_thread::sleep_for(std::chrono::microseconds(waited_us));
  }
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  Bytes bytes(static_cast<size_t>(count));
  check(MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "MPI_Recv");
  if (from) *from = status.MPI_SOURCE;
  if (got_tag) *got_tag = status.MPI_TAG;
  return bytes;
}

void MpiWorld::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

}  // namespace fedsec::dist
