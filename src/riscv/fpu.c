/*
 * fpu.c — RISC-V F/D instructions on the host SSE unit, bit-exact with the specification.
 *
 * Arithmetic in RNE, RTZ, RDN and RUP runs on the host: one asm block loads MXCSR with the
 * wanted rounding control and clear status flags, executes the SSE instruction and stores
 * MXCSR back; the x86 status flags map one to one onto fflags (x86 also detects tininess after
 * rounding and, with underflow masked, reports UE only for inexact tiny results, like RISC-V).
 * The asm blocks are volatile and self-contained, so the compiler can neither fold nor move
 * the operation across the MXCSR accesses whatever -frounding-math says. NaN results are then
 * replaced by the canonical NaN (x86 propagates payloads). RMM, which x86 lacks, integer
 * conversions and fused multiply-add without host FMA go to the exact software path in
 * fpu_soft.c. Comparisons, min/max, sign injection and classification are integer code.
 *
 * Invariant: every function returns with the calling thread's MXCSR control bits at the
 * default (0x1f80 + whatever status flags remain); functions running in RNE only write the
 * default control word, so the common case costs one ldmxcsr and one stmxcsr.
 *
 * Threading: any thread; MXCSR is per host thread and no other state is touched.
 */
#include "fpu.h"

#include <string.h>

#include "../util/common.h"
#include "fpu_soft.h"

#define MXCSR_DEFAULT 0x1f80u

/* x86 rounding-control bits (MXCSR[14:13]) for RNE, RTZ, RDN, RUP. */
static const uint32_t mxcsr_rc[4] = {0x0000, 0x6000, 0x2000, 0x4000};

static inline double u2d(uint64_t v)
{
    double d;
    memcpy(&d, &v, sizeof(d));
    return d;
}

static inline uint64_t d2u(double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof(v));
    return v;
}

static inline float u2f(uint32_t v)
{
    float f;
    memcpy(&f, &v, sizeof(f));
    return f;
}

static inline uint32_t f2u(float f)
{
    uint32_t v;
    memcpy(&v, &f, sizeof(v));
    return v;
}

/* Single operand of a NaN-boxed register: the canonical NaN unless properly boxed. */
static inline uint32_t unbox(uint64_t a)
{
    return likely((a >> 32) == 0xffffffffu) ? (uint32_t)a : FPU_CANON_NAN_S;
}

/* MXCSR image for rounding mode rm (0..3) with clear status flags. */
static inline uint32_t mxcsr_for(unsigned rm)
{
    return MXCSR_DEFAULT | mxcsr_rc[rm];
}

/* Put MXCSR back to the default control word after a non-RNE operation. */
static inline void mxcsr_restore(unsigned rm)
{
    if (rm != FPU_RNE) {
        uint32_t def = MXCSR_DEFAULT;
        __asm__ volatile("ldmxcsr %0" : : "m"(def));
    }
}

/* fflags bits for the x86 status bits IE, ZE, OE, UE, PE (DE is ignored). */
static inline uint32_t host_flags(uint32_t st)
{
    return ((st & 1) << 4) | ((st & 4) << 1) | ((st & 8) >> 1) | ((st & 16) >> 3) |
           ((st & 32) >> 5);
}

/* One SSE instruction "insn src, dst" bracketed by ldmxcsr/stmxcsr. */
#define HOST_OP2(insn, dst, src, ctl, st)                                                          \
    __asm__ volatile("ldmxcsr %[c]\n\t" insn " %[b], %[a]\n\tstmxcsr %[s]"                        \
                     : [a] "+x"(dst), [s] "=m"(st)                                                 \
                     : [b] "x"(src), [c] "m"(ctl))

/* One FMA instruction "insn c, b, a" (a = b*a +- c) bracketed by ldmxcsr/stmxcsr. */
#define HOST_OP3(insn, a, b, c, ctl, st)                                                           \
    __asm__ volatile("ldmxcsr %[m]\n\t" insn " %[z], %[y], %[x]\n\tstmxcsr %[s]"                  \
                     : [x] "+x"(a), [s] "=m"(st)                                                   \
                     : [y] "x"(b), [z] "x"(c), [m] "m"(ctl))

static inline uint64_t finish_d(uint64_t r, uint32_t st, uint32_t *fflags)
{
    *fflags |= host_flags(st);
    if (unlikely((r & ~(UINT64_C(1) << 63)) > UINT64_C(0x7ff0000000000000)))
        return FPU_CANON_NAN_D;
    return r;
}

static inline uint64_t finish_s(uint32_t r, uint32_t st, uint32_t *fflags)
{
    *fflags |= host_flags(st);
    if (unlikely((r & 0x7fffffffu) > 0x7f800000u))
        return fpu_box_s(FPU_CANON_NAN_S);
    return fpu_box_s(r);
}

/* ---- add, sub, mul, div ---- */

#define DEFINE_BIN(name, insn_s, insn_d, soft_s, soft_d)                                           \
    uint64_t fpu_##name##_s(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags)                 \
    {                                                                                              \
        uint32_t x = unbox(a), y = unbox(b);                                                       \
        if (unlikely(rm == FPU_RMM))                                                               \
            return fpu_box_s((uint32_t)(soft_s));                                                  \
        uint32_t ctl = mxcsr_for(rm), st;                                                          \
        float fa = u2f(x), fb = u2f(y);                                                            \
        HOST_OP2(insn_s, fa, fb, ctl, st);                                                         \
        mxcsr_restore(rm);                                                                         \
        return finish_s(f2u(fa), st, fflags);                                                      \
    }                                                                                              \
    uint64_t fpu_##name##_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags)                 \
    {                                                                                              \
        if (unlikely(rm == FPU_RMM))                                                               \
            return soft_d;                                                                         \
        uint32_t ctl = mxcsr_for(rm), st;                                                          \
        double da = u2d(a), db = u2d(b);                                                           \
        HOST_OP2(insn_d, da, db, ctl, st);                                                         \
        mxcsr_restore(rm);                                                                         \
        return finish_d(d2u(da), st, fflags);                                                      \
    }

#define NEG_S(v) ((v) ^ 0x80000000u)
#define NEG_D(v) ((v) ^ (UINT64_C(1) << 63))

DEFINE_BIN(add, "addss", "addsd", fpu_soft_add(&fpu_fmt_s, x, y, rm, fflags),
           fpu_soft_add(&fpu_fmt_d, a, b, rm, fflags))
DEFINE_BIN(sub, "subss", "subsd", fpu_soft_add(&fpu_fmt_s, x, NEG_S(y), rm, fflags),
           fpu_soft_add(&fpu_fmt_d, a, NEG_D(b), rm, fflags))
DEFINE_BIN(mul, "mulss", "mulsd", fpu_soft_mul(&fpu_fmt_s, x, y, rm, fflags),
           fpu_soft_mul(&fpu_fmt_d, a, b, rm, fflags))
DEFINE_BIN(div, "divss", "divsd", fpu_soft_div(&fpu_fmt_s, x, y, rm, fflags),
           fpu_soft_div(&fpu_fmt_d, a, b, rm, fflags))

/* ---- sqrt ---- */

uint64_t fpu_sqrt_s(uint64_t a, unsigned rm, uint32_t *fflags)
{
    uint32_t x = unbox(a);
    if (unlikely(rm == FPU_RMM))
        return fpu_box_s((uint32_t)fpu_soft_sqrt(&fpu_fmt_s, x, rm, fflags));
    uint32_t ctl = mxcsr_for(rm), st;
    float r = u2f(x);
    HOST_OP2("sqrtss", r, r, ctl, st);
    mxcsr_restore(rm);
    return finish_s(f2u(r), st, fflags);
}

uint64_t fpu_sqrt_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
    if (unlikely(rm == FPU_RMM))
        return fpu_soft_sqrt(&fpu_fmt_d, a, rm, fflags);
    uint32_t ctl = mxcsr_for(rm), st;
    double r = u2d(a);
    HOST_OP2("sqrtsd", r, r, ctl, st);
    mxcsr_restore(rm);
    return finish_d(d2u(r), st, fflags);
}

/* ---- fused multiply-add ---- */

/*
 * RISC-V madd/msub/nmsub/nmadd map onto x86 vfmadd/vfmsub/vfnmadd/vfnmsub (x86's "nmadd" is
 * -(a*b)+c). NaN results take their NV from software: x86 does not flag 0*inf+qNaN.
 */
#define DEFINE_FMA(name, insn_s, insn_d, neg_prod, neg_c)                                          \
    uint64_t fpu_##name##_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags)     \
    {                                                                                              \
        uint32_t x = unbox(a), y = unbox(b), z = unbox(c);                                         \
        if (unlikely(rm == FPU_RMM || !__builtin_cpu_supports("fma")))                             \
            return fpu_box_s((uint32_t)fpu_soft_fma(&fpu_fmt_s, x, y, z, neg_prod, neg_c, rm,      \
                                                    fflags));                                      \
        uint32_t ctl = mxcsr_for(rm), st;                                                          \
        float fa = u2f(x), fb = u2f(y), fc = u2f(z);                                               \
        HOST_OP3(insn_s, fa, fb, fc, ctl, st);                                                     \
        mxcsr_restore(rm);                                                                         \
        uint32_t r = f2u(fa);                                                                      \
        if (unlikely((r & 0x7fffffffu) > 0x7f800000u)) {                                           \
            if (fpu_soft_fma_invalid(&fpu_fmt_s, x, y, z, neg_prod, neg_c))                        \
                *fflags |= FPU_NV;                                                                 \
            return fpu_box_s(FPU_CANON_NAN_S);                                                     \
        }                                                                                          \
        return finish_s(r, st, fflags);                                                            \
    }                                                                                              \
    uint64_t fpu_##name##_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags)     \
    {                                                                                              \
        if (unlikely(rm == FPU_RMM || !__builtin_cpu_supports("fma")))                             \
            return fpu_soft_fma(&fpu_fmt_d, a, b, c, neg_prod, neg_c, rm, fflags);                 \
        uint32_t ctl = mxcsr_for(rm), st;                                                          \
        double da = u2d(a), db = u2d(b), dc = u2d(c);                                              \
        HOST_OP3(insn_d, da, db, dc, ctl, st);                                                     \
        mxcsr_restore(rm);                                                                         \
        uint64_t r = d2u(da);                                                                      \
        if (unlikely((r & ~(UINT64_C(1) << 63)) > UINT64_C(0x7ff0000000000000))) {                 \
            if (fpu_soft_fma_invalid(&fpu_fmt_d, a, b, c, neg_prod, neg_c))                        \
                *fflags |= FPU_NV;                                                                 \
            return FPU_CANON_NAN_D;                                                                \
        }                                                                                          \
        return finish_d(r, st, fflags);                                                            \
    }

DEFINE_FMA(madd, "vfmadd213ss", "vfmadd213sd", false, false)
DEFINE_FMA(msub, "vfmsub213ss", "vfmsub213sd", false, true)
DEFINE_FMA(nmsub, "vfnmadd213ss", "vfnmadd213sd", true, false)
DEFINE_FMA(nmadd, "vfnmsub213ss", "vfnmsub213sd", true, true)

/* ---- comparisons, min/max, classification (integer code) ---- */

/* Total-order key: unsigned comparison of keys orders numbers, with -0 < +0. */
static inline uint64_t order_key(uint64_t v, uint64_t sign)
{
    return (v & sign) ? ~v & (2 * sign - 1) : v | sign;
}

static inline bool is_zero_pair(uint64_t a, uint64_t b, uint64_t sign)
{
    return ((a | b) & ~sign) == 0;
}

static inline uint64_t min_max(const struct fpu_fmt *f, uint64_t a, uint64_t b, bool max,
                               uint32_t *fflags)
{
    bool na = fpu_is_nan(f, a), nb = fpu_is_nan(f, b);
    if (unlikely(na || nb)) {
        if (fpu_is_snan(f, a) || fpu_is_snan(f, b))
            *fflags |= FPU_NV;
        if (na && nb)
            return f->canon_nan;
        return na ? b : a;
    }
    uint64_t sign = fpu_sign_bit(f);
    bool a_less = order_key(a, sign) < order_key(b, sign);
    return a_less != max ? a : b;
}

static inline uint64_t compare(const struct fpu_fmt *f, uint64_t a, uint64_t b, bool lt, bool eq,
                               bool quiet, uint32_t *fflags)
{
    if (unlikely(fpu_is_nan(f, a) || fpu_is_nan(f, b))) {
        if (!quiet || fpu_is_snan(f, a) || fpu_is_snan(f, b))
            *fflags |= FPU_NV;
        return 0;
    }
    uint64_t sign = fpu_sign_bit(f);
    if (a == b || is_zero_pair(a, b, sign))
        return eq;
    return lt && order_key(a, sign) < order_key(b, sign);
}

static inline uint64_t classify(const struct fpu_fmt *f, uint64_t a)
{
    bool neg = (a & fpu_sign_bit(f)) != 0;
    uint64_t exp_mask = ((UINT64_C(1) << f->ebits) - 1) << (f->p - 1);
    if (fpu_is_nan(f, a))
        return fpu_is_snan(f, a) ? 1u << 8 : 1u << 9;
    if (fpu_is_inf(f, a))
        return neg ? 1u << 0 : 1u << 7;
    if (fpu_is_zero(f, a))
        return neg ? 1u << 3 : 1u << 4;
    if ((a & exp_mask) == 0)
        return neg ? 1u << 2 : 1u << 5;
    return neg ? 1u << 1 : 1u << 6;
}

uint64_t fpu_min_s(uint64_t a, uint64_t b, uint32_t *fflags)
{
    return fpu_box_s((uint32_t)min_max(&fpu_fmt_s, unbox(a), unbox(b), false, fflags));
}

uint64_t fpu_max_s(uint64_t a, uint64_t b, uint32_t *fflags)
{
    return fpu_box_s((uint32_t)min_max(&fpu_fmt_s, unbox(a), unbox(b), true, fflags));
}

uint64_t fpu_min_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
    return min_max(&fpu_fmt_d, a, b, false, fflags);
}

uint64_t fpu_max_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
    return min_max(&fpu_fmt_d, a, b, true, fflags);
}

uint64_t fpu_eq_s(uint64_t a, uint64_t b, uint32_t *fflags)
{
    return compare(&fpu_fmt_s, unbox(a), unbox(b), false, true, true, fflags);
}

uint64_t fpu_lt_s(uint64_t a, uint64_t b, uint32_t *fflags)
{
    return compare(&fpu_fmt_s, unbox(a), unbox(b), true, false, false, fflags);
}

uint64_t fpu_le_s(uint64_t a, uint64_t b, uint32_t *fflags)
{
    return compare(&fpu_fmt_s, unbox(a), unbox(b), true, true, false, fflags);
}

uint64_t fpu_eq_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
    return compare(&fpu_fmt_d, a, b, false, true, true, fflags);
}

uint64_t fpu_lt_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
    return compare(&fpu_fmt_d, a, b, true, false, false, fflags);
}

uint64_t fpu_le_d(uint64_t a, uint64_t b, uint32_t *fflags)
{
    return compare(&fpu_fmt_d, a, b, true, true, false, fflags);
}

uint64_t fpu_class_s(uint64_t a)
{
    return classify(&fpu_fmt_s, unbox(a));
}

uint64_t fpu_class_d(uint64_t a)
{
    return classify(&fpu_fmt_d, a);
}

/* ---- sign injection ---- */

#define SIGN_S 0x80000000u
#define SIGN_D (UINT64_C(1) << 63)

uint64_t fpu_sgnj_s(uint64_t a, uint64_t b)
{
    return fpu_box_s((unbox(a) & ~SIGN_S) | (unbox(b) & SIGN_S));
}

uint64_t fpu_sgnjn_s(uint64_t a, uint64_t b)
{
    return fpu_box_s((unbox(a) & ~SIGN_S) | (~unbox(b) & SIGN_S));
}

uint64_t fpu_sgnjx_s(uint64_t a, uint64_t b)
{
    return fpu_box_s(unbox(a) ^ (unbox(b) & SIGN_S));
}

uint64_t fpu_sgnj_d(uint64_t a, uint64_t b)
{
    return (a & ~SIGN_D) | (b & SIGN_D);
}

uint64_t fpu_sgnjn_d(uint64_t a, uint64_t b)
{
    return (a & ~SIGN_D) | (~b & SIGN_D);
}

uint64_t fpu_sgnjx_d(uint64_t a, uint64_t b)
{
    return a ^ (b & SIGN_D);
}

/* ---- float -> integer ---- */

uint64_t fpu_cvt_w_s(uint64_t a, unsigned rm, uint32_t *fflags)
{
    return fpu_soft_to_int(&fpu_fmt_s, unbox(a), rm, true, 32, fflags);
}

uint64_t fpu_cvt_wu_s(uint64_t a, unsigned rm, uint32_t *fflags)
{
    return fpu_soft_to_int(&fpu_fmt_s, unbox(a), rm, false, 32, fflags);
}

uint64_t fpu_cvt_l_s(uint64_t a, unsigned rm, uint32_t *fflags)
{
    return fpu_soft_to_int(&fpu_fmt_s, unbox(a), rm, true, 64, fflags);
}

uint64_t fpu_cvt_lu_s(uint64_t a, unsigned rm, uint32_t *fflags)
{
    return fpu_soft_to_int(&fpu_fmt_s, unbox(a), rm, false, 64, fflags);
}

uint64_t fpu_cvt_w_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
    return fpu_soft_to_int(&fpu_fmt_d, a, rm, true, 32, fflags);
}

uint64_t fpu_cvt_wu_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
    return fpu_soft_to_int(&fpu_fmt_d, a, rm, false, 32, fflags);
}

uint64_t fpu_cvt_l_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
    return fpu_soft_to_int(&fpu_fmt_d, a, rm, true, 64, fflags);
}

uint64_t fpu_cvt_lu_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
    return fpu_soft_to_int(&fpu_fmt_d, a, rm, false, 64, fflags);
}

/* ---- integer -> float ---- */

/* Signed 64-bit integer to single on the host (cvtsi2ss rounds by MXCSR). */
static inline uint64_t host_i64_to_s(int64_t v, unsigned rm, uint32_t *fflags)
{
    uint32_t ctl = mxcsr_for(rm), st;
    float r = 0.0f;
    __asm__ volatile("ldmxcsr %[c]\n\tcvtsi2ssq %[v], %[r]\n\tstmxcsr %[s]"
                     : [r] "+x"(r), [s] "=m"(st)
                     : [v] "r"(v), [c] "m"(ctl));
    mxcsr_restore(rm);
    return finish_s(f2u(r), st, fflags);
}

/* Signed 64-bit integer to double on the host (cvtsi2sd rounds by MXCSR). */
static inline uint64_t host_i64_to_d(int64_t v, unsigned rm, uint32_t *fflags)
{
    uint32_t ctl = mxcsr_for(rm), st;
    double r = 0.0;
    __asm__ volatile("ldmxcsr %[c]\n\tcvtsi2sdq %[v], %[r]\n\tstmxcsr %[s]"
                     : [r] "+x"(r), [s] "=m"(st)
                     : [v] "r"(v), [c] "m"(ctl));
    mxcsr_restore(rm);
    return finish_d(d2u(r), st, fflags);
}

/* Integers below 2^24 convert to single exactly. */
#define EXACT_S(m) ((m) < (UINT64_C(1) << 24))

uint64_t fpu_cvt_s_w(uint64_t x, unsigned rm, uint32_t *fflags)
{
    int32_t v = (int32_t)(uint32_t)x;
    uint64_t mag = v < 0 ? -(uint64_t)(int64_t)v : (uint64_t)v;
    if (likely(EXACT_S(mag)))
        return fpu_box_s(f2u((float)v));
    if (rm == FPU_RMM)
        return fpu_box_s((uint32_t)fpu_soft_from_int(&fpu_fmt_s, v < 0, mag, rm, fflags));
    return host_i64_to_s(v, rm, fflags);
}

uint64_t fpu_cvt_s_wu(uint64_t x, unsigned rm, uint32_t *fflags)
{
    uint32_t v = (uint32_t)x;
    if (likely(EXACT_S(v)))
        return fpu_box_s(f2u((float)v));
    if (rm == FPU_RMM)
        return fpu_box_s((uint32_t)fpu_soft_from_int(&fpu_fmt_s, false, v, rm, fflags));
    return host_i64_to_s(v, rm, fflags);
}

uint64_t fpu_cvt_s_l(uint64_t x, unsigned rm, uint32_t *fflags)
{
    int64_t v = (int64_t)x;
    uint64_t mag = v < 0 ? -x : x;
    if (likely(EXACT_S(mag)))
        return fpu_box_s(f2u((float)v));
    if (rm == FPU_RMM)
        return fpu_box_s((uint32_t)fpu_soft_from_int(&fpu_fmt_s, v < 0, mag, rm, fflags));
    return host_i64_to_s(v, rm, fflags);
}

uint64_t fpu_cvt_s_lu(uint64_t x, unsigned rm, uint32_t *fflags)
{
    if (likely(EXACT_S(x)))
        return fpu_box_s(f2u((float)x));
    if (rm == FPU_RMM || (int64_t)x < 0)
        return fpu_box_s((uint32_t)fpu_soft_from_int(&fpu_fmt_s, false, x, rm, fflags));
    return host_i64_to_s((int64_t)x, rm, fflags);
}

uint64_t fpu_cvt_d_w(uint64_t x, unsigned rm, uint32_t *fflags)
{
    return d2u((double)(int32_t)(uint32_t)x);
}

uint64_t fpu_cvt_d_wu(uint64_t x, unsigned rm, uint32_t *fflags)
{
    return d2u((double)(uint32_t)x);
}

/* Integers below 2^53 convert to double exactly. */
#define EXACT_D(m) ((m) < (UINT64_C(1) << 53))

uint64_t fpu_cvt_d_l(uint64_t x, unsigned rm, uint32_t *fflags)
{
    int64_t v = (int64_t)x;
    uint64_t mag = v < 0 ? -x : x;
    if (likely(EXACT_D(mag)))
        return d2u((double)v);
    if (rm == FPU_RMM)
        return fpu_soft_from_int(&fpu_fmt_d, v < 0, mag, rm, fflags);
    return host_i64_to_d(v, rm, fflags);
}

uint64_t fpu_cvt_d_lu(uint64_t x, unsigned rm, uint32_t *fflags)
{
    if (likely(EXACT_D(x)))
        return d2u((double)x);
    if (rm == FPU_RMM || (int64_t)x < 0)
        return fpu_soft_from_int(&fpu_fmt_d, false, x, rm, fflags);
    return host_i64_to_d((int64_t)x, rm, fflags);
}

/* ---- between formats ---- */

uint64_t fpu_cvt_s_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
    if (unlikely(rm == FPU_RMM))
        return fpu_box_s((uint32_t)fpu_soft_cvt(&fpu_fmt_s, &fpu_fmt_d, a, rm, fflags));
    uint32_t ctl = mxcsr_for(rm), st;
    double d = u2d(a);
    float r = 0.0f;
    HOST_OP2("cvtsd2ss", r, d, ctl, st);
    mxcsr_restore(rm);
    return finish_s(f2u(r), st, fflags);
}

uint64_t fpu_cvt_d_s(uint64_t a, unsigned rm, uint32_t *fflags)
{
    uint32_t x = unbox(a);
    if (unlikely(fpu_is_nan(&fpu_fmt_s, x))) {
        if (fpu_is_snan(&fpu_fmt_s, x))
            *fflags |= FPU_NV;
        return FPU_CANON_NAN_D;
    }
    return d2u((double)u2f(x));
}
