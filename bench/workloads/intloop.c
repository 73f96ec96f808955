/*
 * intloop.c — integer workload: branchy Collatz walks, multiply/divide mixing with a PRNG, bit
 * tricks and a small byte histogram. Exercises ALU, branches, mul/div and short loads/stores.
 * Usage: intloop [scale]. Single-threaded; prints one checksum line.
 */
#include "bench.h"

static uint64_t collatz_steps(uint64_t start, long count)
{
    uint64_t total = 0;
    for (long i = 0; i < count; i++) {
        uint64_t n = start + (uint64_t)i;
        while (n != 1) {
            n = (n & 1) ? 3 * n + 1 : n >> 1;
            total++;
        }
    }
    return total;
}

static uint64_t mix_loop(uint64_t *state, long count)
{
    uint64_t acc = 0;
    for (long i = 0; i < count; i++) {
        uint64_t x = bench_rand(state);
        uint64_t d = (x >> 40) | 1;
        acc += x / d + x % 1000003;
        acc ^= (acc << 13) | (acc >> 51);
        acc += (uint64_t)__builtin_popcountll(x) * (uint64_t)(i & 7);
    }
    return acc;
}

static uint64_t histogram(uint64_t *state, unsigned char *buf, long len)
{
    uint32_t hist[256] = {0};
    for (long i = 0; i < len; i++)
        buf[i] = (unsigned char)(bench_rand(state) >> 56);
    for (long i = 0; i < len; i++)
        hist[buf[i]]++;
    uint64_t sum = 0;
    for (int k = 0; k < 256; k++)
        sum = sum * 31 + hist[k];
    return sum;
}

int main(int argc, char **argv)
{
    long units = bench_units(argc > 1 ? argv[1] : NULL, 13500);
    uint64_t state = 0x1234567887654321ULL, sum = 0;
    enum { BUF_LEN = 4096 };
    unsigned char *buf = malloc(BUF_LEN);
    for (long u = 0; u < units; u++) {
        sum = bench_mix(sum, collatz_steps(1 + (uint64_t)u * 97, 200));
        sum = bench_mix(sum, mix_loop(&state, 2000));
        sum = bench_mix(sum, histogram(&state, buf, BUF_LEN));
    }
    bench_report("intloop", units, sum);
    free(buf);
    return 0;
}
