// The per-request costs of authentication: verifying a bearer JWT and hashing an API key for
// lookup happen on every authenticated call, so they must stay in the microseconds.
#include <benchmark/benchmark.h>

#include "security/api_keys.h"
#include "security/jwt.h"
#include "security/random.h"
#include "security/secret_box.h"

namespace {

security::JwtCodec make_codec() {
  security::JwtOptions options;
  options.secret = "bench-secret-0123456789abcdef-0123456789";
  return security::JwtCodec(options);
}

security::TokenClaims make_claims() {
  security::TokenClaims claims;
  claims.subject = "usr_4fQ1xY7bN2cK9mP3qR8s";
  claims.tenant_id = "ten_Z8kq2LmP0xYv7Wn3bC5d";
  claims.role = "analyst";
  claims.client_id = "cli_H2jR5tU8wX1zA4cE7gI0";
  return claims;
}

void BM_JwtVerify(benchmark::State& state) {
  auto codec = make_codec();
  auto token = codec.issue(make_claims());
  for (auto _ : state) {
    auto result = codec.verify(token);
    if (!result.ok()) state.SkipWithError("token did not verify");
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_JwtVerify)->ThreadRange(1, 2)->UseRealTime();

void BM_JwtVerifyBadSignature(benchmark::State& state) {
  auto codec = make_codec();
  auto token = codec.issue(make_claims());
  token[token.size() - 5] = token[token.size() - 5] == 'A' ? 'B' : 'A';
  for (auto _ : state) benchmark::DoNotOptimize(codec.verify(token));
}
BENCHMARK(BM_JwtVerifyBadSignature);

void BM_JwtIssue(benchmark::State& state) {
  auto codec = make_codec();
  auto claims = make_claims();
  for (auto _ : state) benchmark::DoNotOptimize(codec.issue(claims));
}
BENCHMARK(BM_JwtIssue);

void BM_ApiKeyHash(benchmark::State& state) {
  auto key = security::generate_api_key().plaintext;
  for (auto _ : state) {
    bool ok = security::looks_like_api_key(key);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(security::hash_api_key(key));
  }
}
BENCHMARK(BM_ApiKeyHash)->ThreadRange(1, 2)->UseRealTime();

void BM_NewId(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(security::new_id("cmp"));
}
BENCHMARK(BM_NewId);

void BM_SecretBoxOpen(benchmark::State& state) {
  security::SecretBox box(security::derive_secret_box_key("bench secret, at least 32 bytes long"));
  auto sealed = box.seal(std::string(200, 't'), "ten_1/conn_1");
  for (auto _ : state) benchmark::DoNotOptimize(box.open(sealed, "ten_1/conn_1"));
}
BENCHMARK(BM_SecretBoxOpen);

}  // namespace

BENCHMARK_MAIN();
