/* The physical limit iron measures itself against: a C loop that seals small payloads the way
 * @hapi/iron does (PBKDF2-SHA1 x2, AES-256-CBC, HMAC-SHA256, hex salts, base64url), on one core,
 * writing one token per line. Built and run by scripts/bench. Not part of the product. */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static size_t b64url(const unsigned char *in, size_t n, char *out) {
    size_t o = 0, i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned v = in[i] << 16 | in[i + 1] << 8 | in[i + 2];
        out[o++] = alphabet[v >> 18]; out[o++] = alphabet[v >> 12 & 63];
        out[o++] = alphabet[v >> 6 & 63]; out[o++] = alphabet[v & 63];
    }
    if (n - i == 1) { unsigned v = in[i] << 16; out[o++] = alphabet[v >> 18]; out[o++] = alphabet[v >> 12 & 63]; }
    if (n - i == 2) { unsigned v = in[i] << 16 | in[i + 1] << 8; out[o++] = alphabet[v >> 18]; out[o++] = alphabet[v >> 12 & 63]; out[o++] = alphabet[v >> 6 & 63]; }
    return o;
}

/* PBKDF2-HMAC-SHA1, one iteration, 32 bytes, reusing a context keyed once with the password. */
static int pbkdf2_1(EVP_MAC_CTX *sha1, const char *salt, size_t saltLen, unsigned char *out) {
    unsigned char block[20];
    for (unsigned i = 1; i <= 2; i++) {
        unsigned char counter[4] = {0, 0, 0, (unsigned char)i};
        size_t len = 0;
        if (EVP_MAC_init(sha1, NULL, 0, NULL) != 1) return 0;
        if (EVP_MAC_update(sha1, (const unsigned char *)salt, saltLen) != 1) return 0;
        if (EVP_MAC_update(sha1, counter, 4) != 1) return 0;
        if (EVP_MAC_final(sha1, block, &len, sizeof block) != 1) return 0;
        memcpy(out + 20 * (i - 1), block, i == 1 ? 20 : 12);
    }
    return 1;
}

static EVP_MAC_CTX *hmac(EVP_MAC *mac, const char *digest) {
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    OSSL_PARAM params[2] = { OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0), OSSL_PARAM_construct_end() };
    if (!ctx || EVP_MAC_CTX_set_params(ctx, params) != 1) exit(70);
    return ctx;
}

static void hex(const unsigned char *in, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) { out[2 * i] = "0123456789abcdef"[in[i] >> 4]; out[2 * i + 1] = "0123456789abcdef"[in[i] & 15]; }
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s PASSWORD COUNT\n", argv[0]); return 64; }
    const char *password = argv[1];
    long count = atol(argv[2]);
    EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *sha1 = hmac(mac, "SHA1"), *sha256 = hmac(mac, "SHA256");
    if (EVP_MAC_init(sha1, (const unsigned char *)password, strlen(password), NULL) != 1) return 70;
    char line[512], token[2048];
    for (long n = 0; n < count; n++) {
        int len = snprintf(line, sizeof line, "{\"user\":{\"id\":%ld,\"admin\":false}}", n);
        unsigned char raw[80], key[32], mackey[32], ct[512], digest[32];
        char esalt[64], isalt[64];
        if (RAND_bytes(raw, 80) != 1) return 70;
        hex(raw, 32, esalt); hex(raw + 32, 32, isalt);
        if (!pbkdf2_1(sha1, esalt, 64, key)) return 70;
        int outl = 0, finl = 0;
        if (EVP_EncryptInit_ex2(ctx, cipher, key, raw + 64, NULL) != 1) return 70;
        if (EVP_EncryptUpdate(ctx, ct, &outl, (unsigned char *)line, len) != 1) return 70;
        if (EVP_EncryptFinal_ex(ctx, ct + outl, &finl) != 1) return 70;
        size_t t = 0;
        memcpy(token + t, "Fe26.2**", 8); t += 8;
        memcpy(token + t, esalt, 64); t += 64; token[t++] = '*';
        t += b64url(raw + 64, 16, token + t); token[t++] = '*';
        t += b64url(ct, outl + finl, token + t); token[t++] = '*';
        size_t macEnd = t;
        if (!pbkdf2_1(sha1, isalt, 64, mackey)) return 70;
        size_t macLen = 0;
        if (EVP_MAC_init(sha256, mackey, 32, NULL) != 1) return 70;
        if (EVP_MAC_update(sha256, (unsigned char *)token, macEnd) != 1) return 70;
        if (EVP_MAC_final(sha256, digest, &macLen, sizeof digest) != 1) return 70;
        token[t++] = '*'; memcpy(token + t, isalt, 64); t += 64; token[t++] = '*';
        t += b64url(digest, 32, token + t); token[t++] = '\n';
        fwrite(token, 1, t, stdout);
    }
    EVP_MAC_CTX_free(sha1);
    EVP_MAC_CTX_free(sha256);
    EVP_MAC_free(mac);
    EVP_CIPHER_CTX_free(ctx);
    EVP_CIPHER_free(cipher);
    return 0;
}
