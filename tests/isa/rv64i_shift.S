/*
 * rv64i_shift.S — RV64I shifts: sll, srl, sra, sllw, srlw, sraw with shift amounts that test the
 * 6-bit (5-bit for W forms) masking of rs2; slli, srli, srai for amounts 0..63 and slliw, srliw,
 * sraiw for 0..31, on sign-bit and pattern operands. Prints every result with PUTHEX.
 */
#include "sys.h"

    START
    .irp op, sll, srl, sra, sllw, srlw, sraw
    PUTS "\op\n"
    .irp a, 0x8000000000000000, 0x123456789abcdef0, 0x80000001, -1, 1
    .irp b, 0, 1, 5, 31, 32, 33, 63, 64, 65, 95, -1, 0x7fffffffffffffe1
    RR \op, \a, \b
    .endr
    .endr
    .endr

    .irp op, slli, srli, srai
    PUTS "\op\n"
    .irp a, 0x8000000000000000, 0xf0e1d2c3b4a59687
    .irp sh, 0, 1, 2, 3, 4, 7, 8, 12, 15, 16, 17, 24, 30, 31, 32, 33, 40, 47, 48, 56, 62, 63
    RI \op, \a, \sh
    .endr
    .endr
    .endr

    .irp op, slliw, srliw, sraiw
    PUTS "\op\n"
    .irp a, 0x80000000, 0x7f6e5d4c3b2a1908, 0xffffffff00000001
    .irp sh, 0, 1, 2, 3, 7, 8, 15, 16, 17, 24, 30, 31
    RI \op, \a, \sh
    .endr
    .endr
    .endr
    EXIT 0
