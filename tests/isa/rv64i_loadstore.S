/*
 * rv64i_loadstore.S — every load and store width: lb, lbu, lh, lhu, lw, lwu, ld at every byte
 * offset 0..7 of a known pattern (so sign and zero extension and misaligned accesses, which
 * Linux performs transparently, are all covered), negative and positive offsets, loads into x0;
 * sb, sh, sw, sd at every offset 0..7 checked by reading the surrounding 24 bytes back; FP flw,
 * fld, fsw, fsd aligned and misaligned; accesses that cross a page boundary. PUTHEX of each.
 */
#include "sys.h"

    .data
    .balign 4096
    .skip 4096 - 16
page_end:
    .dword 0x8899aabbccddeeff, 0x0011223344556677
page_start:
    .dword 0xf0e1d2c3b4a59687, 0x7766554433221100
    .balign 8
pattern:
    .dword 0x8182838485868788, 0xf1f2f3f4f5f6f7f8, 0x7172737475767778
area:
    .skip 32

/* Clear the 32-byte area. */
.macro CLEAR_AREA
    lla s1, area
    sd zero, 0(s1)
    sd zero, 8(s1)
    sd zero, 16(s1)
    sd zero, 24(s1)
.endm

/* Print the first 24 bytes of the area. */
.macro DUMP_AREA
    ld a0, 0(s1)
    PUTHEX a0
    ld a0, 8(s1)
    PUTHEX a0
    ld a0, 16(s1)
    PUTHEX a0
.endm

    START
    lla s0, pattern
    .irp op, lb, lbu, lh, lhu, lw, lwu, ld
    PUTS "\op\n"
    .irp off, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 15
    \op a0, \off(s0)
    PUTHEX a0
    .endr
    addi s2, s0, 16
    \op a0, -9(s2)
    PUTHEX a0
    \op a0, -16(s2)
    PUTHEX a0
    addi s2, s0, -2040
    \op a0, 2047(s2)
    PUTHEX a0
    .endr

    PUTS "x0\n"
    lw zero, 0(s0)
    ld zero, 3(s0)
    PUTHEX zero

    PUTS "stores\n"
    li a1, 0xa1a2a3a4a5a6a7a8
    .irp op, sb, sh, sw, sd
    .irp off, 0, 1, 2, 3, 4, 5, 6, 7
    CLEAR_AREA
    \op a1, \off + 8(s1)
    DUMP_AREA
    .endr
    .endr
    CLEAR_AREA
    addi s2, s1, 32
    sd a1, -29(s2)
    sw a1, -17(s2)
    DUMP_AREA

    PUTS "page crossing\n"
    lla s2, page_start
    .irp off, -1, -3, -5, -7
    ld a0, \off(s2)
    PUTHEX a0
    lw a0, \off + 2(s2)
    PUTHEX a0
    lhu a0, \off + 6(s2)
    PUTHEX a0
    .endr
    li a1, 0x0102030405060708
    sd a1, -3(s2)
    ld a0, -8(s2)
    PUTHEX a0
    ld a0, 0(s2)
    PUTHEX a0

    PUTS "fp\n"
    .irp off, 0, 1, 2, 3, 4, 5, 6, 7
    flw fa0, \off(s0)
    PUTF fa0
    fld fa1, \off(s0)
    PUTF fa1
    .endr
    li a1, 0x3ff0000012345678
    fmv.d.x fa2, a1
    .irp off, 0, 1, 3, 4
    CLEAR_AREA
    fsw fa2, \off + 8(s1)
    DUMP_AREA
    CLEAR_AREA
    fsd fa2, \off + 8(s1)
    DUMP_AREA
    .endr
    EXIT 0
