/*
 * check.c — host side of the F/D differential test.
 *
 * Reads the lines gen.c printed under qemu-riscv64 (see gen.c for the format) from stdin or
 * the file named by argv[1], recomputes each with the fpu_* functions and compares result bits
 * and fflags, both from clear flags and accrued onto the flags of the preceding cases (the
 * way an interpreter calls them, which exercises fpu.c's fast path). Arithmetic rows are also
 * recomputed with the exact software path (fpu_soft_*) in every rounding mode, so the fallback
 * used for RMM and for hosts without FMA is checked against the oracle in all five modes.
 * Prints the first mismatches and a summary; exit status 0 only if everything matched.
 * Single-threaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/riscv/fpu.h"
#include "../../src/riscv/fpu_soft.h"

typedef uint64_t (*call_fn)(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fl);

#define FFF_RM_CALL(id) return fpu_##id(a, b, rm, fl);
#define FF_RM_CALL(id) return fpu_##id(a, rm, fl);
#define FFFF_RM_CALL(id) return fpu_##id(a, b, c, rm, fl);
#define XF_RM_CALL(id) return fpu_##id(a, rm, fl);
#define FX_RM_CALL(id) return fpu_##id(a, rm, fl);
#define FFF_FL_CALL(id) return fpu_##id(a, b, fl);
#define FFF_CALL(id) return fpu_##id(a, b);
#define XFF_FL_CALL(id) return fpu_##id(a, b, fl);
#define XF_CALL(id) return fpu_##id(a);
#define FX_CALL(id) return fpu_##id(a);
#define FF_EX_CALL(id) return fpu_##id(a, rm, fl);
#define FX_EX_CALL(id) return fpu_##id(a, rm, fl);

#define X(id, mn, kind, types)                                                                     \
    static uint64_t call_##id(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fl)       \
    {                                                                                              \
        (void)b, (void)c, (void)rm, (void)fl;                                                      \
        kind##_CALL(id)                                                                            \
    }
#include "ops.def"
#undef X

struct op {
    const char *name;
    call_fn fn;
};

static const struct op ops[] = {
#define X(id, mn, kind, types) {mn, call_##id},
#include "ops.def"
#undef X
};

static uint64_t unbox(uint64_t v)
{
    return (v >> 32) == 0xffffffff ? (uint32_t)v : FPU_CANON_NAN_S;
}

static uint64_t box(uint64_t v)
{
    return v | UINT64_C(0xffffffff00000000);
}

/* The software path for arithmetic rows; false if the row has none. */
static int soft_call(const char *name, const uint64_t *v, unsigned rm, uint64_t *res, uint32_t *fl)
{
    const struct fpu_fmt *s = &fpu_fmt_s, *d = &fpu_fmt_d;
    uint64_t sa = unbox(v[0]), sb = unbox(v[1]), sc = unbox(v[2]);
    static const char *const fma_names[] = {"fmadd", "fmsub", "fnmsub", "fnmadd"};
    bool is_s = name[strlen(name) - 1] == 's';

    for (int i = 0; i < 4; i++) {
        size_t len = strlen(fma_names[i]);
        if (!strncmp(name, fma_names[i], len) && name[len] == '.') {
            bool np = i >= 2, nc = i == 1 || i == 3;
            *res = is_s ? box(fpu_soft_fma(s, sa, sb, sc, np, nc, rm, fl))
                        : fpu_soft_fma(d, v[0], v[1], v[2], np, nc, rm, fl);
            return 1;
        }
    }
    if (!strcmp(name, "fadd.s"))
        *res = box(fpu_soft_add(s, sa, sb, rm, fl));
    else if (!strcmp(name, "fsub.s"))
        *res = box(fpu_soft_add(s, sa, sb ^ 0x80000000u, rm, fl));
    else if (!strcmp(name, "fmul.s"))
        *res = box(fpu_soft_mul(s, sa, sb, rm, fl));
    else if (!strcmp(name, "fdiv.s"))
        *res = box(fpu_soft_div(s, sa, sb, rm, fl));
    else if (!strcmp(name, "fsqrt.s"))
        *res = box(fpu_soft_sqrt(s, sa, rm, fl));
    else if (!strcmp(name, "fadd.d"))
        *res = fpu_soft_add(d, v[0], v[1], rm, fl);
    else if (!strcmp(name, "fsub.d"))
        *res = fpu_soft_add(d, v[0], v[1] ^ (UINT64_C(1) << 63), rm, fl);
    else if (!strcmp(name, "fmul.d"))
        *res = fpu_soft_mul(d, v[0], v[1], rm, fl);
    else if (!strcmp(name, "fdiv.d"))
        *res = fpu_soft_div(d, v[0], v[1], rm, fl);
    else if (!strcmp(name, "fsqrt.d"))
        *res = fpu_soft_sqrt(d, v[0], rm, fl);
    else if (!strcmp(name, "fcvt.s.d"))
        *res = box(fpu_soft_cvt(s, d, v[0], rm, fl));
    else if (!strcmp(name, "fcvt.d.s"))
        *res = fpu_soft_cvt(d, s, sa, rm, fl);
    else if (!strncmp(name, "fcvt.s.", 7) || !strncmp(name, "fcvt.d.", 7)) {
        const struct fpu_fmt *f = name[5] == 's' ? s : d;
        const char *src = name + 7;
        int64_t sv = !strcmp(src, "w") ? (int32_t)v[0] : (int64_t)v[0];
        uint64_t mag = !strcmp(src, "wu")   ? (uint32_t)v[0]
                       : !strcmp(src, "lu") ? v[0]
                       : sv < 0             ? -(uint64_t)sv
                                            : (uint64_t)sv;
        bool neg = (!strcmp(src, "w") || !strcmp(src, "l")) && sv < 0;
        *res = fpu_soft_from_int(f, neg, mag, rm, fl);
        if (f == s)
            *res = box(*res);
    } else {
        return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    FILE *in = argc > 1 ? fopen(argv[1], "r") : stdin;
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    char line[256], name[32], rmc;
    long n_lines = 0, n_soft = 0, n_bad = 0, n_soft_bad = 0;
    uint32_t acc = 0;
    size_t last = 0;

    while (fgets(line, sizeof(line), in)) {
        uint64_t v[3], want;
        unsigned want_fl;
        if (sscanf(line, "%31s %c %lx %lx %lx %lx %x", name, &rmc, &v[0], &v[1], &v[2], &want,
                   &want_fl) != 7) {
            fprintf(stderr, "check: bad line: %s", line);
            return 2;
        }
        if (strcmp(name, ops[last].name)) {
            for (last = 0; last < sizeof(ops) / sizeof(ops[0]); last++)
                if (!strcmp(name, ops[last].name))
                    break;
            if (last == sizeof(ops) / sizeof(ops[0])) {
                fprintf(stderr, "check: unknown instruction %s\n", name);
                return 2;
            }
        }
        unsigned rm = rmc == '-' ? 0 : rmc >= 'a' ? (unsigned)(rmc - 'a') : (unsigned)(rmc - '0');
        /* Accruing into flags of earlier cases, as an interpreter does (fpu.c fast path). */
        uint32_t acc_fl = acc;
        uint64_t acc_got = ops[last].fn(v[0], v[1], v[2], rm, &acc_fl);
        /* From clear flags, which needs the exact flags of this one operation. */
        uint32_t fl = 0;
        uint64_t got = ops[last].fn(v[0], v[1], v[2], rm, &fl);
        n_lines++;
        if (got != want || fl != want_fl || acc_got != want || acc_fl != (acc | want_fl)) {
            if (n_bad++ < 20)
                printf("MISMATCH %s rm=%c a=%016lx b=%016lx c=%016lx: got %016lx/%02x, "
                       "accrued onto %02x: %016lx/%02x, want %016lx/%02x\n",
                       name, rmc, v[0], v[1], v[2], got, fl, acc, acc_got, acc_fl, want, want_fl);
        }
        acc = n_lines % 8 == 0 ? 0 : acc | want_fl;
        uint64_t sres;
        uint32_t sfl = 0;
        if (rmc != '-' && soft_call(name, v, rm, &sres, &sfl)) {
            n_soft++;
            if (sres != want || sfl != want_fl) {
                if (n_soft_bad++ < 20)
                    printf("SOFT MISMATCH %s rm=%c a=%016lx b=%016lx c=%016lx: got %016lx/%02x, "
                           "want %016lx/%02x\n",
                           name, rmc, v[0], v[1], v[2], sres, sfl, want, want_fl);
            }
        }
    }
    printf("fpu differential: %ld cases checked, %ld mismatches; software path: %ld cases, "
           "%ld mismatches\n",
           n_lines, n_bad, n_soft, n_soft_bad);
    return n_lines > 0 && n_bad == 0 && n_soft_bad == 0 ? 0 : 1;
}
