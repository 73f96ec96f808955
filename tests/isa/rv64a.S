/*
 * rv64a.S — the A extension: every AMO (swap, add, xor, and, or, min, max, minu, maxu) in .w and
 * .d over pairs of memory/operand values that cross the signed/unsigned boundaries (old value in
 * rd, sign-extended for .w, and the whole doubleword in memory afterwards, so a .w AMO that
 * touches the upper half shows); every aq/rl suffix; rd = x0 and rd = rs2; lr/sc success,
 * failure without a reservation, failure after a successful sc, failure on another address,
 * 32-bit sc width, and an lr/sc retry loop. PUTHEX of each result.
 */
#include "sys.h"

    .data
    .balign 4096
amo_mem:
    .skip 4096
other_page:
    .skip 64

/* mem = init (64 bits); a0 = op(a2 = val, mem); print a0 and mem. */
.macro AMO op, init, val
    lla s0, amo_mem
    li t0, \init
    sd t0, 0(s0)
    li a2, \val
    \op a0, a2, (s0)
    PUTHEX a0
    ld a0, 0(s0)
    PUTHEX a0
.endm

    START
    .irp op, amoswap.d, amoadd.d, amoxor.d, amoand.d, amoor.d, amomin.d, amomax.d, amominu.d, amomaxu.d
    PUTS "\op\n"
    .irp m, 0, 1, -1, 0x7fffffffffffffff, 0x8000000000000000, 0x123456789abcdef0
    .irp v, 0, 1, -1, 0x7fffffffffffffff, 0x8000000000000000, 0x123456789abcdef0
    AMO \op, \m, \v
    .endr
    .endr
    .endr

    .irp op, amoswap.w, amoadd.w, amoxor.w, amoand.w, amoor.w, amomin.w, amomax.w, amominu.w, amomaxu.w
    PUTS "\op\n"
    .irp m, 0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0xaaaaaaaa12345678
    .irp v, 0, 1, -1, 0x7fffffff, 0x80000000, 0x123456789abcdef0
    AMO \op, \m, \v
    .endr
    .endr
    .endr

    PUTS "aq/rl\n"
    .irp op, amoswap.w, amoadd.w, amoxor.w, amoand.w, amoor.w, amomin.w, amomax.w, amominu.w, amomaxu.w, amoswap.d, amoadd.d, amoxor.d, amoand.d, amoor.d, amomin.d, amomax.d, amominu.d, amomaxu.d
    .irp s, aq, rl, aqrl
    AMO \op\().\s, 0x8000000180000001, 0x7ffffffe7ffffffe
    .endr
    .endr

    PUTS "rd x0, rd rs2\n"
    lla s0, amo_mem
    li t0, 40
    sd t0, 0(s0)
    li a2, 2
    amoadd.d zero, a2, (s0)
    ld a0, 0(s0)
    PUTHEX a0
    li a2, 5
    amoswap.w a2, a2, (s0)
    PUTHEX a2
    ld a0, 0(s0)
    PUTHEX a0

    PUTS "lr/sc\n"
    lla s0, amo_mem
    li t0, 0x1122334455667788
    sd t0, 0(s0)
    li a2, 0x0102030405060708
    sc.d a1, a2, (s0)
    PUTHEX a1
    ld a0, 0(s0)
    PUTHEX a0
    lr.d a0, (s0)
    PUTHEX a0
    sc.d a1, a2, (s0)
    PUTHEX a1
    ld a0, 0(s0)
    PUTHEX a0
    li a2, 0x5555
    sc.d a1, a2, (s0)
    PUTHEX a1
    ld a0, 0(s0)
    PUTHEX a0

    li t0, 0xcafef00d80000000
    sd t0, 0(s0)
    lr.w a0, (s0)
    PUTHEX a0
    li a2, 0x1234567876543210
    sc.w a1, a2, (s0)
    PUTHEX a1
    ld a0, 0(s0)
    PUTHEX a0

    lla s1, other_page
    li t0, 77
    sd t0, 0(s1)
    lr.d a0, (s0)
    li a2, 88
    sc.d a1, a2, (s1)
    PUTHEX a1
    ld a0, 0(s1)
    PUTHEX a0

    lr.w.aq a0, (s0)
    li a2, 3
    sc.w.rl a1, a2, (s0)
    PUTHEX a1
    lr.d.aqrl a0, (s0)
    addi a2, a0, 4
    sc.d.aqrl a1, a2, (s0)
    PUTHEX a1
    ld a0, 0(s0)
    PUTHEX a0

    sd zero, 0(s0)
    li s2, 100
1:
    lr.d t0, (s0)
    addi t0, t0, 3
    sc.d t1, t0, (s0)
    bnez t1, 1b
    addi s2, s2, -1
    bnez s2, 1b
    ld a0, 0(s0)
    PUTHEX a0
    EXIT 0
