#pragma once
// The MPI world of a fedsec process started by an MPI launcher (mpirun, srun): Open MPI from
// Debian, initialised once in main() and finalised at exit. Only the thread that made the world
// calls MPI (MPI_THREAD_FUNNELED); other threads of the process never do.

#include <mpi.h>

#include <cstdint>
#include <vector>

namespace fedsec::dist {

using Bytes = std::vector<uint8_t>;

class MpiWorld {
 public:
  // Whether this process was started by an MPI launcher (its environment names an MPI rank).
  static bool launched();
  // Initialises MPI; throws std::runtime_error if MPI cannot give MPI_THREAD_FUNNELED.
  MpiWorld(int* argc, char*** argv);
  ~MpiWorld();  // MPI_Finalize
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  // The world of this process, or null when it was not started by an MPI launcher.
  static MpiWorld* current();

  // Sends `bytes` to `rank` with `tag` (blocking until the buffer can be reused).
  void send(int rank, int tag, const Bytes& bytes) const;
  // Starts sending `bytes` (which must live until wait_all) to `rank` with `tag`.
  void start_send(int rank, int tag, const Bytes& bytes);
  // Waits for every send started by start_send.
  void wait_all();
  // The next message from `source` with `tag` (kAny for either); sets *from and *got_tag.
  Bytes receive(int source, int tag, int* from = nullptr, int* got_tag = nullptr) const;
  static constexpr int kAny = -1;

  // Ends every process of the world with `code` (MPI_Abort); for a failure one rank cannot
  // recover from while the others wait for it.
  [[noreturn]] void abort(int code) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  std::vector<MPI_Request> pending_;  // sends started by start_send
};

}  // namespace fedsec::dist
