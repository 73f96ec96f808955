/*
 * sort.c — sorting through function pointers: libc qsort with comparators over an array of
 * records (key, then a tie-breaking id so the order is unique) and over plain 64-bit integers.
 * Indirect calls, compares and record moves dominate.
 * Usage: sort [scale]. Single-threaded; prints one checksum line.
 */
#include "bench.h"

struct record {
    uint32_t key;
    uint32_t id;
    uint64_t payload;
};

static int record_cmp(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int u64_cmp_desc(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

int main(int argc, char **argv)
{
    long units = bench_units(argc > 1 ? argv[1] : NULL, 170);
    enum { N_REC = 20000, N_INT = 30000 };
    struct record *rec = malloc(N_REC * sizeof *rec);
    uint64_t *ints = malloc(N_INT * sizeof *ints);
    uint64_t state = 0x5eed5eed5eedULL, sum = 0;
    for (long u = 0; u < units; u++) {
        for (uint32_t i = 0; i < N_REC; i++) {
            uint64_t r = bench_rand(&state);
            rec[i].key = (uint32_t)(r >> 52);
            rec[i].id = i;
            rec[i].payload = r;
        }
        qsort(rec, N_REC, sizeof *rec, record_cmp);
        for (uint32_t i = 0; i < N_INT; i++)
            ints[i] = bench_rand(&state) >> (i & 31);
        qsort(ints, N_INT, sizeof *ints, u64_cmp_desc);
        uint64_t s = 0;
        for (uint32_t i = 0; i < N_REC; i += 97)
            s = s * 1000003 + rec[i].payload;
        for (uint32_t i = 0; i < N_INT; i += 89)
            s = s * 1000003 + ints[i];
        sum = bench_mix(sum, s);
    }
    bench_report("sort", units, sum);
    free(rec);
    free(ints);
    return 0;
}
