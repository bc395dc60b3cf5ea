#ifndef IRON_COPENSSL_SHIM_H
#define IRON_COPENSSL_SHIM_H

#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <stdlib.h>

/* Starts libcrypto explicitly, before the first fetch: no configuration file unless OPENSSL_CONF
   names one (a FIPS provider, say), no error strings (errors are reported by their codes), and no
   cleanup registered at exit. Returns 1 on success; later calls do nothing. */
static inline int iron_openssl_start(void) {
    uint64_t options = OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS | OPENSSL_INIT_NO_ATEXIT;
    options |= getenv("OPENSSL_CONF") != NULL ? OPENSSL_INIT_LOAD_CONFIG : OPENSSL_INIT_NO_LOAD_CONFIG;
    return OPENSSL_init_crypto(options, NULL);
}

#endif
