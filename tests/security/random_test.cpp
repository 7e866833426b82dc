#include "security/random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

using security::new_id;
using security::random_base62;
using security::random_hex;

TEST(Random, HexHasTwoCharactersPerByte) {
  auto hex = random_hex(16);
  EXPECT_EQ(hex.size(), 32u);
  EXPECT_TRUE(std::all_of(hex.begin(), hex.end(),
                          [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
  EXPECT_EQ(random_hex(0), "");
}

TEST(Random, Base62UsesOnlyAlphanumerics) {
  auto text = random_base62(1000);
  EXPECT_EQ(text.size(), 1000u);
  EXPECT_TRUE(std::all_of(text.begin(), text.end(), [](char c) { return std::isalnum(c); }));
}

TEST(Random, Base62CoversTheWholeAlphabetRoughlyUniformly) {
  // 62,000 draws: each symbol expected 1,000 times (σ ≈ 31); ±200 is > 6σ.
  auto text = random_base62(62'000);
  std::array<int, 256> counts{};
  for (unsigned char c : text) ++counts[c];
  int symbols = 0;
  for (int n : counts) {
    if (n == 0) continue;
    ++symbols;
    EXPECT_NEAR(n, 1000, 200);
  }
  EXPECT_EQ(symbols, 62);
}

TEST(Random, NewIdIsPrefixUnderscoreAndTwentyCharacters) {
  auto id = new_id("cmp");
  ASSERT_EQ(id.size(), 24u);
  EXPECT_EQ(id.substr(0, 4), "cmp_");
  auto underscored = new_id("cmp_");  // a trailing underscore is not doubled
  EXPECT_EQ(underscored.size(), 24u);
  EXPECT_NE(underscored[4], '_');
  EXPECT_EQ(new_id("").size(), 20u);
}

TEST(Random, IdsDoNotRepeat) {
  std::set<std::string> ids;
  for (int i = 0; i < 10'000; ++i) ids.insert(new_id("t"));
  EXPECT_EQ(ids.size(), 10'000u);
}
