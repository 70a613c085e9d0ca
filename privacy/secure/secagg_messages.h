#pragma once
// The wire format of SecAgg / SecAgg+ messages (one struct per message of Bonawitz et al.,
// Fig. 4). Every message starts with a one-byte tag; decode() throws FormatError on a wrong tag,
// short or trailing bytes.

#include <cstdint>
#include <vector>

#include "privacy/secure/bytes.h"
#include "privacy/secure/keys.h"
#include "privacy/secure/shamir.h"

namespace fedsec::secure {

// Round 0, client -> server: the client's two public keys (c: share encryption, s: masks).
struct AdvertiseKeys {
  int32_t client = 0;
  PublicKey c_public{};
  PublicKey s_public{};
  Bytes encode() const;
  static AdvertiseKeys decode(const Bytes& bytes);
};

// Round 0 reply, server -> client: the keys of the client's neighbourhood that reached the server.
struct KeyDirectory {
  std::vector<AdvertiseKeys> keys;
  Bytes encode() const;
  static KeyDirectory decode(const Bytes& bytes);
};

// An encrypted share bundle from one client to another, carried by the server.
struct SealedShare {
  int32_t from = 0;
  int32_t to = 0;
  Bytes ciphertext;
};

// Round 1, client -> server (one bundle per neighbour), and the server's reply (the bundles
// addressed to the client).
struct ShareBundles {
  std::vector<SealedShare> bundles;
  Bytes encode() const;
  static ShareBundles decode(const Bytes& bytes);
};

// Plaintext of a SealedShare: the sender's shares of its mask key s^SK and self-mask seed b.
struct SharePair {
  int32_t from = 0;
  int32_t to = 0;
  ShamirShare s_key;
  ShamirShare self_seed;
  Bytes encode() const;
  static SharePair decode(const Bytes& bytes);
};

// Round 2, client -> server: the masked input y_u in Z_{2^32}^d.
struct MaskedInput {
  std::vector<uint32_t> values;
  Bytes encode() const;
  static MaskedInput decode(const Bytes& bytes);
};

// Rounds 2 and 3 replies, server -> client: the clients of the neighbourhood still present.
struct SurvivorList {
  std::vector<int32_t> clients;  // ascending
  Bytes encode() const;
  static SurvivorList decode(const Bytes& bytes);
};

// Round 3, client -> server: the client accepts the survivor list (simplified consistency check).
struct ConsistencyAck {
  int32_t client = 0;
  uint32_t survivors = 0;
  Bytes encode() const;
  static ConsistencyAck decode(const Bytes& bytes);
};

// Round 4, client -> server: for each neighbour, either its self-mask share (it sent a masked
// input) or its mask-key share (it did not), never both.
struct RevealedShare {
  int32_t owner = 0;
  bool is_mask_key = false;  // true: share of s^SK; false: share of b
  ShamirShare share;
};
struct UnmaskingShares {
  std::vector<RevealedShare> shares;
  Bytes encode() const;
  static UnmaskingShares decode(const Bytes& bytes);
};

}  // namespace fedsec::secure
