/*
 * malloc_stress.c — deterministic allocator workout: 20000 operations drawn from a fixed
 * xorshift sequence over 512 slots (malloc of sizes from 1 byte to 192 KiB, so both brk and mmap
 * backed chunks, realloc growing and shrinking with content checks, calloc zero checks, free),
 * each block filled with a pattern derived from its slot; prints a running checksum and the
 * number of detected corruptions (always 0); finally one 16 MiB block. Single-threaded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512
#define OPS 12000

struct slot {
    unsigned char *p;
    size_t n;
    unsigned char fill;
};

static uint64_t next_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    return x;
}

static size_t pick_size(uint64_t r)
{
    switch (r % 16) {
    case 0: case 1: return 1 + (r >> 8) % 16;
    case 2: case 3: case 4: case 5: case 6: case 7: return 1 + (r >> 8) % 256;
    case 8: case 9: case 10: case 11: return 1 + (r >> 8) % 4096;
    case 12: case 13: case 14: return 1 + (r >> 8) % 32768;
    default: return 128 * 1024 + (r >> 8) % (64 * 1024);
    }
}

/* Returns the number of bytes of s that do not hold its fill pattern. */
static size_t check_slot(const struct slot *s)
{
    size_t bad = 0;
    for (size_t i = 0; i < s->n; i++)
        bad += s->p[i] != (unsigned char)(s->fill + i);
    return bad;
}

static void fill_slot(struct slot *s, size_t from)
{
    for (size_t i = from; i < s->n; i++)
        s->p[i] = (unsigned char)(s->fill + i);
}

int main(void)
{
    static struct slot slots[SLOTS];
    uint64_t seed = 0x9e3779b97f4a7c15ull, sum = 0;
    size_t corrupt = 0, live_max = 0, allocs = 0;
    for (int op = 0; op < OPS; op++) {
        uint64_t r = next_rand(&seed);
        struct slot *s = &slots[r % SLOTS];
        uint64_t kind = (r >> 40) % 10;
        if (s->p && kind < 3) {
            corrupt += check_slot(s);
            sum = sum * 131 + s->n;
            free(s->p);
            s->p = NULL;
            s->n = 0;
        } else if (s->p && kind < 6) {
            size_t n = pick_size(next_rand(&seed));
            size_t keep = n < s->n ? n : s->n;
            unsigned char *q = realloc(s->p, n);
            if (!q) {
                printf("realloc failed\n");
                return 1;
            }
            s->p = q;
            size_t old = s->n;
            s->n = keep;
            corrupt += check_slot(s);
            s->n = n;
            fill_slot(s, keep < old ? keep : old);
            sum = sum * 131 + n + 1;
        } else if (!s->p) {
            size_t n = pick_size(next_rand(&seed));
            if (kind == 9) {
                s->p = calloc(n, 1);
                for (size_t i = 0; s->p && i < n; i++)
                    corrupt += s->p[i] != 0;
            } else {
                s->p = malloc(n);
            }
            if (!s->p) {
                printf("allocation of %zu failed\n", n);
                return 1;
            }
            s->n = n;
            s->fill = (unsigned char)(r >> 16);
            fill_slot(s, 0);
            allocs++;
            sum = sum * 131 + n + 2;
        }
        if (op % 2000 == 1999) {
            size_t live = 0;
            for (int i = 0; i < SLOTS; i++)
                live += slots[i].n;
            if (live > live_max)
                live_max = live;
            printf("op %5d checksum %016llx live %zu\n", op + 1, (unsigned long long)sum, live);
        }
    }
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].p) {
            corrupt += check_slot(&slots[i]);
            free(slots[i].p);
        }
    }
    void *big = malloc(16 << 20);
    memset(big, 1, 16 << 20);
    free(big);
    printf("allocations %zu, max live %zu, corrupt bytes %zu\n", allocs, live_max, corrupt);
    return corrupt != 0;
}
