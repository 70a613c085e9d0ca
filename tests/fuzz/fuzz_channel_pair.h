#pragma once
// A fixed client-to-server channel pair for the channel fuzz target and its seed corpus: the same
// authority, identity keys and salt on every run, so a frame sealed by fuzz_seeds opens in
// channel_open_fuzz.

#include "privacy/secure/channel.h"

namespace fedsec::secure {

constexpr int32_t kFuzzClient = 3;
constexpr int32_t kFuzzRound = 1;

struct ChannelPair {
  Channel client;  // seals frames for the server
  Channel server;  // opens them
};

ChannelPair fixed_channel_pair();

}  // namespace fedsec::secure
