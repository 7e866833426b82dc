// base64 against RFC 4648 §10's test vectors.
#include "security/base64.h"

#include <gtest/gtest.h>

#include <stdexcept>

TEST(Base64, EncodesTheRfc4648Vectors) {
  EXPECT_EQ(security::base64_encode(""), "");
  EXPECT_EQ(security::base64_encode("f"), "Zg==");
  EXPECT_EQ(security::base64_encode("fo"), "Zm8=");
  EXPECT_EQ(security::base64_encode("foo"), "Zm9v");
  EXPECT_EQ(security::base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(security::base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(security::base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesWhatItEncodesIncludingBinary) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  EXPECT_EQ(security::base64_decode(security::base64_encode(bytes)), bytes);
  EXPECT_EQ(security::base64_decode("Zm9vYmE="), "fooba");
}

TEST(Base64, RejectsWhatIsNotBase64) {
  EXPECT_THROW(security::base64_decode("Zm9v!"), std::invalid_argument);
  EXPECT_THROW(security::base64_decode("Zm9vYmE"), std::invalid_argument);  // padding missing
}
