/*
 * fp.h — the test macros shared by the F and D tests (rv64f.S, rv64d.S); include after sys.h.
 *
 * The includer defines two cpp names first: FP_LOAD, the sys.h loader of its precision (LDF_S or
 * LDF_D), and FP_VALS, its list of interesting operand bit patterns. Every macro loads operands
 * into fa1..fa3 (or an integer into a1), clears fflags, runs the instruction into fa0 (or a0) and
 * prints the result raw (PUTF or PUTHEX) followed by fflags. An optional last argument rm is a
 * static rounding mode (rne, rtz, rdn, rup, rmm, dyn).
 */
#ifndef PLUME_TESTS_ISA_FP_H
#define PLUME_TESTS_ISA_FP_H

/* fa0 = op(fa1 = a, fa2 = b [, rm]); print fa0 and fflags. */
.macro FP2 op, a, b, rm
    FP_LOAD fa1, \a
    FP_LOAD fa2, \b
    csrwi fflags, 0
    .ifb \rm
    \op fa0, fa1, fa2
    .else
    \op fa0, fa1, fa2, \rm
    .endif
    PUTF fa0
    PUTFLAGS
.endm

/* a0 = op(fa1 = a, fa2 = b) for comparisons; print a0 and fflags. */
.macro FPC op, a, b
    FP_LOAD fa1, \a
    FP_LOAD fa2, \b
    csrwi fflags, 0
    \op a0, fa1, fa2
    PUTHEX a0
    PUTFLAGS
.endm

/* fa0 = op(fa1 = a [, rm]); print fa0 and fflags. */
.macro FP1 op, a, rm
    FP_LOAD fa1, \a
    csrwi fflags, 0
    .ifb \rm
    \op fa0, fa1
    .else
    \op fa0, fa1, \rm
    .endif
    PUTF fa0
    PUTFLAGS
.endm

/* a0 = op(fa1 = a [, rm]) for fp-to-int ops and fclass; print a0 and fflags. */
.macro FPX op, a, rm
    FP_LOAD fa1, \a
    csrwi fflags, 0
    .ifb \rm
    \op a0, fa1
    .else
    \op a0, fa1, \rm
    .endif
    PUTHEX a0
    PUTFLAGS
.endm

/* fa0 = op(a1 = a [, rm]) for int-to-fp ops; print fa0 and fflags. */
.macro FPI op, a, rm
    li a1, \a
    csrwi fflags, 0
    .ifb \rm
    \op fa0, a1
    .else
    \op fa0, a1, \rm
    .endif
    PUTF fa0
    PUTFLAGS
.endm

/* fa0 = op(fa1 = a, fa2 = b, fa3 = c [, rm]); print fa0 and fflags. */
.macro FP3 op, a, b, c, rm
    FP_LOAD fa1, \a
    FP_LOAD fa2, \b
    FP_LOAD fa3, \c
    csrwi fflags, 0
    .ifb \rm
    \op fa0, fa1, fa2, fa3
    .else
    \op fa0, fa1, fa2, fa3, \rm
    .endif
    PUTF fa0
    PUTFLAGS
.endm

/* For each op of ops: print its name, then `m op, a, b` (FP2 or FPC) over all FP_VALS pairs. */
.macro FP_PAIRS m, ops:vararg
    .irp op, \ops
    PUTS "\op\n"
    .irp a, FP_VALS
    .irp b, FP_VALS
    \m \op, \a, \b
    .endr
    .endr
    .endr
.endm

/* Run `m args, rm` for the five static rounding modes, then with dyn under frm = 0..4. */
.macro RM_ALL m, args:vararg
    .irp rm, rne, rtz, rdn, rup, rmm
    \m \args, \rm
    .endr
    .irp f, 0, 1, 2, 3, 4
    csrwi frm, \f
    \m \args, dyn
    .endr
    csrwi frm, 0
.endm

#endif
