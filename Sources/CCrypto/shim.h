// OpenSSL's libcrypto: SHA-256 through EVP (uses the CPU's SHA extensions when present).
#include <openssl/evp.h>
#include <openssl/err.h>
