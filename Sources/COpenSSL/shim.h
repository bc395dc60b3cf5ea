#ifndef IRON_COPENSSL_SHIM_H
#define IRON_COPENSSL_SHIM_H

#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

/* OSSL_PARAM arrays are awkward to build from Swift; these helpers build them on the C side. */

/* Sets the digest of an HMAC EVP_MAC context. Returns 1 on success. */
static inline int iron_mac_set_digest(EVP_MAC_CTX *ctx, const char *digest) {
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    return EVP_MAC_CTX_set_params(ctx, params);
}

#endif
