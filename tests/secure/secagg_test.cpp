// SecAgg and SecAgg+ give the plain sum (exactly in the ring, within the fixed-point bound after
// decoding), are reproducible from the seed, and show the server nothing of any single update.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

#include "privacy/secure/secagg_client.h"
#include "privacy/secure/secagg_messages.h"
#include "privacy/secure/secagg_server.h"
#include "secure/secagg_support.h"

namespace fedsec::secure {
namespace {

using testing::client_ids;
using testing::max_abs_error;
using testing::plain_sums;
using testing::random_inputs;

SecAggConfig config_for(int degree, uint64_t seed) {
  SecAggConfig c;
  c.degree = degree;
  c.clip = 2.0;
  c.seed = seed;
  return c;
}

void expect_plain_sum(const SecAggResult& r, const std::vector<int>& ids,
                      const std::vector<std::vector<float>>& x, const SecAggConfig& config) {
  ASSERT_TRUE(r.ok) << r.error;
  const auto plain = plain_sums(r, ids, x, config);
  EXPECT_EQ(r.encoded_sum, plain.encoded);  // masks cancel exactly in Z_{2^32}
  EXPECT_LE(max_abs_error(r.sum, plain.exact), r.error_bound);
  EXPECT_DOUBLE_EQ(r.error_bound, r.contributors.size() / (2.0 * r.scale));
}

TEST(SecAgg, SumEqualsPlainSumWithoutDropouts) {
  for (int n : {1, 2, 3, 7, 15, 31}) {
    const auto ids = client_ids(n, 100);
    const auto x = random_inputs(n, 500, 2.0, n);
    const SecAggConfig config = config_for(0, 11);
    const SecAggResult r = run_secure_aggregation(config, 3, ids, x);
    expect_plain_sum(r, ids, x, config);
    EXPECT_EQ(r.contributors, ids) << "n=" << n;
  }
}

TEST(SecAggPlus, SumEqualsPlainSumWithoutDropouts) {
  for (int n : {4, 10, 15, 40, 64}) {
    const auto ids = client_ids(n);
    const auto x = random_inputs(n, 300, 2.0, 1000 + n);
    const SecAggConfig config = config_for(default_harary_degree(n), 12);
    const SecAggResult r = run_secure_aggregation(config, 1, ids, x);
    expect_plain_sum(r, ids, x, config);
    EXPECT_EQ(r.contributors.size(), static_cast<size_t>(n));
  }
}

TEST(SecAggPlus, OddDegreeAndCustomThreshold) {
  const auto ids = client_ids(12);
  const auto x = random_inputs(12, 200, 2.0, 5);
  SecAggConfig config = config_for(5, 13);
  config.threshold = 3;
  expect_plain_sum(run_secure_aggregation(config, 2, ids, x), ids, x, config);
}

TEST(SecAgg, SumEqualsPlainSumWithDropoutsAtEveryStage) {
  for (int degree : {0, 10}) {
    const int n = 40;
    const auto ids = client_ids(n);
    const auto x = random_inputs(n, 400, 2.0, 77);
    SecAggConfig config = config_for(degree, 21);
    config.dropout = {0.05, 0.05, 0.05, 0.05};
    const SecAggResult r = run_secure_aggregation(config, 4, ids, x);
    expect_plain_sum(r, ids, x, config);
    size_t dropped = 0;
    for (const auto& d : r.dropped) dropped += d.size();
    EXPECT_GT(dropped, 0u) << "degree " << degree;
    // Inputs of clients gone before their masked input are not in the sum; later ones are.
    EXPECT_EQ(r.contributors.size(), n - r.dropped[0].size() - r.dropped[1].size());
  }
}

TEST(SecAgg, SameSeedGivesBitIdenticalAggregateAndMessages) {
  const auto ids = client_ids(16);
  const auto x = random_inputs(16, 256, 2.0, 3);
  SecAggConfig config = config_for(6, 99);
  config.dropout = {0.05, 0.05, 0.05, 0.05};
  config.record_server_view = true;
  const SecAggResult a = run_secure_aggregation(config, 7, ids, x);
  const SecAggResult b = run_secure_aggregation(config, 7, ids, x);
  ASSERT_TRUE(a.ok) << a.error;
  EXPECT_EQ(a.encoded_sum, b.encoded_sum);
  EXPECT_EQ(a.sum, b.sum);
  EXPECT_EQ(a.server_view, b.server_view);
  // Fresh OpenSSL randomness changes every message but not the aggregate.
  config.system_randomness = true;
  const SecAggResult c = run_secure_aggregation(config, 7, ids, x);
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.encoded_sum, a.encoded_sum);
  EXPECT_EQ(c.dropped, a.dropped);
  EXPECT_NE(c.server_view, a.server_view);
}

std::vector<std::vector<uint32_t>> masked_inputs_in(const std::vector<Bytes>& view) {
  std::vector<std::vector<uint32_t>> out;
  for (const Bytes& m : view) {
    try {
      out.push_back(MaskedInput::decode(m).values);
    } catch (const FormatError&) {
    }
  }
  return out;
}

TEST(SecAgg, MaskedInputBytesAreUniform) {
  // An all-zero update: whatever structure the masked bytes have comes from the masks alone.
  const int n = 5;
  const size_t d = 25000;  // 100,000 bytes, 390.6 expected per byte value
  for (int degree : {0, 2}) {
    SecAggConfig config = config_for(degree, 5);
    config.record_server_view = true;
    const SecAggResult r = run_secure_aggregation(config, 1, client_ids(n),
                                                  std::vector<std::vector<float>>(n, std::vector<float>(d)));
    ASSERT_TRUE(r.ok) << r.error;
    const auto masked = masked_inputs_in(r.server_view);
    ASSERT_EQ(masked.size(), static_cast<size_t>(n));
    std::array<double, 256> counts{};
    for (uint32_t v : masked[0]) {
      for (int b = 0; b < 4; ++b) counts[(v >> (8 * b)) & 0xff] += 1;
    }
    const double expected = 4.0 * d / 256;
    double chi2 = 0;
    for (double c : counts) chi2 += (c - expected) * (c - expected) / expected;
    // Chi-square with 255 degrees of freedom, two-sided at significance 0.002: the 0.999 quantile
    // is 330.5 and the 0.001 quantile 190.8 (Wilson-Hilferty). Too small a statistic would mean
    // suspiciously regular bytes.
    EXPECT_LT(chi2, 330.5) << "degree " << degree;
    EXPECT_GT(chi2, 190.8) << "degree " << degree;
  }
}

double correlation(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  // As signed integers: the encoding of a small update is near 0, its mask anywhere.
  double ma = 0, mb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ma += static_cast<int32_t>(a[i]);
    mb += static_cast<int32_t>(b[i]);
  }
  ma /= a.size();
  mb /= b.size();
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double da = static_cast<int32_t>(a[i]) - ma, db = static_cast<int32_t>(b[i]) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / std::sqrt(saa * sbb);
}

TEST(SecAgg, ServerViewHoldsNoIndividualUpdate) {
  const int n = 8;
  const size_t d = 4000;
  const auto ids = client_ids(n);
  const auto x = random_inputs(n, d, 2.0, 8);
  for (int degree : {0, 4}) {
    SecAggConfig config = config_for(degree, 31);
    config.record_server_view = true;
    config.dropout.after_share = 0.2;  // some pairwise masks are then removed by the server
    const SecAggResult r = run_secure_aggregation(config, 1, ids, x);
    ASSERT_TRUE(r.ok) << r.error;
    const FixedPointCodec codec(config.clip, n);
    const auto masked = masked_inputs_in(r.server_view);
    ASSERT_EQ(masked.size(), n - r.dropped[0].size() - r.dropped[1].size());
    for (int u = 0; u < n; ++u) {
      const auto encoded = codec.encode(x[u]);
      const uint8_t* enc_bytes = reinterpret_cast<const uint8_t*>(encoded.data());
      for (const auto& y : masked) {
        size_t equal = 0;
        for (size_t i = 0; i < d; ++i) equal += y[i] == encoded[i];
        EXPECT_LE(equal, 1u);
        // Well within 5 standard deviations (1 / sqrt(d)) of zero.
        EXPECT_LT(std::abs(correlation(y, encoded)), 5.0 / std::sqrt(static_cast<double>(d)));
      }
      // No 16-byte run of any encoded update appears anywhere in what the server received.
      for (const Bytes& m : r.server_view) {
        for (size_t off = 0; off + 16 <= 4 * d; off += 4 * d / 8) {
          EXPECT_EQ(std::search(m.begin(), m.end(), enc_bytes + off, enc_bytes + off + 16), m.end());
        }
      }
    }
  }
}

TEST(SecAgg, BytesPerClientForFifteenClientsAndOneHundredThousandValues) {
  const int n = 15;
  const size_t d = 100000;
  const auto ids = client_ids(n);
  const auto x = random_inputs(n, d, 2.0, 15);
  for (int degree : {0, default_harary_degree(n)}) {
    const SecAggResult r = run_secure_aggregation(config_for(degree, 15), 1, ids, x);
    ASSERT_TRUE(r.ok) << r.error;
    const TrafficSummary t = bytes_per_client(r);
    std::cout << (degree == 0 ? "SecAgg" : "SecAgg+ (k=" + std::to_string(degree) + ")") << " n=" << n
              << " d=" << d << ": up " << t.mean_up << " B, down " << t.mean_down << " B per client (max up "
              << t.max_up << ", max down " << t.max_down << "); plain upload " << 4 * d << " B\n";
    // The masked vector dominates: 4 bytes per value plus the key and share traffic.
    EXPECT_GE(t.mean_up, 4.0 * d);
    EXPECT_LT(t.mean_up, 4.0 * d + 10000);
    EXPECT_LT(t.mean_down, 10000);
    for (const auto& [client, stages] : r.traffic) {
      EXPECT_EQ(stages[2].up, static_cast<int64_t>(1 + 4 + 4 * d));  // tag, count, values
    }
  }
}

TEST(SecAggPlus, NeighboursOnlyExchangeShares) {
  const int n = 40, k = 6;
  const auto ids = client_ids(n);
  const auto x = random_inputs(n, 10, 2.0, 1);
  const SecAggResult full = run_secure_aggregation(config_for(0, 2), 1, ids, x);
  const SecAggResult plus = run_secure_aggregation(config_for(k, 2), 1, ids, x);
  ASSERT_TRUE(full.ok && plus.ok);
  const auto share_bytes = [](const SecAggResult& r) { return r.traffic.at(0)[1].up; };
  // One bundle per neighbour: k bundles instead of n - 1.
  EXPECT_EQ(share_bytes(full) / (n - 1), share_bytes(plus) / k);
  EXPECT_LT(share_bytes(plus) * 5, share_bytes(full));
}

TEST(SecAgg, ConfigurationErrorsAreReported) {
  const auto ids = client_ids(5);
  const auto x = random_inputs(5, 10, 2.0, 1);
  SecAggConfig bad_degree = config_for(5, 1);
  EXPECT_THROW(run_secure_aggregation(bad_degree, 1, ids, x), SecAggConfigError);
  SecAggConfig odd = config_for(3, 1);  // no 3-regular graph on 5 nodes
  EXPECT_THROW(run_secure_aggregation(odd, 1, ids, x), std::invalid_argument);
  SecAggConfig big_t = config_for(0, 1);
  big_t.threshold = 6;
  EXPECT_THROW(run_secure_aggregation(big_t, 1, ids, x), SecAggConfigError);
  SecAggConfig bad_rate = config_for(0, 1);
  bad_rate.dropout.after_share = 1.5;
  EXPECT_THROW(run_secure_aggregation(bad_rate, 1, ids, x), SecAggConfigError);
  EXPECT_THROW(run_secure_aggregation(config_for(0, 1), 1, {1, 1, 2, 3, 4}, x), SecAggConfigError);
  EXPECT_THROW(run_secure_aggregation(config_for(0, 1), 1, client_ids(4), x), SecAggConfigError);
}

// Driving the client and server objects by hand, as a transport would: a garbled message counts
// as its sender dropping out, and the sum is over the others.
TEST(SecAggProtocol, MalformedMessageCountsAsDropout) {
  const SecAggConfig config = config_for(0, 4);
  const std::vector<int> ids = {3, 5, 8, 9};
  const SecAggSetup setup(config, 1, ids, 3);
  const Randomness random = Randomness::seeded(4);
  std::map<int, std::unique_ptr<SecAggClient>> clients;
  for (int c : ids)
    clients[c] = std::make_unique<SecAggClient>(setup, c, std::vector<uint32_t>{1, 2, uint32_t(c)}, random);
  SecAggServer server(setup);
  SecAggServer::Inbox inbox;
  for (int c : ids) inbox[c] = clients[c]->advertise_keys();
  auto replies = server.collect_keys(inbox);
  inbox.clear();
  for (int c : ids) inbox[c] = clients[c]->share_keys(replies.at(c));
  replies = server.collect_shares(inbox);
  inbox.clear();
  for (int c : ids) inbox[c] = clients[c]->masked_input(replies.at(c));
  inbox[8].resize(inbox[8].size() - 1);  // client 8's masked input is cut short
  replies = server.collect_masked_inputs(inbox);
  EXPECT_EQ(replies.count(8), 0u);
  inbox.clear();
  for (const auto& [c, msg] : replies) inbox[c] = clients[c]->consistency_check(msg);
  replies = server.collect_acks(inbox);
  inbox.clear();
  for (const auto& [c, msg] : replies) inbox[c] = clients[c]->unmask(msg);
  EXPECT_EQ(server.unmask(inbox), (std::vector<uint32_t>{3, 6, 3 + 5 + 9}));
  EXPECT_EQ(server.contributors(), (std::vector<int>{3, 5, 9}));
}

TEST(SecAggProtocol, ClientRefusesCallsOutOfOrder) {
  const SecAggConfig config = config_for(0, 4);
  const SecAggSetup setup(config, 1, {0, 1}, 2);
  SecAggClient client(setup, 0, {0, 0}, Randomness::seeded(1));
  // Asking for unmasking shares before the masked input would reveal secrets early.
  EXPECT_THROW(client.unmask(SurvivorList{{0, 1}}.encode()), ProtocolAbort);
  EXPECT_THROW(client.masked_input(ShareBundles{}.encode()), ProtocolAbort);
}

}  // namespace
}  // namespace fedsec::secure
