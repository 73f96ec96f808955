/*
 * primes.c — the guest program of `make demo`: a small, deterministic workload with a few hot
 * loops (a sieve, a string hash, a sort) so that plugin reports have something to show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT 200000

static int cmp_desc(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

int main(void)
{
    static unsigned char composite[LIMIT + 1];
    static unsigned primes[LIMIT];
    unsigned n = 0;
    for (unsigned i = 2; i <= LIMIT; i++) {
        if (composite[i])
            continue;
        primes[n++] = i;
        for (unsigned long j = (unsigned long)i * i; j <= LIMIT; j += i)
            composite[j] = 1;
    }
    unsigned hash = 2166136261u;
    char buf[32];
    for (unsigned k = 0; k < n; k++) {
        int len = snprintf(buf, sizeof(buf), "%u", primes[k]);
        for (int c = 0; c < len; c++)
            hash = (hash ^ (unsigned char)buf[c]) * 16777619u;
    }
    qsort(primes, n, sizeof(primes[0]), cmp_desc);
    printf("%u primes below %u; largest %u; digit hash %08x\n", n, LIMIT, primes[0], hash);
    return 0;
}
