/* The physical limit iron measures itself against: straightforward C over OpenSSL's EVP doing
 * the work of `iron seal --lines` or `iron unseal --lines` the way @hapi/iron does (PBKDF2-SHA1
 * x2, AES-256-CBC, HMAC-SHA256, hex salts, base64url), on one core. Built and run by
 * scripts/bench. Not part of the product.
 *
 *   bench-c-loop seal PASSWORD   < payloads  > tokens    one payload a line in, one token a line out
 *   bench-c-loop unseal PASSWORD < tokens    > payloads  one token a line in, its plaintext a line out
 *   bench-c-loop run COMMAND [ARG...]                   runs COMMAND, then prints its peak RSS to stderr
 *
 * seal writes what `iron seal --lines` writes by default (iron-session format): password id 1,
 * an expiration 14 days ahead and the `~2` suffix. It does not parse or compact the JSON.
 * unseal takes off anything from the first `~`, checks the eight fields and the HMAC, decrypts,
 * and does not judge the expiration. A bad token prints an error and exits 1; a libcrypto
 * failure exits 70, an output error 74.
 * run exists because a child's ru_maxrss counts what its parent had mapped when it forked: from a
 * Python process that figure is Python's size, from this small one it is about 1 MiB. */
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FOURTEEN_DAYS_MS (14LL * 24 * 3600 * 1000)

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

static signed char unalphabet[256];

static void init_unalphabet(void) {
    memset(unalphabet, -1, sizeof unalphabet);
    for (int i = 0; i < 64; i++) unalphabet[(unsigned char)alphabet[i]] = (signed char)i;
}

/* Canonical unpadded base64url; returns the byte count, or -1 (bad character, impossible length,
 * nonzero trailing bits). `out` must hold n / 4 * 3 + 2 bytes. */
static long unb64url(const char *in, size_t n, unsigned char *out) {
    if (n % 4 == 1) return -1;
    size_t o = 0, i = 0;
    for (; i + 4 <= n; i += 4) {
        int a = unalphabet[(unsigned char)in[i]], b = unalphabet[(unsigned char)in[i + 1]];
        int c = unalphabet[(unsigned char)in[i + 2]], d = unalphabet[(unsigned char)in[i + 3]];
        if ((a | b | c | d) < 0) return -1;
        unsigned v = (unsigned)a << 18 | (unsigned)b << 12 | (unsigned)c << 6 | (unsigned)d;
        out[o++] = v >> 16; out[o++] = v >> 8 & 255; out[o++] = v & 255;
    }
    if (n - i == 2) {
        int a = unalphabet[(unsigned char)in[i]], b = unalphabet[(unsigned char)in[i + 1]];
        if ((a | b) < 0 || (b & 15)) return -1;
        out[o++] = (unsigned)a << 2 | (unsigned)b >> 4;
    } else if (n - i == 3) {
        int a = unalphabet[(unsigned char)in[i]], b = unalphabet[(unsigned char)in[i + 1]], c = unalphabet[(unsigned char)in[i + 2]];
        if ((a | b | c) < 0 || (c & 3)) return -1;
        unsigned v = (unsigned)a << 18 | (unsigned)b << 12 | (unsigned)c << 6;
        out[o++] = v >> 16; out[o++] = v >> 8 & 255;
    }
    return (long)o;
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

/* Grows *buffer to at least `need` bytes. */
static void reserve(void **buffer, size_t *capacity, size_t need) {
    if (need <= *capacity) return;
    size_t grown = *capacity ? *capacity : 4096;
    while (grown < need) grown *= 2;
    void *p = realloc(*buffer, grown);
    if (!p) { fprintf(stderr, "bench-c-loop: out of memory\n"); exit(70); }
    *buffer = p; *capacity = grown;
}

static long long now_ms(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) exit(70);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int seal(EVP_MAC_CTX *sha1, EVP_MAC_CTX *sha256, EVP_CIPHER_CTX *ctx, EVP_CIPHER *cipher) {
    char *line = NULL, *token = NULL;
    unsigned char *ct = NULL;
    size_t lineCap = 0, tokenCap = 0, ctCap = 0;
    ssize_t len;
    while ((len = getline(&line, &lineCap, stdin)) >= 0) {
        if (len > 0 && line[len - 1] == '\n') len--;
        unsigned char raw[80], key[32], mackey[32], digest[32];
        char esalt[64], isalt[64];
        reserve((void **)&ct, &ctCap, (size_t)len + 16);
        reserve((void **)&token, &tokenCap, ((size_t)len + 16) / 3 * 4 + 320);
        /* Both salts and the IV in one RAND_bytes call a token: the straightforward way. */
        if (RAND_bytes(raw, 80) != 1) return 70;
        hex(raw, 32, esalt); hex(raw + 32, 32, isalt);
        if (!pbkdf2_1(sha1, esalt, 64, key)) return 70;
        int outl = 0, finl = 0;
        if (EVP_EncryptInit_ex2(ctx, cipher, key, raw + 64, NULL) != 1) return 70;
        if (EVP_EncryptUpdate(ctx, ct, &outl, (unsigned char *)line, (int)len) != 1) return 70;
        if (EVP_EncryptFinal_ex(ctx, ct + outl, &finl) != 1) return 70;
        size_t t = 0;
        memcpy(token + t, "Fe26.2*1*", 9); t += 9;
        memcpy(token + t, esalt, 64); t += 64; token[t++] = '*';
        t += b64url(raw + 64, 16, token + t); token[t++] = '*';
        t += b64url(ct, (size_t)(outl + finl), token + t); token[t++] = '*';
        t += (size_t)sprintf(token + t, "%lld", now_ms() + FOURTEEN_DAYS_MS);
        size_t macEnd = t;
        if (!pbkdf2_1(sha1, isalt, 64, mackey)) return 70;
        size_t macLen = 0;
        if (EVP_MAC_init(sha256, mackey, 32, NULL) != 1) return 70;
        if (EVP_MAC_update(sha256, (unsigned char *)token, macEnd) != 1) return 70;
        if (EVP_MAC_final(sha256, digest, &macLen, sizeof digest) != 1) return 70;
        token[t++] = '*'; memcpy(token + t, isalt, 64); t += 64; token[t++] = '*';
        t += b64url(digest, 32, token + t);
        memcpy(token + t, "~2\n", 3); t += 3;
        if (fwrite(token, 1, t, stdout) != t) return 74;
    }
    if (ferror(stdin)) { perror("bench-c-loop: standard input"); return 66; }
    free(line); free(token); free(ct);
    return 0;
}

static int reject(long lineNumber, const char *why) {
    fprintf(stderr, "bench-c-loop: line %ld: %s\n", lineNumber, why);
    return 1;
}

static int unseal(EVP_MAC_CTX *sha1, EVP_MAC_CTX *sha256, EVP_CIPHER_CTX *ctx, EVP_CIPHER *cipher) {
    char *line = NULL;
    unsigned char *ct = NULL, *pt = NULL;
    size_t lineCap = 0, ctCap = 0, ptCap = 0;
    ssize_t len;
    long lineNumber = 0;
    init_unalphabet();
    while ((len = getline(&line, &lineCap, stdin)) >= 0) {
        lineNumber++;
        if (len > 0 && line[len - 1] == '\n') len--;
        char *tilde = memchr(line, '~', (size_t)len);
        if (tilde) len = tilde - line;
        /* The eight fields: start and length of each. */
        const char *field[8];
        size_t fieldLen[8];
        int count = 0;
        const char *p = line, *end = line + len;
        while (count < 8) {
            const char *star = memchr(p, '*', (size_t)(end - p));
            field[count] = p;
            fieldLen[count] = (size_t)((star ? star : end) - p);
            count++;
            if (!star) break;
            p = star + 1;
            if (count == 8) return reject(lineNumber, "more than eight fields");
        }
        if (count != 8) return reject(lineNumber, "not eight fields");
        if (fieldLen[0] != 6 || memcmp(field[0], "Fe26.2", 6) != 0) return reject(lineNumber, "wrong prefix");

        /* Integrity: HMAC-SHA256 of the first six fields, keyed from the hmac salt. */
        unsigned char mackey[32], digest[32], key[32], iv[18];
        char expected[44];
        size_t macLen = 0;
        if (!pbkdf2_1(sha1, field[6], fieldLen[6], mackey)) return 70;
        if (EVP_MAC_init(sha256, mackey, 32, NULL) != 1) return 70;
        if (EVP_MAC_update(sha256, (const unsigned char *)line, (size_t)(field[5] + fieldLen[5] - line)) != 1) return 70;
        if (EVP_MAC_final(sha256, digest, &macLen, sizeof digest) != 1 || macLen != 32) return 70;
        size_t expectedLen = b64url(digest, 32, expected);
        if (fieldLen[7] != expectedLen || CRYPTO_memcmp(expected, field[7], expectedLen) != 0)
            return reject(lineNumber, "bad hmac");

        /* Decryption. */
        if (fieldLen[3] != 22 || unb64url(field[3], 22, iv) != 16) return reject(lineNumber, "bad iv");
        reserve((void **)&ct, &ctCap, fieldLen[4] / 4 * 3 + 2);
        long ctLen = unb64url(field[4], fieldLen[4], ct);
        if (ctLen < 16 || ctLen % 16 != 0) return reject(lineNumber, "bad ciphertext");
        reserve((void **)&pt, &ptCap, (size_t)ctLen + 16 + 1);
        if (!pbkdf2_1(sha1, field[2], fieldLen[2], key)) return 70;
        int outl = 0, finl = 0;
        if (EVP_DecryptInit_ex2(ctx, cipher, key, iv, NULL) != 1) return 70;
        if (EVP_DecryptUpdate(ctx, pt, &outl, ct, (int)ctLen) != 1) return 70;
        if (EVP_DecryptFinal_ex(ctx, pt + outl, &finl) != 1) return reject(lineNumber, "decryption failed");
        size_t n = (size_t)(outl + finl);
        pt[n++] = '\n';
        if (fwrite(pt, 1, n, stdout) != n) return 74;
    }
    if (ferror(stdin)) { perror("bench-c-loop: standard input"); return 66; }
    free(line); free(ct); free(pt);
    return 0;
}

/* Runs argv[0..] as a child; prints "bench-c-loop: peak-rss-kib N wall-ns T" (T from fork to the
 * child's end, so without this process's own start-up) as the last line of stderr and exits with
 * the child's status (128 + N for a signal). */
static int run(char **argv) {
    fflush(NULL);
    struct timespec start, end;
    if (clock_gettime(CLOCK_MONOTONIC, &start) != 0) return 70;
    pid_t pid = fork();
    if (pid < 0) { perror("bench-c-loop: fork"); return 70; }
    if (pid == 0) { execvp(argv[0], argv); perror("bench-c-loop: exec"); _exit(127); }
    int status = 0;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) != pid) { perror("bench-c-loop: wait4"); return 70; }
    if (clock_gettime(CLOCK_MONOTONIC, &end) != 0) return 70;
    long long ns = (long long)(end.tv_sec - start.tv_sec) * 1000000000 + (end.tv_nsec - start.tv_nsec);
    fprintf(stderr, "bench-c-loop: peak-rss-kib %ld wall-ns %lld\n", usage.ru_maxrss, ns);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "run") == 0) return run(argv + 2);
    if (argc != 3 || (strcmp(argv[1], "seal") != 0 && strcmp(argv[1], "unseal") != 0)) {
        fprintf(stderr, "usage: %s seal|unseal PASSWORD < input > output\n       %s run COMMAND [ARG...]\n", argv[0], argv[0]);
        return 64;
    }
    const char *password = argv[2];
    EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (!cipher || !ctx || !mac) return 70;
    EVP_MAC_CTX *sha1 = hmac(mac, "SHA1"), *sha256 = hmac(mac, "SHA256");
    if (EVP_MAC_init(sha1, (const unsigned char *)password, strlen(password), NULL) != 1) return 70;
    int status = strcmp(argv[1], "seal") == 0 ? seal(sha1, sha256, ctx, cipher) : unseal(sha1, sha256, ctx, cipher);
    if (status == 0 && fflush(stdout) != 0) status = 74;
    if (status == 74) fprintf(stderr, "bench-c-loop: write error\n");
    if (status == 70) fprintf(stderr, "bench-c-loop: libcrypto call failed\n");
    EVP_MAC_CTX_free(sha1);
    EVP_MAC_CTX_free(sha256);
    EVP_MAC_free(mac);
    EVP_CIPHER_CTX_free(ctx);
    EVP_CIPHER_free(cipher);
    return status;
}
