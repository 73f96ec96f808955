/*
 * bench.h — helpers shared by the benchmark workloads (header-only, static inline).
 *
 * Every workload is built twice, natively and for riscv64, from the same source with the same
 * flags, and must print exactly the same line on both: so nothing here depends on addresses,
 * char signedness, time or host details. The work size is "units" of a fixed cost; a workload's
 * default is calibrated to take about one second natively, and a scale factor (argument or
 * BENCH_SCALE in the environment) multiplies it (the QUICK smoke run uses 0.01).
 * Single-threaded helpers; the PRNG state is a caller-owned value.
 */
#ifndef BENCH_WORKLOADS_BENCH_H
#define BENCH_WORKLOADS_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Number of work units: default_units times the scale from arg (or BENCH_SCALE), at least 1. */
static inline long bench_units(const char *arg, long default_units)
{
    const char *s = arg ? arg : getenv("BENCH_SCALE");
    double scale = s ? strtod(s, NULL) : 1.0;
    if (!(scale > 0.0))
        scale = 1.0;
    double u = (double)default_units * scale + 0.5;
    return u < 1.0 ? 1 : (long)u;
}

/* Next value of a xorshift64* generator; *state must be non-zero. */
static inline uint64_t bench_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dULL;
}

/* Folds v into a running checksum (order-sensitive). */
static inline uint64_t bench_mix(uint64_t sum, uint64_t v)
{
    sum ^= v + 0x9e3779b97f4a7c15ULL + (sum << 6) + (sum >> 2);
    return sum;
}

/* Prints the workload's result line: name, units and checksum. */
static inline void bench_report(const char *name, long units, uint64_t checksum)
{
    printf("%s units=%ld checksum=%016llx\n", name, units, (unsigned long long)checksum);
}

#endif
