// Fuzz target: the server end of a secure channel opens arbitrary frames. Every frame must be
// rejected with a counted reason or, if accepted, carry exactly the plaintext length its size
// implies and be rejected as a replay when opened again; never a crash, exception or sanitizer
// report. Each input starts from a fresh copy of the channel (counters at zero).
#include <cstdio>
#include <cstdlib>

#include <spdlog/spdlog.h>

#include "fuzz_channel_pair.h"

namespace {

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "channel invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);  // every rejection is logged; keep the fuzzer's output readable
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fedsec::secure;
  static const Channel receiver = fixed_channel_pair().server;
  Channel server = receiver;
  const Bytes frame(data, data + size);
  const Opened first = server.open(frame, kFuzzRound);
  if (!first.ok()) {
    require(server.rejections().total() == 1, "a rejected frame is counted once");
    return 0;
  }
  require(first.plaintext->size() + kFrameOverhead == frame.size(), "plaintext length matches the frame");
  const Opened again = server.open(frame, kFuzzRound);
  require(!again.ok() && again.rejection == Rejection::Replayed, "an accepted frame is not accepted twice");
  return 0;
}
