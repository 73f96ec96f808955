/*
 * fpu.h — exact RISC-V F and D arithmetic (unprivileged ISA, F/D chapters).
 *
 * Every function is pure: it reads its operands (raw register bits), computes the result
 * bit-exactly as the RISC-V specification requires and ORs the exceptions it raises into
 * *fflags (FPU_NV | FPU_DZ | FPU_OF | FPU_UF | FPU_NX, the fcsr[4:0] layout). Nothing else is
 * touched except the calling thread's host SSE control/status register (MXCSR), which is
 * restored to its default (round to nearest, all exceptions masked, no FTZ/DAZ) before return.
 *
 * Conventions:
 *  - Operands and results are the 64-bit contents of FP (f) or integer (x) registers.
 *  - Single-precision inputs must be NaN-boxed (upper 32 bits all ones); an improperly boxed
 *    input is read as the canonical NaN. Single-precision results are NaN-boxed.
 *  - `rm` is an already resolved rounding mode, FPU_RNE..FPU_RMM (0..4). The caller substitutes
 *    frm for the dynamic mode 7 and raises SIGILL for 5, 6 or an invalid frm; passing another
 *    value is a caller bug. Functions whose result is always exact still take `rm` so that all
 *    conversions share one shape.
 *  - Any NaN result of an arithmetic operation is the canonical NaN; signalling-NaN inputs raise
 *    NV. sgnj/mv/class are not arithmetic: no canonicalisation, no flags.
 *  - Comparisons return 0 or 1, fclass a 10-bit mask, integer conversions the value already
 *    sign-extended to 64 bits (32-bit results too, including fcvt.wu).
 *
 * Speed: pass the accrued register itself (&cpu->fflags) as fflags, not a fresh temporary:
 * in RNE the host-FPU fast path is taken when the flags it cannot tell apart are already set
 * there (see fpu.c). Results and flags are exact either way.
 *
 * Threading: any thread; no shared state.
 */
#ifndef PLUME_RISCV_FPU_H
#define PLUME_RISCV_FPU_H

#include <stdint.h>

/* Rounding modes (the rm / frm field encoding). */
enum {
    FPU_RNE = 0, /* to nearest, ties to even */
    FPU_RTZ = 1, /* towards zero */
    FPU_RDN = 2, /* down (towards -inf) */
    FPU_RUP = 3, /* up (towards +inf) */
    FPU_RMM = 4, /* to nearest, ties to max magnitude */
    FPU_DYN = 7, /* dynamic: use frm (resolved by the caller, never passed here) */
};

/* Accrued exception flags (fflags bits). */
enum {
    FPU_NX = 1,  /* inexact */
    FPU_UF = 2,  /* underflow */
    FPU_OF = 4,  /* overflow */
    FPU_DZ = 8,  /* divide by zero */
    FPU_NV = 16, /* invalid operation */
};

#define FPU_CANON_NAN_S 0x7fc00000u
#define FPU_CANON_NAN_D UINT64_C(0x7ff8000000000000)
#define FPU_BOX_S UINT64_C(0xffffffff00000000)

/* ---- single precision (inputs/results NaN-boxed) ---- */

/* a + b, a - b, a * b, a / b, sqrt(a), rounded by rm. */
uint64_t fpu_add_s(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_sub_s(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_mul_s(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_div_s(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_sqrt_s(uint64_t a, unsigned rm, uint32_t *fflags);
/* Fused, one rounding: madd a*b+c, msub a*b-c, nmsub -(a*b)+c, nmadd -(a*b)-c. */
uint64_t fpu_madd_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_msub_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_nmsub_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_nmadd_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
/* minimumNumber / maximumNumber (IEEE 754-2019); -0 < +0; NV only for sNaN. */
uint64_t fpu_min_s(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_max_s(uint64_t a, uint64_t b, uint32_t *fflags);
/* Comparisons (0/1): feq raises NV only for sNaN, flt/fle for any NaN. */
uint64_t fpu_eq_s(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_lt_s(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_le_s(uint64_t a, uint64_t b, uint32_t *fflags);
/* fclass.s: one-hot 10-bit class mask. */
uint64_t fpu_class_s(uint64_t a);
/* fsgnj.s / fsgnjn.s / fsgnjx.s: magnitude of a, sign from b (b's, ~b's, a^b). */
uint64_t fpu_sgnj_s(uint64_t a, uint64_t b);
uint64_t fpu_sgnjn_s(uint64_t a, uint64_t b);
uint64_t fpu_sgnjx_s(uint64_t a, uint64_t b);
/* Single -> integer (saturating): w, wu, l, lu; result sign-extended to 64 bits. */
uint64_t fpu_cvt_w_s(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_wu_s(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_l_s(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_lu_s(uint64_t a, unsigned rm, uint32_t *fflags);
/* Integer register -> single: w/wu read the low 32 bits of x, l/lu all 64. */
uint64_t fpu_cvt_s_w(uint64_t x, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_s_wu(uint64_t x, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_s_l(uint64_t x, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_s_lu(uint64_t x, unsigned rm, uint32_t *fflags);

/* ---- double precision ---- */

uint64_t fpu_add_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_sub_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_mul_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_div_d(uint64_t a, uint64_t b, unsigned rm, uint32_t *fflags);
uint64_t fpu_sqrt_d(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_madd_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_msub_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_nmsub_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_nmadd_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint32_t *fflags);
uint64_t fpu_min_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_max_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_eq_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_lt_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_le_d(uint64_t a, uint64_t b, uint32_t *fflags);
uint64_t fpu_class_d(uint64_t a);
uint64_t fpu_sgnj_d(uint64_t a, uint64_t b);
uint64_t fpu_sgnjn_d(uint64_t a, uint64_t b);
uint64_t fpu_sgnjx_d(uint64_t a, uint64_t b);
uint64_t fpu_cvt_w_d(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_wu_d(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_l_d(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_lu_d(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_d_w(uint64_t x, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_d_wu(uint64_t x, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_d_l(uint64_t x, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_d_lu(uint64_t x, unsigned rm, uint32_t *fflags);

/* ---- between formats ---- */

/* fcvt.s.d (rounds) and fcvt.d.s (exact; rm unused). */
uint64_t fpu_cvt_s_d(uint64_t a, unsigned rm, uint32_t *fflags);
uint64_t fpu_cvt_d_s(uint64_t a, unsigned rm, uint32_t *fflags);

/* ---- moves (raw bits, no flags) ---- */

/* NaN-box a 32-bit single. */
static inline uint64_t fpu_box_s(uint32_t v)
{
    return FPU_BOX_S | v;
}

/* fmv.x.w: low 32 bits of the f register, sign-extended (boxing is not checked). */
static inline uint64_t fpu_mv_x_w(uint64_t f)
{
    return (uint64_t)(int64_t)(int32_t)(uint32_t)f;
}

/* fmv.w.x: low 32 bits of the x register, NaN-boxed. */
static inline uint64_t fpu_mv_w_x(uint64_t x)
{
    return fpu_box_s((uint32_t)x);
}

/* fmv.x.d and fmv.d.x: the bits unchanged. */
static inline uint64_t fpu_mv_x_d(uint64_t f)
{
    return f;
}

static inline uint64_t fpu_mv_d_x(uint64_t x)
{
    return x;
}

/* flw result: a loaded 32-bit word NaN-boxed (same as fpu_box_s). */
static inline uint64_t fpu_load_s(uint32_t w)
{
    return fpu_box_s(w);
}

#endif
