/*
 * sha256.c — cryptographic hash workload: SHA-256 (FIPS 180-4) over generated data. Each unit
 * regenerates a 64 KiB buffer seeded by the previous digest and hashes it, so every unit depends
 * on the last. Rotates, shifts, 32-bit adds and table loads dominate.
 * Usage: sha256 [scale]. Single-threaded; prints one checksum line.
 */
#include <string.h>

#include "bench.h"

struct sha256 {
    uint32_t h[8];
    uint64_t length;     /* bytes hashed so far */
    unsigned char block[64];
    size_t fill;         /* bytes pending in block */
};

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t sha256_init[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static inline uint32_t ror32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_compress(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) +
                      sha256_k[i] + w[i];
        uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
}

static void sha256_start(struct sha256 *s)
{
    memcpy(s->h, sha256_init, sizeof s->h);
    s->length = 0;
    s->fill = 0;
}

static void sha256_update(struct sha256 *s, const unsigned char *p, size_t n)
{
    s->length += n;
    while (n > 0) {
        if (s->fill == 0 && n >= 64) {
            sha256_compress(s->h, p);
            p += 64;
            n -= 64;
            continue;
        }
        size_t take = 64 - s->fill < n ? 64 - s->fill : n;
        memcpy(s->block + s->fill, p, take);
        s->fill += take;
        p += take;
        n -= take;
        if (s->fill == 64) {
            sha256_compress(s->h, s->block);
            s->fill = 0;
        }
    }
}

static void sha256_finish(struct sha256 *s, unsigned char out[32])
{
    uint64_t bits = s->length * 8;
    unsigned char pad[72] = {0x80};
    size_t padlen = (s->fill < 56 ? 56 : 120) - s->fill;
    for (int i = 0; i < 8; i++)
        pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
    sha256_update(s, pad, padlen + 8);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++)
            out[4 * i + j] = (unsigned char)(s->h[i] >> (24 - 8 * j));
}

/* Known-answer check: SHA-256("abc"). */
static int sha256_selftest(void)
{
    static const unsigned char want[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22,
        0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00,
        0x15, 0xad,
    };
    struct sha256 s;
    unsigned char out[32];
    sha256_start(&s);
    sha256_update(&s, (const unsigned char *)"abc", 3);
    sha256_finish(&s, out);
    return memcmp(out, want, 32) == 0;
}

int main(int argc, char **argv)
{
    long units = bench_units(argc > 1 ? argv[1] : NULL, 3300);
    if (!sha256_selftest()) {
        printf("sha256 selftest failed\n");
        return 1;
    }
    enum { DATA_LEN = 64 * 1024 };
    unsigned char *data = malloc(DATA_LEN), digest[32] = {0};
    uint64_t sum = 0;
    for (long u = 0; u < units; u++) {
        uint64_t state = 1;
        for (int i = 0; i < 8; i++)
            state = state * 131 + digest[i];
        for (size_t i = 0; i < DATA_LEN; i += 8) {
            uint64_t r = bench_rand(&state);
            memcpy(data + i, &r, 8);
        }
        struct sha256 s;
        sha256_start(&s);
        sha256_update(&s, data, DATA_LEN - (size_t)(u % 61));
        sha256_finish(&s, digest);
        uint64_t head;
        memcpy(&head, digest, 8);
        sum = bench_mix(sum, head);
    }
    bench_report("sha256", units, sum);
    free(data);
    return 0;
}
