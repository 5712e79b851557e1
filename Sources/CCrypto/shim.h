// OpenSSL's libcrypto: SHA-256 through EVP (uses the CPU's SHA extensions when present).
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/crypto.h>

/// Initialises libcrypto without its exit handler: OpenSSL's atexit cleanup frees the digest
/// implementations while other threads may still be using them (a batch commit releasing its
/// hashers, a lane finishing after the last result was handed back), which crashed `mirror` at
/// exit now and then (SIGSEGV, "double free or corruption"). The process ends anyway; the memory
/// goes with it. Must run before any other OpenSSL call (libcurl's included) to take effect.
static inline int mv_openssl_init_without_atexit(void) {
    return OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}
