/*
 * threads.c — multi-threaded integer kernel: the work is a sequence of independent blocks of
 * indices, split into equal contiguous runs of blocks, one per POSIX thread; each thread hashes
 * its indices (multiply, rotate, xor, a small table reset at every block) and the partial sums are
 * added, so the checksum does not depend on the thread count.
 * Usage: threads NTHREADS [scale] (NTHREADS 1..16; the benchmark runs 1 and 2).
 * Threads share nothing but their own struct part until joined.
 */
#include <pthread.h>

#include "bench.h"

enum { BLOCK = 20000, MAX_THREADS = 16 };

struct part {
    uint64_t first_block, end_block; /* blocks [first_block, end_block) */
    uint64_t result;
};

static uint64_t block_hash(uint64_t blk)
{
    uint32_t table[64];
    for (int k = 0; k < 64; k++)
        table[k] = (uint32_t)(k + blk) * 2654435761u;
    uint64_t sum = 0;
    for (uint64_t i = blk * BLOCK; i < (blk + 1) * BLOCK; i++) {
        uint64_t x = i * 0x9e3779b97f4a7c15ULL;
        for (int r = 0; r < 4; r++) {
            x ^= x >> 29;
            x *= 0xbf58476d1ce4e5b9ULL;
            x = (x << 17) | (x >> 47);
            x += table[x & 63];
        }
        table[i & 63] ^= (uint32_t)x;
        sum += x >> 3;
    }
    return sum;
}

static void *part_run(void *arg)
{
    struct part *p = arg;
    uint64_t sum = 0;
    for (uint64_t b = p->first_block; b < p->end_block; b++)
        sum += block_hash(b);
    p->result = sum;
    return NULL;
}

int main(int argc, char **argv)
{
    int nthreads = argc > 1 ? atoi(argv[1]) : 2;
    if (nthreads < 1 || nthreads > MAX_THREADS) {
        printf("threads: NTHREADS must be 1..%d\n", MAX_THREADS);
        return 1;
    }
    long units = bench_units(argc > 2 ? argv[2] : NULL, 11000);
    struct part parts[MAX_THREADS];
    pthread_t tids[MAX_THREADS];
    for (int t = 0; t < nthreads; t++) {
        parts[t].first_block = (uint64_t)units * (uint64_t)t / (uint64_t)nthreads;
        parts[t].end_block = (uint64_t)units * (uint64_t)(t + 1) / (uint64_t)nthreads;
        parts[t].result = 0;
    }
    for (int t = 1; t < nthreads; t++)
        if (pthread_create(&tids[t], NULL, part_run, &parts[t]) != 0) {
            printf("threads: pthread_create failed\n");
            return 1;
        }
    part_run(&parts[0]);
    uint64_t sum = parts[0].result;
    for (int t = 1; t < nthreads; t++) {
        pthread_join(tids[t], NULL);
        sum += parts[t].result;
    }
    bench_report("threads", units, sum);
    return 0;
}
