#include "security/api_keys.h"

#include <gtest/gtest.h>

using security::generate_api_key;
using security::hash_api_key;
using security::looks_like_api_key;

TEST(ApiKeys, GeneratedKeyHasPrefixLengthAndDisplayPrefix) {
  auto key = generate_api_key();
  EXPECT_EQ(key.plaintext.size(), 44u);
  EXPECT_EQ(key.plaintext.substr(0, 4), "msk_");
  EXPECT_EQ(key.prefix, key.plaintext.substr(0, 12));
  EXPECT_EQ(key.hash, hash_api_key(key.plaintext));
  EXPECT_TRUE(looks_like_api_key(key.plaintext));
  EXPECT_NE(generate_api_key().plaintext, key.plaintext);
}

TEST(ApiKeys, HashIsBlake2b256KnownVectors) {
  // Independent reference values for unkeyed BLAKE2b with a 32-byte digest.
  EXPECT_EQ(hash_api_key(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(hash_api_key("abc"),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(ApiKeys, HashIsDeterministicAndSensitiveToEveryCharacter) {
  std::string key = "msk_" + std::string(40, 'a');
  auto hash = hash_api_key(key);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash, hash_api_key(key));
  key.back() = 'b';
  EXPECT_NE(hash, hash_api_key(key));
}

TEST(ApiKeys, FormatCheckRejectsAnythingElse) {
  std::string good = "msk_" + std::string(40, 'Z');
  EXPECT_TRUE(looks_like_api_key(good));
  EXPECT_FALSE(looks_like_api_key(""));
  EXPECT_FALSE(looks_like_api_key("msk_"));
  EXPECT_FALSE(looks_like_api_key(good.substr(0, 43)));
  EXPECT_FALSE(looks_like_api_key(good + "Z"));
  EXPECT_FALSE(looks_like_api_key("msx_" + std::string(40, 'Z')));
  EXPECT_FALSE(looks_like_api_key("MSK_" + std::string(40, 'Z')));
  EXPECT_FALSE(looks_like_api_key("msk_" + std::string(39, 'Z') + "-"));
  EXPECT_FALSE(looks_like_api_key("msk_" + std::string(39, 'Z') + std::string(1, '\0')));
}
