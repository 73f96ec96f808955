/*
 * fpu.c — RISC-V F/D instructions on the host SSE unit, bit-exact with the specification.
 *
 * Arithmetic runs on the host SSE unit in round-to-nearest-even and the x86 status flags map
 * one to one onto fflags (x86 also detects tininess after rounding and, with underflow masked,
 * reports UE only for inexact tiny results, like RISC-V). NaN results are replaced by the
 * canonical NaN (x86 propagates payloads). The other modes: add/sub/mul/div/sqrt re-round the
 * RNE result with an exact error term (see DEFINE_ARITH); fused multiply-add, int->float and
 * fcvt.s.d load the x86 rounding control (RTZ/RDN/RUP). RMM, which x86 lacks, and every case
 * outside the error-term method's safe range go to the exact software path in fpu_soft.c, as
 * do fused multiply-adds on hosts without FMA. Float->int conversions truncate on the host and
 * round in integer code. Comparisons, min/max, sign injection and classification are integer
 * code.
 *
 * Flags without clearing MXCSR: on this class of CPU an ldmxcsr followed by stmxcsr stalls for
 * ~20 ns, more than the arithmetic itself. fflags only accrue, so in RNE an operation runs as
 * "stmxcsr s0; op; stmxcsr s1" and ORs the flags of s1 into *fflags. That is exact whenever
 * s0 (the host flags left over from earlier operations) holds only flags already present in
 * *fflags and the MXCSR control bits are at the default (RNE, masked, no FTZ/DAZ). Otherwise
 * (the guest cleared fflags, host code raised flags, another rounding mode) the operation is
 * redone on the slow path: "ldmxcsr <control with clear flags>; op; stmxcsr", after which the
 * host flags are again a subset of *fflags. Callers therefore get the best speed by passing
 * the real accrued register (cpu->fflags) rather than a fresh temporary; results are exact
 * either way. Operations that load another rounding control restore the default control word
 * before returning. The asm blocks are volatile and self-contained, so the compiler can neither
 * fold nor move an operation across its MXCSR accesses, whatever -frounding-math says; the
 * error-term formulas need IEEE semantics, so -ffast-math is refused at compile time.
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

/* fflags for the x86 status bits IE, DE, ZE, OE, UE, PE (DE has no RISC-V counterpart). */
#define HF(s) ((((s)&1) << 4) | (((s)&4) << 1) | (((s)&8) >> 1) | (((s)&16) >> 3) | (((s)&32) >> 5))
#define HF4(s) HF(s), HF((s) + 1), HF((s) + 2), HF((s) + 3)
#define HF16(s) HF4(s), HF4((s) + 4), HF4((s) + 8), HF4((s) + 12)
static const uint8_t host_flag_map[64] = {HF16(0), HF16(16), HF16(32), HF16(48)};

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

/* True if a fast-path result is exact: default control, stale host flags already accrued. */
static inline bool fast_ok(uint32_t s0, const uint32_t *fflags)
{
    return (s0 & ~0x3fu) == MXCSR_DEFAULT && !(host_flag_map[s0 & 63] & ~*fflags);
}

/*
 * Operation templates. FAST brackets the instruction with two stmxcsr (s0 before, s1 after);
 * SLOW loads the control word ctl with clear flags first. r receives the result, the inputs
 * are left untouched so that a rejected fast attempt can be redone. "insn b, a" computes into
 * a, which starts as x; the b operand's constraint is bc.
 */
#define FAST2(insn, r, x, bc, y, s0, s1)                                                           \
    __asm__ volatile("stmxcsr %[s0]\n\t" insn " %[b], %[a]\n\tstmxcsr %[s1]"                       \
                     : [a] "=x"(r), [s0] "=m"(s0), [s1] "=m"(s1)                                   \
                     : "0"(x), [b] bc(y))
#define SLOW2(insn, r, x, bc, y, ctl, s1)                                                          \
    __asm__ volatile("ldmxcsr %[m]\n\t" insn " %[b], %[a]\n\tstmxcsr %[s1]"                        \
                     : [a] "=x"(r), [s1] "=m"(s1)                                                  \
                     : "0"(x), [b] bc(y), [m] "m"(ctl))
/* FMA "insn c, b, a" computes a = a*b +- c (213 form). */
#define FAST3(insn, r, a, b, c, s0, s1)                                                            \
    __asm__ volatile("stmxcsr %[s0]\n\t" insn " %[z], %[y], %[x]\n\tstmxcsr %[s1]"                 \
                     : [x] "=x"(r), [s0] "=m"(s0), [s1] "=m"(s1)                                   \
                     : "0"(a), [y] "x"(b), [z] "x"(c))
#define SLOW3(insn, r, a, b, c, ctl, s1)                                                           \
    __asm__ volatile("ldmxcsr %[m]\n\t" insn " %[z], %[y], %[x]\n\tstmxcsr %[s1]"                  \
                     : [x] "=x"(r), [s1] "=m"(s1)                                                  \
                     : "0"(a), [y] "x"(b), [z] "x"(c), [m] "m"(ctl))

/*
 * Run a host operation in mode rm (0..3): the fast path in RNE when fast_ok, else the slow
 * path. FAST_STMT/SLOW_STMT are FAST2/SLOW2/FAST3/SLOW3 invocations writing r and s1.
 */
#define HOST_RUN(rm, fflags, FAST_STMT, SLOW_STMT)                                                 \
    do {                                                                                           \
        uint32_t s0;                                                                               \
        if (likely(rm == FPU_RNE)) {                                                               \
            FAST_STMT;                                                                             \
            if (likely(fast_ok(s0, fflags)))                                                       \
                break;                                                                             \
        }                                                                                          \
        uint32_t ctl = mxcsr_for(rm);                                                              \
        SLOW_STMT;                                                                                 \
        mxcsr_restore(rm);                                                                         \
    } while (0)

static inline uint64_t finish_d(uint64_t r, uint32_t st, uint32_t *fflags)
{
    *fflags |= host_flag_map[st & 63];
    if (unlikely((r & ~(UINT64_C(1) << 63)) > UINT64_C(0x7ff0000000000000)))
        return FPU_CANON_NAN_D;
    return r;
}

static inline uint64_t finish_s(uint32_t r, uint32_t st, uint32_t *fflags)
{
    *fflags |= host_flag_map[st & 63];
    if (unlikely((r & 0x7fffffffu) > 0x7f800000u))
        return fpu_box_s(FPU_CANON_NAN_S);
    return fpu_box_s(r);
}

/* ---- add, sub, mul, div, sqrt: RNE on the host, other modes re-rounded ---- */

/*
 * RTZ, RDN, RUP and RMM start from the RNE result r and an exact error term: TwoSum for
 * add/sub, an FMA residual for mul (a*b - r), div (a - r*b) and sqrt (a - r*r). The sign of
 * the exact value minus r says whether the directed result is r or its neighbour, and for RMM
 * a tie is an error of exactly half an ulp (quotients and square roots are never ties). This
 * is exact where every operand and r lie in a safe exponent range: residuals representable,
 * no overflow or underflow in any mode, so the RNE flags (NX) are the flags of every mode.
 * Everything else goes to the software path.
 */
#ifdef __FAST_MATH__
#error "fpu.c relies on IEEE arithmetic: build it without -ffast-math"
#endif

/* Hide a value from the optimiser so that error-term formulas are evaluated as written. */
#define OPAQUE(v) __asm__("" : "+x"(v))

/* r*s - t and t - r*s with one rounding (exact wherever they are used). */
#define FMS(insn, out, r, s, t)                                                                    \
    __asm__(insn " %[z], %[y], %[x]" : [x] "=x"(out) : "0"(r), [y] "x"(s), [z] "x"(t))

/* Biased exponent in the safe range: >= 2p+2 (residuals exact) and below the top binade. */
static inline bool safe_d(uint64_t v)
{
    unsigned e = (v >> 52) & 0x7ff;
    return e >= 108 && e <= 2045;
}

static inline bool safe_s(uint32_t v)
{
    unsigned e = (v >> 23) & 0xff;
    return e >= 50 && e <= 253;
}

/* Host FMA instructions available (cached by libgcc's cpu model). */
static inline bool has_fma(void)
{
    return __builtin_cpu_supports("fma");
}

/*
 * Re-round the RNE result r (raw bits, safe range) into rm, given the sign of the exact value
 * minus r (err_sign) and whether that difference is exactly half an ulp away from zero (tie).
 * On raw bits, +1/-1 moves the magnitude one ulp up/down, across binades too.
 */
static inline uint64_t reround(uint64_t r, bool r_neg, int err_sign, bool tie, unsigned rm)
{
    if (err_sign == 0)
        return r;
    bool exact_farther = (err_sign < 0) == r_neg;
    switch (rm) {
    case FPU_RTZ:
        return exact_farther ? r : r - 1;
    case FPU_RDN:
        return err_sign < 0 ? (r_neg ? r + 1 : r - 1) : r;
    case FPU_RUP:
        return err_sign > 0 ? (r_neg ? r - 1 : r + 1) : r;
    case FPU_RMM:
        return tie && exact_farther ? r + 1 : r;
    default:
        return r;
    }
}

static inline int sign_of_d(double e)
{
    return (e > 0) - (e < 0);
}

/* Half an ulp of the safe-range value with bits v (the spacing above |v|, halved). */
static inline double half_ulp_d(uint64_t v)
{
    return u2d((v & UINT64_C(0x7ff0000000000000)) - (UINT64_C(53) << 52));
}

static inline float half_ulp_s(uint32_t v)
{
    return u2f((v & 0x7f800000u) - (24u << 23));
}

/* Exact error of the RNE sum r = a + b (TwoSum). */
#define TWO_SUM_ERR(T, a, b, r)                                                                    \
    ({                                                                                             \
        T bb_ = (r) - (a);                                                                         \
        OPAQUE(bb_);                                                                               \
        T ab_ = (r)-bb_;                                                                           \
        OPAQUE(ab_);                                                                               \
        ((a)-ab_) + ((b)-bb_);                                                                     \
    })

/*
 * One arithmetic operation in both formats (linkage: empty or static). KIND selects the error term:
 * ADD (b already negated for sub), MUL, DIV, SQRT. soft_s/soft_d are the software fallbacks.
 */
#define DEFINE_ARITH(linkage, name, insn_s, insn_d, kind, soft_s, soft_d)                          \
    linkage uint64_t fpu_##name##_s(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags)         \
    {                                                                                              \
        uint32_t x = unbox(a), y = unbox(b), s1;                                                   \
        float fx = u2f(x), fy = u2f(y), r;                                                         \
        if (likely(rm == FPU_RNE)) {                                                               \
            HOST_RUN(FPU_RNE, fflags, FAST2(insn_s, r, fx, "x", fy, s0, s1),                       \
                     SLOW2(insn_s, r, fx, "x", fy, ctl, s1));                                      \
            return finish_s(f2u(r), s1, fflags);                                                   \
        }                                                                                          \
        if (kind##_OPERANDS_SAFE(safe_s, x, y) && (kind##_NO_FMA || has_fma())) {                  \
            HOST_RUN(FPU_RNE, fflags, FAST2(insn_s, r, fx, "x", fy, s0, s1),                       \
                     SLOW2(insn_s, r, fx, "x", fy, ctl, s1));                                      \
            uint32_t rb = f2u(r);                                                                  \
            if (likely(safe_s(rb))) {                                                              \
                float err;                                                                         \
                kind##_ERR(float, "ss", err, fx, fy, r);                                           \
                *fflags |= host_flag_map[s1 & 63];                                                 \
                int es = kind##_ERR_SIGN(err, fy);                                                 \
                bool tie = kind##_TIES && (err < 0 ? -err : err) == half_ulp_s(rb);                \
                return fpu_box_s((uint32_t)reround(rb, rb >> 31, es, tie, rm));                    \
            }                                                                                      \
        }                                                                                          \
        return fpu_box_s((uint32_t)(soft_s));                                                      \
    }                                                                                              \
    linkage uint64_t fpu_##name##_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags)         \
    {                                                                                              \
        double da = u2d(a), db = u2d(b), r;                                                        \
        uint32_t s1;                                                                               \
        if (likely(rm == FPU_RNE)) {                                                               \
            HOST_RUN(FPU_RNE, fflags, FAST2(insn_d, r, da, "x", db, s0, s1),                       \
                     SLOW2(insn_d, r, da, "x", db, ctl, s1));                                      \
            return finish_d(d2u(r), s1, fflags);                                                   \
        }                                                                                          \
        if (kind##_OPERANDS_SAFE(safe_d, a, b) && (kind##_NO_FMA || has_fma())) {                  \
            HOST_RUN(FPU_RNE, fflags, FAST2(insn_d, r, da, "x", db, s0, s1),                       \
                     SLOW2(insn_d, r, da, "x", db, ctl, s1));                                      \
            uint64_t rb = d2u(r);                                                                  \
            if (likely(safe_d(rb))) {                                                              \
                double err;                                                                        \
                kind##_ERR(double, "sd", err, da, db, r);                                          \
                *fflags |= host_flag_map[s1 & 63];                                                 \
                int es = kind##_ERR_SIGN(err, db);                                                 \
                bool tie = kind##_TIES && (err < 0 ? -err : err) == half_ulp_d(rb);                \
                return reround(rb, rb >> 63, es, tie, rm);                                         \
            }                                                                                      \
        }                                                                                          \
        return soft_d;                                                                             \
    }

/* err = exact - r for each kind, and its sign (a quotient's error has the sign of rem/b). */
#define ADD_ERR(T, sfx, err, x, y, r) err = TWO_SUM_ERR(T, x, y, r)
#define MUL_ERR(T, sfx, err, x, y, r) FMS("vfmsub213" sfx, err, x, y, r)
#define DIV_ERR(T, sfx, err, x, y, r) FMS("vfnmadd213" sfx, err, r, y, x)
#define SQRT_ERR(T, sfx, err, x, y, r) FMS("vfnmadd213" sfx, err, r, r, x)
#define ADD_ERR_SIGN(err, y) sign_of_d(err)
#define MUL_ERR_SIGN(err, y) sign_of_d(err)
#define DIV_ERR_SIGN(err, y) ((y) < 0 ? -sign_of_d(err) : sign_of_d(err))
#define SQRT_ERR_SIGN(err, y) sign_of_d(err)
#define ADD_TIES 1
#define MUL_TIES 1
#define DIV_TIES 0
#define SQRT_TIES 0
#define ADD_NO_FMA 1
#define MUL_NO_FMA 0
#define DIV_NO_FMA 0
#define SQRT_NO_FMA 0
#define ADD_OPERANDS_SAFE(safe, x, y) (safe(x) && safe(y))
#define MUL_OPERANDS_SAFE(safe, x, y) (safe(x) && safe(y))
#define DIV_OPERANDS_SAFE(safe, x, y) (safe(x) && safe(y))
#define SQRT_OPERANDS_SAFE(safe, x, y) (safe(x) && !((x) >> (sizeof(x) * 8 - 1)))

#define NEG_S(v) ((v) ^ 0x80000000u)
#define NEG_D(v) ((v) ^ (UINT64_C(1) << 63))

DEFINE_ARITH(, add, "addss", "addsd", ADD, fpu_soft_add(&fpu_fmt_s, x, y, rm, fflags),
             fpu_soft_add(&fpu_fmt_d, a, b, rm, fflags))
DEFINE_ARITH(, mul, "mulss", "mulsd", MUL, fpu_soft_mul(&fpu_fmt_s, x, y, rm, fflags),
             fpu_soft_mul(&fpu_fmt_d, a, b, rm, fflags))
DEFINE_ARITH(, div, "divss", "divsd", DIV, fpu_soft_div(&fpu_fmt_s, x, y, rm, fflags),
             fpu_soft_div(&fpu_fmt_d, a, b, rm, fflags))

uint64_t fpu_sub_s(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags)
{
    return fpu_add_s(a, (b >> 32) == 0xffffffffu ? NEG_S(b) : b, rm, fflags);
}

uint64_t fpu_sub_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags)
{
    return fpu_add_d(a, NEG_D(b), rm, fflags);
}

/* sqrt shares the template: the second operand is a dummy copy of the first. */
DEFINE_ARITH(static, sqrt1, "sqrtss", "sqrtsd", SQRT, fpu_soft_sqrt(&fpu_fmt_s, x, rm, fflags),
             fpu_soft_sqrt(&fpu_fmt_d, a, rm, fflags))

uint64_t fpu_sqrt_s(uint64_t a, unsigned rm, uint32_t *fflags)
{
    return fpu_sqrt1_s(a, a, rm, fflags);
}

uint64_t fpu_sqrt_d(uint64_t a, unsigned rm, uint32_t *fflags)
{
    return fpu_sqrt1_d(a, a, rm, fflags);
}

/* ---- fused multiply-add ---- */

/*
 * RISC-V madd/msub/nmsub/nmadd map onto x86 vfmadd/vfmsub/vfnmadd/vfnmsub (x86's "nmadd" is
 * -(a*b)+c). A NaN result takes its NV from software (RISC-V flags 0*inf+qNaN); host flags
 * raised for it are then not accrued, and fast_ok sends the next operation to the slow path
 * if they are not in *fflags.
 */
#define DEFINE_FMA(name, insn_s, insn_d, neg_prod, neg_c)                                          \
    uint64_t fpu_##name##_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags)     \
    {                                                                                              \
        uint32_t x = unbox(a), y = unbox(b), z = unbox(c), s1;                                     \
        if (unlikely(rm == FPU_RMM || !has_fma()))                                                 \
            return fpu_box_s(                                                                      \
                (uint32_t)fpu_soft_fma(&fpu_fmt_s, x, y, z, neg_prod, neg_c, rm, fflags));         \
        float fx = u2f(x), fy = u2f(y), fz = u2f(z), r;                                            \
        HOST_RUN(rm, fflags, FAST3(insn_s, r, fx, fy, fz, s0, s1),                                 \
                 SLOW3(insn_s, r, fx, fy, fz, ctl, s1));                                           \
        if (unlikely((f2u(r) & 0x7fffffffu) > 0x7f800000u)) {                                      \
            if (fpu_soft_fma_invalid(&fpu_fmt_s, x, y, z, neg_prod, neg_c))                        \
                *fflags |= FPU_NV;                                                                 \
            return fpu_box_s(FPU_CANON_NAN_S);                                                     \
        }                                                                                          \
        return finish_s(f2u(r), s1, fflags);                                                       \
    }                                                                                              \
    uint64_t fpu_##name##_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags)     \
    {                                                                                              \
        if (unlikely(rm == FPU_RMM || !has_fma()))                                                 \
            return fpu_soft_fma(&fpu_fmt_d, a, b, c, neg_prod, neg_c, rm, fflags);                 \
        double da = u2d(a), db = u2d(b), dc = u2d(c), r;                                           \
        uint32_t s1;                                                                               \
        HOST_RUN(rm, fflags, FAST3(insn_d, r, da, db, dc, s0, s1),                                 \
                 SLOW3(insn_d, r, da, db, dc, ctl, s1));                                           \
        if (unlikely((d2u(r) & ~(UINT64_C(1) << 63)) > UINT64_C(0x7ff0000000000000))) {            \
            if (fpu_soft_fma_invalid(&fpu_fmt_d, a, b, c, neg_prod, neg_c))                        \
                *fflags |= FPU_NV;                                                                 \
            return FPU_CANON_NAN_D;                                                                \
        }                                                                                          \
        return finish_d(d2u(r), s1, fflags);                                                       \
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

/*
 * Fast path for 1 <= |x| < 2^lim, where lim keeps the rounded value in range: truncate on the
 * host (cvttsd2si, independent of MXCSR), then round from the exact fraction x - trunc(x).
 * Every rounding mode is cheap here, which matters because libm's floor/ceil/round use
 * fcvt with static RDN/RUP/RMM. Everything else goes to software.
 */
static inline int64_t fast_to_int(double x, unsigned rm, uint32_t *fflags)
{
    int64_t t = (int64_t)x;
    double frac = x - (double)t;
    if (frac == 0)
        return t;
    *fflags |= FPU_NX;
    double mag = frac < 0 ? -frac : frac;
    bool away;
    switch (rm) {
    case FPU_RNE:
        away = mag > 0.5 || (mag == 0.5 && (t & 1));
        break;
    case FPU_RMM:
        away = mag >= 0.5;
        break;
    case FPU_RDN:
        away = frac < 0;
        break;
    case FPU_RUP:
        away = frac > 0;
        break;
    default:
        away = false;
        break;
    }
    return away ? t + (x < 0 ? -1 : 1) : t;
}

/* True if raw value a of format f has 1 <= |a| < 2^lim (and is positive if !neg_ok). */
static inline bool in_fast_range(const struct fpu_fmt *f, uint64_t a, int lim, bool neg_ok)
{
    int e = (int)((a >> (f->p - 1)) & ((UINT64_C(1) << f->ebits) - 1));
    return (neg_ok || !(a & fpu_sign_bit(f))) && e >= f->emax && e < f->emax + lim;
}

#define DEFINE_TO_INT(name, fmt, lim, is_signed, bits)                                             \
    uint64_t fpu_##name(uint64_t a, unsigned rm, uint32_t *fflags)                                 \
    {                                                                                              \
        uint64_t v = (fmt) == &fpu_fmt_s ? unbox(a) : a;                                           \
        if (likely(in_fast_range(fmt, v, lim, is_signed))) {                                       \
            double x = (fmt) == &fpu_fmt_s ? (double)u2f((uint32_t)v) : u2d(v);                    \
            int64_t r = fast_to_int(x, rm, fflags);                                                \
            return bits == 32 ? (uint64_t)(int64_t)(int32_t)r : (uint64_t)r;                       \
        }                                                                                          \
        return fpu_soft_to_int(fmt, v, rm, is_signed, bits, fflags);                               \
    }

DEFINE_TO_INT(cvt_w_s, &fpu_fmt_s, 30, true, 32)
DEFINE_TO_INT(cvt_wu_s, &fpu_fmt_s, 31, false, 32)
DEFINE_TO_INT(cvt_l_s, &fpu_fmt_s, 62, true, 64)
DEFINE_TO_INT(cvt_lu_s, &fpu_fmt_s, 62, false, 64)
DEFINE_TO_INT(cvt_w_d, &fpu_fmt_d, 30, true, 32)
DEFINE_TO_INT(cvt_wu_d, &fpu_fmt_d, 31, false, 32)
DEFINE_TO_INT(cvt_l_d, &fpu_fmt_d, 62, true, 64)
DEFINE_TO_INT(cvt_lu_d, &fpu_fmt_d, 62, false, 64)

/* ---- integer -> float ---- */

/* Signed 64-bit integer to single on the host (cvtsi2ss rounds by MXCSR). */
static inline uint64_t host_i64_to_s(int64_t v, unsigned rm, uint32_t *fflags)
{
    float zero = 0.0f, r;
    uint32_t s1;
    HOST_RUN(rm, fflags, FAST2("cvtsi2ssq", r, zero, "r", v, s0, s1),
             SLOW2("cvtsi2ssq", r, zero, "r", v, ctl, s1));
    return finish_s(f2u(r), s1, fflags);
}

/* Signed 64-bit integer to double on the host (cvtsi2sd rounds by MXCSR). */
static inline uint64_t host_i64_to_d(int64_t v, unsigned rm, uint32_t *fflags)
{
    double zero = 0.0, r;
    uint32_t s1;
    HOST_RUN(rm, fflags, FAST2("cvtsi2sdq", r, zero, "r", v, s0, s1),
             SLOW2("cvtsi2sdq", r, zero, "r", v, ctl, s1));
    return finish_d(d2u(r), s1, fflags);
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
    double d = u2d(a);
    float zero = 0.0f, r;
    uint32_t s1;
    HOST_RUN(rm, fflags, FAST2("cvtsd2ss", r, zero, "x", d, s0, s1),
             SLOW2("cvtsd2ss", r, zero, "x", d, ctl, s1));
    return finish_s(f2u(r), s1, fflags);
}

uint64_t fpu_cvt_d_s(uint64_t a, unsigned rm, uint32_t *fflags)
{
    float f = u2f(unbox(a));
    double zero = 0.0, r;
    uint32_t s1;
    HOST_RUN(FPU_RNE, fflags, FAST2("cvtss2sd", r, zero, "x", f, s0, s1),
             SLOW2("cvtss2sd", r, zero, "x", f, ctl, s1));
    return finish_d(d2u(r), s1, fflags);
}
