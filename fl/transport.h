#pragma once
// Transports carry encoded messages between the server and each client and count every byte
// that crosses, per direction. The in-process transport passes bytes through; encrypted,
// masked, compressed and noisy transports implement the same interface.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "fl/message.h"

namespace fedsec::fl {

// What a summing transport (secure aggregation) hands the server for one round.
struct SecureSum {
  bool ok = false;
  std::string error;              // why the round failed (empty when ok)
  std::vector<int> contributors;  // whose vectors are in the sum, ascending
  std::vector<double> sum;        // the sum of the contributors' vectors, as the server decodes it
  double error_bound = 0.0;       // per coordinate, |sum - exact sum of the inputs the transport took|
};

struct ByteCounts {
  int64_t up = 0;    // client -> server
  int64_t down = 0;  // server -> client
};

class Transport {
 public:
  virtual ~Transport() = default;

  // Called once per round before any message, with the round's participants.
  virtual void begin_round(int round, const std::vector<int>& participants);
  // Carries bytes from the server to a client; returns what the client receives, or nothing
  // (empty) when the message was rejected on the way and not delivered. Thread-safe.
  virtual Bytes to_client(int client, Bytes bytes) = 0;
  // Carries bytes from a client to the server, likewise. Thread-safe.
  virtual Bytes to_server(int client, Bytes bytes) = 0;

  // True for transports that show the server only the sum of the round's updates (secure
  // aggregation): the server then calls sum_to_server() once per round instead of to_server()
  // for each update, and never sees an individual update.
  virtual bool reveals_only_sum() const { return false; }
  // Carries vectors[i] from clients[i] (all of one length) and returns what the server learns:
  // their sum over the contributors, or a failed round with the reason. Counts every byte of the
  // protocol. Only for transports that reveal_only_sum(); the default throws std::logic_error.
  virtual SecureSum sum_to_server(int round, const std::vector<int>& clients,
                                  const std::vector<std::vector<float>>& vectors);

  // True for transports whose clients run in other processes (fedsec serve): the server then
  // hands each round's global-model message to exchange() instead of running the clients itself.
  virtual bool runs_clients_remotely() const { return false; }
  // Sends `down` to each of `clients` and returns their replies in the same order (empty where a
  // client sent none). Counts every byte. Only for transports that run clients remotely; the
  // default throws std::logic_error.
  virtual std::vector<Bytes> exchange(const std::vector<int>& clients, const Bytes& down);
  // For transports that both run clients remotely and reveal only the sum: sends `down` to each
  // of `clients`, which train and sum their offers (Simulation::offer, `length` floats each)
  // among themselves; returns what the server learns, as sum_to_server() does. Counts every byte.
  // The default throws std::logic_error.
  virtual SecureSum exchange_for_sum(int round, const std::vector<int>& clients, const Bytes& down,
                                     size_t length);

  // Bytes carried since the last call, then resets the counts.
  ByteCounts take_counts();
  // Messages rejected (tampered, truncated, replayed, reordered, misrouted) since the last call.
  virtual int64_t take_rejections() { return 0; }

 protected:
  void count_up(int64_t n) { up_ += n; }
  void count_down(int64_t n) { down_ += n; }

 private:
  std::atomic<int64_t> up_{0};
  std::atomic<int64_t> down_{0};
};

// Delivers the bytes unchanged (the default).
class InProcessTransport final : public Transport {
 public:
  Bytes to_client(int client, Bytes bytes) override;
  Bytes to_server(int client, Bytes bytes) override;
};

}  // namespace fedsec::fl
