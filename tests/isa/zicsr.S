/*
 * zicsr.S — Zicsr on the unprivileged CSRs: fflags, frm and fcsr read and written with csrrw,
 * csrrs, csrrc and their immediate forms (old value returned, reserved bits masked: fflags 5
 * bits, frm 3 bits, fcsr 8 bits, frm/fflags views of fcsr), csrr with rs1 = x0 not writing,
 * flags accrued by FP instructions; cycle, time and instret readable (printed only as "second
 * read >= first read"). PUTHEX of each result.
 */
#include "sys.h"

    START
    PUTS "initial\n"
    csrr a0, fflags
    PUTHEX a0
    csrr a0, frm
    PUTHEX a0
    csrr a0, fcsr
    PUTHEX a0

    PUTS "fflags\n"
    li a1, 0xff
    csrrw a0, fflags, a1
    PUTHEX a0
    csrr a0, fflags
    PUTHEX a0
    csrr a0, fcsr
    PUTHEX a0
    li a1, 0x5
    csrrc a0, fflags, a1
    PUTHEX a0
    csrr a0, fflags
    PUTHEX a0
    li a1, 0x21
    csrrs a0, fflags, a1
    PUTHEX a0
    csrr a0, fflags
    PUTHEX a0
    csrrwi a0, fflags, 0x10
    PUTHEX a0
    csrrsi a0, fflags, 3
    PUTHEX a0
    csrrci a0, fflags, 0x12
    PUTHEX a0
    csrr a0, fflags
    PUTHEX a0
    frflags a0
    PUTHEX a0
    fsflags a0, zero
    PUTHEX a0
    frflags a0
    PUTHEX a0

    PUTS "frm\n"
    .irp v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0xff
    li a1, \v
    csrw frm, a1
    csrr a0, frm
    PUTHEX a0
    csrr a0, fcsr
    PUTHEX a0
    .endr
    csrrwi a0, frm, 3
    PUTHEX a0
    csrrsi a0, frm, 4
    PUTHEX a0
    csrrci a0, frm, 1
    PUTHEX a0
    frrm a0
    PUTHEX a0
    fsrmi a0, 1
    PUTHEX a0
    frrm a0
    PUTHEX a0

    PUTS "fcsr\n"
    .irp v, 0, 0xff, 0x100, 0xfff, 0xffffffffffffffff, 0xa5
    li a1, \v
    csrrw a0, fcsr, a1
    PUTHEX a0
    csrr a0, fcsr
    PUTHEX a0
    csrr a0, frm
    PUTHEX a0
    csrr a0, fflags
    PUTHEX a0
    .endr
    csrrs a0, fcsr, zero
    PUTHEX a0
    csrrc a0, fcsr, zero
    PUTHEX a0
    frcsr a0
    PUTHEX a0
    li a1, 0x21
    fscsr a0, a1
    PUTHEX a0
    frcsr a0
    PUTHEX a0

    PUTS "accrue\n"
    csrw fcsr, zero
    li a1, 0x3ff0000000000000
    fmv.d.x fa1, a1
    fmv.d.x fa2, zero
    fdiv.d fa0, fa1, fa2
    csrr a0, fflags
    PUTHEX a0
    li a1, 0x4008000000000000
    fmv.d.x fa2, a1
    fdiv.d fa0, fa1, fa2
    csrr a0, fflags
    PUTHEX a0
    fadd.d fa0, fa1, fa1
    csrr a0, fflags
    PUTHEX a0
    csrr a0, fcsr
    PUTHEX a0

    PUTS "counters\n"
    rdcycle a1
    rdcycle a2
    sltu a0, a2, a1
    xori a0, a0, 1
    PUTHEX a0
    rdtime a1
    rdtime a2
    sltu a0, a2, a1
    xori a0, a0, 1
    PUTHEX a0
    rdinstret a1
    rdinstret a2
    sltu a0, a2, a1
    xori a0, a0, 1
    PUTHEX a0
    EXIT 0
