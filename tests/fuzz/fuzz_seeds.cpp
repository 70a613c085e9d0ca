// Writes the fuzzers' seed corpus under OUT_DIR: OUT_DIR/secagg_messages_fuzz holds a valid
// encoding of every SecAgg message type and a certificate; OUT_DIR/channel_open_fuzz holds frames
// sealed by the fixed client channel, which the fuzz target's server end accepts (all for round
// 1 but the last, an authentic frame for round 2).
// Usage: fuzz_seeds OUT_DIR
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "fuzz_channel_pair.h"
#include "privacy/secure/secagg_messages.h"

namespace fs = std::filesystem;
using namespace fedsec::secure;

namespace {

void write(const fs::path& dir, const std::string& name, const Bytes& bytes) {
  fs::create_directories(dir);
  std::ofstream out(dir / (name + ".bin"), std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + (dir / name).string());
}

PublicKey key_filled(uint8_t v) {
  PublicKey k{};
  k.fill(v);
  return k;
}

ShamirShare share(uint64_t x) { return {x, {x * 3, x * 5, x * 7, x * 11, x * 13}}; }

void write_messages(const fs::path& dir) {
  const AdvertiseKeys keys{4, key_filled(1), key_filled(2)};
  write(dir, "advertise_keys", keys.encode());
  write(dir, "key_directory", KeyDirectory{{keys, AdvertiseKeys{7, key_filled(3), key_filled(4)}}}.encode());
  write(dir, "share_bundles", ShareBundles{{{4, 7, Bytes(24, 0xab)}, {4, 9, Bytes(3, 0xcd)}}}.encode());
  write(dir, "share_pair", SharePair{4, 7, share(2), share(2)}.encode());
  write(dir, "masked_input", MaskedInput{{1, 2, 0xffffffffu, 42}}.encode());
  write(dir, "survivor_list", SurvivorList{{1, 4, 7}}.encode());
  write(dir, "consistency_ack", ConsistencyAck{4, 3}.encode());
  write(dir, "unmasking_shares", UnmaskingShares{{{4, false, share(3)}, {7, true, share(3)}}}.encode());
  Certificate cert;
  cert.party = 4;
  cert.x25519_public = key_filled(5);
  write(dir, "certificate", cert.encode());
}

void write_frames(const fs::path& dir) {
  Channel client = fixed_channel_pair().client;
  write(dir, "hello", client.seal(kFuzzRound, 2, Bytes{'h', 'e', 'l', 'l', 'o'}));
  write(dir, "empty", client.seal(kFuzzRound, 1, Bytes{}));
  write(dir, "masked_input", client.seal(kFuzzRound, 3, MaskedInput{{1, 2, 3, 4, 5, 6, 7, 8}}.encode()));
  write(dir, "kilobyte", client.seal(kFuzzRound, 4, Bytes(1024, 0x5a)));
  write(dir, "other_round", client.seal(kFuzzRound + 1, 2, Bytes{'l', 'a', 't', 'e'}));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  const fs::path out = argv[1];
  write_messages(out / "secagg_messages_fuzz");
  write_frames(out / "channel_open_fuzz");
  return 0;
}
