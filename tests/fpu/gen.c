/*
 * gen.c — riscv64 guest program producing the expected results of every F/D instruction.
 *
 * Built with riscv64-linux-gnu-gcc -O1 -static and run under qemu-riscv64 (softfloat, exact),
 * it executes each instruction of ops.def with inline asm on deterministic operands (special
 * values, then pseudo-random values biased towards edge cases: subnormals, overflow, ties,
 * cancellation, integer boundaries), in every static rounding mode (with frm set to a different
 * mode, to check that the static mode wins) and with rm=dyn under each frm value. One line per
 * execution:
 *   <mnemonic> <rm> <a> <b> <c> <result> <fflags>
 * rm is 0-4 (static), a-e (dyn with frm 0-4) or '-' (no rounding mode); operands and result
 * are 16 hex digits (raw register bits), fflags 2 hex digits.
 *
 * Usage: gen [cases-per-instruction] [seed]. Single-threaded guest program.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef uint64_t (*op_fn)(uint64_t a, uint64_t b, uint64_t c, uint64_t frm, uint64_t *fl);

/* Load three FP operands, set frm, clear fflags, run the instruction text, read fflags. */
#define FN(name, text)                                                                             \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c, uint64_t frm, uint64_t *flp)          \
    {                                                                                              \
        uint64_t r, fl;                                                                            \
        __asm__ volatile("fmv.d.x ft0, %[a]\n\tfmv.d.x ft1, %[b]\n\tfmv.d.x ft2, %[c]\n\t"         \
                         "fsrm %[m]\n\tfsflags x0\n\t" text "\n\tfrflags %[f]"                     \
                         : [r] "=&r"(r), [f] "=&r"(fl)                                             \
                         : [a] "r"(a), [b] "r"(b), [c] "r"(c), [m] "r"(frm)                        \
                         : "ft0", "ft1", "ft2", "ft3");                                            \
        *flp = fl;                                                                                 \
        return r;                                                                                  \
    }

#define TO_X "\n\tfmv.x.d %[r], ft3"
#define FFF_RM_TXT(insn, rm) insn " ft3, ft0, ft1, " rm TO_X
#define FF_RM_TXT(insn, rm) insn " ft3, ft0, " rm TO_X
#define FFFF_RM_TXT(insn, rm) insn " ft3, ft0, ft1, ft2, " rm TO_X
#define XF_RM_TXT(insn, rm) insn " %[r], ft0, " rm
#define FX_RM_TXT(insn, rm) insn " ft3, %[a], " rm TO_X
#define FFF_FL_TXT(insn, rm) insn " ft3, ft0, ft1" TO_X
#define FFF_TXT(insn, rm) insn " ft3, ft0, ft1" TO_X
#define XFF_FL_TXT(insn, rm) insn " %[r], ft0, ft1"
#define XF_TXT(insn, rm) insn " %[r], ft0"
#define FX_TXT(insn, rm) insn " ft3, %[a]" TO_X
#define FF_EX_TXT(insn, rm) insn " ft3, ft0" TO_X
#define FX_EX_TXT(insn, rm) insn " ft3, %[a]" TO_X

#define FFF_RM_HAS_RM 1
#define FF_RM_HAS_RM 1
#define FFFF_RM_HAS_RM 1
#define XF_RM_HAS_RM 1
#define FX_RM_HAS_RM 1
#define FFF_FL_HAS_RM 0
#define FFF_HAS_RM 0
#define XFF_FL_HAS_RM 0
#define XF_HAS_RM 0
#define FX_HAS_RM 0
#define FF_EX_HAS_RM 0
#define FX_EX_HAS_RM 0

/* Six variants per instruction: rne, rtz, rdn, rup, rmm, dyn (unused for no-rm kinds). */
#define X(id, mn, kind, types)                                                                     \
    FN(id##_0, kind##_TXT(mn, "rne"))                                                              \
    FN(id##_1, kind##_TXT(mn, "rtz"))                                                              \
    FN(id##_2, kind##_TXT(mn, "rdn"))                                                              \
    FN(id##_3, kind##_TXT(mn, "rup"))                                                              \
    FN(id##_4, kind##_TXT(mn, "rmm"))                                                              \
    FN(id##_7, kind##_TXT(mn, "dyn"))
#include "ops.def"
#undef X

struct op {
    const char *name;
    int has_rm;
    const char *types;
    op_fn fn[6];
};

static const struct op ops[] = {
#define X(id, mn, kind, types)                                                                     \
    {mn, kind##_HAS_RM, types, {id##_0, id##_1, id##_2, id##_3, id##_4, id##_7}},
#include "ops.def"
#undef X
};

/* ---- deterministic operand generation ---- */

struct rng {
    uint64_t s;
};

static uint64_t next(struct rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * UINT64_C(2685821657736338717);
}

static const uint32_t special_s[] = {
    0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc12345, 0x7f800001,
    0xff812345, 0x7fbfffff, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x80800000,
    0x00800001, 0x7f7fffff, 0xff7fffff, 0x7f7ffffe, 0x3f800000, 0xbf800000, 0x3fc00000, 0x40000000,
    0x40400000, 0x3f000000, 0xbf000000, 0x3f800001, 0x3fffffff, 0x33800000, 0x34000000, 0x4f000000,
    0xcf000000, 0x4effffff, 0x4f800000, 0x5f000000, 0xdf000000, 0x5effffff, 0x5f800000, 0x3f400000,
    0x3fa00000, 0x40200000, 0xbfc00000, 0x00400000, 0x00000003, 0x0dffffff,
};

static const uint64_t special_d[] = {
    0x0000000000000000, 0x8000000000000000, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000000, 0xfff8000000000000, 0x7ff8000000012345, 0x7ff0000000000001,
    0xfff4000000000000, 0x7ff7ffffffffffff, 0x0000000000000001, 0x8000000000000001,
    0x000fffffffffffff, 0x800fffffffffffff, 0x0010000000000000, 0x8010000000000000,
    0x0010000000000001, 0x7fefffffffffffff, 0xffefffffffffffff, 0x7feffffffffffffe,
    0x3ff0000000000000, 0xbff0000000000000, 0x3ff8000000000000, 0x4000000000000000,
    0x4008000000000000, 0x3fe0000000000000, 0xbfe0000000000000, 0x3ff0000000000001,
    0x3fffffffffffffff, 0x3ca0000000000000, 0x3cb0000000000000, 0x41e0000000000000,
    0xc1e0000000000000, 0x41dfffffffffffff, 0x41dfffffffc00000, 0x41e0000000100000,
    0xc1e0000000200000, 0x41efffffffffffff, 0x41f0000000000000, 0x41effffffff00000,
    0x43e0000000000000, 0xc3e0000000000000, 0x43dfffffffffffff, 0x43f0000000000000,
    0x43efffffffffffff, 0x3fe8000000000000, 0x3ff4000000000000, 0x4004000000000000,
    0xbff8000000000000, 0x0008000000000000, 0x47efffffe0000000, 0x47effffff0000000,
    0x36a0000000000000, 0x3690000000000000, 0x380fffffe0000000, 0x3810000000000000,
};

/* clang-format off */
static const uint64_t special_i[] = {
    0, 1, 2, 3, UINT64_C(0xffffffffffffffff), UINT64_C(0xfffffffffffffffe), 0x7fffffff,
    0x80000000, UINT64_C(0xffffffff80000000), 0xffffffff, 0x100000000, 0xffffff, 0x1000000,
    0x1000001, 0x1000003, 0x1ffffff, UINT64_C(0x20000000000000), UINT64_C(0x20000000000001),
    UINT64_C(0x20000000000003), UINT64_C(0x1fffffffffffff), UINT64_C(0x7fffffffffffffff),
    UINT64_C(0x8000000000000000), UINT64_C(0x8000000000000001), UINT64_C(0xfffffffffffff800),
    UINT64_C(0xfffffffffffffc00), UINT64_C(0xffffff7fffffffff), UINT64_C(0x7ffffffffffffe00),
    UINT64_C(0x7ffffffffffffdff), 0x7fffffc0, 0x7fffffbf, 0x7fffff80, 0xffffff80, 0xffffffc0,
};
/* clang-format on */

/* Random significand with edge-heavy bit patterns, width bits. */
static uint64_t rand_frac(struct rng *r, int width)
{
    uint64_t mask = (UINT64_C(1) << width) - 1;
    uint64_t v = next(r);
    switch (next(r) % 6) {
    case 0:
        return v & mask;
    case 1:
        return (UINT64_C(1) << (v % width)) | (next(r) % 2 ? UINT64_C(1) << (next(r) % width) : 0);
    case 2:
        return mask & ~(UINT64_C(1) << (v % width));
    case 3:
        return (v & mask) >> (next(r) % width) << (next(r) % width) & mask;
    case 4:
        return (v & mask) & ~((UINT64_C(1) << (next(r) % width)) - 1);
    default:
        return (v & mask) | ((UINT64_C(1) << (next(r) % width)) - 1);
    }
}

/* Random raw float of p-bit precision and ebits exponent field; near gives a base exponent. */
static uint64_t rand_float(struct rng *r, int p, int ebits, int near)
{
    int emaxf = (1 << ebits) - 1;
    int e;
    switch (next(r) % 10) {
    case 0:
        e = 0;
        break;
    case 1:
        e = 1 + next(r) % 3;
        break;
    case 2:
        e = emaxf - 1 - next(r) % 3;
        break;
    case 3:
    case 4:
        e = (emaxf >> 1) - 40 + (int)(next(r) % 80);
        break;
    case 5:
    case 6:
    case 7:
        if (near >= 0) {
            e = near - (p + 3) + (int)(next(r) % (2 * p + 7));
            break;
        }
        /* fall through */
    default:
        e = next(r) % emaxf;
        break;
    }
    if (e < 0)
        e = 0;
    if (e >= emaxf)
        e = emaxf - 1;
    uint64_t sign = next(r) % 2;
    return (sign << (p + ebits - 1)) | ((uint64_t)e << (p - 1)) | rand_frac(r, p - 1);
}

/* An FP operand of type S or D; near is the biased exponent of a previous operand or -1. */
static uint64_t gen_fp(struct rng *r, char type, int near)
{
    uint64_t v;
    if (type == 'S') {
        unsigned pick = next(r) % 100;
        if (pick < 12)
            v = special_s[next(r) % (sizeof(special_s) / sizeof(special_s[0]))];
        else
            v = rand_float(r, 24, 8, near);
        if (pick == 99)
            return v | (next(r) << 32 & ~(UINT64_C(1) << 63));
        return v | UINT64_C(0xffffffff00000000);
    }
    if (next(r) % 100 < 12)
        return special_d[next(r) % (sizeof(special_d) / sizeof(special_d[0]))];
    return rand_float(r, 53, 11, near);
}

/* An integer operand: special values, then random magnitudes of random bit length. */
static uint64_t gen_int(struct rng *r, char type)
{
    uint64_t v;
    if (next(r) % 100 < 20) {
        v = special_i[next(r) % (sizeof(special_i) / sizeof(special_i[0]))];
    } else {
        int bits = 1 + next(r) % 64;
        v = next(r) & (bits == 64 ? ~UINT64_C(0) : (UINT64_C(1) << bits) - 1);
        if (next(r) % 3 == 0)
            v = -v;
        if (next(r) % 4 == 0)
            v = rand_frac(r, 63) << (next(r) % 2);
    }
    if (type == 'W' && next(r) % 2)
        v = (v & 0xffffffff) | (next(r) << 32);
    return v;
}

/* A float operand for conversion to integer: values near integers and integer limits. */
static uint64_t gen_cvt_src(struct rng *r, char type)
{
    int p = type == 'S' ? 24 : 53, ebits = type == 'S' ? 8 : 11;
    int bias = (1 << (ebits - 1)) - 1;
    if (next(r) % 3 == 0)
        return gen_fp(r, type, -1);
    int e = bias - 3 + (int)(next(r) % 70);
    uint64_t v =
        ((next(r) % 2) << (p + ebits - 1)) | ((uint64_t)e << (p - 1)) | rand_frac(r, p - 1);
    return type == 'S' ? v | UINT64_C(0xffffffff00000000) : v;
}

static int biased_exp(char type, uint64_t v)
{
    return type == 'S' ? (int)(v >> 23 & 0xff) : (int)(v >> 52 & 0x7ff);
}

/*
 * Replace b's exponent so that a*b or a/b lands near the subnormal/normal boundary, deep in
 * the subnormals or near overflow (tininess, underflow and overflow cases).
 */
static uint64_t aim_exponent(struct rng *r, const char *name, char type, uint64_t a, uint64_t b)
{
    int ebits = type == 'S' ? 8 : 11, p = type == 'S' ? 24 : 53;
    int bias = (1 << (ebits - 1)) - 1, emaxf = (1 << ebits) - 1;
    int is_div = !strncmp(name, "fdiv", 4);
    if (strncmp(name, "fmul", 4) && !is_div && strncmp(name, "fm", 2) && strncmp(name, "fnm", 3))
        return b;
    int ea = biased_exp(type, a);
    if (ea == 0 || ea == emaxf)
        return b;
    static const int targets[] = {0, 1, 2, -1, -5, -30};
    int target = next(r) % 5 == 0 ? emaxf - 1 - (int)(next(r) % 2)
                                  : targets[next(r) % (sizeof(targets) / sizeof(targets[0]))];
    int eb = is_div ? ea - target + bias : target - ea + bias;
    if (eb <= 0 || eb >= emaxf)
        return b;
    uint64_t mask = ((UINT64_C(1) << ebits) - 1) << (p - 1);
    return (b & ~mask) | ((uint64_t)eb << (p - 1));
}

/* ---- output ---- */

struct out {
    char buf[1 << 16];
    size_t n;
};

static void flush(struct out *o)
{
    size_t off = 0;
    while (off < o->n) {
        ssize_t w = write(1, o->buf + off, o->n - off);
        if (w <= 0)
            exit(2);
        off += (size_t)w;
    }
    o->n = 0;
}

static void put_hex(struct out *o, uint64_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--)
        o->buf[o->n++] = "0123456789abcdef"[(v >> (4 * i)) & 15];
}

static void emit(struct out *o, const char *name, char rm, const uint64_t *opnd, uint64_t res,
                 uint64_t fl)
{
    if (o->n > sizeof(o->buf) - 128)
        flush(o);
    size_t len = strlen(name);
    memcpy(o->buf + o->n, name, len);
    o->n += len;
    o->buf[o->n++] = ' ';
    o->buf[o->n++] = rm;
    for (int i = 0; i < 3; i++) {
        o->buf[o->n++] = ' ';
        put_hex(o, opnd[i], 16);
    }
    o->buf[o->n++] = ' ';
    put_hex(o, res, 16);
    o->buf[o->n++] = ' ';
    put_hex(o, fl, 2);
    o->buf[o->n++] = '\n';
}

static void run_case(struct out *o, const struct op *op, const uint64_t *v)
{
    uint64_t fl, res;
    if (!op->has_rm) {
        res = op->fn[0](v[0], v[1], v[2], 0, &fl);
        emit(o, op->name, '-', v, res, fl);
        return;
    }
    for (int rm = 0; rm < 5; rm++) {
        res = op->fn[rm](v[0], v[1], v[2], (rm + 1) % 5, &fl);
        emit(o, op->name, (char)('0' + rm), v, res, fl);
    }
    for (int frm = 0; frm < 5; frm++) {
        res = op->fn[5](v[0], v[1], v[2], frm, &fl);
        emit(o, op->name, (char)('a' + frm), v, res, fl);
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 3000;
    struct rng r = {argc > 2 ? strtoull(argv[2], 0, 0) : UINT64_C(0x9e3779b97f4a7c15)};
    static struct out o;

    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        const struct op *op = &ops[i];
        int is_to_int = !strncmp(op->name, "fcvt.w", 6) || !strncmp(op->name, "fcvt.l", 6);
        for (long k = 0; k < n; k++) {
            uint64_t v[3] = {0, 0, 0};
            int near = -1;
            for (int j = 0; j < 3; j++) {
                char t = op->types[j];
                if (t == '-')
                    continue;
                if (t == 'W' || t == 'L')
                    v[j] = gen_int(&r, t);
                else if (is_to_int)
                    v[j] = gen_cvt_src(&r, t);
                else
                    v[j] = gen_fp(&r, t, near);
                if (t == 'S' || t == 'D')
                    near = biased_exp(t, v[j]);
                if (j == 1 && (t == 'S' || t == 'D') && next(&r) % 4 == 0)
                    v[1] = aim_exponent(&r, op->name, t, v[0], v[1]);
            }
            if (op->types[2] != '-' && next(&r) % 3 == 0) {
                /* Fused ops: make c close to -(a*b) to provoke cancellation. */
                if (op->types[0] == 'D') {
                    double a, b, c;
                    memcpy(&a, &v[0], 8);
                    memcpy(&b, &v[1], 8);
                    c = a * b;
                    memcpy(&v[2], &c, 8);
                    v[2] += next(&r) % 5 - 2;
                } else {
                    float a, b, c;
                    uint32_t a32 = (uint32_t)v[0], b32 = (uint32_t)v[1], c32;
                    memcpy(&a, &a32, 4);
                    memcpy(&b, &b32, 4);
                    c = a * b;
                    memcpy(&c32, &c, 4);
                    c32 += next(&r) % 5 - 2;
                    v[2] = c32 | UINT64_C(0xffffffff00000000);
                }
                if (next(&r) % 2)
                    v[2] ^= op->types[0] == 'D' ? UINT64_C(1) << 63 : UINT64_C(1) << 31;
            }
            run_case(&o, op, v);
        }
    }
    flush(&o);
    return 0;
}
