#pragma once
// The secure channels of one run between the server and every client, in one process: the run's
// authority, each party's certified identity key, and one Channel at each end of each link.
// Shaped so that a fl::Transport can wrap it one-to-one: begin_round(round, participants) when a
// round starts, to_client(client, bytes) and to_server(client, bytes) for each message.
// The sealing and opening halves are also exposed, so tests (and attacks) can act on the frames
// in between. Calls for different clients may run concurrently.

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "privacy/secure/channel.h"
#include "privacy/secure/randomness.h"

namespace fedsec::secure {

class ChannelNetwork {
 public:
  explicit ChannelNetwork(Randomness randomness);

  // Sets the round that frames are bound to and enrols participants new to the run (identity
  // key, certificate, a channel at each end). Not concurrent with the other calls.
  void begin_round(int round, const std::vector<int>& participants);

  // Client `client` encrypts for the server / the server decrypts what arrived from `client`.
  Bytes client_seal(int client, uint8_t type, const Bytes& plaintext);
  Opened server_open(int client, const Bytes& frame);
  // The server encrypts for `client` / `client` decrypts what arrived from the server.
  Bytes server_seal(int client, uint8_t type, const Bytes& plaintext);
  Opened client_open(int client, const Bytes& frame);

  // Seal at one end and open at the other: what a transport carries, with its frame size.
  Opened to_server(int client, uint8_t type, const Bytes& plaintext, size_t* frame_size = nullptr);
  Opened to_client(int client, uint8_t type, const Bytes& plaintext, size_t* frame_size = nullptr);

  // Frames rejected so far at the server (from all clients) and at the clients.
  RejectCounts server_rejections() const;
  RejectCounts client_rejections() const;

  const PublicKey& authority_key() const { return authority_.public_key(); }
  const Certificate& server_certificate() const { return server_certificate_; }
  // The certificate issued to an enrolled client; throws std::out_of_range otherwise.
  const Certificate& certificate(int client) const;

 private:
  struct Link {
    Certificate certificate;
    std::optional<Channel> at_server;
    std::optional<Channel> at_client;
    std::mutex mutex;
  };
  Link& link(int client);

  Randomness randomness_;
  RunAuthority authority_;
  X25519Key server_identity_;
  Certificate server_certificate_;
  Bytes session_salt_;
  int round_ = 0;
  std::map<int, std::unique_ptr<Link>> links_;
};

}  // namespace fedsec::secure
