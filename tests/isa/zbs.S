/*
 * zbs.S — Zbs single-bit instructions: bclr, bext, binv, bset over operands and bit indexes
 * that test the 6-bit masking of rs2 (0, 1, 31, 32, 63, 64, -1); bclri, bexti, binvi, bseti over
 * immediates 0..63. PUTHEX of each result.
 */
#include "sys.h"

    START
    .irp op, bclr, bext, binv, bset
    PUTS "\op\n"
    .irp a, 0, -1, 0x8000000000000001, 0x123456789abcdef0
    .irp b, 0, 1, 4, 31, 32, 33, 63, 64, 95, -1
    RR \op, \a, \b
    .endr
    .endr
    .endr

    .irp op, bclri, bexti, binvi, bseti
    PUTS "\op\n"
    .irp a, 0, -1, 0x123456789abcdef0
    .irp sh, 0, 1, 4, 7, 15, 31, 32, 33, 47, 62, 63
    RI \op, \a, \sh
    .endr
    .endr
    .endr
    EXIT 0
