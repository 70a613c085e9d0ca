#include "fuzz_channel_pair.h"

#include <stdexcept>

#include "privacy/secure/randomness.h"

namespace fedsec::secure {
namespace {

PrivateKey key32(const Randomness& r, std::string_view purpose, int64_t party) {
  return to_array32(r.bytes(purpose, 0, party, 32));
}

}  // namespace

ChannelPair fixed_channel_pair() {
  const Randomness r = Randomness::seeded(1);
  const RunAuthority authority(key32(r, "fuzz.authority", 0));
  const X25519Key client_identity(key32(r, "fuzz.identity", kFuzzClient));
  const X25519Key server_identity(key32(r, "fuzz.identity", kServerParty));
  const Certificate client_cert = authority.issue(kFuzzClient, client_identity.public_key());
  const Certificate server_cert = authority.issue(kServerParty, server_identity.public_key());
  const Bytes salt = r.bytes("fuzz.salt", 0, 0, 32);
  ChannelSetup client = Channel::establish(kFuzzClient, client_identity, kServerParty, server_cert,
                                           authority.public_key(), salt);
  ChannelSetup server = Channel::establish(kServerParty, server_identity, kFuzzClient, client_cert,
                                           authority.public_key(), salt);
  if (!client.channel || !server.channel) throw std::runtime_error(client.error + server.error);
  return {std::move(*client.channel), std::move(*server.channel)};
}

}  // namespace fedsec::secure
