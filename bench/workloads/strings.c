/*
 * strings.c — libc string routines in loops: memcpy, memmove, memset, memcmp, strlen, strchr,
 * strrchr, strcmp, strncmp, strstr and strcpy over a pool of generated NUL-terminated strings of
 * varied lengths. Exercises the C library's (hand-written, word-at-a-time) string code.
 * Usage: strings [scale]. Single-threaded; prints one checksum line.
 */
#include <string.h>

#include "bench.h"

enum { POOL = 512, MAX_LEN = 256 };

int main(int argc, char **argv)
{
    long units = bench_units(argc > 1 ? argv[1] : NULL, 24000);
    char (*pool)[MAX_LEN + 1] = malloc(POOL * sizeof *pool);
    char *big = malloc(64 * 1024), *copy = malloc(64 * 1024);
    uint64_t state = 0x57a1c5ULL, sum = 0;
    for (int i = 0; i < POOL; i++) {
        int len = (int)(bench_rand(&state) % MAX_LEN);
        for (int k = 0; k < len; k++)
            pool[i][k] = (char)('a' + bench_rand(&state) % 8);
        pool[i][len] = '\0';
    }
    for (int k = 0; k < 64 * 1024 - 1; k++)
        big[k] = (char)('a' + (k * 7 + k / 13) % 26);
    big[64 * 1024 - 1] = '\0';
    for (long u = 0; u < units; u++) {
        uint64_t s = 0;
        for (int i = 0; i < POOL; i++) {
            const char *a = pool[i], *b = pool[(i * 31 + u) % POOL];
            size_t la = strlen(a);
            s += la;
            const char *p = strchr(a, 'h');
            s += p ? (uint64_t)(p - a) : 1000;
            p = strrchr(a, 'c');
            s += p ? (uint64_t)(p - a) : 2000;
            int c = strcmp(a, b);
            s += (uint64_t)(c < 0 ? 1 : c > 0 ? 2 : 3);
            s += (uint64_t)(strncmp(a, b, 3) == 0);
            p = strstr(a, "abc");
            s += p ? (uint64_t)(p - a) : 3000;
            char tmp[MAX_LEN + 1];
            strcpy(tmp, a);
            s += (uint64_t)(memcmp(tmp, a, la) == 0);
        }
        size_t off = (size_t)(u % 61);
        memcpy(copy, big + off, 60000);
        memmove(copy + 3, copy, 50000);
        memset(copy + 50000, 'z', 8000);
        copy[60000] = '\0';
        s += strlen(copy) + (uint64_t)(memcmp(copy, big, 4096) < 0);
        s += (unsigned char)copy[777];
        sum = bench_mix(sum, s);
    }
    bench_report("strings", units, sum);
    free(pool);
    free(big);
    free(copy);
    return 0;
}
