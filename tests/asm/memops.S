/*
 * memops.S — known numbers of loads and stores of every size, then exit_group(checksum & 0xff).
 * Plugin oracle (the loop runs 10 times, no other memory access happens in the program):
 *   stores: 10 x sb, 10 x sh, 10 x sw, 10 x sd, 10 x fsw, 10 x fsd        = 60
 *   loads:  10 x lb, lbu, lh, lhu, lw, lwu, ld, flw, fld each (90)      = 90
 *   sizes:  1-byte 30, 2-byte 30, 4-byte 50, 8-byte 40 accesses
 * All accesses go to the 64-byte buffer `buf` in .bss (every access in it is naturally aligned).
 * Instructions: START 2 + setup 5 + 10 x 27 + tail 3 = 280.
 */
#include "sys.h"

    .bss
    .balign 64
buf:
    .skip 64

    START
    lla s0, buf
    li s1, 10
    li s2, 0
    li t0, 0x80
1:
    sb t0, 0(s0)
    sh t0, 2(s0)
    sw t0, 4(s0)
    sd t0, 8(s0)
    fmv.w.x ft0, t0
    fsw ft0, 16(s0)
    fmv.d.x ft1, t0
    fsd ft1, 24(s0)
    lb t1, 0(s0)
    lbu t2, 0(s0)
    lh t3, 2(s0)
    lhu t4, 2(s0)
    lw t5, 4(s0)
    lwu t6, 4(s0)
    ld a1, 8(s0)
    flw ft2, 16(s0)
    fld ft3, 24(s0)
    add s2, s2, t1
    add s2, s2, t2
    add s2, s2, t3
    add s2, s2, t4
    add s2, s2, t5
    add s2, s2, t6
    add s2, s2, a1
    addi t0, t0, 1
    addi s1, s1, -1
    bnez s1, 1b
    andi a0, s2, 0xff
    li a7, SYS_exit_group
    ecall
