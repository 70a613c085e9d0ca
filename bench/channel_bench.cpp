// Throughput of the secure channel's AES-256-GCM: sealing and opening 1 MiB messages through a
// Channel (frame header, additional data, counter nonce, replay checks) and through the bare
// AEAD calls beneath it, in CPU time of this thread (what `openssl speed` reports by default is
// user CPU time). Prints one "name value" line per figure, in GB/s (10^9 bytes of plaintext per
// second), each the median over repetitions; bench/compare_openssl.py sets them beside
// `openssl speed -evp aes-256-gcm`.
//
//   build/bench/fedsec_channel_bench [repetitions] [messages per repetition]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <vector>

#include "privacy/secure/channel_network.h"

namespace {

using namespace fedsec::secure;

constexpr size_t kMessageSize = size_t{1} << 20;

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// GB/s of plaintext for `messages` calls of f, each on one message.
double rate(int messages, const std::function<void(int)>& f) {
  const double start = thread_cpu_seconds();
  for (int i = 0; i < messages; ++i) f(i);
  const double seconds = thread_cpu_seconds() - start;
  return static_cast<double>(messages) * static_cast<double>(kMessageSize) / seconds / 1e9;
}

void fail(const char* what) {
  std::fprintf(stderr, "channel_bench: %s\n", what);
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  const int repetitions = argc > 1 ? std::atoi(argv[1]) : 7;
  const int messages = argc > 2 ? std::atoi(argv[2]) : 32;
  if (repetitions < 1 || messages < 1) fail("usage: fedsec_channel_bench [repetitions] [messages]");

  const Bytes message = Randomness::seeded(1).bytes("bench.message", 0, 0, kMessageSize);
  ChannelNetwork net(Randomness::seeded(2));
  net.begin_round(1, {0});
  const AeadKey key{};
  const std::vector<uint8_t> aad(kFrameHeaderSize, 0);

  std::vector<double> seal, open, aead_seal_rate, aead_open_rate;
  std::vector<Bytes> frames(static_cast<size_t>(messages));
  uint64_t counter = 0;
  for (int r = 0; r < repetitions; ++r) {
    seal.push_back(rate(messages, [&](int i) { frames[i] = net.client_seal(0, 1, message); }));
    open.push_back(rate(messages, [&](int i) {
      if (!net.server_open(0, frames[i]).ok()) fail("a sealed frame did not open");
    }));
    const uint64_t first = counter;
    aead_seal_rate.push_back(rate(messages, [&](int i) {
      frames[i] =
          aead_seal(key, counter_nonce(counter++), aad.data(), aad.size(), message.data(), message.size());
    }));
    aead_open_rate.push_back(rate(messages, [&](int i) {
      const Bytes& f = frames[i];
      if (!aead_open(key, counter_nonce(first + i), aad.data(), aad.size(), f.data(), f.size())) {
        fail("a sealed message did not open");
      }
    }));
  }
  std::printf("message_bytes %zu\n", kMessageSize);
  std::printf("channel_seal_gbps %.3f\n", median(seal));
  std::printf("channel_open_gbps %.3f\n", median(open));
  std::printf("aead_seal_gbps %.3f\n", median(aead_seal_rate));
  std::printf("aead_open_gbps %.3f\n", median(aead_open_rate));
  return 0;
}
