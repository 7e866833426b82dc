// Internal to security/: one-time libsodium initialisation. Not part of the public API.
#pragma once

namespace security::detail {

// Initialises libsodium exactly once per process (thread-safe, idempotent). Throws
// std::runtime_error when libsodium cannot initialise (no entropy source).
void ensure_sodium();

}  // namespace security::detail
