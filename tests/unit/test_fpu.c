/* link: src/riscv/fpu.c src/riscv/fpu_soft.c */
/*
 * test_fpu.c — hand-written RISC-V F/D edge cases for src/riscv/fpu.h.
 *
 * Covers NaN boxing and canonicalisation, minimumNumber/maximumNumber, quiet vs signalling
 * comparisons, saturating conversions, RMM ties, tininess after rounding, fused multiply-add
 * invalid cases, and that MXCSR is left at its default. The bulk of the checking is the
 * differential test in tests/fpu/. Prints one line per failed check; exit status 0 = pass.
 */
#include <stdio.h>
#include <xmmintrin.h>

#include "../../src/riscv/fpu.h"

#define S(v) (UINT64_C(0xffffffff00000000) | (uint32_t)(v))
#define D_ONE UINT64_C(0x3ff0000000000000)
#define D_INF UINT64_C(0x7ff0000000000000)
#define D_SNAN UINT64_C(0x7ff0000000000001)
#define D_QNAN_PAYLOAD UINT64_C(0x7ff8000000012345)
#define S_ONE 0x3f800000u
#define S_SNAN 0x7f800001u
#define CN_S S(FPU_CANON_NAN_S)
#define CN_D FPU_CANON_NAN_D

static int failures;

static void check(const char *what, uint64_t got, uint32_t got_fl, uint64_t want, uint32_t want_fl,
                  int line)
{
    if (got != want || got_fl != want_fl) {
        printf("line %d: %s: got %016llx flags %02x, want %016llx flags %02x\n", line, what,
               (unsigned long long)got, got_fl, (unsigned long long)want, want_fl);
        failures++;
    }
}

/* Evaluate expr with a fresh fflags variable `fl` and compare result and flags. */
#define T(expr, want, want_fl)                                                                     \
    do {                                                                                           \
        uint32_t fl = 0;                                                                           \
        uint64_t got_ = (expr);                                                                    \
        (void)fl;                                                                                  \
        check(#expr, got_, fl, (want), (want_fl), __LINE__);                                       \
    } while (0)

static void test_nan(void)
{
    /* Improperly boxed single inputs read as the canonical NaN (quiet: no flag). */
    T(fpu_add_s(S_ONE, S(S_ONE), FPU_RNE, &fl), CN_S, 0);
    T(fpu_add_s(UINT64_C(0xfffffffe3f800000), S(S_ONE), FPU_RNE, &fl), CN_S, 0);
    /* Payloads are not propagated; sNaN raises NV. */
    T(fpu_add_d(D_QNAN_PAYLOAD, D_ONE, FPU_RNE, &fl), CN_D, 0);
    T(fpu_mul_d(D_SNAN, D_ONE, FPU_RTZ, &fl), CN_D, FPU_NV);
    T(fpu_sqrt_s(S(S_SNAN), FPU_RMM, &fl), CN_S, FPU_NV);
    T(fpu_sub_d(D_INF, D_INF, FPU_RNE, &fl), CN_D, FPU_NV);
    T(fpu_div_d(0, 0, FPU_RNE, &fl), CN_D, FPU_NV);
    T(fpu_sqrt_d(D_ONE | (UINT64_C(1) << 63), FPU_RNE, &fl), CN_D, FPU_NV);
    T(fpu_sqrt_d(UINT64_C(1) << 63, FPU_RNE, &fl), UINT64_C(1) << 63, 0);
    T(fpu_cvt_d_s(S(S_SNAN), FPU_RNE, &fl), CN_D, FPU_NV);
    T(fpu_cvt_s_d(D_QNAN_PAYLOAD, FPU_RNE, &fl), CN_S, 0);
    /* Sign injection is not arithmetic, but an unboxed operand is still the canonical NaN. */
    T(fpu_sgnj_s(S_ONE, S(0x80000000u)), S(0xffc00000u), 0);
    T(fpu_sgnjn_d(D_SNAN, D_ONE), D_SNAN | (UINT64_C(1) << 63), 0);
    T(fpu_sgnjx_s(S(0xbf800000u), S(0x80000000u)), S(S_ONE), 0);
    T(fpu_mv_x_w(UINT64_C(0x123456787fc00001)), 0x7fc00001, 0);
    T(fpu_mv_x_w(S(0x80000000u)), UINT64_C(0xffffffff80000000), 0);
    T(fpu_mv_w_x(UINT64_C(0x1234567800000001)), S(1), 0);
}

static void test_min_max_cmp(void)
{
    T(fpu_min_d(D_QNAN_PAYLOAD, D_ONE, &fl), D_ONE, 0);
    T(fpu_max_d(D_SNAN, D_ONE, &fl), D_ONE, FPU_NV);
    T(fpu_min_d(D_SNAN, D_QNAN_PAYLOAD, &fl), CN_D, FPU_NV);
    T(fpu_min_d(0, UINT64_C(1) << 63, &fl), UINT64_C(1) << 63, 0);
    T(fpu_max_d(UINT64_C(1) << 63, 0, &fl), 0, 0);
    T(fpu_min_s(S(0), S(0x80000000u), &fl), S(0x80000000u), 0);
    T(fpu_max_s(S_ONE, S(0x40000000u), &fl), S(0x40000000u), 0);
    T(fpu_min_s(S(0xc0000000u), S(0xbf800000u), &fl), S(0xc0000000u), 0);
    T(fpu_max_s(S(S_ONE), S(0x7fc00000u), &fl), S(S_ONE), 0);
    T(fpu_eq_d(D_QNAN_PAYLOAD, D_ONE, &fl), 0, 0);
    T(fpu_eq_d(D_SNAN, D_ONE, &fl), 0, FPU_NV);
    T(fpu_lt_d(D_QNAN_PAYLOAD, D_ONE, &fl), 0, FPU_NV);
    T(fpu_le_s(S(0x7fc00000u), S(S_ONE), &fl), 0, FPU_NV);
    T(fpu_eq_d(0, UINT64_C(1) << 63, &fl), 1, 0);
    T(fpu_lt_d(UINT64_C(1) << 63, 0, &fl), 0, 0);
    T(fpu_le_d(UINT64_C(1) << 63, 0, &fl), 1, 0);
    T(fpu_lt_s(S(0xc0000000u), S(0xbf800000u), &fl), 1, 0);
    T(fpu_lt_s(S(0xbf800000u), S(0xc0000000u), &fl), 0, 0);
    T(fpu_le_d(D_ONE, D_INF, &fl), 1, 0);
}

static void test_class(void)
{
    T(fpu_class_d(D_INF | (UINT64_C(1) << 63)), 1 << 0, 0);
    T(fpu_class_d(D_ONE | (UINT64_C(1) << 63)), 1 << 1, 0);
    T(fpu_class_d(UINT64_C(0x8000000000000001)), 1 << 2, 0);
    T(fpu_class_d(UINT64_C(1) << 63), 1 << 3, 0);
    T(fpu_class_d(0), 1 << 4, 0);
    T(fpu_class_d(1), 1 << 5, 0);
    T(fpu_class_d(D_ONE), 1 << 6, 0);
    T(fpu_class_d(D_INF), 1 << 7, 0);
    T(fpu_class_d(D_SNAN), 1 << 8, 0);
    T(fpu_class_d(CN_D), 1 << 9, 0);
    T(fpu_class_s(S_ONE), 1 << 9, 0);
    T(fpu_class_s(S(0x00000001u)), 1 << 5, 0);
    T(fpu_class_s(S(S_SNAN)), 1 << 8, 0);
}

static void test_to_int(void)
{
    const uint64_t neg = UINT64_C(1) << 63;
    T(fpu_cvt_w_d(CN_D, FPU_RNE, &fl), 0x7fffffff, FPU_NV);
    T(fpu_cvt_w_d(D_INF, FPU_RNE, &fl), 0x7fffffff, FPU_NV);
    T(fpu_cvt_w_d(D_INF | neg, FPU_RNE, &fl), UINT64_C(0xffffffff80000000), FPU_NV);
    T(fpu_cvt_w_d(UINT64_C(0xc1e0000000000000), FPU_RNE, &fl), UINT64_C(0xffffffff80000000), 0);
    T(fpu_cvt_w_d(UINT64_C(0xc1e0000000100000), FPU_RTZ, &fl), UINT64_C(0xffffffff80000000),
      FPU_NX);
    T(fpu_cvt_w_d(UINT64_C(0xc1e0000000100000), FPU_RDN, &fl), UINT64_C(0xffffffff80000000),
      FPU_NV);
    T(fpu_cvt_w_d(UINT64_C(0x41dfffffffe00000), FPU_RNE, &fl), 0x7fffffff, FPU_NV);
    T(fpu_cvt_w_d(UINT64_C(0x41dfffffffe00000), FPU_RTZ, &fl), 0x7fffffff, FPU_NX);
    T(fpu_cvt_w_s(S(0x3fc00000u), FPU_RNE, &fl), 2, FPU_NX);
    T(fpu_cvt_w_s(S(0x40200000u), FPU_RNE, &fl), 2, FPU_NX);
    T(fpu_cvt_w_s(S(0x40200000u), FPU_RMM, &fl), 3, FPU_NX);
    T(fpu_cvt_w_s(S(0xc0200000u), FPU_RMM, &fl), UINT64_C(0xfffffffffffffffd), FPU_NX);
    T(fpu_cvt_w_s(S(0xc0200000u), FPU_RUP, &fl), UINT64_C(0xfffffffffffffffe), FPU_NX);
    /* Unsigned: negative values that round to 0 are only inexact; 32-bit results sign-extend. */
    T(fpu_cvt_wu_d(UINT64_C(0xbfe0000000000000), FPU_RTZ, &fl), 0, FPU_NX);
    T(fpu_cvt_wu_d(UINT64_C(0xbfe0000000000000), FPU_RNE, &fl), 0, FPU_NX);
    T(fpu_cvt_wu_d(UINT64_C(0xbfe0000000000000), FPU_RDN, &fl), 0, FPU_NV);
    T(fpu_cvt_wu_d(D_ONE | neg, FPU_RTZ, &fl), 0, FPU_NV);
    T(fpu_cvt_wu_d(UINT64_C(1) << 63, FPU_RTZ, &fl), 0, 0);
    T(fpu_cvt_wu_d(UINT64_C(0x41efffffffe00000), FPU_RNE, &fl), ~UINT64_C(0), 0);
    T(fpu_cvt_wu_d(UINT64_C(0x41f0000000000000), FPU_RNE, &fl), ~UINT64_C(0), FPU_NV);
    T(fpu_cvt_wu_s(CN_S, FPU_RNE, &fl), ~UINT64_C(0), FPU_NV);
    T(fpu_cvt_l_d(UINT64_C(0x43e0000000000000), FPU_RNE, &fl), INT64_MAX, FPU_NV);
    T(fpu_cvt_l_d(UINT64_C(0xc3e0000000000000), FPU_RNE, &fl), UINT64_C(1) << 63, 0);
    T(fpu_cvt_l_s(S(0xff800000u), FPU_RNE, &fl), UINT64_C(1) << 63, FPU_NV);
    T(fpu_cvt_lu_d(UINT64_C(0x43f0000000000000), FPU_RNE, &fl), ~UINT64_C(0), FPU_NV);
    T(fpu_cvt_lu_d(UINT64_C(0x43efffffffffffff), FPU_RNE, &fl), UINT64_C(0xfffffffffffff800), 0);
    T(fpu_cvt_lu_s(CN_S, FPU_RNE, &fl), ~UINT64_C(0), FPU_NV);
}

static void test_from_int(void)
{
    T(fpu_cvt_s_w(UINT64_C(0xdeadbeef00000001), FPU_RNE, &fl), S(S_ONE), 0);
    T(fpu_cvt_s_wu(UINT64_C(0xffffffffffffffff), FPU_RNE, &fl), S(0x4f800000u), FPU_NX);
    T(fpu_cvt_s_wu(UINT64_C(0xffffffffffffffff), FPU_RTZ, &fl), S(0x4f7fffffu), FPU_NX);
    T(fpu_cvt_s_lu(~UINT64_C(0), FPU_RNE, &fl), S(0x5f800000u), FPU_NX);
    T(fpu_cvt_s_lu(~UINT64_C(0), FPU_RDN, &fl), S(0x5f7fffffu), FPU_NX);
    T(fpu_cvt_s_l(UINT64_C(0x1000001), FPU_RNE, &fl), S(0x4b800000u), FPU_NX);
    T(fpu_cvt_s_l(UINT64_C(0x1000001), FPU_RMM, &fl), S(0x4b800001u), FPU_NX);
    T(fpu_cvt_s_l(UINT64_C(0xfffffffffeffffff), FPU_RMM, &fl), S(0xcb800001u), FPU_NX);
    T(fpu_cvt_d_l(UINT64_C(0x20000000000001), FPU_RMM, &fl), UINT64_C(0x4340000000000001), FPU_NX);
    T(fpu_cvt_d_l(UINT64_C(0x20000000000001), FPU_RNE, &fl), UINT64_C(0x4340000000000000), FPU_NX);
    T(fpu_cvt_d_lu(UINT64_C(0x8000000000000401), FPU_RNE, &fl), UINT64_C(0x43e0000000000001),
      FPU_NX);
    T(fpu_cvt_d_lu(~UINT64_C(0), FPU_RTZ, &fl), UINT64_C(0x43efffffffffffff), FPU_NX);
    T(fpu_cvt_d_w(UINT64_C(0x1234567880000000), FPU_RNE, &fl), UINT64_C(0xc1e0000000000000), 0);
    T(fpu_cvt_d_wu(UINT64_C(0x1234567880000000), FPU_RNE, &fl), UINT64_C(0x41e0000000000000), 0);
}

static void test_rounding(void)
{
    const uint64_t half_ulp = UINT64_C(0x3ca0000000000000); /* 2^-53 */
    /* A tie: RNE keeps the even 1.0, RMM goes away from zero. */
    T(fpu_add_d(D_ONE, half_ulp, FPU_RNE, &fl), D_ONE, FPU_NX);
    T(fpu_add_d(D_ONE, half_ulp, FPU_RMM, &fl), D_ONE + 1, FPU_NX);
    T(fpu_add_d(D_ONE, half_ulp, FPU_RUP, &fl), D_ONE + 1, FPU_NX);
    T(fpu_add_d(D_ONE, half_ulp, FPU_RTZ, &fl), D_ONE, FPU_NX);
    T(fpu_sub_d(0, half_ulp, FPU_RDN, &fl), half_ulp | (UINT64_C(1) << 63), 0);
    /* x - x is +0, except -0 in RDN. */
    T(fpu_sub_d(D_ONE, D_ONE, FPU_RNE, &fl), 0, 0);
    T(fpu_sub_d(D_ONE, D_ONE, FPU_RDN, &fl), UINT64_C(1) << 63, 0);
    T(fpu_sub_s(S(S_ONE), S(S_ONE), FPU_RMM, &fl), S(0), 0);
    T(fpu_sub_s(S(S_ONE), S(S_ONE), FPU_RDN, &fl), S(0x80000000u), 0);
    /* Overflow: to infinity or to the largest finite number depending on the mode. */
    T(fpu_mul_d(UINT64_C(0x7fefffffffffffff), 0x4000000000000000, FPU_RNE, &fl), D_INF,
      FPU_OF | FPU_NX);
    T(fpu_mul_d(UINT64_C(0x7fefffffffffffff), 0x4000000000000000, FPU_RTZ, &fl),
      UINT64_C(0x7fefffffffffffff), FPU_OF | FPU_NX);
    T(fpu_mul_s(S(0xff7fffffu), S(0x40000000u), FPU_RUP, &fl), S(0xff7fffffu), FPU_OF | FPU_NX);
    T(fpu_mul_s(S(0xff7fffffu), S(0x40000000u), FPU_RMM, &fl), S(0xff800000u), FPU_OF | FPU_NX);
    T(fpu_div_s(S(S_ONE), S(0x80000000u), FPU_RNE, &fl), S(0xff800000u), FPU_DZ);
    /* Tininess after rounding: 2^-126 - 2^-150 is tiny (UF), 2^-126 - 2^-151 is not. */
    T(fpu_cvt_s_d(UINT64_C(0x380fffffe0000000), FPU_RNE, &fl), S(0x00800000u), FPU_UF | FPU_NX);
    T(fpu_cvt_s_d(UINT64_C(0x380fffffe0000000), FPU_RMM, &fl), S(0x00800000u), FPU_UF | FPU_NX);
    T(fpu_cvt_s_d(UINT64_C(0x380ffffff0000000), FPU_RNE, &fl), S(0x00800000u), FPU_NX);
    T(fpu_cvt_s_d(UINT64_C(0x380ffffff0000000), FPU_RMM, &fl), S(0x00800000u), FPU_NX);
    T(fpu_cvt_s_d(UINT64_C(0x380ffffff0000000), FPU_RTZ, &fl), S(0x007fffffu), FPU_UF | FPU_NX);
    /* Exact subnormal results raise nothing. */
    T(fpu_mul_d(UINT64_C(0x0010000000000000), UINT64_C(0x3fe0000000000000), FPU_RNE, &fl),
      UINT64_C(0x0008000000000000), 0);
    T(fpu_mul_d(1, UINT64_C(0x3fe0000000000000), FPU_RNE, &fl), 0, FPU_UF | FPU_NX);
    T(fpu_mul_d(1, UINT64_C(0x3fe0000000000000), FPU_RMM, &fl), 1, FPU_UF | FPU_NX);
    T(fpu_sqrt_d(UINT64_C(0x4000000000000000), FPU_RMM, &fl), UINT64_C(0x3ff6a09e667f3bcd), FPU_NX);
    T(fpu_sqrt_d(UINT64_C(0x4010000000000000), FPU_RMM, &fl), UINT64_C(0x4000000000000000), 0);
}

static void test_fma(void)
{
    T(fpu_madd_d(0, D_INF, D_QNAN_PAYLOAD, FPU_RNE, &fl), CN_D, FPU_NV);
    T(fpu_madd_s(S(0), S(0x7f800000u), S(0x7fc00000u), FPU_RMM, &fl), CN_S, FPU_NV);
    T(fpu_madd_d(D_ONE, D_ONE, D_QNAN_PAYLOAD, FPU_RNE, &fl), CN_D, 0);
    T(fpu_madd_d(D_INF, D_ONE, D_INF | (UINT64_C(1) << 63), FPU_RNE, &fl), CN_D, FPU_NV);
    T(fpu_msub_d(D_INF, D_ONE, D_INF, FPU_RNE, &fl), CN_D, FPU_NV);
    T(fpu_nmadd_d(D_INF, D_ONE, D_INF | (UINT64_C(1) << 63), FPU_RNE, &fl), CN_D, FPU_NV);
    T(fpu_nmsub_d(D_INF, D_ONE, D_INF, FPU_RNE, &fl), CN_D, FPU_NV);
    /* (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly: one rounding only. */
    T(fpu_msub_d(D_ONE + 1, UINT64_C(0x3fefffffffffffff) - 1, D_ONE, FPU_RNE, &fl),
      UINT64_C(0xb970000000000000), 0);
    T(fpu_madd_d(D_ONE + 1, UINT64_C(0x3fefffffffffffff) - 1, D_ONE | (UINT64_C(1) << 63), FPU_RMM,
                 &fl),
      UINT64_C(0xb970000000000000), 0);
    /* Zero sums: +0 + -0 is +0 except in RDN; -(0*1) - 0 is -0. */
    T(fpu_madd_d(0, D_ONE, UINT64_C(1) << 63, FPU_RNE, &fl), 0, 0);
    T(fpu_madd_d(0, D_ONE, UINT64_C(1) << 63, FPU_RDN, &fl), UINT64_C(1) << 63, 0);
    T(fpu_nmadd_d(0, D_ONE, 0, FPU_RNE, &fl), UINT64_C(1) << 63, 0);
    T(fpu_nmsub_s(S(S_ONE), S(S_ONE), S(S_ONE), FPU_RNE, &fl), S(0), 0);
}

static void test_mxcsr(void)
{
    uint32_t fl = 0;
    fpu_add_d(D_ONE, UINT64_C(0x3ca0000000000000), FPU_RUP, &fl);
    fpu_madd_s(S(S_ONE), S(S_ONE), S(S_ONE), FPU_RDN, &fl);
    fpu_cvt_d_l(UINT64_C(0x20000000000001), FPU_RTZ, &fl);
    fpu_sqrt_d(D_ONE, FPU_RMM, &fl);
    if ((_mm_getcsr() & ~0x3fu) != 0x1f80) {
        printf("MXCSR control not restored: %08x\n", _mm_getcsr());
        failures++;
    }
}

int main(void)
{
    test_nan();
    test_min_max_cmp();
    test_class();
    test_to_int();
    test_from_int();
    test_rounding();
    test_fma();
    test_mxcsr();
    return failures != 0;
}
