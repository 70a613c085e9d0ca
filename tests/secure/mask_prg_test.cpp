// The mask generator is AES-256-CTR with a zero IV read as little-endian words, the same stream
// whether it is expanded, added or subtracted, across its internal chunk boundaries.
#include <gtest/gtest.h>

#include "privacy/secure/mask_prg.h"

namespace fedsec::secure {
namespace {

TEST(MaskPrg, FirstBlockIsAesOfTheZeroCounter) {
  // AES-256 of the all-zero block under the all-zero key (FIPS-197 style known answer).
  std::vector<uint32_t> mask(4);
  expand_mask(Seed{}, mask);
  EXPECT_EQ(mask, (std::vector<uint32_t>{0x78c095dcu, 0x898940a2u, 0x14a248adu, 0x87208492u}));
}

TEST(MaskPrg, WordsAreTheKeystreamBytesAcrossChunks) {
  Seed seed{};
  seed[0] = 7;
  const size_t words = 10007;  // several internal chunks and a partial one
  std::vector<uint32_t> mask(words);
  expand_mask(seed, mask);
  const std::vector<uint8_t> bytes = keystream(seed, 4 * words);
  for (size_t i = 0; i < words; ++i) {
    const uint32_t expected = bytes[4 * i] | bytes[4 * i + 1] << 8 | bytes[4 * i + 2] << 16 |
                              static_cast<uint32_t>(bytes[4 * i + 3]) << 24;
    ASSERT_EQ(mask[i], expected) << "word " << i;
  }
}

TEST(MaskPrg, ApplyAddsOrSubtractsTheSameStream) {
  Seed seed{};
  seed[31] = 1;
  std::vector<uint32_t> mask(9000);
  expand_mask(seed, mask);
  std::vector<uint32_t> acc(mask.size(), 5);
  apply_mask(seed, +1, acc);
  for (size_t i = 0; i < acc.size(); ++i) ASSERT_EQ(acc[i], mask[i] + 5u) << "word " << i;
  apply_mask(seed, -1, acc);
  EXPECT_EQ(acc, std::vector<uint32_t>(mask.size(), 5));
}

}  // namespace
}  // namespace fedsec::secure
