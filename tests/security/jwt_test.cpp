#include "security/jwt.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <stdexcept>

using security::JwtCodec;
using security::JwtFailure;
using security::JwtOptions;
using security::TokenClaims;
using security::verify_hs256_signature;
using namespace std::chrono_literals;

namespace {

const std::string kSecret = "test-secret-0123456789abcdef-0123456789";  // 39 bytes
constexpr std::int64_t kIssuedAt = 1'700'000'000;
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(kIssuedAt + 60));

// The public example token from jwt.io: {"alg":"HS256","typ":"JWT"} /
// {"sub":"1234567890","name":"John Doe","iat":1516239022}, secret "your-256-bit-secret".
constexpr const char* kJwtIoToken =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

JwtOptions options(std::string issuer = "strategist", std::string audience = "strategist-api") {
  JwtOptions o;
  o.secret = kSecret;
  o.issuer = std::move(issuer);
  o.audience = std::move(audience);
  return o;
}

TokenClaims claims() {
  TokenClaims c;
  c.subject = "key_123";
  c.tenant_id = "ten_acme";
  c.role = "analyst";
  c.client_id = "cli_globex";
  c.issued_at = kIssuedAt;
  return c;
}

std::string b64url(std::string_view data) {
  std::string out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);
  return out;
}

// A token with an arbitrary header, signed with HMAC-SHA-256 under `secret` whatever the
// header says: what an attacker who knows the secret-less tricks would try.
std::string forge(std::string_view header, std::string_view payload, std::string_view secret) {
  std::string input = b64url(header) + "." + b64url(payload);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(input.data()),
                                input.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return input + "." + b64url(std::string_view(reinterpret_cast<char*>(mac), sizeof mac));
}

std::string payload_part(const std::string& token) {
  auto first = token.find('.');
  return token.substr(first + 1, token.rfind('.') - first - 1);
}

JwtFailure failure_of(const security::JwtResult& result) {
  EXPECT_FALSE(result.ok());
  return result.ok() ? JwtFailure::malformed : result.error().reason;
}

const std::string kValidPayload =
    R"({"iss":"strategist","aud":"strategist-api","sub":"u","tenant_id":"t","role":"r",)"
    R"("jti":"j","iat":1700000000,"exp":1700003600})";

}  // namespace

TEST(Jwt, JwtIoExampleVerifiesUnderItsSecretOnly) {
  EXPECT_TRUE(verify_hs256_signature(kJwtIoToken, "your-256-bit-secret"));
  EXPECT_FALSE(verify_hs256_signature(kJwtIoToken, "your-256-bit-secreT"));
  EXPECT_FALSE(verify_hs256_signature(kJwtIoToken, ""));
  std::string tampered = kJwtIoToken;
  tampered[tampered.size() - 1] = 'g';  // same padding bits, different MAC byte
  EXPECT_FALSE(verify_hs256_signature(tampered, "your-256-bit-secret"));
  tampered = kJwtIoToken;
  tampered[tampered.size() - 1] = 'd';  // non-canonical base64url: non-zero padding bits
  EXPECT_FALSE(verify_hs256_signature(tampered, "your-256-bit-secret"));
}

TEST(Jwt, IssuedTokenVerifiesWithAllClaims) {
  JwtCodec codec(options());
  auto token = codec.issue(claims());
  auto result = codec.verify(token, kNow);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto& c = result.claims();
  EXPECT_EQ(c.subject, "key_123");
  EXPECT_EQ(c.tenant_id, "ten_acme");
  EXPECT_EQ(c.role, "analyst");
  EXPECT_EQ(c.client_id, "cli_globex");
  EXPECT_EQ(c.issued_at, kIssuedAt);
  EXPECT_EQ(c.expires_at, kIssuedAt + 3600);
  EXPECT_EQ(c.token_id.size(), 22u);
  EXPECT_TRUE(verify_hs256_signature(token, kSecret));
}

TEST(Jwt, IssueFillsTimesFromTheClockAndTokenIdsDiffer) {
  JwtCodec codec(options());
  auto c = claims();
  c.issued_at = 0;
  c.client_id.reset();
  auto first = codec.verify(codec.issue(c));
  auto second = codec.verify(codec.issue(c));
  ASSERT_TRUE(first.ok() && second.ok());
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  EXPECT_NEAR(static_cast<double>(first.claims().issued_at), static_cast<double>(now), 5);
  EXPECT_EQ(first.claims().expires_at - first.claims().issued_at, 3600);
  EXPECT_EQ(first.claims().client_id, std::nullopt);
  EXPECT_NE(first.claims().token_id, second.claims().token_id);
}

TEST(Jwt, ExpiredTokenIsRefusedAfterTheLeeway) {
  JwtCodec codec(options());
  auto token = codec.issue(claims());  // exp = iat + 3600, leeway 30 s
  auto exp = std::chrono::system_clock::time_point(std::chrono::seconds(kIssuedAt + 3600));
  EXPECT_TRUE(codec.verify(token, exp + 30s).ok());
  EXPECT_EQ(failure_of(codec.verify(token, exp + 31s)), JwtFailure::expired);
}

TEST(Jwt, TokenIssuedInTheFutureIsRefused) {
  JwtCodec codec(options());
  auto token = codec.issue(claims());
  auto iat = std::chrono::system_clock::time_point(std::chrono::seconds(kIssuedAt));
  EXPECT_TRUE(codec.verify(token, iat - 30s).ok());
  EXPECT_EQ(failure_of(codec.verify(token, iat - 31s)), JwtFailure::not_yet_valid);
}

TEST(Jwt, WrongIssuerOrAudienceIsRefused) {
  JwtCodec codec(options());
  auto other_issuer = JwtCodec(options("someone-else")).issue(claims());
  auto other_audience = JwtCodec(options("strategist", "billing")).issue(claims());
  EXPECT_EQ(failure_of(codec.verify(other_issuer, kNow)), JwtFailure::wrong_issuer);
  EXPECT_EQ(failure_of(codec.verify(other_audience, kNow)), JwtFailure::wrong_audience);
  auto array_audience =
      forge(R"({"alg":"HS256","typ":"JWT"})",
            R"({"iss":"strategist","aud":["strategist-api"],"sub":"u"})", kSecret);
  EXPECT_EQ(failure_of(codec.verify(array_audience, kNow)), JwtFailure::wrong_audience);
}

TEST(Jwt, TamperedPayloadFailsTheSignature) {
  JwtCodec codec(options());
  auto token = codec.issue(claims());
  auto payload = payload_part(token);
  auto forged_payload = b64url(R"({"iss":"strategist","aud":"strategist-api","sub":"key_123",)"
                               R"("tenant_id":"ten_other","role":"owner","jti":"x",)"
                               R"("iat":1700000000,"exp":1700003600})");
  auto tampered = token;
  tampered.replace(tampered.find(payload), payload.size(), forged_payload);
  EXPECT_EQ(failure_of(codec.verify(tampered, kNow)), JwtFailure::bad_signature);
}

TEST(Jwt, WrongSecretFailsTheSignature) {
  auto token = JwtCodec(options()).issue(claims());
  JwtOptions other = options();
  other.secret = "another-secret-0123456789abcdef-0123456";
  EXPECT_EQ(failure_of(JwtCodec(other).verify(token, kNow)), JwtFailure::bad_signature);
}

TEST(Jwt, AlgNoneIsRefusedEvenWithAnOtherwiseValidToken) {
  JwtCodec codec(options());
  auto none = b64url(R"({"alg":"none","typ":"JWT"})") + "." + b64url(kValidPayload) + ".";
  EXPECT_EQ(failure_of(codec.verify(none, kNow)), JwtFailure::unsupported_alg);
  auto none_signed = forge(R"({"alg":"none","typ":"JWT"})", kValidPayload, kSecret);
  EXPECT_EQ(failure_of(codec.verify(none_signed, kNow)), JwtFailure::unsupported_alg);
  EXPECT_FALSE(verify_hs256_signature(none, kSecret));
}

TEST(Jwt, OtherAlgorithmsAreRefusedEvenWhenTheMacMatches) {
  JwtCodec codec(options());
  // The control: the same forgery with the right header is accepted.
  ASSERT_TRUE(codec.verify(forge(R"({"alg":"HS256","typ":"JWT"})", kValidPayload, kSecret), kNow));
  for (const char* alg : {"HS512", "hs256", "RS256", "ES256", "HS256 "}) {
    auto header = std::string(R"({"alg":")") + alg + R"(","typ":"JWT"})";
    EXPECT_EQ(failure_of(codec.verify(forge(header, kValidPayload, kSecret), kNow)),
              JwtFailure::unsupported_alg)
        << alg;
  }
  auto crit = forge(R"({"alg":"HS256","crit":["exp"],"x":1})", kValidPayload, kSecret);
  EXPECT_EQ(failure_of(codec.verify(crit, kNow)), JwtFailure::unsupported_alg);
}

TEST(Jwt, MalformedTokensAreRefused) {
  JwtCodec codec(options());
  auto valid = codec.issue(claims());
  for (std::string bad :
       {std::string(""), std::string("abc"), std::string("a.b"), std::string("a.b.c.d"),
        std::string(".."), valid + ".", "!" + valid, std::string(10'000, 'a') + ".a.a"}) {
    EXPECT_EQ(failure_of(codec.verify(bad, kNow)), JwtFailure::malformed) << bad.substr(0, 40);
  }
  auto not_json = forge(R"({"alg":"HS256","typ":"JWT"})", "not json", kSecret);
  EXPECT_EQ(failure_of(codec.verify(not_json, kNow)), JwtFailure::malformed);
  auto no_tenant = forge(R"({"alg":"HS256","typ":"JWT"})",
                         R"({"iss":"strategist","aud":"strategist-api","sub":"u","role":"r",)"
                         R"("jti":"j","iat":1700000000,"exp":1700003600})",
                         kSecret);
  EXPECT_EQ(failure_of(codec.verify(no_tenant, kNow)), JwtFailure::malformed);
  auto no_exp = forge(R"({"alg":"HS256","typ":"JWT"})",
                      R"({"iss":"strategist","aud":"strategist-api","sub":"u","tenant_id":"t",)"
                      R"("role":"r","jti":"j","iat":1700000000})",
                      kSecret);
  EXPECT_EQ(failure_of(codec.verify(no_exp, kNow)), JwtFailure::malformed);
}

TEST(Jwt, TruncatedSignatureIsRefused) {
  JwtCodec codec(options());
  auto token = codec.issue(claims());
  EXPECT_EQ(failure_of(codec.verify(token.substr(0, token.size() - 1), kNow)),
            JwtFailure::bad_signature);
  EXPECT_EQ(failure_of(codec.verify(token.substr(0, token.rfind('.') + 1), kNow)),
            JwtFailure::bad_signature);
}

TEST(Jwt, NotBeforeIsHonoured) {
  JwtCodec codec(options());
  auto token = forge(R"({"alg":"HS256","typ":"JWT"})",
                     R"({"iss":"strategist","aud":"strategist-api","sub":"u","tenant_id":"t",)"
                     R"("role":"r","jti":"j","iat":1700000000,"exp":1700003600,"nbf":1700000500})",
                     kSecret);
  EXPECT_EQ(failure_of(codec.verify(token, kNow)), JwtFailure::not_yet_valid);
  EXPECT_TRUE(codec.verify(token, kNow + 500s).ok());
}

TEST(Jwt, CodecRejectsWeakConfigurationAndIncompleteClaims) {
  JwtOptions weak = options();
  weak.secret = "too-short";
  EXPECT_THROW(JwtCodec{weak}, std::invalid_argument);
  JwtOptions no_ttl = options();
  no_ttl.ttl = 0s;
  EXPECT_THROW(JwtCodec{no_ttl}, std::invalid_argument);
  JwtCodec codec(options());
  auto c = claims();
  c.tenant_id.clear();
  EXPECT_THROW(codec.issue(c), std::invalid_argument);
  c = claims();
  c.role = std::string("ad\0min", 6);
  EXPECT_THROW(codec.issue(c), std::invalid_argument);
}

TEST(Jwt, FailureReasonsHaveStableNames) {
  EXPECT_EQ(security::to_string(JwtFailure::bad_signature), "bad_signature");
  EXPECT_EQ(security::to_string(JwtFailure::unsupported_alg), "unsupported_alg");
  EXPECT_EQ(security::to_string(JwtFailure::wrong_audience), "wrong_audience");
}
