/*
 * fpu_soft.h — private interface between fpu.c (host SSE fast paths) and fpu_soft.c (exact
 * software arithmetic for every rounding mode, used for RMM, for conversions and where the host
 * lacks an instruction).
 *
 * Values here are raw IEEE bits in the low 32 (single) or 64 (double) bits, never NaN-boxed;
 * boxing and unboxing are done by fpu.c. All functions are pure and thread-safe, and follow
 * the RISC-V rules: NaN results are canonical, sNaN inputs raise NV, tininess is detected
 * after rounding and UF needs an inexact tiny result.
 */
#ifndef PLUME_RISCV_FPU_SOFT_H
#define PLUME_RISCV_FPU_SOFT_H

#include <stdbool.h>
#include <stdint.h>

/* Binary interchange format parameters. */
struct fpu_fmt {
    int p;     /* precision in bits, hidden bit included */
    int ebits; /* exponent field width */
    int emax;  /* largest unbiased exponent; the bias equals emax */
    uint64_t canon_nan;
};

extern const struct fpu_fmt fpu_fmt_s;
extern const struct fpu_fmt fpu_fmt_d;

/* Sign bit of a raw value of format f. */
static inline uint64_t fpu_sign_bit(const struct fpu_fmt *f)
{
    return UINT64_C(1) << (f->p + f->ebits - 1);
}

/* True if raw value a of format f is a NaN (quiet or signalling). */
static inline bool fpu_is_nan(const struct fpu_fmt *f, uint64_t a)
{
    uint64_t inf = ((UINT64_C(1) << f->ebits) - 1) << (f->p - 1);
    return (a & (fpu_sign_bit(f) - 1)) > inf;
}

/* True if raw value a of format f is a signalling NaN. */
static inline bool fpu_is_snan(const struct fpu_fmt *f, uint64_t a)
{
    return fpu_is_nan(f, a) && !(a & (UINT64_C(1) << (f->p - 2)));
}

/* True if raw value a of format f is an infinity. */
static inline bool fpu_is_inf(const struct fpu_fmt *f, uint64_t a)
{
    uint64_t inf = ((UINT64_C(1) << f->ebits) - 1) << (f->p - 1);
    return (a & (fpu_sign_bit(f) - 1)) == inf;
}

/* True if raw value a of format f is ±0. */
static inline bool fpu_is_zero(const struct fpu_fmt *f, uint64_t a)
{
    return (a & (fpu_sign_bit(f) - 1)) == 0;
}

/* a + b (negate b's sign first for subtraction). */
uint64_t fpu_soft_add(const struct fpu_fmt *f, uint64_t a, uint64_t b, unsigned rm,
                      uint32_t *fflags);
/* a * b. */
uint64_t fpu_soft_mul(const struct fpu_fmt *f, uint64_t a, uint64_t b, unsigned rm,
                      uint32_t *fflags);
/* a / b. */
uint64_t fpu_soft_div(const struct fpu_fmt *f, uint64_t a, uint64_t b, unsigned rm,
                      uint32_t *fflags);
/* sqrt(a). */
uint64_t fpu_soft_sqrt(const struct fpu_fmt *f, uint64_t a, unsigned rm, uint32_t *fflags);
/* (neg_prod ? -(a*b) : a*b) + (neg_c ? -c : c) with one rounding. */
uint64_t fpu_soft_fma(const struct fpu_fmt *f, uint64_t a, uint64_t b, uint64_t c, bool neg_prod,
                      bool neg_c, unsigned rm, uint32_t *fflags);
/* NV for a fused multiply-add whose result is NaN (sNaN input, 0*inf, inf-inf). */
bool fpu_soft_fma_invalid(const struct fpu_fmt *f, uint64_t a, uint64_t b, uint64_t c,
                          bool neg_prod, bool neg_c);
/* Convert raw value a of format from into format to, rounding by rm. */
uint64_t fpu_soft_cvt(const struct fpu_fmt *to, const struct fpu_fmt *from, uint64_t a, unsigned rm,
                      uint32_t *fflags);
/* The integer (neg ? -mag : mag) rounded into format f. */
uint64_t fpu_soft_from_int(const struct fpu_fmt *f, bool neg, uint64_t mag, unsigned rm,
                           uint32_t *fflags);
/* Saturating conversion to a bits-wide (32/64) signed or unsigned integer, sign-extended. */
uint64_t fpu_soft_to_int(const struct fpu_fmt *f, uint64_t a, unsigned rm, bool is_signed, int bits,
                         uint32_t *fflags);

#endif
