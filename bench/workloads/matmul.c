/*
 * matmul.c — dense floating point: C = A * B for 96x96 doubles (i-k-j loop order), then a
 * feedback step that keeps the values bounded, repeated per unit. Multiply-add chains (no fused
 * ops: built with -ffp-contract=off so native and riscv64 round identically) and streaming loads.
 * Usage: matmul [scale]. Single-threaded; prints one checksum line.
 */
#include <string.h>

#include "bench.h"

enum { N = 96 };

static void matmul(const double *a, const double *b, double *c)
{
    memset(c, 0, N * N * sizeof *c);
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++) {
            double aik = a[i * N + k];
            for (int j = 0; j < N; j++)
                c[i * N + j] += aik * b[k * N + j];
        }
}

int main(int argc, char **argv)
{
    long units = bench_units(argc > 1 ? argv[1] : NULL, 4400);
    double *a = malloc(N * N * sizeof *a), *b = malloc(N * N * sizeof *b);
    double *c = malloc(N * N * sizeof *c);
    uint64_t state = 0xfeedfaceULL, sum = 0;
    for (int i = 0; i < N * N; i++) {
        a[i] = (double)(bench_rand(&state) >> 11) / 9007199254740992.0 - 0.5;
        b[i] = (double)(bench_rand(&state) >> 11) / 9007199254740992.0 - 0.5;
    }
    for (long u = 0; u < units; u++) {
        matmul(a, b, c);
        double trace = 0.0;
        for (int i = 0; i < N; i++)
            trace += c[i * N + i];
        for (int i = 0; i < N * N; i++)
            a[i] = c[i] / 8.0 + (a[i] - trace / 1024.0) * 0.5;
        uint64_t bits;
        memcpy(&bits, &trace, 8);
        sum = bench_mix(sum, bits);
    }
    bench_report("matmul", units, sum);
    free(a);
    free(b);
    free(c);
    return 0;
}
