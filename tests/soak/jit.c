/*
 * jit.c — a translate-heavy guest: it keeps generating new machine code and running it, the way
 * a JIT compiler does, so the emulator must translate all the time and drop what it translated.
 *
 * Usage: jit mode seconds [seed]
 *   rwx    one 64 KiB RWX buffer, rewritten in place every round (self-modifying code);
 *   remap  every round mmaps fresh pages RW, writes code, mprotects them RX, runs, munmaps;
 *   fill   a 32 MiB RWX arena filled front to back with ever new functions, each run once and
 *          kept until the arena wraps around (the most live translations at once);
 *   mixed  the three in turn, one round each.
 * Each generated function takes x in a0 and a multiplier in a1 and applies 8-40 random steps
 * (addi, xori, shift-xor, shift-add, mul, and a conditional addi behind a branch, so functions
 * have several blocks); the result is checked against the same steps evaluated in C. Runs for
 * the given number of seconds, then prints the counts; exit status 1 on any wrong result.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define A0 10
#define A1 11
#define T0 5
#define MAX_STEPS 40
#define MAX_FN_WORDS (MAX_STEPS * 3 + 1)

enum step_kind { S_ADDI, S_XORI, S_SHL_XOR, S_SHR_ADD, S_MUL, S_ODD_ADDI, S_KINDS };

struct step {
    enum step_kind kind;
    int32_t imm; /* 12-bit signed immediate or shift amount */
};

typedef uint64_t (*gen_fn)(uint64_t x, uint64_t mul);

static uint32_t enc_i(int op3, int rd, int rs1, int32_t imm)
{
    return ((uint32_t)(imm & 0xfff) << 20) | (uint32_t)rs1 << 15 | (uint32_t)op3 << 12 |
           (uint32_t)rd << 7 | 0x13;
}

static uint32_t enc_r(int f7, int op3, int rd, int rs1, int rs2)
{
    return (uint32_t)f7 << 25 | (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 | (uint32_t)op3 << 12 |
           (uint32_t)rd << 7 | 0x33;
}

/* beq rs1, rs2, off (off even, within +-4 KiB). */
static uint32_t enc_beq(int rs1, int rs2, int32_t off)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | (uint32_t)rs2 << 20 |
           (uint32_t)rs1 << 15 | ((u >> 1) & 0xf) << 8 | ((u >> 11) & 1) << 7 | 0x63;
}

static uint64_t rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Random steps for one function; returns how many. */
static int make_steps(uint64_t *seed, struct step *st)
{
    int n = 8 + (int)(rng(seed) % (MAX_STEPS - 7));
    for (int i = 0; i < n; i++) {
        uint64_t r = rng(seed);
        st[i].kind = (enum step_kind)(r % S_KINDS);
        st[i].imm = (st[i].kind == S_SHL_XOR || st[i].kind == S_SHR_ADD)
                        ? 1 + (int32_t)((r >> 8) % 63)
                        : (int32_t)((r >> 8) & 0xfff) - 2048;
    }
    return n;
}

/* Encode the steps at w; returns the number of 32-bit words written (ending with ret). */
static int emit(uint32_t *w, const struct step *st, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        switch (st[i].kind) {
        case S_ADDI: w[k++] = enc_i(0, A0, A0, st[i].imm); break;
        case S_XORI: w[k++] = enc_i(4, A0, A0, st[i].imm); break;
        case S_SHL_XOR:
            w[k++] = enc_i(1, T0, A0, st[i].imm);
            w[k++] = enc_r(0, 4, A0, A0, T0);
            break;
        case S_SHR_ADD:
            w[k++] = enc_i(5, T0, A0, st[i].imm);
            w[k++] = enc_r(0, 0, A0, A0, T0);
            break;
        case S_MUL: w[k++] = enc_r(1, 0, A0, A0, A1); break;
        case S_ODD_ADDI:
            w[k++] = enc_i(7, T0, A0, 1); /* andi t0, a0, 1 */
            w[k++] = enc_beq(T0, 0, 8);   /* even: skip the addi */
            w[k++] = enc_i(0, A0, A0, st[i].imm);
            break;
        default: break;
        }
    }
    w[k++] = 0x00008067; /* ret */
    return k;
}

static uint64_t eval(const struct step *st, int n, uint64_t x, uint64_t mul)
{
    for (int i = 0; i < n; i++) {
        int64_t imm = st[i].imm;
        switch (st[i].kind) {
        case S_ADDI: x += (uint64_t)imm; break;
        case S_XORI: x ^= (uint64_t)imm; break;
        case S_SHL_XOR: x ^= x << imm; break;
        case S_SHR_ADD: x += x >> imm; break;
        case S_MUL: x *= mul; break;
        case S_ODD_ADDI:
            if (x & 1)
                x += (uint64_t)imm;
            break;
        default: break;
        }
    }
    return x;
}

struct counts {
    uint64_t generated, calls, wrong, rounds;
};

/* Generate one function at w (room for MAX_FN_WORDS), make it visible, run and check it twice. */
static void gen_and_run(uint32_t *w, uint64_t *seed, struct counts *c, int flush)
{
    struct step st[MAX_STEPS];
    int n = make_steps(seed, st);
    int words = emit(w, st, n);
    if (flush)
        __builtin___clear_cache((char *)w, (char *)(w + words));
    c->generated++;
    for (int k = 0; k < 2; k++) {
        uint64_t x = rng(seed), mul = rng(seed) | 1;
        uint64_t got = ((gen_fn)(uintptr_t)w)(x, mul);
        c->calls++;
        if (got != eval(st, n, x, mul)) {
            if (c->wrong++ < 5)
                fprintf(stderr, "jit: wrong result from generated code at %p\n", (void *)w);
        }
    }
}

#define RWX_SIZE (64 << 10)
#define REMAP_SIZE (16 << 10)
#define ARENA_SIZE (32 << 20)
#define FN_BYTES (MAX_FN_WORDS * 4)

static void round_rwx(uint32_t *buf, uint64_t *seed, struct counts *c)
{
    for (size_t off = 0; off + FN_BYTES <= RWX_SIZE; off += FN_BYTES)
        gen_and_run(buf + off / 4, seed, c, 1);
}

static void round_remap(uint64_t *seed, struct counts *c)
{
    uint32_t *p =
        mmap(NULL, REMAP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        c->wrong++;
        return;
    }
    struct step st[REMAP_SIZE / FN_BYTES][MAX_STEPS];
    int n[REMAP_SIZE / FN_BYTES], words;
    size_t nfn = REMAP_SIZE / FN_BYTES;
    for (size_t i = 0; i < nfn; i++) {
        n[i] = make_steps(seed, st[i]);
        words = emit(p + i * MAX_FN_WORDS, st[i], n[i]);
        (void)words;
    }
    mprotect(p, REMAP_SIZE, PROT_READ | PROT_EXEC);
    for (size_t i = 0; i < nfn; i++) {
        uint64_t x = rng(seed), mul = rng(seed) | 1;
        gen_fn f = (gen_fn)(uintptr_t)(p + i * MAX_FN_WORDS);
        c->generated++;
        c->calls++;
        if (f(x, mul) != eval(st[i], n[i], x, mul) && c->wrong++ < 5)
            fprintf(stderr, "jit: wrong result from remapped code\n");
    }
    munmap(p, REMAP_SIZE);
}

static void round_fill(uint32_t *arena, size_t *pos, uint64_t *seed, struct counts *c)
{
    for (int i = 0; i < 256; i++) {
        if (*pos + FN_BYTES > ARENA_SIZE)
            *pos = 0;
        gen_and_run(arena + *pos / 4, seed, c, 1);
        *pos += FN_BYTES;
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "mixed";
    double secs = argc > 2 ? atof(argv[2]) : 5;
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x2545f4914f6cdd1dull;
    const int rwx = PROT_READ | PROT_WRITE | PROT_EXEC, anon = MAP_PRIVATE | MAP_ANONYMOUS;
    struct counts c = {0};
    size_t pos = 0;
    int m = strcmp(mode, "rwx") == 0     ? 0
            : strcmp(mode, "remap") == 0 ? 1
            : strcmp(mode, "fill") == 0  ? 2
            : strcmp(mode, "mixed") == 0 ? 3
                                         : -1;
    if (m < 0 || secs <= 0) {
        fprintf(stderr, "usage: jit rwx|remap|fill|mixed seconds [seed]\n");
        return 2;
    }
    uint32_t *buf = mmap(NULL, RWX_SIZE, rwx, anon, -1, 0);
    uint32_t *arena = mmap(NULL, ARENA_SIZE, rwx, anon, -1, 0);
    if (buf == MAP_FAILED || arena == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    double end = now() + secs;
    while (now() < end) {
        int which = m == 3 ? (int)(c.rounds % 3) : m;
        if (which == 0)
            round_rwx(buf, &seed, &c);
        else if (which == 1)
            round_remap(&seed, &c);
        else
            round_fill(arena, &pos, &seed, &c);
        c.rounds++;
    }
    printf("jit %s: %llu rounds, %llu functions generated, %llu calls, %llu wrong\n", mode,
           (unsigned long long)c.rounds, (unsigned long long)c.generated,
           (unsigned long long)c.calls, (unsigned long long)c.wrong);
    return c.wrong != 0;
}
