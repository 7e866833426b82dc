#include "security/secret_box.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "security/random.h"

using security::decode_secret_box_key;
using security::derive_secret_box_key;
using security::SecretBox;

namespace {

SecretBox make_box() {
  return SecretBox(derive_secret_box_key("a configured secret of at least 32 bytes!"));
}

}  // namespace

TEST(SecretBox, RoundTrips) {
  auto box = make_box();
  auto sealed = box.seal("ya29.oauth-refresh-token", "ten_1/conn_7");
  EXPECT_EQ(sealed.find("ya29"), std::string::npos);
  EXPECT_EQ(box.open(sealed, "ten_1/conn_7"), "ya29.oauth-refresh-token");
}

TEST(SecretBox, RoundTripsEmptyAndBinaryPlaintexts) {
  auto box = make_box();
  EXPECT_EQ(box.open(box.seal("", ""), ""), "");
  std::string binary("\0\xff\x01zz", 5);
  EXPECT_EQ(box.open(box.seal(binary, "ad"), "ad"), binary);
}

TEST(SecretBox, SealedValueIsBase64OfNonceCiphertextAndTag) {
  auto sealed = make_box().seal("12345", "");
  // 24-byte nonce + 5 bytes + 16-byte tag = 45 bytes → 60 base64 characters.
  EXPECT_EQ(sealed.size(), 60u);
}

TEST(SecretBox, SameValueSealsDifferentlyEachTime) {
  auto box = make_box();
  EXPECT_NE(box.seal("token", "ad"), box.seal("token", "ad"));
}

TEST(SecretBox, TamperedCiphertextDoesNotOpen) {
  auto box = make_box();
  auto sealed = box.seal("refresh-token", "ad");
  for (std::size_t i : {std::size_t{0}, sealed.size() / 2, sealed.size() - 2}) {
    auto tampered = sealed;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    EXPECT_EQ(box.open(tampered, "ad"), std::nullopt) << "position " << i;
  }
  EXPECT_EQ(box.open(sealed.substr(0, sealed.size() - 4), "ad"), std::nullopt);
  EXPECT_EQ(box.open("", "ad"), std::nullopt);
  EXPECT_EQ(box.open("not base64 at all!", "ad"), std::nullopt);
}

TEST(SecretBox, WrongAssociatedDataDoesNotOpen) {
  auto box = make_box();
  auto sealed = box.seal("refresh-token", "ten_1/conn_7");
  EXPECT_EQ(box.open(sealed, "ten_2/conn_7"), std::nullopt);
  EXPECT_EQ(box.open(sealed, ""), std::nullopt);
}

TEST(SecretBox, WrongKeyDoesNotOpen) {
  auto sealed = make_box().seal("refresh-token", "ad");
  SecretBox other(derive_secret_box_key("another configured secret, 32+ bytes long"));
  EXPECT_EQ(other.open(sealed, "ad"), std::nullopt);
}

TEST(SecretBox, KeyDerivationIsDeterministicAndRejectsShortSecrets) {
  auto secret = "0123456789abcdef0123456789abcdef";
  EXPECT_EQ(derive_secret_box_key(secret), derive_secret_box_key(secret));
  EXPECT_EQ(derive_secret_box_key(secret).size(), 32u);
  EXPECT_THROW(derive_secret_box_key("short"), std::invalid_argument);
}

TEST(SecretBox, KeysDecodeFromHexOrBase64) {
  std::string raw(32, '\x11');
  EXPECT_EQ(decode_secret_box_key(std::string(64, '1')), raw);
  EXPECT_EQ(decode_secret_box_key("ERERERERERERERERERERERERERERERERERERERERERE="), raw);
  EXPECT_EQ(decode_secret_box_key(std::string(62, '1')), std::nullopt);
  EXPECT_EQ(decode_secret_box_key(std::string(64, 'g')), std::nullopt);
  EXPECT_EQ(decode_secret_box_key("ERERERERERERERERERERERERERERERERERERERERERERERE="),
            std::nullopt);
  EXPECT_THROW(SecretBox("too short"), std::invalid_argument);
}

TEST(SecretBox, HexKeyFromRandomHexWorks) {
  auto key = decode_secret_box_key(security::random_hex(32));
  ASSERT_TRUE(key);
  SecretBox box(*key);
  EXPECT_EQ(box.open(box.seal("x", "y"), "y"), "x");
}
