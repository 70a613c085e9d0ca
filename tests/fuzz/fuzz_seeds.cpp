// Writes the fuzzers' seed corpus under OUT_DIR: OUT_DIR/secagg_messages_fuzz holds a valid
// encoding of every SecAgg message type and a certificate; OUT_DIR/channel_open_fuzz holds frames
// sealed by the fixed client channel, which the fuzz target's server end accepts (all for round
// 1 but the last, an authentic frame for round 2); OUT_DIR/tls_frame_fuzz holds streams of
// length-prefixed frames, each behind the two bytes that set that target's limit and piece size.
// Usage: fuzz_seeds OUT_DIR
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "fuzz_channel_pair.h"
#include "privacy/secure/frame_codec.h"
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

// Two control bytes (maximum frame size / 64, piece size - 1), then the stream.
Bytes tls_stream(uint8_t max_frame_units, uint8_t piece_minus_one, const std::vector<Bytes>& frames) {
  Bytes out{max_frame_units, piece_minus_one};
  for (const Bytes& frame : frames) {
    const Bytes encoded = encode_frame(frame);
    out.insert(out.end(), encoded.begin(), encoded.end());
  }
  return out;
}

void write_tls_frames(const fs::path& dir) {
  write(dir, "hello", tls_stream(1, 0, {Bytes{'h', 'e', 'l', 'l', 'o'}}));
  write(dir, "several", tls_stream(4, 6, {Bytes{}, Bytes(200, 0x11), Bytes{1, 2, 3}}));
  write(dir, "at_limit", tls_stream(1, 255, {Bytes(64, 0x22)}));
  write(dir, "above_limit", tls_stream(1, 3, {Bytes(65, 0x33)}));
  Bytes truncated = tls_stream(2, 1, {Bytes(100, 0x44)});
  truncated.resize(truncated.size() - 7);
  write(dir, "truncated", truncated);
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
  write_tls_frames(out / "tls_frame_fuzz");
  return 0;
}
