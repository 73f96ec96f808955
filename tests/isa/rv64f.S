/*
 * rv64f.S — the F extension, bit-exact: every arithmetic op over all pairs of 16 interesting
 * values (±0, ±1, 1.5, 3, 0.1, max, min normal, subnormals, ±inf, qNaN, sNaN, negative NaN with
 * payload) with fflags after each; fused multiply-adds over value triples (inf*0 + qNaN raises
 * NV); every rounding mode both static and through frm on ties, inexact quotients, overflow
 * and underflow; fsqrt; fmin/fmax with NaN and ±0; fclass of every class; saturating fcvt to
 * int (NaN, ±inf, out of range, fcvt.wu of negatives) and int to float conversions; feq/flt/fle
 * with quiet and signaling NaN flags; NaN-boxing (flw/fmv.w.x results seen through fmv.x.d,
 * improperly boxed inputs read as the canonical NaN by arithmetic but not by fmv.x.w/fsw);
 * an invalid frm making dyn ops illegal is tested by rv64f_badfrm.S.
 * Each result is printed raw (PUTF, 64 bits, so the NaN-box shows) followed by fflags.
 */
#include "sys.h"

#define SVALS 0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x40400000, \
    0x3dcccccd, 0x7f7fffff, 0x00800000, 0x00000001, 0x807fffff, 0x7f800000, 0xff800000, \
    0x7fc00000, 0x7f800001, 0xffc12345

#define FP_LOAD LDF_S
#define FP_VALS SVALS
#include "fp.h"

    .data
    .balign 8
fmem:
    .word 0x3f800000, 0x40490fdb
    .dword 0

    START
    FP_PAIRS FP2, fadd.s, fsub.s, fmul.s, fdiv.s, fmin.s, fmax.s, fsgnj.s, fsgnjn.s, fsgnjx.s

    FP_PAIRS FPC, feq.s, flt.s, fle.s

    PUTS "fsqrt.s\n"
    .irp a, SVALS, 0x40000000, 0x40800000, 0x3e800000
    FP1 fsqrt.s, \a
    .endr

    PUTS "fclass.s\n"
    .irp a, SVALS, 0x807fffff, 0x80000001, 0xbf800000, 0xff7fffff, 0xff800001
    FPX fclass.s, \a
    .endr

    .irp op, fmadd.s, fmsub.s, fnmsub.s, fnmadd.s
    PUTS "\op\n"
    .irp a, 0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f800001, 0x7f800000, 0x7fc00000
    .irp b, 0x00000000, 0x3f800000, 0x3f7ffffe, 0xff800000, 0x7f800001
    .irp c, 0x00000000, 0x80000000, 0xbf800000, 0x7f800000, 0x7fc00000
    FP3 \op, \a, \b, \c
    .endr
    .endr
    .endr
    .endr

    PUTS "rounding modes\n"
    RM_ALL FP2 fadd.s, 0x3f800000, 0x33800000
    RM_ALL FP2 fadd.s, 0xbf800000, 0xb3800000
    RM_ALL FP2 fadd.s, 0x3f800000, 0x33c00000
    RM_ALL FP2 fadd.s, 0x3f800001, 0x33800000
    RM_ALL FP2 fsub.s, 0x3f800000, 0x3f800000
    RM_ALL FP2 fdiv.s, 0x3f800000, 0x40400000
    RM_ALL FP2 fdiv.s, 0xbf800000, 0x40400000
    RM_ALL FP2 fmul.s, 0x7f7fffff, 0x40000000
    RM_ALL FP2 fmul.s, 0xff7fffff, 0x40000000
    RM_ALL FP2 fmul.s, 0x00800000, 0x3dcccccd
    RM_ALL FP2 fmul.s, 0x00800000, 0x3f000000
    RM_ALL FP2 fmul.s, 0x00000001, 0x3f000000
    RM_ALL FP1 fsqrt.s, 0x40000000
    RM_ALL FP3 fmadd.s, 0x3f800001, 0x3f7ffffe, 0xbf800000
    RM_ALL FP3 fmadd.s, 0xbf800000, 0x3f800000, 0x3f800000
    RM_ALL FP3 fnmadd.s, 0x3f800000, 0x3f800000, 0xbf800000
    .irp a, 0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000, 0x40200000, 0xc0200000, 0x3f400000
    RM_ALL FPX fcvt.w.s, \a
    RM_ALL FPX fcvt.wu.s, \a
    RM_ALL FPX fcvt.l.s, \a
    RM_ALL FPX fcvt.lu.s, \a
    .endr
    .irp a, 0x7fffffff, 0x01000001, 0x01000003, -0x01000001, 0x7fffffffffffffff, -3
    RM_ALL FPI fcvt.s.w, \a
    RM_ALL FPI fcvt.s.wu, \a
    RM_ALL FPI fcvt.s.l, \a
    RM_ALL FPI fcvt.s.lu, \a
    .endr

    PUTS "fcvt to int\n"
    .irp op, fcvt.w.s, fcvt.wu.s, fcvt.l.s, fcvt.lu.s
    .irp a, SVALS, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000, 0x4f32d05e, 0x501502f9, 0xbe800000
    FPX \op, \a, rtz
    .endr
    .endr

    PUTS "fcvt from int\n"
    .irp op, fcvt.s.w, fcvt.s.wu, fcvt.s.l, fcvt.s.lu
    .irp a, 0, 1, -1, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000001, 0x7fffffffffffffff, 0x8000000000000000, 16777217
    FPI \op, \a
    .endr
    .endr

    PUTS "nan-boxing\n"
    lla s0, fmem
    flw fa0, 0(s0)
    PUTF fa0
    flw fa0, 4(s0)
    PUTF fa0
    li a1, 0x3f800000
    fmv.w.x fa0, a1
    PUTF fa0
    li a1, 0x12345678bf800000
    fmv.w.x fa0, a1
    PUTF fa0
    fmv.x.w a0, fa0
    PUTHEX a0
    .irp bad, 0x000000003f800000, 0xfffffffe3f800000, 0x7fffffff40000000
    PUTS "improperly boxed\n"
    li a1, \bad
    fmv.d.x fa1, a1
    LDF_S fa2, 0x3f800000
    csrwi fflags, 0
    fadd.s fa0, fa1, fa2
    PUTF fa0
    PUTFLAGS
    fmin.s fa0, fa1, fa2
    PUTF fa0
    fmax.s fa0, fa2, fa1
    PUTF fa0
    fsgnj.s fa0, fa1, fa2
    PUTF fa0
    fsgnjn.s fa0, fa2, fa1
    PUTF fa0
    fmv.s fa0, fa1
    PUTF fa0
    fclass.s a0, fa1
    PUTHEX a0
    feq.s a0, fa1, fa1
    PUTHEX a0
    PUTFLAGS
    flt.s a0, fa1, fa2
    PUTHEX a0
    PUTFLAGS
    csrwi fflags, 0
    fcvt.w.s a0, fa1, rtz
    PUTHEX a0
    PUTFLAGS
    fcvt.d.s fa0, fa1
    PUTF fa0
    fmadd.s fa0, fa2, fa2, fa1
    PUTF fa0
    fmv.x.w a0, fa1
    PUTHEX a0
    fsw fa1, 8(s0)
    ld a0, 8(s0)
    PUTHEX a0
    .endr
    EXIT 0
