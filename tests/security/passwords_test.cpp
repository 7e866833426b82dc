#include "security/passwords.h"

#include <gtest/gtest.h>

#include <stdexcept>

using security::hash_password;
using security::password_needs_rehash;
using security::PasswordHashOptions;
using security::verify_password;

namespace {
const PasswordHashOptions kFast = PasswordHashOptions::minimum_for_tests();
}

TEST(Passwords, HashIsArgon2idAndVerifies) {
  auto hash = hash_password("correct horse battery staple", kFast);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(verify_password(hash, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(hash, "correct horse battery stapl"));
  EXPECT_FALSE(verify_password(hash, ""));
}

TEST(Passwords, SamePasswordGetsDifferentSalts) {
  EXPECT_NE(hash_password("hunter22", kFast), hash_password("hunter22", kFast));
}

TEST(Passwords, DefaultCostIsInteractive) {
  auto hash = hash_password("s3cret-pass");
  EXPECT_NE(hash.find("m=65536,t=2,p=1"), std::string::npos) << hash;
  EXPECT_TRUE(verify_password(hash, "s3cret-pass"));
  EXPECT_FALSE(password_needs_rehash(hash));
}

TEST(Passwords, EmptyPasswordIsRejected) {
  EXPECT_THROW(hash_password("", kFast), std::invalid_argument);
}

TEST(Passwords, OutOfRangeLimitsAreRejected) {
  EXPECT_THROW(hash_password("pw", {0, 8u << 10}), std::invalid_argument);
  EXPECT_THROW(hash_password("pw", {1, 1024}), std::invalid_argument);
}

TEST(Passwords, MalformedHashesNeverVerify) {
  EXPECT_FALSE(verify_password("", "pw"));
  EXPECT_FALSE(verify_password("not a hash", "pw"));
  EXPECT_FALSE(verify_password(std::string(500, '$'), "pw"));
  auto hash = hash_password("pw", kFast);
  hash.back() = hash.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_password(hash, "pw"));
}

TEST(Passwords, BinaryPasswordsWithNulBytesAreDistinct) {
  std::string with_nul("ab\0cd", 5);
  auto hash = hash_password(with_nul, kFast);
  EXPECT_TRUE(verify_password(hash, with_nul));
  EXPECT_FALSE(verify_password(hash, "ab"));
}

TEST(Passwords, WeakerHashNeedsRehash) {
  auto weak = hash_password("pw", kFast);
  EXPECT_TRUE(password_needs_rehash(weak));
  EXPECT_FALSE(password_needs_rehash(weak, kFast));
  EXPECT_TRUE(password_needs_rehash("garbage"));
}
