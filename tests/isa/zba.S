/*
 * zba.S — Zba address generation: add.uw (and its zext.w alias), sh1add, sh2add, sh3add,
 * sh1add.uw, sh2add.uw, sh3add.uw over V64 x V64, and slli.uw for shift amounts 0..63.
 * PUTHEX of each result.
 */
#include "sys.h"

    START
    RR_V64 add.uw, sh1add, sh2add, sh3add, sh1add.uw, sh2add.uw, sh3add.uw

    PUTS "zext.w\n"
    .irp a, V64
    R1 zext.w, \a
    .endr

    PUTS "slli.uw\n"
    .irp a, 0xffffffff80000001, 0x123456789abcdef0
    .irp sh, 0, 1, 2, 3, 4, 8, 16, 31, 32, 33, 48, 62, 63
    RI slli.uw, \a, \sh
    .endr
    .endr
    EXIT 0
