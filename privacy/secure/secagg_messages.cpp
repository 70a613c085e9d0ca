#include "privacy/secure/secagg_messages.h"

#include <string>

namespace fedsec::secure {
namespace {

enum Tag : uint8_t {
  kAdvertise = 0x10,
  kDirectory = 0x11,
  kShares = 0x12,
  kSharePair = 0x13,
  kMasked = 0x14,
  kSurvivors = 0x15,
  kAck = 0x16,
  kUnmask = 0x17,
};

// Counts read from the wire must fit what is left, so a forged count cannot ask for memory.
uint32_t read_count(ByteReader& r, size_t min_item_size) {
  const uint32_t n = r.u32();
  if (static_cast<uint64_t>(n) * min_item_size > r.remaining()) {
    throw FormatError("count " + std::to_string(n) + " exceeds the message length");
  }
  return n;
}

void expect_tag(ByteReader& r, Tag tag) {
  const uint8_t got = r.u8();
  if (got != tag) throw FormatError("unexpected secagg message tag " + std::to_string(got));
}

void write_key(ByteWriter& w, const PublicKey& k) { w.raw(k.data(), k.size()); }
PublicKey read_key(ByteReader& r) {
  PublicKey k{};
  r.raw(k.data(), k.size());
  return k;
}

void write_share(ByteWriter& w, const ShamirShare& s) {
  w.u64(s.x);
  w.u32(static_cast<uint32_t>(s.y.size()));
  for (uint64_t y : s.y) w.u64(y);
}
ShamirShare read_share(ByteReader& r) {
  ShamirShare s;
  s.x = r.u64();
  s.y.resize(read_count(r, 8));
  for (auto& y : s.y) y = r.u64();
  return s;
}

void write_advertise(ByteWriter& w, const AdvertiseKeys& a) {
  w.i32(a.client);
  write_key(w, a.c_public);
  write_key(w, a.s_public);
}
AdvertiseKeys read_advertise(ByteReader& r) {
  AdvertiseKeys a;
  a.client = r.i32();
  a.c_public = read_key(r);
  a.s_public = read_key(r);
  return a;
}

}  // namespace

Bytes AdvertiseKeys::encode() const {
  ByteWriter w;
  w.u8(kAdvertise);
  write_advertise(w, *this);
  return w.take();
}
AdvertiseKeys AdvertiseKeys::decode(const Bytes& bytes) {
  ByteReader r(bytes);
  expect_tag(r, kAdvertise);
  AdvertiseKeys a = read_advertise(r);
  r.expect_end();
  return a;
}

Bytes KeyDirectory::encode() const {
  ByteWriter w;
  w.u8(kDirectory);
  w.u32(static_cast<uint32_t>(keys.size()));
  for (const auto& k : keys) write_advertise(w, k);
  return w.take();
}
KeyDirectory KeyDirectory::decode(const Bytes& bytes) {
  ByteReader r(bytes);
  expect_tag(r, kDirectory);
  KeyDirectory d;
  d.keys.resize(read_count(r, 68));
  for (auto& k : d.keys) k = read_advertise(r);
  r.expect_end();
  return d;
}

Bytes ShareBundles::encode() const {
  ByteWriter w;
  w.u8(kShares);
  w.u32(static_cast<uint32_t>(bundles.size()));
  for (const auto& b : bundles) {
    w.i32(b.from);
    w.i32(b.to);
    w.blob(b.ciphertext);
  }
  return w.take();
}
ShareBundles ShareBundles::decode(const Bytes& bytes) {
  ByteReader r(bytes);
  expect_tag(r, kShares);
  ShareBundles s;
  s.bundles.resize(read_count(r, 12));
  for (auto& b : s.bundles) {
    b.from = r.i32();
    b.to = r.i32();
    b.ciphertext = r.blob();
  }
  r.expect_end();
  return s;
}

Bytes SharePair::encode() const {
  ByteWriter w;
  w.u8(kSharePair);
  w.i32(from);
  w.i32(to);
  write_share(w, s_key);
  write_share(w, self_seed);
  return w.take();
}
SharePair SharePair::decode(const Bytes& bytes) {
  ByteReader r(bytes);
  expect_tag(r, kSharePair);
  SharePair p;
  p.from = r.i32();
  p.to = r.i32();
  p.s_key = read_share(r);
  p.self_seed = read_share(r);
  r.expect_end();
  return p;
}

Bytes MaskedInput::encode() const {
  ByteWriter w;
  w.u8(kMasked);
  w.u32(static_cast<uint32_t>(values.size()));
  w.u32s(values.data(), values.size());
  return w.take();
}
MaskedInput MaskedInput::decode(const Bytes& bytes) {
  ByteReader r(bytes);
  expect_tag(r, kMasked);
  MaskedInput m;
  m.values.resize(read_count(r, 4));
  r.u32s(m.values.data(), m.values.size());
  r.expect_end();
  return m;
}

Bytes SurvivorList::encode() const {
  ByteWriter w;
  w.u8(kSurvivors);
  w.u32(static_cast<uint32_t>(clients.size()));
  for (int32_t c : clients) w.i32(c);
  return w.take();
}
SurvivorList SurvivorList::decode(const Bytes& bytes) {
  ByteReader r(bytes);
  expect_tag(r, kSurvivors);
  SurvivorList s;
  s.clients.resize(read_count(r, 4));
  for (auto& c : s.clients) c = r.i32();
  r.expect_end();
  return s;
}

Bytes ConsistencyAck::encode() const {
  ByteWriter w;
  w.u8(kAck);
  w.i32(client);
  w.u32(survivors);
  return w.take();
}
ConsistencyAck ConsistencyAck::decode(const Bytes& bytes) {
  ByteReader r(bytes);
  expect_tag(r, kAck);
  ConsistencyAck a;
  a.client = r.i32();
  a.survivors = r.u32();
  r.expect_end();
  return a;
}

Bytes UnmaskingShares::encode() const {
  ByteWriter w;
  w.u8(kUnmask);
  w.u32(static_cast<uint32_t>(shares.size()));
  for (const auto& s : shares) {
    w.i32(s.owner);
    w.u8(s.is_mask_key ? 1 : 0);
    write_share(w, s.share);
  }
  return w.take();
}
UnmaskingShares UnmaskingShares::decode(const Bytes& bytes) {
  ByteReader r(bytes);
  expect_tag(r, kUnmask);
  UnmaskingShares u;
  u.shares.resize(read_count(r, 17));
  for (auto& s : u.shares) {
    s.owner = r.i32();
    const uint8_t kind = r.u8();
    if (kind > 1) throw FormatError("unknown revealed share kind " + std::to_string(kind));
    s.is_mask_key = kind == 1;
    s.share = read_share(r);
  }
  r.expect_end();
  return u;
}

}  // namespace fedsec::secure
