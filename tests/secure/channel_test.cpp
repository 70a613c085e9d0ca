// The secure channel rejects each of the five attacks on frames, counts them, and never yields
// plaintext for a rejected frame; peers must hold a certificate from the run's authority.
#include <gtest/gtest.h>

#include "privacy/secure/channel_network.h"

namespace fedsec::secure {
namespace {

const Bytes kHello = {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'};

ChannelNetwork network_with(const std::vector<int>& clients, int round = 1) {
  ChannelNetwork net(Randomness::seeded(7));
  net.begin_round(round, clients);
  return net;
}

TEST(SecureChannel, DeliversPlaintextBothWaysWithItsType) {
  ChannelNetwork net = network_with({0, 1});
  size_t frame_size = 0;
  Opened up = net.to_server(1, 2, kHello, &frame_size);
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(*up.plaintext, kHello);
  EXPECT_EQ(up.type, 2);
  EXPECT_EQ(frame_size, kHello.size() + kFrameOverhead);
  Opened down = net.to_client(0, 1, kHello);
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(*down.plaintext, kHello);
  EXPECT_EQ(net.server_rejections().total() + net.client_rejections().total(), 0);
}

TEST(SecureChannel, CiphertextHidesThePlaintext) {
  ChannelNetwork net = network_with({0});
  const Bytes frame = net.client_seal(0, 2, kHello);
  const Bytes body(frame.begin() + kFrameHeaderSize, frame.begin() + kFrameHeaderSize + kHello.size());
  EXPECT_NE(body, kHello);
  // The same plaintext twice gives different ciphertexts (fresh counter nonce).
  const Bytes again = net.client_seal(0, 2, kHello);
  EXPECT_FALSE(std::equal(frame.begin() + kFrameHeaderSize, frame.end(), again.begin() + kFrameHeaderSize));
}

TEST(SecureChannel, RejectsTamperedFramesAnywhere) {
  ChannelNetwork net = network_with({0});
  const Bytes frame = net.client_seal(0, 2, kHello);
  // Every byte except sender and receiver (those are routing: see the misrouting test).
  int tried = 0;
  for (size_t i = 0; i < frame.size(); ++i) {
    if (i >= 6 && i < 14) continue;
    Bytes bad = frame;
    bad[i] ^= 0x01;
    Opened o = net.server_open(0, bad);
    EXPECT_FALSE(o.ok()) << "flipped byte " << i;
    const bool length_field = i >= 22 && i < 26;
    if (!length_field) {
      EXPECT_EQ(o.rejection, Rejection::Tampered) << "flipped byte " << i;
    }
    ++tried;
  }
  const RejectCounts counts = net.server_rejections();
  EXPECT_EQ(counts.total(), tried);
  EXPECT_GE(counts.tampered, tried - 4);
  // The untouched frame is still accepted afterwards.
  EXPECT_TRUE(net.server_open(0, frame).ok());
}

TEST(SecureChannel, RejectsTruncatedFrames) {
  ChannelNetwork net = network_with({0});
  const Bytes frame = net.client_seal(0, 2, kHello);
  for (size_t keep : {size_t{0}, size_t{10}, kFrameHeaderSize, frame.size() - 1}) {
    Opened o = net.server_open(0, Bytes(frame.begin(), frame.begin() + keep));
    EXPECT_FALSE(o.ok());
    EXPECT_EQ(o.rejection, Rejection::Truncated) << "kept " << keep << " bytes";
  }
  EXPECT_EQ(net.server_rejections().truncated, 4);
  EXPECT_TRUE(net.server_open(0, frame).ok());
}

TEST(SecureChannel, RejectsReplayedFrames) {
  ChannelNetwork net = network_with({0});
  const Bytes frame = net.server_seal(0, 1, kHello);
  EXPECT_TRUE(net.client_open(0, frame).ok());
  Opened again = net.client_open(0, frame);
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(again.rejection, Rejection::Replayed);
  EXPECT_EQ(net.client_rejections().replayed, 1);
}

TEST(SecureChannel, RejectsReorderedFrames) {
  ChannelNetwork net = network_with({0});
  const Bytes first = net.client_seal(0, 2, {1});
  const Bytes second = net.client_seal(0, 2, {2});
  // The later frame arrives first and is delivered (the earlier one may have been lost) ...
  Opened early = net.server_open(0, second);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(*early.plaintext, Bytes{2});
  // ... so the earlier one, arriving late, is rejected as reordered, and as a replay after that.
  EXPECT_EQ(net.server_open(0, first).rejection, Rejection::Reordered);
  EXPECT_EQ(net.server_open(0, first).rejection, Rejection::Replayed);
  EXPECT_EQ(net.server_rejections().reordered, 1);
  EXPECT_EQ(net.server_rejections().replayed, 1);
}

TEST(SecureChannel, RejectsMisroutedFrames) {
  ChannelNetwork net = network_with({0, 1});
  // Client 0's frame presented to the server as coming from client 1.
  Opened wrong_sender = net.server_open(1, net.client_seal(0, 2, kHello));
  EXPECT_EQ(wrong_sender.rejection, Rejection::Misrouted);
  // The server's frame for client 0 delivered to client 1.
  Opened wrong_receiver = net.client_open(1, net.server_seal(0, 1, kHello));
  EXPECT_EQ(wrong_receiver.rejection, Rejection::Misrouted);
  // A client's own frame reflected back to it.
  Opened reflected = net.client_open(0, net.client_seal(0, 2, kHello));
  EXPECT_EQ(reflected.rejection, Rejection::Misrouted);
  // Rewriting the routing fields to fit does not help: they are authenticated.
  Bytes rerouted = net.client_seal(0, 2, kHello);
  rerouted[6] = 1;  // sender field, low byte: now claims client 1
  EXPECT_EQ(net.server_open(1, rerouted).rejection, Rejection::Tampered);
  EXPECT_EQ(net.server_rejections().misrouted, 1);
  EXPECT_EQ(net.client_rejections().misrouted, 2);
}

TEST(SecureChannel, RejectsFramesFromAnotherRound) {
  ChannelNetwork net = network_with({0}, 1);
  const Bytes old = net.client_seal(0, 2, kHello);
  net.begin_round(2, {0});
  Opened o = net.server_open(0, old);
  EXPECT_FALSE(o.ok());
  EXPECT_EQ(o.rejection, Rejection::Misrouted);
  EXPECT_TRUE(net.to_server(0, 2, kHello).ok());
}

TEST(SecureChannel, CertificatesRoundTripAndVerify) {
  ChannelNetwork net = network_with({3});
  const Certificate& cert = net.certificate(3);
  EXPECT_TRUE(verify_certificate(cert, net.authority_key()));
  const Certificate back = Certificate::decode(cert.encode());
  EXPECT_EQ(back.party, 3);
  EXPECT_EQ(back.x25519_public, cert.x25519_public);
  EXPECT_EQ(back.signature, cert.signature);
  Bytes cut = cert.encode();
  cut.pop_back();
  EXPECT_THROW(Certificate::decode(cut), FormatError);
}

TEST(SecureChannel, RefusesForgedCertificates) {
  ChannelNetwork net = network_with({0});
  const X25519Key server_key(PrivateKey{1});
  const X25519Key mallory_key(PrivateKey{2});
  const Bytes salt(32, 0);
  // Signed by an authority of Mallory's own.
  const RunAuthority rogue(PrivateKey{9});
  Certificate forged = rogue.issue(0, mallory_key.public_key());
  ChannelSetup s1 = Channel::establish(kServerParty, server_key, 0, forged, net.authority_key(), salt);
  EXPECT_FALSE(s1.channel.has_value());
  EXPECT_NE(s1.error.find("not signed"), std::string::npos);
  // A genuine certificate with Mallory's key swapped in.
  Certificate swapped = net.certificate(0);
  swapped.x25519_public = mallory_key.public_key();
  EXPECT_FALSE(Channel::establish(kServerParty, server_key, 0, swapped, net.authority_key(), salt).channel);
  // A genuine certificate with its party id changed.
  Certificate renamed = net.certificate(0);
  renamed.party = 5;
  EXPECT_FALSE(Channel::establish(kServerParty, server_key, 5, renamed, net.authority_key(), salt).channel);
  // A genuine certificate presented for another party.
  ChannelSetup s4 =
      Channel::establish(kServerParty, server_key, 4, net.certificate(0), net.authority_key(), salt);
  EXPECT_FALSE(s4.channel.has_value());
  EXPECT_NE(s4.error.find("expected 4"), std::string::npos);
  // The genuine certificate for the right party works.
  EXPECT_TRUE(
      Channel::establish(kServerParty, server_key, 0, net.certificate(0), net.authority_key(), salt).channel);
}

TEST(SecureChannel, SameSeedGivesSameFrames) {
  ChannelNetwork a = network_with({0});
  ChannelNetwork b = network_with({0});
  EXPECT_EQ(a.client_seal(0, 2, kHello), b.client_seal(0, 2, kHello));
  ChannelNetwork fresh(Randomness::system());
  fresh.begin_round(1, {0});
  EXPECT_TRUE(fresh.to_server(0, 2, kHello).ok());
}

}  // namespace
}  // namespace fedsec::secure
