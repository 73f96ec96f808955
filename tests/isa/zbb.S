/*
 * zbb.S — Zbb basic bit manipulation: andn, orn, xnor, max, maxu, min, minu, rol, ror, rolw,
 * rorw over V64 x V64; clz, clzw, ctz, ctzw, cpop, cpopw, sext.b, sext.h, zext.h, orc.b, rev8
 * over V64 and single-bit values; rori and roriw over their shift ranges. PUTHEX of each.
 */
#include "sys.h"

    START
    RR_V64 andn, orn, xnor, max, maxu, min, minu, rol, ror, rolw, rorw

    .irp op, clz, clzw, ctz, cpop, cpopw, sext.b, sext.h, zext.h, orc.b, rev8
    PUTS "\op\n"
    .irp a, V64, 0x80, 0x8000, 0x00ff00000000ff00, 0x100000000, 0x10000, 0x0000800000000000
    R1 \op, \a
    .endr
    .endr

    /* ctzw of a zero low word with a nonzero high word: see qemu72/ctzw.S (QEMU 7.2 is wrong). */
    PUTS "ctzw\n"
    .irp a, 0, 1, -1, 2, 0x7fffffffffffffff, 0xffffffff, 0x80000000, 0xffffffff7fffffff, \
        0x123456789abcdef0, 0xfedcba9876543210, 0x80, 0x8000, 0x00ff00000000ff00, 0x10000
    R1 ctzw, \a
    .endr

    PUTS "rori\n"
    .irp sh, 0, 1, 4, 31, 32, 33, 63
    RI rori, 0x8000000000000001, \sh
    RI rori, 0x123456789abcdef0, \sh
    .endr
    PUTS "roriw\n"
    .irp sh, 0, 1, 4, 16, 31
    RI roriw, 0x80000001, \sh
    RI roriw, 0xfedcba9812345678, \sh
    .endr
    EXIT 0
