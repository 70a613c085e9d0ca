#include "fl/message.h"

#include <gtest/gtest.h>

#include "fl/transport.h"

namespace fedsec::fl {
namespace {

TEST(Message, EncodeDecodeRoundTripsExactly) {
  Message m;
  m.kind = MessageKind::ClientUpdate;
  m.round = 7;
  m.client = 42;
  m.weight = 123;
  m.train_loss = 0.25;
  m.payload = torch::randn({1000});
  const Bytes bytes = encode(m);
  EXPECT_EQ(bytes.size(), 37u + 4000u);
  const Message back = decode(bytes);
  EXPECT_EQ(back.kind, m.kind);
  EXPECT_EQ(back.round, 7);
  EXPECT_EQ(back.client, 42);
  EXPECT_EQ(back.weight, 123);
  EXPECT_EQ(back.train_loss, 0.25);
  EXPECT_TRUE(torch::equal(back.payload, m.payload));
}

TEST(Message, MalformedBytesAreRejected) {
  Message m;
  m.payload = torch::ones({3});
  Bytes bytes = encode(m);
  Bytes truncated(bytes.begin(), bytes.end() - 1);
  EXPECT_THROW(decode(truncated), MessageFormatError);
  Bytes bad_magic = bytes;
  bad_magic[0] = 'X';
  EXPECT_THROW(decode(bad_magic), MessageFormatError);
  Bytes bad_kind = bytes;
  bad_kind[4] = 9;
  EXPECT_THROW(decode(bad_kind), MessageFormatError);
  EXPECT_THROW(decode(Bytes(5)), MessageFormatError);
}

TEST(InProcessTransport, CountsBytesPerDirectionAndResets) {
  InProcessTransport t;
  t.to_client(1, Bytes(100));
  t.to_client(2, Bytes(100));
  t.to_server(1, Bytes(30));
  const auto counts = t.take_counts();
  EXPECT_EQ(counts.down, 200);
  EXPECT_EQ(counts.up, 30);
  EXPECT_EQ(t.take_counts().down, 0);
}

}  // namespace
}  // namespace fedsec::fl
