// Fuzz target: the decoders of the SecAgg wire format and of the certificate encoding on arbitrary
// bytes. The first byte picks the decoder whose messages start with it (any other byte picks one
// by its value, to exercise the wrong-tag path). The decoder must either throw FormatError or
// return a message whose encoding is exactly the input (the format is canonical); any other
// exception, crash or sanitizer report is a finding.
#include <array>
#include <cstdio>
#include <cstdlib>

#include "privacy/secure/certificate.h"
#include "privacy/secure/secagg_messages.h"

namespace fedsec::secure {
namespace {

template <typename Message>
void check_decoder(const char* name, const Bytes& input) {
  Message message;
  try {
    message = Message::decode(input);
  } catch (const FormatError&) {
    return;
  }
  if (message.encode() != input) {
    std::fprintf(stderr, "%s::decode accepted %zu bytes that do not re-encode to themselves\n", name,
                 input.size());
    std::abort();
  }
}

struct Decoder {
  uint8_t first_byte;  // what this type's encodings start with
  const char* name;
  void (*check)(const char* name, const Bytes& input);
};

template <typename Message>
Decoder decoder_of(const char* name) {
  return {Message{}.encode().front(), name, &check_decoder<Message>};
}

const std::array<Decoder, 9>& decoders() {
  static const std::array<Decoder, 9> all = {
      decoder_of<AdvertiseKeys>("AdvertiseKeys"),   decoder_of<KeyDirectory>("KeyDirectory"),
      decoder_of<ShareBundles>("ShareBundles"),     decoder_of<SharePair>("SharePair"),
      decoder_of<MaskedInput>("MaskedInput"),       decoder_of<SurvivorList>("SurvivorList"),
      decoder_of<ConsistencyAck>("ConsistencyAck"), decoder_of<UnmaskingShares>("UnmaskingShares"),
      decoder_of<Certificate>("Certificate")};
  return all;
}

}  // namespace
}  // namespace fedsec::secure

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fedsec::secure;
  const auto& all = decoders();
  const uint8_t first = size > 0 ? data[0] : 0;
  const Decoder* pick = &all[first % all.size()];
  for (const Decoder& d : all) {
    if (size > 0 && d.first_byte == first) pick = &d;
  }
  pick->check(pick->name, Bytes(data, data + size));
  return 0;
}
