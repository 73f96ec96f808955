/*
 * rv64d.S — the D extension, bit-exact: every arithmetic op over all pairs of 16 interesting
 * doubles (±0, ±1, 1.5, 3, 0.1, max, min normal, subnormals, ±inf, qNaN, sNaN, negative NaN with
 * payload) with fflags after each; fused multiply-adds over value triples (inf*0 + qNaN raises
 * NV); every rounding mode both static and through frm on ties, inexact quotients, overflow and
 * underflow; fsqrt; fmin/fmax with NaN and ±0; fclass of every class; saturating fcvt to int
 * (NaN, ±inf, out of range, fcvt.wu of negatives, 32-bit results sign-extended); int to double;
 * fcvt.s.d rounding/overflow/NaN and fcvt.d.s of sNaN and improperly boxed singles; feq/flt/fle
 * with quiet and signaling NaN flags; fld/fsd/fmv.x.d/fmv.d.x moving raw bits.
 * Each result is printed raw (PUTF) followed by fflags.
 */
#include "sys.h"

#define DVALS 0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000, \
    0x3ff8000000000000, 0x4008000000000000, 0x3fb999999999999a, 0x7fefffffffffffff, \
    0x0010000000000000, 0x0000000000000001, 0x800fffffffffffff, 0x7ff0000000000000, \
    0xfff0000000000000, 0x7ff8000000000000, 0x7ff0000000000001, 0xfff8000000012345

#define FP_LOAD LDF_D
#define FP_VALS DVALS
#include "fp.h"

    .data
    .balign 8
dmem:
    .dword 0x400921fb54442d18, 0xfff0000000000001
    .dword 0

    START
    FP_PAIRS FP2, fadd.d, fsub.d, fmul.d, fdiv.d, fmin.d, fmax.d, fsgnj.d, fsgnjn.d, fsgnjx.d

    FP_PAIRS FPC, feq.d, flt.d, fle.d

    PUTS "fsqrt.d\n"
    .irp a, DVALS, 0x4000000000000000, 0x4010000000000000, 0x3fd0000000000000
    FP1 fsqrt.d, \a
    .endr

    PUTS "fclass.d\n"
    .irp a, DVALS, 0x8000000000000001, 0xffefffffffffffff, 0xfff0000000000001
    FPX fclass.d, \a
    .endr

    .irp op, fmadd.d, fmsub.d, fnmsub.d, fnmadd.d
    PUTS "\op\n"
    .irp a, 0, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0x3ff0000000000001, 0x7ff0000000000000, 0x7ff8000000000000
    .irp b, 0, 0x3ff0000000000000, 0x3feffffffffffffe, 0xfff0000000000000, 0x7ff0000000000001
    .irp c, 0, 0x8000000000000000, 0xbff0000000000000, 0x7ff0000000000000, 0x7ff8000000000000
    FP3 \op, \a, \b, \c
    .endr
    .endr
    .endr
    .endr

    PUTS "rounding modes\n"
    RM_ALL FP2 fadd.d, 0x3ff0000000000000, 0x3ca0000000000000
    RM_ALL FP2 fadd.d, 0xbff0000000000000, 0xbca0000000000000
    RM_ALL FP2 fadd.d, 0x3ff0000000000000, 0x3ca8000000000000
    RM_ALL FP2 fadd.d, 0x3ff0000000000001, 0x3ca0000000000000
    RM_ALL FP2 fsub.d, 0x3ff0000000000000, 0x3ff0000000000000
    RM_ALL FP2 fdiv.d, 0x3ff0000000000000, 0x4008000000000000
    RM_ALL FP2 fdiv.d, 0xbff0000000000000, 0x4008000000000000
    RM_ALL FP2 fmul.d, 0x7fefffffffffffff, 0x4000000000000000
    RM_ALL FP2 fmul.d, 0xffefffffffffffff, 0x4000000000000000
    RM_ALL FP2 fmul.d, 0x0010000000000000, 0x3fb999999999999a
    RM_ALL FP2 fmul.d, 0x0010000000000000, 0x3fe0000000000000
    RM_ALL FP2 fmul.d, 0x0000000000000001, 0x3fe0000000000000
    RM_ALL FP1 fsqrt.d, 0x4000000000000000
    RM_ALL FP3 fmadd.d, 0x3ff0000000000001, 0x3feffffffffffffe, 0xbff0000000000000
    RM_ALL FP3 fmadd.d, 0xbff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000
    RM_ALL FP3 fnmadd.d, 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000
    .irp a, 0x3fe0000000000000, 0xbfe0000000000000, 0x3ff8000000000000, 0xbff8000000000000, 0x4004000000000000, 0xc004000000000000, 0x3fe8000000000000, 0x41dfffffffe00000
    RM_ALL FPX fcvt.w.d, \a
    RM_ALL FPX fcvt.wu.d, \a
    RM_ALL FPX fcvt.l.d, \a
    RM_ALL FPX fcvt.lu.d, \a
    .endr
    .irp a, 0x7fffffffffffffff, 0x20000000000001, 0x20000000000003, -0x20000000000001, -3
    RM_ALL FPI fcvt.d.l, \a
    RM_ALL FPI fcvt.d.lu, \a
    .endr

    PUTS "fcvt to int\n"
    .irp op, fcvt.w.d, fcvt.wu.d, fcvt.l.d, fcvt.lu.d
    .irp a, DVALS, 0x41e0000000000000, 0xc1e0000000000000, 0xc1e0000000200000, 0x41f0000000000000, 0x43e0000000000000, 0xc3e0000000000000, 0xc3e0000000000001, 0x43f0000000000000, 0x41e65a0bc0000000, 0x4202a05f20000000, 0xbfd0000000000000, 0x41dfffffffe00000
    FPX \op, \a, rtz
    .endr
    .endr

    PUTS "fcvt from int\n"
    .irp op, fcvt.d.w, fcvt.d.wu
    .irp a, 0, 1, -1, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000001, 0x8000000000000000
    FPI \op, \a
    .endr
    .endr
    .irp op, fcvt.d.l, fcvt.d.lu
    .irp a, 0, 1, -1, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0x20000000000001
    FPI \op, \a
    .endr
    .endr

    PUTS "fcvt.s.d\n"
    .irp a, DVALS, 0x3ff0000010000000, 0x3ff0000030000000, 0x47efffffffffffff, 0x47efffffe0000000, 0x3690000000000000, 0x36a0000000000000, 0xc7f0000000000000
    RM_ALL FP1 fcvt.s.d, \a
    .endr

    PUTS "fcvt.d.s\n"
    .irp a, 0, 0x80000000, 0x3f800000, 0x3dcccccd, 0x7f7fffff, 0x00000001, 0x807fffff, 0xff800000, 0x7fc00000, 0x7f800001, 0xffc12345
    LDF_S fa1, \a
    csrwi fflags, 0
    fcvt.d.s fa0, fa1
    PUTF fa0
    PUTFLAGS
    .endr
    .irp bad, 0x000000003f800000, 0x7ff0000000000001, 0x3ff0000000000000
    li a1, \bad
    fmv.d.x fa1, a1
    csrwi fflags, 0
    fcvt.d.s fa0, fa1
    PUTF fa0
    PUTFLAGS
    .endr

    PUTS "moves\n"
    lla s0, dmem
    fld fa0, 0(s0)
    PUTF fa0
    fld fa1, 8(s0)
    PUTF fa1
    fmv.x.d a0, fa1
    PUTHEX a0
    csrwi fflags, 0
    fsd fa1, 16(s0)
    ld a0, 16(s0)
    PUTHEX a0
    PUTFLAGS
    li a1, 0x7ff0000000000001
    fmv.d.x fa2, a1
    fmv.d fa3, fa2
    PUTF fa3
    fneg.d fa3, fa2
    PUTF fa3
    fabs.d fa3, fa3
    PUTF fa3
    PUTFLAGS
    EXIT 0
